import numpy as np
import pytest

import kbackend
from kbackend import activations, layers, ops
from kbackend.saving import lambda_code, serialization_lib
from kbackend.testing.layer_test import run_layer_test


def _double(x):
    return x * 2


def test_named_function_round_trip():
    x = np.arange(4, dtype="float32").reshape(2, 2)
    run_layer_test(layers.Lambda, {"function": activations.relu}, input_data=x,
                   expected_output=np.maximum(x, 0))
    config = serialization_lib.serialize_keras_object(layers.Lambda(_double))
    assert config["config"]["function"]["class_name"] == "function"
    clone = serialization_lib.deserialize_keras_object(config,
                                                       custom_objects={"_double": _double})
    np.testing.assert_allclose(ops.convert_to_numpy(clone(x)), x * 2)


def test_python_lambda_needs_unsafe_mode():
    layer = layers.Lambda(lambda x, scale=3.0: x * scale, arguments={"scale": 2.0})
    config = serialization_lib.serialize_keras_object(layer)
    function_config = config["config"]["function"]
    assert function_config["class_name"] == "__lambda__"
    assert set(function_config["config"]) == {"code", "defaults", "closure"}
    with pytest.raises(ValueError, match="safe_mode=False"):
        serialization_lib.deserialize_keras_object(config)
    serialization_lib.enable_unsafe_deserialization()
    try:
        clone = serialization_lib.deserialize_keras_object(config)
    finally:
        serialization_lib._safe_mode["enabled"] = True
    x = np.ones((1, 2), "float32")
    np.testing.assert_allclose(ops.convert_to_numpy(clone(x)), x * 2.0)


def test_function_from_code_closure_and_defaults():
    offset = 5

    def make(y, z=2):
        return y * z + offset

    rebuilt = lambda_code.function_from_code(lambda_code.function_to_code(make))
    assert rebuilt(3) == 11 and rebuilt(3, 1) == 8
    with pytest.raises(ValueError, match="code"):
        lambda_code.function_from_code({"defaults": None})


def test_output_shape_mask_and_training():
    inputs = kbackend.Input((3, 4))
    assert layers.Lambda(lambda t: t[:, 0])(inputs).shape == (None, 4)
    assert layers.Lambda(lambda t: t[:, 0], output_shape=(4,)).compute_output_shape(
        (None, 3, 4)) == (None, 4)
    assert layers.Lambda(lambda t: t, output_shape=lambda s: s).compute_output_shape(
        (2, 3)) == (2, 3)
    seen = {}

    def function(x, training=None):
        seen["training"] = training
        return x

    layers.Lambda(function)(np.ones((1, 2), "float32"), training=True)
    assert seen["training"] is True
    layer = layers.Lambda(lambda x: x, mask=lambda x, m: ops.not_equal(x, 0))
    x = np.array([[0.0, 1.0]], "float32")
    np.testing.assert_array_equal(ops.convert_to_numpy(layer.compute_mask(x)),
                                  [[False, True]])
    with pytest.raises(TypeError, match="callable"):
        layers.Lambda(3)
