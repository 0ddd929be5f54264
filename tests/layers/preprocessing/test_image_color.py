"""RandomContrast and RandomBrightness against NumPy references."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.testing.layer_test import run_layer_test


def n(x):
    return np.asarray(ops.convert_to_numpy(x))


rng = np.random.default_rng(0)
X = (rng.random((4, 5, 6, 3)) * 100 + 50).astype("float32")


def test_random_contrast_scales_about_the_per_channel_mean():
    out = n(layers.RandomContrast((0.3, 0.6), seed=2)(X, training=True))
    mean = X.mean(axis=(1, 2), keepdims=True)
    factors = (out - mean) / (X - mean)
    for f in factors:  # one factor per image, shared by every pixel and channel
        np.testing.assert_allclose(f, f.flat[0], rtol=1e-3)
        assert 0.7 <= f.flat[0] <= 1.6
    assert len({round(float(f.flat[0]), 4) for f in factors}) == len(X)


def test_random_contrast_clips_and_inference_is_identity():
    layer = layers.RandomContrast((0.0, 1.0), value_range=(60, 140), seed=1)
    out = n(layer(X, training=True))
    assert out.min() >= 60 and out.max() <= 140
    np.testing.assert_array_equal(n(layer(X, training=False)), X)
    np.testing.assert_allclose(n(layers.RandomContrast(0.0)(X, training=True)),
                               np.clip(X, 0, 255), rtol=1e-5)
    cf = layers.RandomContrast(0.5, seed=7, data_format="channels_first")(
        X.transpose(0, 3, 1, 2), training=True)
    last = layers.RandomContrast(0.5, seed=7)(X, training=True)
    np.testing.assert_allclose(n(cf).transpose(0, 2, 3, 1), n(last), rtol=1e-5)
    run_layer_test(layers.RandomContrast, {"factor": 0.2, "seed": 1}, input_data=X,
                   expected_output_shape=X.shape, call_kwargs={"training": False},
                   expected_output=X)
    with pytest.raises(ValueError, match="factor"):
        layers.RandomContrast(-0.2)
    with pytest.raises(ValueError, match="value_range"):
        layers.RandomContrast(0.2, value_range=(1, 0))


def test_random_brightness_adds_one_offset_per_image():
    layer = layers.RandomBrightness((-0.1, 0.2), value_range=(0, 200), seed=3)
    out = n(layer(X, training=True))
    delta = out - X
    for d in delta:
        np.testing.assert_allclose(d, d.flat[0], atol=1e-3)
        assert -20.001 <= d.flat[0] <= 40.001
    assert layer(X[0], training=True).shape == X.shape[1:]


def test_random_brightness_clips_contract_and_errors():
    out = n(layers.RandomBrightness((0.9, 1.0), value_range=(0, 1), seed=1)(X / 200,
                                                                          training=True))
    np.testing.assert_array_equal(out, np.ones_like(out))
    run_layer_test(layers.RandomBrightness, {"factor": 0.2, "seed": 1}, input_data=X,
                   expected_output_shape=X.shape, expected_output_dtype="float32",
                   call_kwargs={"training": False}, expected_output=X)
    with pytest.raises(ValueError, match="factor"):
        layers.RandomBrightness(1.5)
