import numpy as np

import kbackend
from kbackend import layers, ops
from kbackend.backends.common.masking import get_keras_mask
from kbackend.testing.layer_test import run_layer_test


def test_identity():
    x = np.arange(6, dtype="float32").reshape(2, 3)
    run_layer_test(layers.Identity, {}, input_data=x, expected_output=x,
                   expected_output_shape=(2, 3))
    ids = kbackend.Input((3,), dtype="int32")
    assert layers.Identity()(ids).dtype == "int32"


def test_activation():
    x = np.array([[-1.0, 0.5, 2.0]], "float32")
    run_layer_test(layers.Activation, {"activation": "relu"}, input_data=x,
                   expected_output=np.maximum(x, 0))
    layer = layers.Activation("tanh")
    assert layer.get_config()["activation"] == "tanh"
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), np.tanh(x), rtol=1e-6)


def test_masking():
    x = np.array([[[1.0, 2.0], [0.0, 0.0], [3.0, 0.0]]], "float32")
    run_layer_test(layers.Masking, {"mask_value": 0.0}, input_data=x, expected_output=x)
    layer = layers.Masking(mask_value=3.0)
    y = np.array([[[3.0, 3.0], [1.0, 3.0]]], "float32")
    out = layer(y)
    np.testing.assert_array_equal(ops.convert_to_numpy(get_keras_mask(out)), [[False, True]])
    np.testing.assert_allclose(ops.convert_to_numpy(out), [[[0.0, 0.0], [1.0, 3.0]]])
    assert layer.get_config()["mask_value"] == 3.0
    symbolic = layers.Masking()(kbackend.Input((4, 2)))
    assert symbolic._keras_mask.shape == (None, 4)
