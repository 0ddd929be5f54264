"""AdaptiveMaxPooling*/AdaptiveAveragePooling* against a NumPy window reference."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.testing import run_layer_test
from tests.layers.pooling import numpy_reference as ref

CLASSES = {
    ("max", 1): layers.AdaptiveMaxPooling1D, ("max", 2): layers.AdaptiveMaxPooling2D,
    ("max", 3): layers.AdaptiveMaxPooling3D,
    ("average", 1): layers.AdaptiveAveragePooling1D,
    ("average", 2): layers.AdaptiveAveragePooling2D,
    ("average", 3): layers.AdaptiveAveragePooling3D,
}
SPATIAL = {1: (7,), 2: (7, 5), 3: (4, 5, 6)}
OUTPUTS = {1: (3,), 2: (3, 2), 3: (2, 3, 4)}


@pytest.mark.parametrize("mode,rank", list(CLASSES))
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_values_against_numpy(mode, rank, data_format):
    rng = np.random.default_rng(rank)
    x = rng.standard_normal((2, *SPATIAL[rank], 3)).astype("float32")
    expected = ref.adaptive_pool(x, OUTPUTS[rank], mode)
    x_in = x
    if data_format == "channels_first":
        x_in, expected = ref.to_first(x), ref.to_first(expected)
    layer = CLASSES[(mode, rank)](OUTPUTS[rank], data_format=data_format)
    output = ops.convert_to_numpy(layer(x_in))
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-6)
    assert tuple(layer.compute_output_shape(x_in.shape)) == expected.shape
    symbolic = layer(KerasTensor((None,) + x_in.shape[1:]))
    assert tuple(symbolic.shape) == (None,) + expected.shape[1:]


def test_int_output_size_and_harness():
    run_layer_test(layers.AdaptiveAveragePooling2D, {"output_size": 2},
                   input_shape=(2, 5, 4, 3), expected_output_shape=(2, 2, 2, 3),
                   expected_num_trainable_weights=0)
    config = layers.AdaptiveMaxPooling1D(4).get_config()
    assert config["output_size"] == (4,)
    assert layers.AdaptiveMaxPooling1D.from_config(config).output_size == (4,)


def test_errors():
    with pytest.raises(ValueError, match="output_size"):
        layers.AdaptiveMaxPooling2D((2, 2, 2))
    with pytest.raises(ValueError, match="output_size"):
        layers.AdaptiveAveragePooling1D(0)
