"""MaxPooling*/AveragePooling* against a NumPy loop reference, plus config, aliases, errors."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.testing import run_layer_test
from tests.layers.pooling import numpy_reference as ref

CLASSES = {
    ("max", 1): layers.MaxPooling1D, ("max", 2): layers.MaxPooling2D,
    ("max", 3): layers.MaxPooling3D, ("average", 1): layers.AveragePooling1D,
    ("average", 2): layers.AveragePooling2D, ("average", 3): layers.AveragePooling3D,
}
POOLS = {1: (3,), 2: (2, 3), 3: (2, 2, 3)}
SPATIAL = {1: (8,), 2: (5, 7), 3: (4, 5, 5)}


def _cases():
    for (mode, rank) in CLASSES:
        # Default strides (= pool_size) with both paddings, plus overlapping (1) and
        # strided (2) explicit strides, each in both layouts.
        for padding, strides in (("valid", None), ("same", None), ("valid", 1), ("same", 2)):
            for data_format in ("channels_last", "channels_first"):
                yield mode, rank, padding, strides, data_format


@pytest.mark.parametrize("mode,rank,padding,strides,data_format", list(_cases()))
def test_values_against_numpy(mode, rank, padding, strides, data_format):
    rng = np.random.default_rng(rank)
    x = rng.standard_normal((2, *SPATIAL[rank], 3)).astype("float32")
    layer = CLASSES[(mode, rank)](POOLS[rank], strides=strides, padding=padding,
                                  data_format=data_format)
    step = POOLS[rank] if strides is None else (strides,) * rank
    expected = ref.pool(x, POOLS[rank], step, padding, mode)
    x_in = x
    if data_format == "channels_first":
        x_in, expected = ref.to_first(x), ref.to_first(expected)
    output = ops.convert_to_numpy(layer(x_in))
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-5)
    assert tuple(layer.compute_output_shape(x_in.shape)) == expected.shape
    symbolic = layer(KerasTensor((None,) + x_in.shape[1:]))
    assert tuple(symbolic.shape) == (None,) + expected.shape[1:]


@pytest.mark.parametrize("cls,kwargs,input_shape,output_shape", [
    (layers.MaxPooling1D, {}, (2, 6, 3), (2, 3, 3)),
    (layers.AveragePooling2D, {"pool_size": 3, "strides": 1, "padding": "same"},
     (2, 4, 4, 2), (2, 4, 4, 2)),
    (layers.MaxPooling3D, {"data_format": "channels_first"}, (1, 2, 4, 4, 4), (1, 2, 2, 2, 2)),
])
def test_layer_harness(cls, kwargs, input_shape, output_shape):
    run_layer_test(cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape,
                   expected_num_trainable_weights=0, expected_num_non_trainable_weights=0)


def test_defaults_and_config():
    config = layers.MaxPooling2D().get_config()
    assert config["pool_size"] == (2, 2)
    assert config["strides"] == (2, 2)
    assert config["padding"] == "valid"
    assert layers.MaxPooling1D().pool_size == (2,)
    assert layers.AveragePooling3D().pool_size == (2, 2, 2)
    clone = layers.AveragePooling2D.from_config(layers.AveragePooling2D(3, 1).get_config())
    assert clone.pool_size == (3, 3) and clone.strides == (1, 1)


def test_aliases():
    for short, long in [("MaxPool1D", "MaxPooling1D"), ("MaxPool2D", "MaxPooling2D"),
                        ("MaxPool3D", "MaxPooling3D"), ("AvgPool1D", "AveragePooling1D"),
                        ("AvgPool2D", "AveragePooling2D"), ("AvgPool3D", "AveragePooling3D")]:
        assert getattr(layers, short) is getattr(layers, long)
    assert layers.MaxPooling2D.__module__ == "kbackend.layers"


@pytest.mark.parametrize("make,match", [
    (lambda: layers.MaxPooling2D(padding="causal"), "padding"),
    (lambda: layers.AveragePooling2D((2, 2, 2)), "pool_size"),
    (lambda: layers.MaxPooling1D(data_format="NWC"), "data_format"),
    (lambda: layers.MaxPooling2D(strides=0), "strides"),
])
def test_constructor_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_rank_error_names_layer():
    layer = layers.MaxPooling2D()
    with pytest.raises(ValueError, match=layer.name):
        layer(np.zeros((1, 4, 3), "float32"))
