"""SpectralNormalization: power iteration against NumPy, training vs inference, weights,
config and errors."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.testing import run_layer_test


def _np(x):
    return ops.convert_to_numpy(x)


def _reference(kernel, u, iterations):
    w = kernel.reshape(-1, kernel.shape[-1]).astype("float64")
    u = u.astype("float64")
    for _ in range(iterations):
        v = u @ w.T
        v = v / np.linalg.norm(v)
        u = v @ w
        u = u / np.linalg.norm(u)
    sigma = (v @ w @ u.T).item()
    return u, (w / sigma).reshape(kernel.shape)


def test_harness():
    run_layer_test(layers.SpectralNormalization, {"layer": layers.Dense(3)},
                   input_shape=(2, 4), expected_output_shape=(2, 3),
                   expected_num_trainable_weights=2, expected_num_non_trainable_weights=1)


@pytest.mark.parametrize("iterations", [1, 3])
def test_training_normalizes_the_kernel(iterations):
    rng = np.random.default_rng(0)
    layer = layers.SpectralNormalization(layers.Dense(3), power_iterations=iterations)
    layer.build((2, 4))
    kernel = rng.standard_normal((4, 3)).astype("float32") * 3
    bias = rng.standard_normal(3).astype("float32")
    u = rng.standard_normal((1, 3)).astype("float32")
    layer.set_weights([kernel, u, bias])
    # Keras 3's order: the wrapped kernel, vector_u, then the wrapped layer's other weights.
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [
        ("kernel", (4, 3)), ("vector_u", (1, 3)), ("bias", (3,))]
    x = rng.standard_normal((2, 4)).astype("float32")
    np.testing.assert_allclose(_np(layer(x)), x @ kernel + bias, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(layer.get_weights()[0], kernel)
    output = _np(layer(x, training=True))
    new_u, new_kernel = _reference(kernel, u, iterations)
    np.testing.assert_allclose(layer.get_weights()[0], new_kernel, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.get_weights()[1], new_u, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(output, x @ new_kernel + bias, rtol=1e-4, atol=1e-4)
    # Repeated training calls converge to a largest singular value of 1.
    for _ in range(30):
        layer(x, training=True)
    top = np.linalg.svd(layer.get_weights()[0], compute_uv=False)[0]
    np.testing.assert_allclose(top, 1.0, rtol=1e-3)


def test_conv_and_embedding_kernels():
    conv = layers.SpectralNormalization(layers.Conv2D(2, 3))
    out = conv(np.ones((1, 5, 5, 2), "float32"), training=True)
    assert tuple(out.shape) == (1, 3, 3, 2)
    assert tuple(conv.vector_u.shape) == (1, 2)
    embedding = layers.SpectralNormalization(layers.Embedding(5, 3))
    out = embedding(np.array([[1, 2]]), training=True)
    assert tuple(out.shape) == (1, 2, 3)


def test_config_and_errors():
    layer = layers.SpectralNormalization(layers.Dense(2), power_iterations=2)
    config = layer.get_config()
    assert config["power_iterations"] == 2 and config["layer"]["class_name"] == "Dense"
    clone = layers.SpectralNormalization.from_config(config)
    assert clone.power_iterations == 2 and clone.layer.units == 2
    with pytest.raises(ValueError, match="power_iterations"):
        layers.SpectralNormalization(layers.Dense(2), power_iterations=0)
    with pytest.raises(ValueError, match="kernel"):
        layers.SpectralNormalization(layers.LayerNormalization()).build((2, 3))
