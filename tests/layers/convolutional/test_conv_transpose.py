"""Conv1DTranspose/2D/3D against a NumPy scatter reference, plus weights, config and errors."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.testing import run_layer_test
from tests.layers.convolutional import numpy_reference as ref

CLASSES = {1: layers.Conv1DTranspose, 2: layers.Conv2DTranspose, 3: layers.Conv3DTranspose}
KERNELS = {1: (3,), 2: (3, 2), 3: (2, 3, 2)}
SPATIAL = {1: (4,), 2: (3, 4), 3: (2, 3, 2)}
STEPS = [(1, 1), (2, 1), (1, 2)]


def _cases():
    for rank in (1, 2, 3):
        for padding in ("valid", "same"):
            for strides, dilation in STEPS:
                for data_format in ("channels_last", "channels_first"):
                    yield rank, padding, strides, dilation, data_format, None
                if strides == 2:
                    yield rank, padding, strides, dilation, "channels_last", 1


@pytest.mark.parametrize("rank,padding,strides,dilation,data_format,output_padding",
                         list(_cases()))
def test_values_against_numpy(rank, padding, strides, dilation, data_format, output_padding):
    rng = np.random.default_rng(rank * 100 + strides * 10 + dilation)
    x = rng.standard_normal((2, *SPATIAL[rank], 3)).astype("float32")
    layer = CLASSES[rank](2, KERNELS[rank], strides=strides, padding=padding,
                          output_padding=output_padding, data_format=data_format,
                          dilation_rate=dilation)
    x_in = x if data_format == "channels_last" else ref.to_first(x)
    layer.build(x_in.shape)
    kernel = rng.standard_normal(tuple(layer.kernel.shape)).astype("float32")
    bias = rng.standard_normal((2,)).astype("float32")
    layer.set_weights([kernel, bias])
    expected = ref.conv_transpose(
        x, kernel, bias, (strides,) * rank, padding, (dilation,) * rank,
        None if output_padding is None else (output_padding,) * rank,
    )
    if data_format == "channels_first":
        expected = ref.to_first(expected)
    output = ops.convert_to_numpy(layer(x_in))
    assert output.shape == expected.shape
    np.testing.assert_allclose(output, expected, rtol=1e-4, atol=1e-4)
    assert tuple(layer.compute_output_shape(x_in.shape)) == expected.shape
    symbolic = layer(KerasTensor((None,) + x_in.shape[1:]))
    assert tuple(symbolic.shape) == (None,) + expected.shape[1:]


@pytest.mark.parametrize("cls,kwargs,input_shape,output_shape", [
    (layers.Conv1DTranspose, {"filters": 3, "kernel_size": 3, "strides": 2}, (2, 4, 2),
     (2, 9, 3)),
    (layers.Conv2DTranspose, {"filters": 2, "kernel_size": 2, "padding": "same",
                              "data_format": "channels_first"}, (2, 3, 4, 4), (2, 2, 4, 4)),
    (layers.Conv3DTranspose, {"filters": 2, "kernel_size": 2, "strides": 2}, (1, 2, 2, 2, 1),
     (1, 4, 4, 4, 2)),
])
def test_layer_harness(cls, kwargs, input_shape, output_shape):
    run_layer_test(cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape,
                   expected_num_trainable_weights=2, expected_num_non_trainable_weights=0,
                   rtol=1e-4, atol=1e-4)


def test_weight_names_shapes_and_order():
    layer = layers.Conv2DTranspose(5, (3, 2))
    layer.build((None, 4, 4, 7))
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [
        ("kernel", (3, 2, 5, 7)), ("bias", (5,))
    ]


def test_config_and_aliases():
    layer = layers.Conv3DTranspose(4, 2, output_padding=1, strides=2)
    config = layer.get_config()
    assert config["output_padding"] == (1, 1, 1)
    assert config["strides"] == (2, 2, 2)
    assert "groups" not in config
    clone = layers.Conv3DTranspose.from_config(config)
    assert clone.output_padding == (1, 1, 1)
    assert layers.Convolution1DTranspose is layers.Conv1DTranspose
    assert layers.Convolution2DTranspose is layers.Conv2DTranspose
    assert layers.Convolution3DTranspose is layers.Conv3DTranspose


@pytest.mark.parametrize("make,match", [
    (lambda: layers.Conv1DTranspose(2, 3, padding="causal"), "padding"),
    (lambda: layers.Conv2DTranspose(2, 3, strides=2, dilation_rate=2), "dilation_rate"),
    (lambda: layers.Conv2DTranspose(2, 3, output_padding=-1), "output_padding"),
])
def test_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()
