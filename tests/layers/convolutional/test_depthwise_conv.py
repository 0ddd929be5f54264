"""DepthwiseConv1D/2D against a NumPy loop reference, plus weights, config and errors."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.testing import run_layer_test
from tests.layers.convolutional import numpy_reference as ref

CLASSES = {1: layers.DepthwiseConv1D, 2: layers.DepthwiseConv2D}
KERNELS = {1: (3,), 2: (3, 2)}
SPATIAL = {1: (7,), 2: (6, 5)}
STEPS = [(1, 1), (2, 1), (1, 2)]


def _cases():
    for rank in (1, 2):
        for padding in ("valid", "same"):
            for strides, dilation in STEPS:
                for data_format in ("channels_last", "channels_first"):
                    yield rank, padding, strides, dilation, data_format, 1 + (strides == 1)


@pytest.mark.parametrize("rank,padding,strides,dilation,data_format,multiplier",
                         list(_cases()))
def test_values_against_numpy(rank, padding, strides, dilation, data_format, multiplier):
    rng = np.random.default_rng(rank * 100 + strides * 10 + dilation)
    x = rng.standard_normal((2, *SPATIAL[rank], 3)).astype("float32")
    layer = CLASSES[rank](KERNELS[rank], strides=strides, padding=padding,
                          depth_multiplier=multiplier, data_format=data_format,
                          dilation_rate=dilation)
    x_in = x if data_format == "channels_last" else ref.to_first(x)
    layer.build(x_in.shape)
    kernel = rng.standard_normal(tuple(layer.kernel.shape)).astype("float32")
    bias = rng.standard_normal((3 * multiplier,)).astype("float32")
    layer.set_weights([kernel, bias])
    expected = ref.depthwise_conv(x, kernel, bias, (strides,) * rank, padding,
                                  (dilation,) * rank)
    if data_format == "channels_first":
        expected = ref.to_first(expected)
    output = ops.convert_to_numpy(layer(x_in))
    np.testing.assert_allclose(output, expected, rtol=1e-4, atol=1e-4)
    assert tuple(layer.compute_output_shape(x_in.shape)) == expected.shape
    symbolic = layer(KerasTensor((None,) + x_in.shape[1:]))
    assert tuple(symbolic.shape) == (None,) + expected.shape[1:]


@pytest.mark.parametrize("cls,kwargs,input_shape,output_shape", [
    (layers.DepthwiseConv1D, {"kernel_size": 3, "depth_multiplier": 2}, (2, 5, 2), (2, 3, 4)),
    (layers.DepthwiseConv2D, {"kernel_size": 2, "padding": "same"}, (2, 4, 4, 3),
     (2, 4, 4, 3)),
])
def test_layer_harness(cls, kwargs, input_shape, output_shape):
    run_layer_test(cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape,
                   expected_num_trainable_weights=2, expected_num_non_trainable_weights=0,
                   rtol=1e-4, atol=1e-4)


def test_weight_names_shapes_and_order():
    layer = layers.DepthwiseConv2D((3, 2), depth_multiplier=4)
    layer.build((None, 6, 6, 5))
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [
        ("kernel", (3, 2, 5, 4)), ("bias", (20,))
    ]


def test_config():
    config = layers.DepthwiseConv2D(3).get_config()
    assert config["kernel_size"] == (3, 3)
    assert config["depth_multiplier"] == 1
    assert config["depthwise_initializer"] is not None
    for key in ("depthwise_regularizer", "depthwise_constraint", "bias_initializer"):
        assert key in config
    assert layers.DepthwiseConv2D.from_config(config).kernel_size == (3, 3)


@pytest.mark.parametrize("make,match", [
    (lambda: layers.DepthwiseConv2D(3, depth_multiplier=0), "depth_multiplier"),
    (lambda: layers.DepthwiseConv1D(3, padding="causal"), "padding"),
    (lambda: layers.DepthwiseConv2D(3, strides=2, dilation_rate=2), "dilation_rate"),
])
def test_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()
