"""Shared helpers for the loss tests."""

import numpy as np

from kbackend import ops

RTOL = 1e-5
ATOL = 1e-5


def to_np(x):
    return np.asarray(ops.convert_to_numpy(x))


def assert_close(actual, expected, rtol=RTOL, atol=ATOL):
    np.testing.assert_allclose(to_np(actual), np.asarray(expected), rtol=rtol, atol=atol)


def probabilities(*shape, axis=-1, rng=np.random):
    """Random rows of probabilities summing to 1 along ``axis``, away from 0."""
    raw = rng.uniform(0.1, 1.0, size=shape)
    return (raw / raw.sum(axis=axis, keepdims=True)).astype("float32")


def one_hot(labels, num_classes):
    return np.eye(num_classes, dtype="float32")[labels]


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
