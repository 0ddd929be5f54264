"""Dropout family, Gaussian noise layers and ActivityRegularization: identity in inference,
exact training values against NumPy's Philox generator (kbackend.random's documented
reference for a seed pair), masks, configs and errors."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.testing import run_layer_test


def _np(x):
    return ops.convert_to_numpy(x)


def _philox(seed, counter=0):
    key = np.array([seed, counter], dtype=np.uint64)
    return np.random.Generator(np.random.Philox(key=key))


X = np.random.default_rng(0).standard_normal((3, 4, 5)).astype("float32")

ALL = [
    (layers.Dropout, {"rate": 0.5, "seed": 1}),
    (layers.Dropout, {"rate": 0.3, "noise_shape": (None, 1, 5), "seed": 1}),
    (layers.SpatialDropout1D, {"rate": 0.5, "seed": 1}),
    (layers.GaussianDropout, {"rate": 0.3, "seed": 1}),
    (layers.GaussianNoise, {"stddev": 0.5, "seed": 1}),
    (layers.AlphaDropout, {"rate": 0.3, "seed": 1}),
    (layers.ActivityRegularization, {"l1": 0.1}),
]


@pytest.mark.parametrize("cls,kwargs", ALL)
def test_harness_and_identity_at_inference(cls, kwargs):
    run_layer_test(cls, kwargs, input_data=X, expected_output_shape=X.shape,
                   expected_num_trainable_weights=0, expected_output=X)
    layer = cls(**kwargs)
    np.testing.assert_array_equal(_np(layer(X, training=False)), X)
    mask = np.ones((3, 4), bool)
    assert layer.compute_mask(X, mask) is mask
    config = layer.get_config()
    assert type(layer).from_config(config).get_config() == config


def test_dropout_training_values():
    layer = layers.Dropout(0.4, seed=7)
    output = _np(layer(X, training=True))
    keep = _philox(7).random(X.shape) >= 0.4
    np.testing.assert_allclose(output, np.where(keep, X / 0.6, 0), rtol=1e-6)
    # The seed generator advances: a second call draws a new mask.
    assert not np.array_equal(_np(layer(X, training=True)), output)
    np.testing.assert_array_equal(_np(layers.Dropout(0.0)(X, training=True)), X)
    np.testing.assert_array_equal(_np(layers.Dropout(1.0)(X, training=True)), 0 * X)


def test_noise_shape_and_spatial_dropout_drop_whole_slices():
    output = _np(layers.Dropout(0.5, noise_shape=(None, 1, 5), seed=3)(X, training=True))
    dropped = output == 0
    assert (dropped == dropped[:, :1, :]).all()
    output = _np(layers.SpatialDropout1D(0.5, seed=3)(X, training=True))
    dropped = output == 0
    assert (dropped == dropped[:, :1, :]).all() and dropped.any() and not dropped.all()
    image = np.ones((4, 3, 3, 6), "float32")
    output = _np(layers.SpatialDropout2D(0.5, seed=2)(image, training=True))
    assert (output == output[:, :1, :1, :]).all()
    first = np.ones((4, 6, 3, 3), "float32")
    output = _np(layers.SpatialDropout2D(0.5, "channels_first", seed=2)(first, training=True))
    assert (output == output[:, :, :1, :1]).all()
    volume = np.ones((2, 2, 2, 2, 6), "float32")
    output = _np(layers.SpatialDropout3D(0.5, seed=2)(volume, training=True))
    assert (output == output[:, :1, :1, :1, :]).all()


def test_gaussian_layers_training_values():
    output = _np(layers.GaussianNoise(0.5, seed=4)(X, training=True))
    expected = X + _philox(4).standard_normal(X.shape) * 0.5
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-6)
    output = _np(layers.GaussianDropout(0.2, seed=4)(X, training=True))
    expected = X * (_philox(4).standard_normal(X.shape) * np.sqrt(0.2 / 0.8) + 1)
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-6)


def test_alpha_dropout_values_and_statistics():
    rate = 0.2
    output = _np(layers.AlphaDropout(rate, seed=5)(X, training=True))
    alpha_p = -1.6732632423543772 * 1.0507009873554805
    a = ((1 - rate) * (1 + rate * alpha_p**2)) ** -0.5
    b = -a * alpha_p * rate
    kept = _philox(5).random(X.shape) >= rate
    expected = a * np.where(kept, X, alpha_p) + b
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-6)
    big = np.random.default_rng(1).standard_normal((20000,)).astype("float32")
    output = _np(layers.AlphaDropout(rate, seed=6)(big, training=True))
    assert abs(output.mean()) < 0.05 and abs(output.std() - 1) < 0.05


def test_activity_regularization_adds_loss():
    layer = layers.ActivityRegularization(l1=0.1, l2=0.2)
    np.testing.assert_array_equal(_np(layer(X)), X)
    expected = 0.1 * np.abs(X).sum() + 0.2 * np.square(X).sum()
    np.testing.assert_allclose(float(_np(layer.losses[0])), expected, rtol=1e-5)
    assert layer.get_config()["l1"] == 0.1 and "activity_regularizer" not in layer.get_config()


def test_errors():
    with pytest.raises(ValueError, match="rate"):
        layers.Dropout(1.5)
    with pytest.raises(ValueError, match="rate"):
        layers.GaussianDropout(-0.1)
    with pytest.raises(ValueError, match="stddev"):
        layers.GaussianNoise(-1.0)
    with pytest.raises(ValueError, match="data_format"):
        layers.SpatialDropout2D(0.5, data_format="channels_middle")
    with pytest.raises(ValueError, match="ndim=3"):
        layers.SpatialDropout1D(0.5)(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="noise_shape"):
        layers.Dropout(0.5, noise_shape=(1, 2))(X, training=True)
