"""split_dataset, checked against NumPy slicing."""

import numpy as np
import pytest

from kbackend import ops
from kbackend.utils import split_dataset

X = np.arange(20).reshape(10, 2)
Y = np.arange(10)


def test_split_sizes():
    left, right = split_dataset(X, left_size=0.7)
    np.testing.assert_array_equal(left, X[:7])
    np.testing.assert_array_equal(right, X[7:])
    left, right = split_dataset((X, Y), right_size=3)
    assert isinstance(left, list) and len(left) == 2
    np.testing.assert_array_equal(left[1], Y[:7])
    np.testing.assert_array_equal(right[0], X[7:])
    left, right = split_dataset({"x": X, "y": Y}, left_size=2, right_size=0.5)
    np.testing.assert_array_equal(left["y"], Y[:2])
    np.testing.assert_array_equal(right["y"], Y[2:7])


def test_split_shuffle_is_seeded_and_keeps_pairs():
    left, right = split_dataset([X, Y], left_size=0.5, shuffle=True, seed=3)
    again, _ = split_dataset([X, Y], left_size=0.5, shuffle=True, seed=3)
    np.testing.assert_array_equal(left[1], again[1])
    np.testing.assert_array_equal(left[0][:, 0] // 2, left[1])
    assert sorted(np.concatenate([left[1], right[1]]).tolist()) == Y.tolist()


def test_split_engine_tensor():
    left, _ = split_dataset(ops.convert_to_tensor(X), left_size=4)
    np.testing.assert_array_equal(left, X[:4])


def test_split_errors():
    with pytest.raises(ValueError, match="left_size or right_size"):
        split_dataset(X)
    with pytest.raises(ValueError, match="only 10"):
        split_dataset(X, left_size=8, right_size=5)
    with pytest.raises(ValueError, match=r"in \(0, 1\)"):
        split_dataset(X, left_size=1.5)
    with pytest.raises(ValueError, match="same number of samples"):
        split_dataset((X, Y[:3]), left_size=1)
    with pytest.raises(TypeError, match="split_dataset expects"):
        split_dataset(object(), left_size=1)


def test_split_tf_dataset():
    tf = pytest.importorskip("tensorflow")
    dataset = tf.data.Dataset.from_tensor_slices(Y)
    left, right = split_dataset(dataset, left_size=0.8, shuffle=True, seed=1)
    left_values = [int(v) for v in left]
    assert len(left_values) == 8 and left_values == [int(v) for v in left]
    assert sorted(left_values + [int(v) for v in right]) == Y.tolist()
