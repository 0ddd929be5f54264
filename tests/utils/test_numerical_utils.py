"""to_categorical and normalize against NumPy references."""

import numpy as np
import pytest

from kbackend import ops
from kbackend.utils import normalize, to_categorical


def one_hot_reference(labels, num_classes):
    return np.eye(num_classes)[np.asarray(labels)]


@pytest.mark.parametrize("shape", [(5,), (5, 1), (2, 3)])
def test_to_categorical_numpy(shape):
    labels = np.random.randint(0, 4, size=shape)
    result = to_categorical(labels, num_classes=4)
    expected = one_hot_reference(labels.reshape(shape[:-1]) if shape == (5, 1) else labels, 4)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, expected)
    np.testing.assert_array_equal(to_categorical(labels.tolist()).shape[-1], labels.max() + 1)


def test_to_categorical_tensor():
    labels = ops.convert_to_tensor(np.array([[0], [2], [1]], dtype="int32"))
    result = to_categorical(labels, 3)
    np.testing.assert_array_equal(ops.convert_to_numpy(result), np.eye(3)[[0, 2, 1]])
    assert ops.convert_to_numpy(to_categorical(labels)).shape == (3, 3)


def test_to_categorical_errors():
    with pytest.raises(ValueError, match=r"\[0, 2\)"):
        to_categorical([0, 3], num_classes=2)
    with pytest.raises(ValueError, match="integer"):
        to_categorical([0.5, 1.0])


@pytest.mark.parametrize("axis, order", [(-1, 2), (0, 2), (1, 1)])
def test_normalize_numpy(axis, order):
    x = np.random.randn(3, 4)
    x[1] = 0.0
    norm = np.linalg.norm(x, order, axis=axis, keepdims=True)
    expected = x / np.where(norm == 0, 1, norm)
    np.testing.assert_allclose(normalize(x, axis=axis, order=order), expected)


def test_normalize_tensor():
    x = np.random.randn(3, 4).astype("float32")
    result = normalize(ops.convert_to_tensor(x), axis=-1)
    expected = x / np.linalg.norm(x, axis=-1, keepdims=True)
    np.testing.assert_allclose(ops.convert_to_numpy(result), expected, rtol=1e-5)
