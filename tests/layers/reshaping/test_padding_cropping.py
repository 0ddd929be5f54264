import numpy as np
import pytest

from kbackend import layers
from kbackend.testing.layer_test import run_layer_test

RNG = np.random.default_rng(0)


def test_cropping1d():
    x = RNG.standard_normal((2, 6, 3)).astype("float32")
    run_layer_test(layers.Cropping1D, {"cropping": (1, 2)}, input_data=x,
                   expected_output=x[:, 1:4])
    layer = layers.Cropping1D()
    assert layer.get_config()["cropping"] == [1, 1]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_cropping2d_3d(data_format):
    x = RNG.standard_normal((2, 5, 6, 3)).astype("float32")
    if data_format == "channels_first":
        x_in, expected = x.transpose(0, 3, 1, 2), x[:, 1:4, 2:4].transpose(0, 3, 1, 2)
    else:
        x_in, expected = x, x[:, 1:4, 2:4]
    run_layer_test(layers.Cropping2D, {"cropping": ((1, 1), (2, 2)),
                                       "data_format": data_format},
                   input_data=x_in, expected_output=expected)
    v = RNG.standard_normal((1, 4, 4, 4, 2)).astype("float32")
    if data_format == "channels_first":
        v = v.transpose(0, 4, 1, 2, 3)
        expected = v[:, :, 1:3, 0:3, 1:2]
    else:
        expected = v[:, 1:3, 0:3, 1:2]
    run_layer_test(layers.Cropping3D, {"cropping": (1, (0, 1), (1, 2)),
                                       "data_format": data_format},
                   input_data=v, expected_output=expected)


def test_cropping_errors():
    with pytest.raises(ValueError, match="removes all"):
        layers.Cropping1D((2, 2))(np.ones((1, 4, 1), "float32"))
    with pytest.raises(ValueError, match="cropping"):
        layers.Cropping2D(((1, 2, 3), (0, 0)))


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_zero_padding(data_format):
    x = RNG.standard_normal((2, 3, 4)).astype("float32")
    cf = data_format == "channels_first"
    expected = np.pad(x, [(0, 0), (0, 0), (1, 2)] if cf else [(0, 0), (1, 2), (0, 0)])
    run_layer_test(layers.ZeroPadding1D, {"padding": (1, 2), "data_format": data_format},
                   input_data=x, expected_output=expected)
    x2 = RNG.standard_normal((1, 2, 3, 2)).astype("float32")
    pads = [(0, 0), (0, 0), (1, 1), (2, 0)] if cf else [(0, 0), (1, 1), (2, 0), (0, 0)]
    run_layer_test(layers.ZeroPadding2D, {"padding": ((1, 1), (2, 0)),
                                          "data_format": data_format},
                   input_data=x2, expected_output=np.pad(x2, pads))
    x3 = RNG.standard_normal((1, 2, 2, 2, 1)).astype("float32")
    pads = [(0, 0), (0, 0)] + [(1, 1)] * 3 if cf else [(0, 0)] + [(1, 1)] * 3 + [(0, 0)]
    run_layer_test(layers.ZeroPadding3D, {"data_format": data_format}, input_data=x3,
                   expected_output=np.pad(x3, pads))


def test_zero_padding_errors():
    with pytest.raises(ValueError, match="padding"):
        layers.ZeroPadding2D(-1)
    with pytest.raises(ValueError, match="data_format"):
        layers.ZeroPadding2D(1, data_format="channels_middle")
