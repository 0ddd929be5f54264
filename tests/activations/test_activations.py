"""Every activation against a NumPy reference, plus get/serialize/deserialize."""

import math

import numpy as np
import pytest

from kbackend import activations, ops
from kbackend.saving import register_keras_serializable, serialization_lib

X = np.array([[-3.0, -1.2, -0.3, 0.0], [0.4, 1.0, 2.5, 7.0]], dtype="float32")
ERF = np.vectorize(math.erf)
SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _softplus(x):
    return np.log1p(np.exp(x))


def _sparsemax(x):
    out = np.zeros_like(x)
    for i, row in enumerate(x):
        z = np.sort(row)[::-1]
        cumsum = np.cumsum(z)
        k = np.arange(1, len(z) + 1)
        support = k[1 + k * z > cumsum].max()
        tau = (cumsum[support - 1] - 1) / support
        out[i] = np.maximum(row - tau, 0)
    return out


def _elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * (np.exp(x) - 1))


REFERENCES = {
    "relu": lambda x: np.maximum(x, 0),
    "relu6": lambda x: np.clip(x, 0, 6),
    "leaky_relu": lambda x: np.where(x >= 0, x, 0.2 * x),
    "elu": _elu,
    "selu": lambda x: SELU_SCALE * _elu(x, SELU_ALPHA),
    "celu": lambda x: np.maximum(x, 0) + np.minimum(0, np.exp(x) - 1),
    "gelu": lambda x: 0.5 * x * (1 + ERF(x / np.sqrt(2))),
    "sigmoid": _sigmoid,
    "log_sigmoid": lambda x: np.log(_sigmoid(x)),
    "hard_sigmoid": lambda x: np.clip(x / 6 + 0.5, 0, 1),
    "sparse_sigmoid": lambda x: np.clip((x + 1) / 2, 0, 1),
    "silu": lambda x: x * _sigmoid(x),
    "swish": lambda x: x * _sigmoid(x),
    "hard_silu": lambda x: x * np.clip(x / 6 + 0.5, 0, 1),
    "hard_swish": lambda x: x * np.clip(x / 6 + 0.5, 0, 1),
    "tanh": np.tanh,
    "hard_tanh": lambda x: np.clip(x, -1, 1),
    "tanh_shrink": lambda x: x - np.tanh(x),
    "soft_shrink": lambda x: np.where(x > 0.5, x - 0.5, np.where(x < -0.5, x + 0.5, 0)),
    "hard_shrink": lambda x: np.where(np.abs(x) > 0.5, x, 0),
    "softplus": _softplus,
    "softsign": lambda x: x / (np.abs(x) + 1),
    "sparse_plus": lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
    "squareplus": lambda x: (x + np.sqrt(x**2 + 4)) / 2,
    "mish": lambda x: x * np.tanh(_softplus(x)),
    "exponential": np.exp,
    "linear": lambda x: x,
    "softmax": _softmax,
    "log_softmax": lambda x: np.log(_softmax(x)),
    "sparsemax": _sparsemax,
    "glu": lambda x: x[:, :2] * _sigmoid(x[:, 2:]),
}


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_values_against_numpy(name):
    fn = activations.get(name)
    output = ops.convert_to_numpy(fn(ops.convert_to_tensor(X)))
    expected = REFERENCES[name](X.astype("float64"))
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-5)


def test_arguments():
    x = ops.convert_to_tensor(X)
    relu = ops.convert_to_numpy(activations.relu(x, negative_slope=0.1, max_value=2.0,
                                                 threshold=0.5))
    expected = np.minimum(np.where(X >= 0.5, X, 0.1 * (X - 0.5)), 2.0)
    np.testing.assert_allclose(relu, expected, rtol=1e-6)
    approx = ops.convert_to_numpy(activations.gelu(x, approximate=True))
    ref = 0.5 * X * (1 + np.tanh(np.sqrt(2 / np.pi) * (X + 0.044715 * X**3)))
    np.testing.assert_allclose(approx, ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(activations.softmax(x, axis=0)),
                               _softmax(X, axis=0), rtol=1e-5)
    np.testing.assert_allclose(ops.convert_to_numpy(activations.threshold(x, 0.5, -9.0)),
                               np.where(X > 0.5, X, -9.0))
    np.testing.assert_allclose(ops.convert_to_numpy(activations.elu(x, alpha=2.0)),
                               _elu(X, 2.0), rtol=1e-5)
    np.testing.assert_allclose(ops.convert_to_numpy(activations.leaky_relu(x, 0.5)),
                               np.where(X >= 0, X, 0.5 * X), rtol=1e-6)


@pytest.mark.parametrize("name", sorted(activations.ALL_OBJECTS_DICT))
def test_serialize_by_name_round_trip(name):
    fn = activations.get(name)
    serialized = activations.serialize(fn)
    # Built-ins are stored by name (aliases by the function they alias).
    assert serialized == fn.__name__
    assert activations.deserialize(serialized) is fn
    generic = serialization_lib.serialize_keras_object(fn)
    assert activations.deserialize(generic) is fn


def test_get_none_custom_and_errors():
    assert activations.get(None) is activations.linear
    assert activations.serialize(activations.swish) == "silu"

    @register_keras_serializable(package="test_activations")
    def my_activation(x):
        return ops.multiply(x, 2.0)

    config = activations.serialize(my_activation)
    assert activations.deserialize(config) is my_activation
    assert activations.get(my_activation) is my_activation
    with pytest.raises(ValueError, match="relu"):
        activations.get("rleu")
    with pytest.raises(ValueError, match="Could not interpret"):
        activations.get(5)
