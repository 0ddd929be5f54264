"""Fused front ends (Note [fused front ends] in kbackend/ops/numpy.py) change no result.

A fused public op must give exactly what the generic front end gives (the engine function)
for every input kind: fast-path inputs, mixed dtypes, 0-d tensors, Python scalars, unsigned
ints, lists and KerasTensors; and it keeps the public name, docstring and signature.
"""

import importlib
import inspect
import warnings

import numpy as np
import pytest

from kbackend import KerasTensor, backends, ops
from kbackend.backends.common import dtypes

FUSED = sorted(getattr(backends.numpy, "FUSED_FRONT_ENDS", {}))
BINARY = [name for name in ("add", "subtract", "multiply", "matmul") if name in FUSED]
UNARY = [name for name in ("exp", "log", "sqrt", "tanh") if name in FUSED]

RNG = np.random.default_rng(3)
F32 = RNG.uniform(0.5, 2.0, (3, 3)).astype("float32")
F64 = RNG.uniform(0.5, 2.0, (3, 3)).astype("float64")
F16 = RNG.uniform(0.5, 2.0, (3, 3)).astype("float16")
I32 = RNG.integers(1, 5, (3, 3)).astype("int32")
U32 = RNG.integers(1, 5, (3, 3)).astype("uint32")
I8 = RNG.integers(1, 5, (3, 3)).astype("int8")

BINARY_CASES = {
    "same float32": (F32, F32),
    "same float64": (F64, F64),
    "same float16": (F16, F16),
    "float32, float64": (F32, F64),
    "int32, float32": (I32, F32),
    "same int32": (I32, I32),
    "same uint32": (U32, U32),
    "int8, uint32": (I8, U32),
    "0-d float64, float32": (np.array(2.0), F32),
    "float32, 0-d int64": (F32, np.array(3)),
    "float32, python float": (F32, 2.5),
    "float16, python int": (F16, 3),
    "int8, python int": (I8, 3),
    "int32, python float": (I32, 2.5),
    "bool, python int": (np.array([[True, False, True]] * 3), 2),
    "list, float32": ([[1.0, 2.0, 3.0]] * 3, F32),
    # Note [same-dtype fast path] (numpy engine): any one dtype, not only native floats.
    "same int8": (I8, I8),
    "same uint8": (I8.astype("uint8"), I8.astype("uint8")),
    "same int64": (I32.astype("int64"), I32.astype("int64")),
    "same bool": (np.array([[True, False, True]] * 3), np.array([[True, True, False]] * 3)),
    "same bfloat16": (F32.astype(dtypes.numpy_dtype("bfloat16")),
                      F64.astype(dtypes.numpy_dtype("bfloat16"))),
    "same complex64": (F32.astype("complex64"), F64.astype("complex64")),
    "0-d same float32": (np.array(1.5, "float32"), np.array(2.5, "float32")),
    "0-d same int32": (np.array(3, "int32"), np.array(4, "int32")),
    "float32, transposed float32": (F32, F32.T),
}


def _engine_function(name):
    return getattr(backends.numpy, name)


def _convert(value):
    if isinstance(value, np.ndarray):
        return ops.convert_to_tensor(value, dtype=dtypes.standardize_dtype(value.dtype))
    return value


def _same(actual, expected):
    actual_np, expected_np = ops.convert_to_numpy(actual), ops.convert_to_numpy(expected)
    assert actual_np.dtype == expected_np.dtype
    assert actual_np.shape == expected_np.shape
    np.testing.assert_array_equal(actual_np, expected_np)


@pytest.mark.parametrize("name", FUSED)
def test_fused_op_keeps_the_public_face(name):
    fused = getattr(ops, name)
    assert fused is getattr(importlib.import_module("kbackend.ops.numpy"), name)
    assert fused.__name__ == name
    assert fused.__module__ == "kbackend.ops.numpy"
    assert "Example:" in fused.__doc__
    assert inspect.signature(fused) == inspect.signature(fused.__wrapped__)


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("case", sorted(BINARY_CASES))
def test_fused_binary_equals_the_engine_function(name, case):
    x1, x2 = (_convert(v) for v in BINARY_CASES[case])
    try:
        expected = _engine_function(name)(x1, x2)
    except (TypeError, ValueError, RuntimeError) as e:
        with pytest.raises(type(e)):
            getattr(ops, name)(x1, x2)
        return
    _same(getattr(ops, name)(x1, x2), expected)


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("value", [F32, F64, F16, I32, U32, np.array(0.5, "float32"),
                                   [0.5, 2.0]], ids=repr)
def test_fused_unary_equals_the_engine_function(name, value):
    x = _convert(value)
    _same(getattr(ops, name)(x), _engine_function(name)(x))


@pytest.mark.parametrize("name", BINARY + UNARY)
def test_fused_op_stays_symbolic(name):
    x = KerasTensor((2, 2), dtype="float16")
    out = getattr(ops, name)(*([x, x] if name in BINARY else [x]))
    assert isinstance(out, KerasTensor)
    assert out.shape == (2, 2) and out.dtype == "float16"


def test_overflow_is_silent_and_numpy_error_state_is_kept():
    big = ops.convert_to_tensor(np.full((2,), 3e38, "float32"))
    before = np.geterr()
    with warnings.catch_warnings(record=True) as caught:
        # Only the engine's own filter (Note [engine-scoped fp warnings]), not pytest's.
        warnings.simplefilter("always")
        if backends.ENGINE == "numpy":
            backends.numpy.silence_engine_fp_warnings()
        assert np.isinf(ops.convert_to_numpy(ops.add(big, big))).all()
        assert np.isinf(ops.convert_to_numpy(ops.multiply(big, 10.0))).all()
        assert np.isinf(ops.convert_to_numpy(ops.exp(big))).all()
        assert np.isnan(ops.convert_to_numpy(ops.log(-big))).all()
        assert [str(w.message) for w in caught] == []
        np.exp(np.full((2,), 1000.0, "float32"))  # the user's own NumPy call still warns
        assert [w.category for w in caught] == [RuntimeWarning]
    assert np.geterr() == before


def test_numpy_error_state_is_restored_after_an_error():
    before = np.geterr()
    with pytest.raises(Exception):  # noqa: B017 (each engine raises its own broadcast error)
        ops.add(ops.ones((2, 3)), ops.ones((4, 5)))
    assert np.geterr() == before
    with np.errstate(over="raise"):
        ops.add(ops.ones((2,)), ops.ones((2,)))
        assert np.geterr()["over"] == "raise"
