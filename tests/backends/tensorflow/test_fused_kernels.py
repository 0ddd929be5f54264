"""tensorflow graph rewrites for CNN steps: Note [bias add] (backends/tensorflow/numpy.py)
and Note [xla max pool gradient] (backends/tensorflow/nn.py)."""

import numpy as np
import pytest

from kbackend import backends

if backends.ENGINE != "tensorflow":
    pytest.skip("tensorflow fast-path tests run with KBACKEND=tensorflow",
                allow_module_level=True)

import tensorflow as tf  # noqa: E402

import kbackend as keras  # noqa: E402
from kbackend import ops  # noqa: E402
from kbackend.backends.tensorflow import nn as tf_nn  # noqa: E402


def _pool_gradients(x, upstream, pool_size):
    """(kbackend's max_pool gradient, tf's MaxPoolGrad) for ``x``, traced."""

    @tf.function(autograph=False)
    def kbackend_gradient(x, upstream):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = ops.max_pool(x, pool_size, pool_size, padding="valid",
                             data_format="channels_last")
        return tape.gradient(y, x, output_gradients=upstream)

    @tf.function(autograph=False)
    def reference(x, upstream):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.nn.max_pool(x, pool_size, pool_size, "VALID")
        return tape.gradient(y, x, output_gradients=upstream)

    return kbackend_gradient, reference


@pytest.mark.parametrize("shape, pool_size", [
    ((3, 8, 6, 4), (2, 2)),
    ((2, 7, 9, 5), (2, 3)),  # rows and columns left over
    ((2, 6, 6, 3), (3, 1)),
])
def test_max_pool_gradient_is_maxpoolgrad_exactly(monkeypatch, shape, pool_size):
    monkeypatch.setattr(tf_nn, "_POOL_FUSE_MIN_ELEMENTS", 0)
    rng = np.random.default_rng(0)
    # Few distinct values: many ties, as after a relu; plus signed zeros and NaNs.
    x = rng.integers(0, 3, shape).astype("float32")
    x[rng.random(shape) < 0.15] = -0.0
    x[rng.random(shape) < 0.05] = np.nan
    out_shape = (shape[0], shape[1] // pool_size[0], shape[2] // pool_size[1], shape[3])
    upstream = rng.random(out_shape, dtype="float32") + 1.0
    kbackend_gradient, reference = _pool_gradients(x, upstream, pool_size)
    got = kbackend_gradient(tf.constant(x), tf.constant(upstream)).numpy()
    expected = reference(tf.constant(x), tf.constant(upstream)).numpy()
    np.testing.assert_array_equal(got, expected)
    graph = kbackend_gradient.get_concrete_function(
        tf.TensorSpec(shape, tf.float32), tf.TensorSpec(out_shape, tf.float32)).graph
    assert "MaxPoolGrad" not in {op.type for op in graph.get_operations()}


def test_max_pool_gradient_with_an_unknown_batch(monkeypatch):
    monkeypatch.setattr(tf_nn, "_POOL_FUSE_MIN_ELEMENTS", 0)
    rng = np.random.default_rng(1)
    x = rng.integers(0, 4, (5, 4, 4, 2)).astype("float32")
    upstream = rng.random((5, 2, 2, 2), dtype="float32")
    kbackend_gradient, reference = _pool_gradients(x, upstream, (2, 2))
    concrete = kbackend_gradient.get_concrete_function(
        tf.TensorSpec((None, 4, 4, 2), tf.float32), tf.TensorSpec((None, 2, 2, 2), tf.float32))
    np.testing.assert_array_equal(concrete(tf.constant(x), tf.constant(upstream)).numpy(),
                                  reference(tf.constant(x), tf.constant(upstream)).numpy())


def test_bias_add_is_traced_as_biasadd():
    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(size=(4, 5, 3)).astype("float32"))
    b = tf.constant(rng.normal(size=(3,)).astype("float32"))

    @tf.function(autograph=False)
    def add(x, b):
        return ops.add(x, b)

    np.testing.assert_array_equal(add(x, b).numpy(), x.numpy() + b.numpy())
    np.testing.assert_array_equal(ops.add(x, b).numpy(), x.numpy() + b.numpy())
    types = {op.type for op in add.get_concrete_function(x, b).graph.get_operations()}
    assert "BiasAdd" in types and "AddV2" not in types
    # Broadcasting the other way, and integers, stay AddV2.
    row = tf.constant(rng.normal(size=(5, 1)).astype("float32"))
    types = {op.type for op in add.get_concrete_function(x, row).graph.get_operations()}
    assert "BiasAdd" not in types
    integers = tf.constant([[1, 2]]), tf.constant([3, 4])
    types = {op.type for op in add.get_concrete_function(*integers).graph.get_operations()}
    assert "BiasAdd" not in types


def _train_cnn(monkeypatch, threshold):
    monkeypatch.setattr(tf_nn, "_POOL_FUSE_MIN_ELEMENTS", threshold)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((10, 10, 2)),
        keras.layers.Conv2D(4, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(3),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-2),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 10, 10, 2)).astype("float32")
    y = rng.integers(0, 3, size=32).astype("int32")
    history = model.fit(x, y, batch_size=8, epochs=2, verbose=0, shuffle=False)
    return model, history.history["loss"]


def test_cnn_training_matches_the_generic_pool_gradient(monkeypatch):
    fused, fused_loss = _train_cnn(monkeypatch, 0)
    generic, generic_loss = _train_cnn(monkeypatch, 1 << 62)
    np.testing.assert_array_equal(fused_loss, generic_loss)
    for a, b in zip(fused.get_weights(), generic.get_weights()):
        np.testing.assert_array_equal(a, b)
