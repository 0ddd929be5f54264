"""Gradients of differentiable ops agree with central finite differences on every engine
that can train (so jax, torch and tensorflow agree with each other)."""

import numpy as np
import pytest

from kbackend import backend, ops

pytestmark = pytest.mark.requires_trainable_backend

CASES = {
    "exp": lambda x: ops.exp(x),
    "tanh": lambda x: ops.tanh(x),
    "sigmoid": lambda x: ops.sigmoid(x),
    "softplus": lambda x: ops.softplus(x),
    "gelu": lambda x: ops.gelu(x),
    "silu": lambda x: ops.silu(x),
    "sqrt": lambda x: ops.sqrt(ops.add(ops.square(x), 1.0)),
    "log1p": lambda x: ops.log1p(ops.square(x)),
    "softmax": lambda x: ops.softmax(x, axis=-1),
    "log_softmax": lambda x: ops.log_softmax(x, axis=-1),
    "logsumexp": lambda x: ops.logsumexp(x, axis=-1),
    "matmul": lambda x: ops.matmul(x, ops.transpose(x)),
    "mean_var": lambda x: ops.add(ops.mean(x, axis=0), ops.var(x, axis=0)),
    "cumsum": lambda x: ops.cumsum(x, axis=1),
    "sum": lambda x: ops.add(ops.sum(x, axis=1, keepdims=True), ops.sum(ops.square(x))),
    "norm": lambda x: ops.norm(x, axis=-1),
    "sin_cos": lambda x: ops.multiply(ops.sin(x), ops.cos(x)),
    "conv1d": lambda x: ops.conv(
        ops.reshape(x, (1, 12, 1)), ops.reshape(ops.arange(3, dtype="float64") / 3, (3, 1, 1))),
    "where_maximum": lambda x: ops.maximum(x, ops.multiply(x, 0.5)),
}


def _finite_difference(fn, x, epsilon=1e-6):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[index] += epsilon
        down[index] -= epsilon
        grad[index] = (fn(up) - fn(down)) / (2 * epsilon)
    return grad


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    op = CASES[name]
    x = np.random.default_rng(0).normal(size=(3, 4)).astype("float64")
    weights = np.random.default_rng(1).normal(size=np.shape(
        ops.convert_to_numpy(op(ops.convert_to_tensor(x))))).astype("float64")

    def scalar(t):
        return ops.sum(ops.multiply(op(t), weights))

    _, grad = backend.value_and_grad(scalar)(ops.convert_to_tensor(x))
    expected = _finite_difference(
        lambda v: float(ops.convert_to_numpy(scalar(ops.convert_to_tensor(v)))), x)
    np.testing.assert_allclose(ops.convert_to_numpy(grad), expected, rtol=1e-5, atol=1e-6)
