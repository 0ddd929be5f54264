"""Variable behaviour shared by every engine: assignment, scopes, paths, operators."""

import numpy as np
import pytest

import kbackend
from kbackend import ops
from kbackend.backends.common.stateless_scope import get_stateless_scope, in_stateless_scope


def test_creation_and_properties():
    v = kbackend.Variable([[1.0, 2.0]], name="w")
    assert v.shape == (1, 2) and v.ndim == 2 and v.dtype == "float32"
    assert v.name == "w" and v.path == "w" and v.trainable
    np.testing.assert_array_equal(v.numpy(), [[1.0, 2.0]])
    assert ops.is_tensor(v.value)
    assert kbackend.Variable(np.zeros(3, "float64")).dtype == "float64"
    assert kbackend.Variable(3).dtype == "int32"
    assert kbackend.Variable(1.0, dtype="float16").dtype == "float16"
    v = kbackend.Variable(lambda shape, dtype: np.ones(shape, dtype), shape=(2, 2))
    np.testing.assert_array_equal(v.numpy(), np.ones((2, 2)))
    v.trainable = False
    assert not v.trainable


def test_creation_errors():
    with pytest.raises(ValueError, match="/"):
        kbackend.Variable(1.0, name="a/b")
    with pytest.raises(ValueError, match="shape"):
        kbackend.Variable(lambda shape, dtype: np.ones(shape, dtype))
    with pytest.raises(ValueError, match="shape"):
        kbackend.Variable(np.zeros(3), shape=(4,))
    with pytest.raises(ValueError, match="aggregation"):
        kbackend.Variable(1.0, aggregation="median")


def test_assign_assign_add_assign_sub():
    v = kbackend.Variable(np.array([1.0, 2.0], "float32"))
    v.assign([3.0, 4.0])
    np.testing.assert_array_equal(v.numpy(), [3.0, 4.0])
    v.assign_add([1.0, 1.0])
    np.testing.assert_array_equal(v.numpy(), [4.0, 5.0])
    v.assign_sub(np.array([2.0, 2.0], "float32"))
    np.testing.assert_array_equal(v.numpy(), [2.0, 3.0])
    assert v.dtype == "float32" and ops.dtype(v.value) == "float32"
    # Assigned values are cast to the variable's dtype.
    i = kbackend.Variable(np.array([1, 2], "int32"))
    i.assign(np.array([5, 6], "int64"))
    assert ops.dtype(i.value) == "int32"


def test_assign_shape_mismatch():
    v = kbackend.Variable(np.zeros((2, 3), "float32"), name="kernel")
    with pytest.raises(ValueError, match=r"\(3, 2\).*kernel.*\(2, 3\)"):
        v.assign(np.zeros((3, 2), "float32"))


def test_stateless_scope():
    v = kbackend.Variable(1.0)
    assert not in_stateless_scope()
    with kbackend.StatelessScope([(v, 2.0)]) as scope:
        assert in_stateless_scope() and get_stateless_scope() is scope
        assert float(ops.convert_to_numpy(v.value)) == 2.0
        v.assign(5.0)
        assert float(ops.convert_to_numpy(v.value)) == 5.0
    assert float(v.numpy()) == 1.0
    assert float(ops.convert_to_numpy(scope.get_current_value(v))) == 5.0
    assert not in_stateless_scope()


def test_name_scope_paths():
    with kbackend.name_scope("model"):
        with kbackend.name_scope("dense"):
            v = kbackend.Variable(1.0, name="kernel")
        w = kbackend.Variable(1.0, name="bias")
    assert v.path == "model/dense/kernel"
    assert w.path == "model/bias"
    assert kbackend.Variable(1.0, name="free").path == "free"
    with pytest.raises(ValueError):
        kbackend.name_scope("a/b")


def test_operators_and_conversions():
    v = kbackend.Variable(np.array([1.0, 2.0], "float32"))
    np.testing.assert_array_equal(ops.convert_to_numpy(v + 1.0), [2.0, 3.0])
    np.testing.assert_array_equal(ops.convert_to_numpy(1.0 - v), [0.0, -1.0])
    np.testing.assert_array_equal(ops.convert_to_numpy(v * v), [1.0, 4.0])
    np.testing.assert_array_equal(ops.convert_to_numpy(-v), [-1.0, -2.0])
    np.testing.assert_array_equal(ops.convert_to_numpy(v[1]), 2.0)
    np.testing.assert_array_equal(np.asarray(v), [1.0, 2.0])
    assert len(v) == 2
    assert float(kbackend.Variable(3.0)) == 3.0 and int(kbackend.Variable(3)) == 3
    assert ops.dtype(v.astype("float16")) == "float16"
    # Engine ops and our ops accept Variables directly.
    np.testing.assert_array_equal(ops.convert_to_numpy(ops.add(v, v)), [2.0, 4.0])
    assert ops.dtype(ops.convert_to_tensor(v)) == "float32"
    assert "shape=(2,)" in repr(v)
