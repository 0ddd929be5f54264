"""The tensorflow Adam fast path (Note [xla adam] in backends/tensorflow/optimizer.py)."""

import numpy as np
import pytest

from kbackend import backends

if backends.ENGINE != "tensorflow":
    pytest.skip("tensorflow fast-path tests run with KBACKEND=tensorflow",
                allow_module_level=True)

import tensorflow as tf  # noqa: E402

import kbackend as keras  # noqa: E402
from kbackend.backends.tensorflow import optimizer as tf_optimizer  # noqa: E402


def _train(monkeypatch, threshold, optimizer, epochs=2):
    monkeypatch.setattr(tf_optimizer, "FUSE_MIN_ELEMENTS", threshold)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((16,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(3),
    ])
    model.compile(optimizer=optimizer, metrics=["accuracy"],
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 16)).astype("float32")
    y = rng.integers(0, 3, size=64).astype("int32")
    history = model.fit(x, y, batch_size=16, epochs=epochs, verbose=0, shuffle=False)
    return model, history.history


@pytest.mark.parametrize("make", [
    lambda: keras.optimizers.Adam(1e-2),
    lambda: keras.optimizers.Adam(1e-2, amsgrad=True),
    lambda: keras.optimizers.AdamW(1e-2, weight_decay=0.1),
])
def test_fused_adam_matches_the_generic_rule(monkeypatch, make):
    fused, fused_logs = _train(monkeypatch, 0, make())
    generic, generic_logs = _train(monkeypatch, 1 << 62, make())
    np.testing.assert_allclose(fused_logs["loss"], generic_logs["loss"], rtol=1e-5)
    for a, b in zip(fused.get_weights(), generic.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    for a, b in zip(fused.optimizer.variables, generic.optimizer.variables):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-7)


def test_fused_adam_is_one_xla_call_in_the_step(monkeypatch):
    model, _ = _train(monkeypatch, 0, keras.optimizers.Adam(), epochs=1)
    graph = model.train_function.get_concrete_function(
        (tf.TensorSpec((16, 16), tf.float32), tf.TensorSpec((16,), tf.int32))).graph
    calls = [op for op in graph.get_operations()
             if op.type in ("StatefulPartitionedCall", "PartitionedCall")]
    assert len(calls) == 1
    assert calls[0].get_attr("_XlaMustCompile")


def test_small_models_and_eager_steps_keep_the_generic_rule(monkeypatch):
    model, _ = _train(monkeypatch, 1 << 62, keras.optimizers.Adam(), epochs=1)
    graph = model.train_function.get_concrete_function(
        (tf.TensorSpec((16, 16), tf.float32), tf.TensorSpec((16,), tf.int32))).graph
    assert not any(op.type.endswith("PartitionedCall") for op in graph.get_operations())
    w = keras.Variable(np.ones((512, 256), "float32"))
    monkeypatch.setattr(tf_optimizer, "FUSE_MIN_ELEMENTS", 0)
    assert not tf_optimizer.adam_update(keras.optimizers.Adam(), [], [w], 1e-3)


def test_fusion_is_chosen_by_element_count_alone():
    # Note [xla adam]: many small variables (the transformer benchmark's 19 / 162k) gain
    # under 1% of a step, not worth XLA's memory; 2**18 elements and more fuse.
    many_small = [keras.Variable(np.zeros((100, 85), "float32")) for _ in range(19)]
    one_large = [keras.Variable(np.zeros((512, 512), "float32"))]
    chosen = {}

    @tf.function(autograph=False)
    def probe():
        chosen["many_small"] = tf_optimizer._can_fuse(many_small)
        chosen["one_large"] = tf_optimizer._can_fuse(one_large)
        return tf.constant(0)

    probe()
    assert chosen == {"many_small": False, "one_large": True}
    assert not tf_optimizer._can_fuse(one_large)  # eager: never
