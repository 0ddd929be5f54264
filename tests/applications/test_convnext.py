"""ConvNeXt: parameter counts, names, and its two layers against NumPy."""

import numpy as np
import pytest

from kbackend import applications, ops
from kbackend.applications.convnext_layers import LayerScale, StochasticDepth
from kbackend.saving import deserialize_keras_object, serialize_keras_object
from tests.applications.conftest import deferred_variables


def test_convnext_tiny_published_parameter_count():
    with deferred_variables():
        model = applications.ConvNeXtTiny(weights=None)
    assert model.count_params() == 28_589_128
    assert model.name == "convnext_tiny"
    for name in ("convnext_tiny_prestem_normalization", "convnext_tiny_stem",
                 "convnext_tiny_stage_2_block_8_layer_scale", "convnext_tiny_head_dense"):
        model.get_layer(name)


def test_layer_scale_and_stochastic_depth():
    x = np.random.default_rng(0).normal(size=(4, 2, 3)).astype("float32")
    scale = LayerScale(0.5, 3)
    np.testing.assert_allclose(ops.convert_to_numpy(scale(x)), x * 0.5, rtol=1e-6)
    clone = deserialize_keras_object(serialize_keras_object(scale))
    assert (clone.init_values, clone.projection_dim) == (0.5, 3)
    drop = StochasticDepth(0.5)
    np.testing.assert_array_equal(ops.convert_to_numpy(drop(x)), x)
    dropped = ops.convert_to_numpy(drop(x, training=True))
    for sample, original in zip(dropped, x):
        kept = np.allclose(sample, original * 2.0, rtol=1e-6)
        assert kept or np.all(sample == 0)


def test_imagenet_file_has_no_hash(offline_get_file):
    calls, _ = offline_get_file
    with pytest.raises(ValueError, match="offline test"), deferred_variables():
        applications.ConvNeXtTiny(include_top=False, input_shape=(32, 32, 3))
    assert calls[0]["origin"].endswith("keras-applications/convnext/convnext_tiny_notop.h5")
    assert calls[0]["file_hash"] is None
