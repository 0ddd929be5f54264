"""Optional: files move between kbackend and a real Keras 3 (run in a subprocess).

Keras 3 writes ``.keras``, ``.weights.h5`` and legacy whole-model ``.h5`` files for a set of
models covering the layers whose weight ORDER and NAMES matter (Dense, Conv1D/2D,
BatchNormalization, Embedding, LSTM, GRU, MultiHeadAttention, LayerNormalization,
DepthwiseConv2D, SeparableConv2D, Conv2DTranspose, Bidirectional); kbackend loads them and
must predict the same. Then the reverse: kbackend writes, Keras 3 loads and predicts.
The optimizer state is checked by one more training step on each side.

Keras is never imported in this process (only in subprocesses), and every test skips when
Keras is not installed.
"""

import importlib.util
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import kbackend
from kbackend import backends

pytestmark = pytest.mark.skipif(importlib.util.find_spec("keras") is None,
                                reason="needs keras 3 installed (optional compat test)")

# The same source builds each model with Keras 3 (``keras``) and with kbackend (``keras``
# bound to kbackend): the public APIs match.
BUILDERS = textwrap.dedent('''
    import numpy as np

    def builders(keras, rng):
        layers = keras.layers

        def f32(*shape):
            return rng.random(shape, dtype=np.float32)

        def mlp():
            model = keras.Sequential([keras.Input((6,)), layers.Dense(8, activation="relu"),
                                      layers.Dense(3)], name="mlp")
            return model, f32(4, 6), f32(4, 3)

        def conv_bn():
            i = keras.Input((6, 6, 3))
            x = layers.Conv2D(4, 3, padding="same")(i)
            x = layers.BatchNormalization()(x)
            x = layers.Activation("relu")(x)
            x = layers.Flatten()(x)
            return keras.Model(i, layers.Dense(2)(x)), f32(4, 6, 6, 3), f32(4, 2)

        def lstm_embedding():
            i = keras.Input((5,), dtype="int32")
            x = layers.Embedding(12, 4)(i)
            x = layers.LSTM(3)(x)
            ids = rng.integers(0, 12, (4, 5)).astype("int32")
            return keras.Model(i, layers.Dense(2)(x)), ids, f32(4, 2)

        def gru():
            i = keras.Input((5, 3))
            x = layers.GRU(4, return_sequences=True)(i)
            return keras.Model(i, layers.GRU(3)(x)), f32(4, 5, 3), f32(4, 3)

        def attention():
            i = keras.Input((4, 6))
            x = layers.MultiHeadAttention(2, 3)(i, i)
            x = layers.LayerNormalization()(x)
            return keras.Model(i, layers.Dense(2)(x)), f32(4, 4, 6), f32(4, 4, 2)

        def convs():
            i = keras.Input((6, 6, 3))
            x = layers.DepthwiseConv2D(3, padding="same")(i)
            x = layers.SeparableConv2D(4, 3)(x)
            x = layers.Conv2DTranspose(2, 3, strides=2)(x)
            return keras.Model(i, layers.Conv1D(2, 2)(layers.Reshape((81, 2))(x))), \\
                f32(2, 6, 6, 3), f32(2, 80, 2)

        def bidirectional():
            i = keras.Input((5, 3))
            x = layers.Bidirectional(layers.LSTM(3))(i)
            return keras.Model(i, x), f32(4, 5, 3), f32(4, 6)

        return dict(mlp=mlp, conv_bn=conv_bn, lstm_embedding=lstm_embedding, gru=gru,
                    attention=attention, convs=convs, bidirectional=bidirectional)


    def write_all(keras, out, seed_fn):
        import os
        seed_fn(0)
        rng = np.random.default_rng(0)
        for name, build in builders(keras, rng).items():
            model, x, y = build()
            model.compile(optimizer="adam", loss="mse", metrics=["mae"])
            model.train_on_batch(x, y)
            base = os.path.join(out, name)
            np.save(base + ".x.npy", x)
            np.save(base + ".y.npy", y)
            model.save(base + ".keras")
            model.save_weights(base + ".weights.h5")
            model.save(base + ".h5")
            np.save(base + ".pred.npy", model.predict(x, verbose=0))
            model.train_on_batch(x, y)
            np.save(base + ".pred2.npy", model.predict(x, verbose=0))
''')
NAMES = ["mlp", "conv_bn", "lstm_embedding", "gru", "attention", "convs", "bidirectional"]

_KERAS_WRITE = BUILDERS + textwrap.dedent('''
    import sys
    import keras
    write_all(keras, sys.argv[1], keras.utils.set_random_seed)
''')

_KERAS_READ = textwrap.dedent('''
    import os, sys
    import numpy as np
    import keras
    out = sys.argv[1]
    for name in sys.argv[2].split(","):
        base = os.path.join(out, name)
        x, y = np.load(base + ".x.npy"), np.load(base + ".y.npy")
        model = keras.models.load_model(base + ".keras")
        np.save(base + ".keras_pred.npy", model.predict(x, verbose=0))
        model.train_on_batch(x, y)
        np.save(base + ".keras_pred2.npy", model.predict(x, verbose=0))
        clone = keras.models.load_model(base + ".keras", compile=False)
        for v in clone.weights:
            v.assign(np.zeros(v.shape, v.dtype))
        clone.load_weights(base + ".weights.h5")
        np.save(base + ".keras_weights_pred.npy", clone.predict(x, verbose=0))
        # NOTE: Keras 3.15 cannot compile from a legacy .h5 training_config, not even its
        # own ("Could not deserialize 'keras.metrics.mse'"), so only the model is read.
        legacy = keras.models.load_model(base + ".h5", compile=False)
        np.save(base + ".keras_h5_pred.npy", legacy.predict(x, verbose=0))
''')

