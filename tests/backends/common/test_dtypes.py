import numpy as np
import pytest

from kbackend import backends, ops
from kbackend.backends.common import dtypes

# The promotion table, written out independently of the lattice code.
EXPECTED_PAIRS = {
    ("bool", "bool"): "bool",
    ("bool", "int8"): "int8",
    ("bool", "float16"): "float16",
    ("int8", "uint8"): "int16",
    ("int16", "uint16"): "int32",
    ("int32", "uint32"): "int64",
    ("int64", "uint64"): "float32",
    ("uint8", "uint16"): "uint16",
    ("int8", "int64"): "int64",
    ("int32", "float16"): "float16",
    ("int64", "bfloat16"): "bfloat16",
    ("float16", "bfloat16"): "float32",
    ("float16", "float32"): "float32",
    ("float32", "float64"): "float64",
    ("float32", "complex64"): "complex64",
    ("float64", "complex64"): "complex128",
    ("uint8", "float32"): "float32",
}


@pytest.mark.parametrize("pair,expected", sorted(EXPECTED_PAIRS.items()))
def test_promotion_table(pair, expected):
    assert dtypes.result_type(*pair) == expected
    assert dtypes.result_type(*reversed(pair)) == expected


@pytest.mark.parametrize(
    "dtype,scalar,expected",
    [
        ("int8", 1, "int8"),
        ("uint8", 1, "uint8"),
        ("int32", 1.0, "float32"),
        ("float16", 1.0, "float16"),
        ("bfloat16", 2, "bfloat16"),
        ("bool", 1, "int32"),
        ("bool", True, "bool"),
        ("float32", 1j, "complex64"),
    ],
)
def test_weak_python_scalars(dtype, scalar, expected):
    assert dtypes.result_type(dtype, scalar) == expected


def test_python_scalars_alone_and_floatx():
    assert dtypes.result_type(1) == "int32"
    assert dtypes.result_type(1.0) == "float32"
    assert dtypes.result_type() == "float32"
    assert dtypes.float_result_type("int16") == "float32"
    assert dtypes.float_result_type("float16") == "float16"


@pytest.mark.parametrize(
    "value,expected",
    [
        (np.float32, "float32"),
        (np.dtype("int16"), "int16"),
        ("double", "float64"),
        (bool, "bool"),
        ("torch.float16", "float16"),
        ("<dtype: 'bfloat16'>", "bfloat16"),
        (None, "float32"),
    ],
)
def test_standardize_dtype(value, expected):
    assert dtypes.standardize_dtype(value) == expected


def test_standardize_dtype_rejects_unknown_with_clear_message():
    with pytest.raises(ValueError, match="Invalid dtype: 'float8'"):
        dtypes.standardize_dtype("float8")


def test_engine_dtypes_standardize():
    for name in ("int8", "uint8", "int32", "float16", "float32", "bool"):
        x = ops.convert_to_tensor(np.zeros((2,), dtype=name))
        assert dtypes.standardize_dtype(x.dtype) == name
        assert ops.dtype(x) == name


def test_convert_to_tensor_python_values():
    assert ops.dtype(ops.convert_to_tensor(1)) == "int32"
    assert ops.dtype(ops.convert_to_tensor([1.5, 2])) == "float32"
    assert ops.dtype(ops.convert_to_tensor(True)) == "bool"
    assert ops.dtype(ops.convert_to_tensor(np.zeros(2))) == "float64"


INT_AND_FLOAT = ["bool", "int8", "uint8", "int16", "int32", "int64", "float16", "float32"]


@pytest.mark.parametrize("a", INT_AND_FLOAT)
@pytest.mark.parametrize("b", INT_AND_FLOAT)
def test_add_follows_the_table_on_this_engine(a, b):
    x = ops.convert_to_tensor(np.ones((2,), dtype=a))
    y = ops.convert_to_tensor(np.ones((2,), dtype=b))
    assert ops.dtype(ops.add(x, y)) == dtypes.result_type(a, b)
    symbolic = ops.add(backends.KerasTensor((None, 2), a), backends.KerasTensor((2,), b))
    assert symbolic.dtype == dtypes.result_type(a, b)
