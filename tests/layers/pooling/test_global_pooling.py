"""GlobalMaxPooling*/GlobalAveragePooling* against NumPy, with keepdims, masks and config."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.testing import run_layer_test

CLASSES = {
    ("max", 1): layers.GlobalMaxPooling1D, ("max", 2): layers.GlobalMaxPooling2D,
    ("max", 3): layers.GlobalMaxPooling3D, ("average", 1): layers.GlobalAveragePooling1D,
    ("average", 2): layers.GlobalAveragePooling2D, ("average", 3): layers.GlobalAveragePooling3D,
}


@pytest.mark.parametrize("mode,rank", list(CLASSES))
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("keepdims", [False, True])
def test_values_against_numpy(mode, rank, data_format, keepdims):
    rng = np.random.default_rng(rank)
    x = rng.standard_normal((2, *(3,) * rank, 4)).astype("float32")
    if data_format == "channels_first":
        x = np.moveaxis(x, -1, 1)
    axes = tuple(range(1, rank + 1)) if data_format == "channels_last" else tuple(
        range(2, rank + 2))
    reduce = np.max if mode == "max" else np.mean
    expected = reduce(x, axis=axes, keepdims=keepdims)
    layer = CLASSES[(mode, rank)](data_format=data_format, keepdims=keepdims)
    output = ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-6)
    assert tuple(layer.compute_output_shape(x.shape)) == expected.shape
    symbolic = layer(KerasTensor((None,) + x.shape[1:]))
    assert tuple(symbolic.shape) == (None,) + expected.shape[1:]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_average_1d_mask(data_format):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 5, 3)).astype("float32")
    mask = np.array([[1, 1, 0, 1, 0], [1, 0, 0, 0, 0]], bool)
    m = mask[..., None].astype("float32")
    expected = (x * m).sum(1) / m.sum(1)
    x_in = x if data_format == "channels_last" else np.moveaxis(x, -1, 1)
    layer = layers.GlobalAveragePooling1D(data_format=data_format)
    output = layer(x_in, mask=mask)
    np.testing.assert_allclose(ops.convert_to_numpy(output), expected, rtol=1e-5, atol=1e-6)
    assert layer.supports_masking
    assert layer.compute_mask(x_in, mask) is None


def test_average_1d_mask_from_previous_layer():
    # The mask a masking layer attaches to its output reaches GlobalAveragePooling1D.
    class MaskZeros(layers.Layer):
        def call(self, inputs):
            return inputs

        def compute_mask(self, inputs, previous_mask=None):
            return ops.any(ops.not_equal(inputs, 0), axis=-1)

    x = np.array([[[1.0, 2.0], [3.0, 4.0], [0.0, 0.0]]], "float32")
    output = layers.GlobalAveragePooling1D()(MaskZeros()(x))
    np.testing.assert_allclose(ops.convert_to_numpy(output), [[2.0, 3.0]])


@pytest.mark.parametrize("cls,input_shape,output_shape", [
    (layers.GlobalMaxPooling1D, (2, 5, 3), (2, 3)),
    (layers.GlobalAveragePooling2D, (2, 4, 4, 3), (2, 3)),
    (layers.GlobalMaxPooling3D, (1, 2, 2, 2, 3), (1, 3)),
])
def test_layer_harness(cls, input_shape, output_shape):
    run_layer_test(cls, {}, input_shape=input_shape, expected_output_shape=output_shape,
                   expected_num_trainable_weights=0, expected_num_non_trainable_weights=0)


def test_config_and_aliases():
    config = layers.GlobalAveragePooling2D(keepdims=True).get_config()
    assert config["keepdims"] is True and "data_format" in config
    assert layers.GlobalAveragePooling2D.from_config(config).keepdims is True
    for short, long in [("GlobalMaxPool1D", "GlobalMaxPooling1D"),
                        ("GlobalMaxPool2D", "GlobalMaxPooling2D"),
                        ("GlobalMaxPool3D", "GlobalMaxPooling3D"),
                        ("GlobalAvgPool1D", "GlobalAveragePooling1D"),
                        ("GlobalAvgPool2D", "GlobalAveragePooling2D"),
                        ("GlobalAvgPool3D", "GlobalAveragePooling3D")]:
        assert getattr(layers, short) is getattr(layers, long)


def test_errors():
    with pytest.raises(ValueError, match="data_format"):
        layers.GlobalMaxPooling2D(data_format="channels_middle")
    layer = layers.GlobalMaxPooling2D()
    with pytest.raises(ValueError, match=layer.name):
        layer(np.zeros((1, 4, 3), "float32"))