# NOTE: one more Adam step after loading. Adam divides gradients by the root of tiny second
# moments, so float32 rounding differences in a gradient near zero become differences of up
# to one learning rate in a weight: BatchNormalization's training-mode statistics (a
# different, equally valid formula) and the Embedding+LSTM model's near-zero embedding
# gradients get a looser tolerance for that step.
_STEP_ATOL = {"conv_bn": 1e-3, "lstm_embedding": 1e-3}


def _keras_backend():
    engine = backends.ENGINE
    candidates = [engine] if engine in ("jax", "torch", "tensorflow") else []
    candidates += ["jax", "tensorflow", "torch"]
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return name
    pytest.skip("no engine Keras 3 can train with is installed")


def _run_keras(source, *args):
    env = dict(os.environ, KERAS_BACKEND=_keras_backend(), TF_CPP_MIN_LOG_LEVEL="3")
    env.pop("PYTHONPATH", None)
    result = subprocess.run([sys.executable, "-c", source, *map(str, args)], env=env,
                            capture_output=True, timeout=1200, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-3000:]


@pytest.fixture(scope="module")
def keras_files(tmp_path_factory):
    # NOTE: writing the Keras files takes minutes on a busy machine; a folder written
    # earlier by this module's _KERAS_WRITE can be reused through this variable.
    reuse = os.environ.get("KBACKEND_KERAS3_FILES")
    if reuse:
        from pathlib import Path

        return Path(reuse)
    out = tmp_path_factory.mktemp("keras3_files")
    _run_keras(_KERAS_WRITE, out)
    return out


@pytest.fixture(scope="module")
def kbackend_files(tmp_path_factory):
    if not backends.CAN_TRAIN:
        pytest.skip(f"the {backends.ENGINE} engine cannot train")
    out = tmp_path_factory.mktemp("kbackend_files")
    namespace = {}
    exec(compile(BUILDERS, "builders", "exec"), namespace)  # noqa: S102 - our own source
    namespace["write_all"](kbackend, str(out), kbackend.utils.set_random_seed)
    _run_keras(_KERAS_READ, out, ",".join(NAMES))
    return out


def _load(base, suffix):
    return np.load(f"{base}.{suffix}.npy")


@pytest.mark.parametrize("name", NAMES)
def test_kbackend_loads_keras_files(keras_files, name):
    base = keras_files / name
    x, y, expected = _load(base, "x"), _load(base, "y"), _load(base, "pred")
    model = kbackend.saving.load_model(f"{base}.keras")
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, atol=1e-5, rtol=1e-5)
    # The compile config came along: optimizer, loss, metrics.
    assert type(model.optimizer).__name__ == "Adam"
    config = model.get_compile_config()
    config = config.get("config", config)
    assert config["loss"] == "mse" and config["metrics"] == ["mae"]
    assert int(kbackend.ops.convert_to_numpy(model.optimizer.iterations)) == 1
    if backends.CAN_TRAIN:  # one more step continues from the restored Adam state
        model.train_on_batch(x, y)
        np.testing.assert_allclose(model.predict(x, verbose=0), _load(base, "pred2"),
                                   atol=_STEP_ATOL.get(name, 1e-5), rtol=1e-5)
    clone = kbackend.saving.load_model(f"{base}.keras", compile=False)
    for variable in clone.weights:
        variable.assign(np.zeros(tuple(variable.shape), variable.dtype))
    clone.load_weights(f"{base}.weights.h5")
    np.testing.assert_allclose(clone.predict(x, verbose=0), expected, atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("name", NAMES)
def test_kbackend_loads_keras_legacy_h5(keras_files, name):
    base = keras_files / name
    model = kbackend.saving.load_model(f"{base}.h5")
    np.testing.assert_allclose(model.predict(_load(base, "x"), verbose=0), _load(base, "pred"),
                               atol=1e-5, rtol=1e-5)
    assert type(model.optimizer).__name__ == "Adam"
    assert int(kbackend.ops.convert_to_numpy(model.optimizer.iterations)) == 1


@pytest.mark.parametrize("name", NAMES)
def test_keras_loads_kbackend_files(kbackend_files, name):
    base = kbackend_files / name
    expected = _load(base, "pred")
    for suffix in ("keras_pred", "keras_weights_pred", "keras_h5_pred"):
        np.testing.assert_allclose(_load(base, suffix), expected, atol=1e-5, rtol=1e-5,
                                   err_msg=suffix)
    np.testing.assert_allclose(_load(base, "keras_pred2"), _load(base, "pred2"),
                               atol=_STEP_ATOL.get(name, 1e-5), rtol=1e-5)
