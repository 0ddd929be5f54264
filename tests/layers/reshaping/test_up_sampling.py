import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.testing.layer_test import run_layer_test

RNG = np.random.default_rng(0)


def test_up_sampling1d():
    x = RNG.standard_normal((2, 3, 2)).astype("float32")
    run_layer_test(layers.UpSampling1D, {"size": 3}, input_data=x,
                   expected_output=np.repeat(x, 3, axis=1))


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_up_sampling2d_3d_nearest(data_format):
    x = RNG.standard_normal((1, 2, 3, 2)).astype("float32")
    axes = (2, 3) if data_format == "channels_first" else (1, 2)
    expected = np.repeat(np.repeat(x, 2, axis=axes[0]), 3, axis=axes[1])
    run_layer_test(layers.UpSampling2D, {"size": (2, 3), "data_format": data_format},
                   input_data=x, expected_output=expected)
    v = RNG.standard_normal((1, 2, 2, 2, 2)).astype("float32")
    axes = (2, 3, 4) if data_format == "channels_first" else (1, 2, 3)
    expected = v
    for axis, factor in zip(axes, (1, 2, 3)):
        expected = np.repeat(expected, factor, axis=axis)
    run_layer_test(layers.UpSampling3D, {"size": (1, 2, 3), "data_format": data_format},
                   input_data=v, expected_output=expected)


def test_up_sampling2d_bilinear():
    x = np.array([[0.0, 1.0]], "float32").reshape(1, 1, 2, 1)
    layer = layers.UpSampling2D((1, 2), data_format="channels_last",
                                interpolation="bilinear")
    out = ops.convert_to_numpy(layer(x)).reshape(-1)
    # Half-pixel centers: sample points -0.25, 0.25, 0.75, 1.25, clamped at the edges.
    np.testing.assert_allclose(out, [0.0, 0.25, 0.75, 1.0], atol=1e-6)
    assert layer.get_config()["interpolation"] == "bilinear"
    with pytest.raises(ValueError, match="bilinear"):
        layers.UpSampling2D(interpolation="bilinearr")
