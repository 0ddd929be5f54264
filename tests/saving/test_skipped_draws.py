"""load_model skips the initializers' random draws (Note [skipped initializer draws] in
kbackend/backends/common/variables.py) without changing any value: each test loads once
with the skip and once without it (the scope replaced by a no-op) and compares."""

import contextlib

import numpy as np
import pytest

import kbackend
from kbackend import initializers, layers, ops
from kbackend.saving import saving_lib


def _load(path, skip, monkeypatch, **kwargs):
    """Loads after the same global seed; without the skip when ``skip`` is False."""
    with monkeypatch.context() as patch:
        if not skip:
            patch.setattr(saving_lib, "SkipInitializerDraws", contextlib.nullcontext)
        kbackend.utils.set_random_seed(7)
        return kbackend.saving.load_model(path, **kwargs)


def _model():
    kbackend.utils.set_random_seed(1)
    inputs = layers.Input((6,))
    x = layers.Dense(8, name="d1")(inputs)
    x = layers.Dropout(0.5, name="drop")(x)
    seeded = initializers.RandomNormal(seed=kbackend.random.SeedGenerator(5))
    return kbackend.Model(inputs, layers.Dense(3, kernel_initializer=seeded, name="d2")(x))


def _numpy(x):
    return ops.convert_to_numpy(x)


def test_predictions_and_later_draws_match(tmp_path, monkeypatch):
    path = tmp_path / "m.keras"
    _model().save(path)
    x = np.random.default_rng(0).random((4, 6), dtype=np.float32)
    results = []
    for skip in (True, False):
        model = _load(path, skip, monkeypatch, compile=False)
        results.append({
            "weights": [w.numpy() for w in model.weights],
            "predict": _numpy(model(x)),
            # Dropout's SeedGenerator and the global seed state must be where they would
            # be without the skip.
            "dropout": _numpy(model(x, training=True)),
            "global": _numpy(kbackend.random.uniform((5,))),
            "global_state": _numpy(
                kbackend.random.seed_generator.global_seed_generator().state.value),
        })
    with_skip, without = results
    for key in ("predict", "dropout", "global", "global_state"):
        np.testing.assert_array_equal(with_skip[key], without[key], err_msg=key)
    for a, b in zip(with_skip["weights"], without["weights"]):
        np.testing.assert_array_equal(a, b)


@kbackend.saving.register_keras_serializable(package="test_skipped_draws")
class HalfSaved(layers.Layer):
    """Saves only its first variable; the second is never in the file."""

    def build(self, input_shape):
        self.saved = self.add_weight(shape=(input_shape[-1], 2), initializer="glorot_uniform",
                                     name="saved")
        self.unsaved = self.add_weight(
            shape=(3, 4), name="unsaved",
            initializer=initializers.RandomUniform(seed=kbackend.random.SeedGenerator(3)))

    def call(self, inputs):
        return ops.matmul(inputs, self.saved)

    def save_own_variables(self, store):
        store["0"] = self.saved.numpy()

    def load_own_variables(self, store):
        self.saved.assign(store["0"])


def test_variable_not_in_file_keeps_its_initial_value(tmp_path, monkeypatch):
    inputs = layers.Input((5,))
    model = kbackend.Model(inputs, HalfSaved(name="half")(inputs))
    model.get_layer("half").saved.assign(np.full((5, 2), 0.5, np.float32))
    path = tmp_path / "m.keras"
    model.save(path)
    values = []
    for skip in (True, False):
        layer = _load(path, skip, monkeypatch, compile=False).get_layer("half")
        np.testing.assert_array_equal(layer.saved.numpy(), np.full((5, 2), 0.5, np.float32))
        values.append(layer.unsaved.numpy())
    np.testing.assert_array_equal(values[0], values[1])
    # The initial value of a fresh RandomUniform(SeedGenerator(3)): its first draw.
    expected = initializers.RandomUniform(seed=kbackend.random.SeedGenerator(3))((3, 4))
    np.testing.assert_array_equal(values[0], _numpy(expected))


@pytest.mark.requires_trainable_backend
def test_compiled_model_with_optimizer_state(tmp_path, monkeypatch):
    model = _model()
    model.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(1)
    x, y = rng.random((8, 6), dtype=np.float32), rng.random((8, 3), dtype=np.float32)
    model.fit(x, y, epochs=1, batch_size=4, verbose=0)
    path = tmp_path / "m.keras"
    model.save(path)
    results = []
    for skip in (True, False):
        loaded = _load(path, skip, monkeypatch)
        results.append(([v.numpy() for v in loaded.optimizer.variables],
                        _numpy(loaded.predict(x, verbose=0)),
                        loaded.train_on_batch(x, y)))
    for a, b in zip(results[0][0], results[1][0]):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(results[0][1], results[1][1])
    np.testing.assert_allclose(results[0][2], results[1][2], rtol=0, atol=0)


def test_lora_factors(tmp_path, monkeypatch):
    inputs = layers.Input((4,))
    dense = layers.Dense(3, name="d")
    model = kbackend.Model(inputs, dense(inputs))
    dense.enable_lora(2)
    path = tmp_path / "m.keras"
    model.save(path)
    x = np.ones((2, 4), np.float32)
    loaded = [_load(path, skip, monkeypatch, compile=False) for skip in (True, False)]
    np.testing.assert_array_equal(_numpy(loaded[0](x)), _numpy(loaded[1](x)))
    for a, b in zip(loaded[0].weights, loaded[1].weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_variables_created_after_loading_are_unaffected(tmp_path, monkeypatch):
    path = tmp_path / "m.keras"
    _model().save(path)
    values = []
    for skip in (True, False):
        _load(path, skip, monkeypatch, compile=False)
        later = layers.Dense(4)
        later.build((None, 3))
        values.append(later.kernel.numpy())
    np.testing.assert_array_equal(values[0], values[1])


def test_load_draws_nothing_for_saved_variables(tmp_path, monkeypatch):
    inputs = layers.Input((6,))
    model = kbackend.Model(inputs, layers.Dense(3)(layers.Dense(8)(inputs)))
    path = tmp_path / "m.keras"
    model.save(path)
    calls = []
    backend_random = kbackend.backends.random
    for name in ("uniform", "normal", "truncated_normal"):
        original = getattr(backend_random, name)
        monkeypatch.setattr(backend_random, name,
                            lambda *a, _f=original, **k: calls.append(a) or _f(*a, **k))
    kbackend.saving.load_model(path, compile=False)
    assert calls == []
