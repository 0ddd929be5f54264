"""SeparableConv1D/2D against a NumPy loop reference, plus weights, config and errors."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.testing import run_layer_test
from tests.layers.convolutional import numpy_reference as ref

CLASSES = {1: layers.SeparableConv1D, 2: layers.SeparableConv2D}
KERNELS = {1: (3,), 2: (3, 2)}
SPATIAL = {1: (7,), 2: (6, 5)}
STEPS = [(1, 1), (2, 1), (1, 2)]


def _cases():
    for rank in (1, 2):
        for padding in ("valid", "same"):
            for strides, dilation in STEPS:
                for data_format in ("channels_last", "channels_first"):
                    yield rank, padding, strides, dilation, data_format, 1 + (dilation == 1)


@pytest.mark.parametrize("rank,padding,strides,dilation,data_format,multiplier",
                         list(_cases()))
def test_values_against_numpy(rank, padding, strides, dilation, data_format, multiplier):
    rng = np.random.default_rng(rank * 100 + strides * 10 + dilation)
    x = rng.standard_normal((2, *SPATIAL[rank], 3)).astype("float32")
    layer = CLASSES[rank](4, KERNELS[rank], strides=strides, padding=padding,
                          depth_multiplier=multiplier, data_format=data_format,
                          dilation_rate=dilation)
    x_in = x if data_format == "channels_last" else ref.to_first(x)
    layer.build(x_in.shape)
    weights = [rng.standard_normal(tuple(w.shape)).astype("float32") for w in layer.weights]
    layer.set_weights(weights)
    expected = ref.separable_conv(x, *weights, (strides,) * rank, padding, (dilation,) * rank)
    if data_format == "channels_first":
        expected = ref.to_first(expected)
    output = ops.convert_to_numpy(layer(x_in))
    np.testing.assert_allclose(output, expected, rtol=1e-4, atol=1e-4)
    assert tuple(layer.compute_output_shape(x_in.shape)) == expected.shape
    symbolic = layer(KerasTensor((None,) + x_in.shape[1:]))
    assert tuple(symbolic.shape) == (None,) + expected.shape[1:]


@pytest.mark.parametrize("cls,kwargs,input_shape,output_shape", [
    (layers.SeparableConv1D, {"filters": 3, "kernel_size": 3}, (2, 5, 2), (2, 3, 3)),
    (layers.SeparableConv2D, {"filters": 2, "kernel_size": 2, "padding": "same",
                              "depth_multiplier": 2}, (2, 4, 4, 3), (2, 4, 4, 2)),
])
def test_layer_harness(cls, kwargs, input_shape, output_shape):
    run_layer_test(cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape,
                   expected_num_trainable_weights=3, expected_num_non_trainable_weights=0,
                   rtol=1e-4, atol=1e-4)


def test_weight_names_shapes_and_order():
    layer = layers.SeparableConv2D(6, (3, 2), depth_multiplier=2)
    layer.build((None, 6, 6, 5))
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [
        ("depthwise_kernel", (3, 2, 5, 2)), ("pointwise_kernel", (1, 1, 10, 6)),
        ("bias", (6,)),
    ]
    layer = layers.SeparableConv1D(2, 3, use_bias=False)
    layer.build((None, 6, 4))
    assert [w.name for w in layer.weights] == ["depthwise_kernel", "pointwise_kernel"]


def test_config_and_aliases():
    config = layers.SeparableConv1D(4, 3).get_config()
    for key in ("filters", "depth_multiplier", "pointwise_initializer",
                "pointwise_regularizer", "pointwise_constraint", "depthwise_initializer"):
        assert key in config
    assert layers.SeparableConv1D.from_config(config).filters == 4
    assert layers.SeparableConvolution1D is layers.SeparableConv1D
    assert layers.SeparableConvolution2D is layers.SeparableConv2D


@pytest.mark.parametrize("make,match", [
    (lambda: layers.SeparableConv2D(0, 3), "filters"),
    (lambda: layers.SeparableConv2D(2, 3, depth_multiplier=-1), "depth_multiplier"),
    (lambda: layers.SeparableConv2D(2, 3, padding="full"), "padding"),
])
def test_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()
