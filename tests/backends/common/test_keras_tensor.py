"""KerasTensor: a symbolic tensor (shape, dtype) whose operators build symbolic ops."""

import numpy as np
import pytest

from kbackend import KerasTensor, ops
from kbackend.backends.common.keras_tensor import any_symbolic_tensors, is_keras_tensor


def test_attributes_and_repr():
    x = KerasTensor((None, 3), dtype="int8", name="x")
    assert x.shape == (None, 3) and x.dtype == "int8" and x.ndim == 2
    assert not x.sparse
    assert "shape=(None, 3)" in repr(x) and "int8" in repr(x)
    assert KerasTensor([2, 3]).shape == (2, 3)
    assert KerasTensor((2,)).dtype == "float32"
    assert KerasTensor((2,), dtype=np.float64).dtype == "float64"
    with pytest.raises(ValueError, match="shape"):
        KerasTensor("abc")
    with pytest.raises(AttributeError):
        x.shape = (1, 3)


def test_symbolic_values_are_refused():
    x = KerasTensor((None, 3))
    with pytest.raises(TypeError, match="bool"):
        bool(x)
    with pytest.raises(ValueError):
        int(KerasTensor(()))
    with pytest.raises(ValueError):
        float(KerasTensor(()))
    with pytest.raises(ValueError, match="symbolic"):
        np.asarray(x)
    with pytest.raises(TypeError):
        len(x)
    with pytest.raises(TypeError):
        list(x)
    assert len(KerasTensor((2, 3))) == 2
    assert [t.shape for t in KerasTensor((2, 3))] == [(3,), (3,)]


def test_helpers():
    x = KerasTensor((1,))
    assert is_keras_tensor(x) and not is_keras_tensor(np.zeros(1))
    assert any_symbolic_tensors(([1, {"a": x}],))
    assert not any_symbolic_tensors(([1, np.zeros(2)],), {"k": 2})


@pytest.mark.parametrize(
    "fn, shape, dtype",
    [
        (lambda a, b: a + b, (4, 3), "float32"),
        (lambda a, b: a - b, (4, 3), "float32"),
        (lambda a, b: a * b, (4, 3), "float32"),
        (lambda a, b: a / b, (4, 3), "float32"),
        (lambda a, b: a ** b, (4, 3), "float32"),
        (lambda a, b: a // b, (4, 3), "float32"),
        (lambda a, b: a % b, (4, 3), "float32"),
        (lambda a, b: a < b, (4, 3), "bool"),
        (lambda a, b: a >= b, (4, 3), "bool"),
        (lambda a, b: a == b, (4, 3), "bool"),
        (lambda a, b: a != b, (4, 3), "bool"),
        (lambda a, b: 2 * a, (4, 3), "float32"),
        (lambda a, b: 1.0 - a, (4, 3), "float32"),
        (lambda a, b: -a, (4, 3), "float32"),
        (lambda a, b: abs(a), (4, 3), "float32"),
    ],
)
def test_operators(fn, shape, dtype):
    a = KerasTensor((4, 3))
    b = KerasTensor((3,))
    out = fn(a, b)
    assert isinstance(out, KerasTensor)
    assert out.shape == shape and out.dtype == dtype


def test_operator_promotion_and_broadcast_errors():
    a = KerasTensor((None, 3), dtype="int8")
    assert (a + KerasTensor((3,), dtype="uint8")).dtype == "int16"
    assert (a + 1).dtype == "int8"
    assert (a + 1.0).dtype == "float32"
    assert (a @ KerasTensor((3, 5), dtype="int8")).shape == (None, 5)
    with pytest.raises(ValueError, match="add"):
        KerasTensor((2, 3)) + KerasTensor((4,))


def test_methods_and_indexing():
    x = KerasTensor((None, 2, 3))
    assert x.astype("int32").dtype == "int32"
    assert x.reshape((-1, 6)).shape[-1] == 6
    assert x.T.shape == (3, 2, None)
    assert x[:, 0].shape == (None, 3)
    assert KerasTensor((1, 3)).squeeze().shape == (3,)


def test_ops_on_keras_tensors_return_keras_tensors():
    x = KerasTensor((None, 4))
    assert isinstance(ops.add(x, 1.0), KerasTensor)
    assert ops.cast(x, "float16").dtype == "float16"
    assert ops.shape(x) == (None, 4)
