"""BatchNormalization against a NumPy reference: inference, training statistics and their
moving averages, masks, weights, config and errors."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.testing import run_layer_test


def _np(x):
    return ops.convert_to_numpy(x)


def _reference(x, mean, var, gamma, beta, axis, epsilon=1e-3):
    shape = [1] * x.ndim
    shape[axis] = -1
    r = lambda v: np.reshape(v, shape)  # noqa: E731
    return (x - r(mean)) / np.sqrt(r(var) + epsilon) * r(gamma) + r(beta)


def _fixed(dim, rng):
    return [rng.standard_normal(dim).astype("float32"),  # gamma
            rng.standard_normal(dim).astype("float32"),  # beta
            rng.standard_normal(dim).astype("float32"),  # moving_mean
            rng.uniform(0.5, 2.0, dim).astype("float32")]  # moving_variance


def test_layer_harness():
    run_layer_test(layers.BatchNormalization, {"momentum": 0.9}, input_shape=(4, 3),
                   expected_output_shape=(4, 3), expected_num_trainable_weights=2,
                   expected_num_non_trainable_weights=2)
    run_layer_test(layers.BatchNormalization, {"axis": 1, "center": False, "scale": False},
                   input_shape=(2, 3, 4, 4), expected_output_shape=(2, 3, 4, 4),
                   expected_num_trainable_weights=0, expected_num_non_trainable_weights=2)


@pytest.mark.parametrize("axis,shape", [(-1, (4, 3)), (1, (2, 3, 4, 2)), (-1, (2, 5, 3))])
def test_inference_uses_moving_statistics(axis, shape):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape).astype("float32")
    layer = layers.BatchNormalization(axis=axis)
    layer.build(shape)
    weights = _fixed(shape[axis], rng)
    layer.set_weights(weights)
    assert [w.name for w in layer.weights] == ["gamma", "beta", "moving_mean",
                                               "moving_variance"]
    assert [tuple(w.shape) for w in layer.weights] == [(shape[axis],)] * 4
    expected = _reference(x, weights[2], weights[3], weights[0], weights[1], axis)
    np.testing.assert_allclose(_np(layer(x)), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(layer(x, training=False)), expected, rtol=1e-5, atol=1e-5)
    # Inference leaves the moving statistics alone.
    np.testing.assert_array_equal(layer.get_weights()[2], weights[2])


def test_training_uses_batch_statistics_and_updates_moving_ones():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((6, 2, 3)).astype("float32") * 3 + 1
    layer = layers.BatchNormalization(momentum=0.8, epsilon=1e-2)
    layer.build(x.shape)
    weights = _fixed(3, rng)
    layer.set_weights(weights)
    output = _np(layer(x, training=True))
    mean, var = x.mean(axis=(0, 1)), x.var(axis=(0, 1))
    expected = _reference(x, mean, var, weights[0], weights[1], -1, 1e-2)
    np.testing.assert_allclose(output, expected, rtol=1e-4, atol=1e-4)
    new = layer.get_weights()
    np.testing.assert_allclose(new[2], weights[2] * 0.8 + mean * 0.2, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(new[3], weights[3] * 0.8 + var * 0.2, rtol=1e-5, atol=1e-6)


def test_frozen_layer_runs_in_inference_mode():
    x = np.random.default_rng(2).standard_normal((4, 3)).astype("float32")
    layer = layers.BatchNormalization()
    layer.build(x.shape)
    layer.trainable = False
    output = _np(layer(x, training=True))
    np.testing.assert_allclose(output, x / np.sqrt(1 + 1e-3), rtol=1e-5)
    np.testing.assert_array_equal(layer.get_weights()[2], np.zeros(3))


def test_mask_excludes_positions_from_statistics():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 4, 3)).astype("float32")
    mask = np.array([[True, True, False, False], [True, True, True, False]])
    layer = layers.BatchNormalization(momentum=0.0)
    output = _np(layer(x, training=True, mask=ops.convert_to_tensor(mask)))
    valid = x[mask]
    expected = (x - valid.mean(0)) / np.sqrt(valid.var(0) + 1e-3)
    np.testing.assert_allclose(output[mask], expected[mask], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(layer.get_weights()[2], valid.mean(0), rtol=1e-5, atol=1e-6)
    assert layer.compute_mask(x, mask) is mask


def test_stateless_call_returns_updated_statistics():
    x = np.random.default_rng(4).standard_normal((5, 2)).astype("float32")
    layer = layers.BatchNormalization(momentum=0.5)
    layer.build(x.shape)
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]
    _, new_values = layer.stateless_call(trainable, non_trainable, x, training=True)
    np.testing.assert_allclose(_np(new_values[0]), x.mean(0) * 0.5, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(layer.get_weights()[2], np.zeros(2))


def test_half_precision_inputs():
    x = np.random.default_rng(5).standard_normal((4, 3)).astype("float16")
    layer = layers.BatchNormalization(dtype="float16")
    output = layer(x, training=True)
    assert ops.dtype(output) == "float16"
    assert layer.moving_mean.dtype == "float16"
    expected = (x.astype("float32") - x.astype("float32").mean(0)) / np.sqrt(
        x.astype("float32").var(0) + 1e-3)
    np.testing.assert_allclose(_np(output).astype("float32"), expected, atol=1e-2)


def test_config_and_symbolic():
    layer = layers.BatchNormalization(axis=1, momentum=0.9, beta_regularizer="l2",
                                      gamma_constraint="non_neg", synchronized=True)
    config = layer.get_config()
    assert config["axis"] == 1 and config["momentum"] == 0.9 and config["synchronized"]
    assert config["beta_regularizer"]["class_name"] == "L2"
    assert config["gamma_constraint"]["class_name"] == "NonNeg"
    assert config["moving_variance_initializer"]["class_name"] == "Ones"
    clone = layers.BatchNormalization.from_config(config)
    assert clone.get_config() == config
    out = layers.BatchNormalization()(KerasTensor((None, 5, 3)))
    assert out.shape == (None, 5, 3)


def test_errors():
    with pytest.raises(TypeError, match="axis"):
        layers.BatchNormalization(axis=[1, 2])
    layer = layers.BatchNormalization()
    with pytest.raises(ValueError, match="known size"):
        layer.build((None, None))
    layer = layers.BatchNormalization()
    layer(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="batch_normalization"):
        layer(np.ones((2, 4), "float32"))
    with pytest.raises(ValueError, match="out of range"):
        layers.BatchNormalization(axis=3).build((2, 3))
