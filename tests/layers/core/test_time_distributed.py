import numpy as np
import pytest

import kbackend
from kbackend import layers, ops
from kbackend.testing.layer_test import run_layer_test


def test_dense_per_timestep():
    layer, _ = run_layer_test(
        layers.TimeDistributed, {"layer": layers.Dense(4)}, input_shape=(2, 3, 5),
        expected_output_shape=(2, 3, 4), expected_num_trainable_weights=2)
    kernel, bias = layer.get_weights()
    x = np.random.default_rng(0).standard_normal((2, 3, 5)).astype("float32")
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), x @ kernel + bias,
                               rtol=1e-5, atol=1e-5)
    assert [w.name for w in layer.weights] == ["kernel", "bias"]


def test_symbolic_and_config():
    layer = layers.TimeDistributed(layers.Dense(2), name="td")
    out = layer(kbackend.Input((None, 3)))
    assert out.shape == (None, None, 2)
    config = layer.get_config()
    assert config["layer"]["class_name"] == "Dense"
    clone = layers.TimeDistributed.from_config(config)
    assert isinstance(clone.layer, layers.Dense) and clone.layer.units == 2


def test_mask_passes_through():
    x = np.ones((1, 3, 2), "float32")
    x[0, 2] = 0.0
    masked = layers.Masking()(x)
    out = layers.TimeDistributed(layers.Dense(2))(masked)
    mask = getattr(out, "_keras_mask", None)
    from kbackend.backends.common.masking import get_keras_mask

    mask = get_keras_mask(out)
    np.testing.assert_array_equal(ops.convert_to_numpy(mask), [[True, True, False]])


def test_errors():
    with pytest.raises(ValueError, match="rank >= 3"):
        layers.TimeDistributed(layers.Dense(2))(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="must be a Layer"):
        layers.TimeDistributed(lambda x: x)
