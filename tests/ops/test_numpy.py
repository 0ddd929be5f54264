"""Tests of ``kbackend.ops.numpy`` on the engine of this process (KBACKEND).

Each op is checked four ways, sampled to keep the run short: values against NumPy,
result dtypes against the promotion table (`kbackend.backends.common.dtypes`), symbolic
shape/dtype inference against the eager result, and shapes with unknown (None) dims.
"""

import numpy as np
import pytest

from kbackend import KerasTensor, ops
from kbackend.backends.common import dtypes
from kbackend.backends.common.config import floatx

RNG = np.random.default_rng(0)
A = RNG.uniform(0.1, 0.9, (2, 3)).astype("float32")  # in every unary op's domain
B = RNG.uniform(0.1, 0.9, (3,)).astype("float32")
M = RNG.normal(size=(3, 3)).astype("float32")
INTS = np.array([[3, 1, 2], [0, -4, 5]], dtype="int32")
BOOL = np.array([[True, False, True], [False, False, True]])


def to_np(x):
    if isinstance(x, (list, tuple)):
        return type(x)(to_np(v) for v in x)
    return ops.convert_to_numpy(x)


def dtype_name(x):
    return dtypes.standardize_dtype(to_np(x).dtype)


def assert_close(actual, expected, rtol=1e-5, atol=1e-6):
    if isinstance(expected, (list, tuple)):
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected):
            assert_close(a, e, rtol, atol)
        return
    actual = to_np(actual)
    expected = np.asarray(expected)
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    if actual.dtype.kind in "fc" or expected.dtype.kind in "fc":
        np.testing.assert_allclose(
            actual.astype(expected.dtype if expected.dtype.kind == "c" else np.float64),
            expected, rtol=rtol, atol=atol, equal_nan=True,
        )
    else:
        np.testing.assert_array_equal(actual, expected)


def symbolic(x):
    return KerasTensor(x.shape, dtype=dtypes.standardize_dtype(x.dtype))


def symbolize(value):
    if isinstance(value, np.ndarray):
        return symbolic(value)
    if isinstance(value, list) and value and all(isinstance(v, np.ndarray) for v in value):
        return [symbolic(v) for v in value]
    return value


def assert_spec_matches(spec, real):
    if isinstance(real, (list, tuple)):
        assert len(spec) == len(real)
        for s, r in zip(spec, real):
            assert_spec_matches(s, r)
        return
    real = to_np(real)
    assert isinstance(spec, KerasTensor), spec
    assert spec.shape == real.shape, (spec.shape, real.shape)
    assert spec.dtype == dtypes.standardize_dtype(real.dtype), (spec.dtype, real.dtype)


# --- unary elementwise ------------------------------------------------------------------

FLOAT_UNARY = {
    "sqrt": np.sqrt, "cbrt": np.cbrt, "exp": np.exp, "exp2": np.exp2, "expm1": np.expm1,
    "log": np.log, "log10": np.log10, "log1p": np.log1p, "log2": np.log2, "sin": np.sin,
    "cos": np.cos, "tan": np.tan, "arcsin": np.arcsin, "arccos": np.arccos,
    "arctan": np.arctan, "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh,
    "arcsinh": np.arcsinh, "arccosh": lambda x: np.arccosh(x + 1), "arctanh": np.arctanh,
    "ceil": np.ceil, "floor": np.floor, "trunc": np.trunc, "deg2rad": np.deg2rad,
    "rad2deg": np.rad2deg, "reciprocal": np.reciprocal, "sinc": np.sinc, "i0": np.i0,
    "fabs": np.fabs,
}


@pytest.mark.parametrize("name", sorted(FLOAT_UNARY))
def test_float_unary(name):
    x = A + 1 if name == "arccosh" else A
    out = getattr(ops, name)(x)
    assert_close(out, FLOAT_UNARY[name](A), rtol=1e-4)
    assert dtype_name(out) == "float32"
    # Ints become floatx; float16 stays float16.
    ints = np.array([1, 2, 3], dtype="int32")
    assert dtype_name(getattr(ops, name)(ints)) == floatx()
    assert dtype_name(getattr(ops, name)(x.astype("float16"))) == "float16"
    spec = getattr(ops, name)(KerasTensor((None, 3), dtype="int8"))
    assert spec.shape == (None, 3) and spec.dtype == floatx()


SAME_UNARY = {
    "abs": np.abs, "absolute": np.abs, "negative": np.negative, "square": np.square,
    "sign": np.sign, "conj": np.conj, "conjugate": np.conj, "copy": np.copy,
    "round": np.round, "nan_to_num": np.nan_to_num,
}


@pytest.mark.parametrize("name", sorted(SAME_UNARY))
@pytest.mark.parametrize("dtype", ["int32", "int8", "float32", "float16"])
def test_same_dtype_unary(name, dtype):
    x = (INTS if dtype.startswith("int") else INTS * 0.37).astype(dtype)
    out = getattr(ops, name)(x)
    assert_close(out, SAME_UNARY[name](x), rtol=1e-3)
    assert dtype_name(out) == dtype
    assert getattr(ops, name)(KerasTensor((None, 2), dtype=dtype)).dtype == dtype


PREDICATES = {
    "isnan": np.isnan, "isinf": np.isinf, "isfinite": np.isfinite, "isneginf": np.isneginf,
    "isposinf": np.isposinf, "isreal": np.isreal, "signbit": np.signbit,
    "logical_not": np.logical_not,
}


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_predicates(name):
    x = np.array([1.0, -np.inf, np.nan, np.inf, -0.0, 0.0], dtype="float32")
    out = getattr(ops, name)(x)
    assert_close(out, PREDICATES[name](x))
    assert dtype_name(out) == "bool"
    assert getattr(ops, name)(KerasTensor((None,))).dtype == "bool"


def test_bitwise_unary_and_round_decimals():
    x = np.array([0, 5, -3], dtype="int16")
    for name in ("bitwise_invert", "bitwise_not"):
        out = getattr(ops, name)(x)
        assert_close(out, np.invert(x))
        assert dtype_name(out) == "int16"
    assert_close(ops.round(np.array([1.234, 5.678], "float32"), 1), [1.2, 5.7], rtol=1e-5)
    assert dtype_name(ops.round(np.array([1, 2], "int32"))) == "int32"


def test_real_imag_angle_clip():
    x = np.array([1 + 2j, -3 - 1j], dtype="complex64")
    assert_close(ops.real(x), np.real(x))
    assert_close(ops.imag(x), np.imag(x))
    assert_close(ops.angle(x), np.angle(x), rtol=1e-5)
    assert dtype_name(ops.real(x)) == "float32"
    assert dtype_name(ops.angle(np.array([1, -1], "int32"))) == floatx()
    assert_close(ops.clip(INTS, -1, 2), np.clip(INTS, -1, 2))
    assert dtype_name(ops.clip(INTS, -1, 2)) == "int32"
    assert dtype_name(ops.clip(BOOL, 0, 1)) == "int32"
    assert dtype_name(ops.clip(A.astype("float16"), 0.2, 0.5)) == "float16"
    assert ops.clip(KerasTensor((None, 2), "bool"), 0, 1).dtype == "int32"


# --- binary elementwise -----------------------------------------------------------------

ARITH = {
    "add": np.add, "subtract": np.subtract, "multiply": np.multiply, "maximum": np.maximum,
    "minimum": np.minimum, "fmax": np.fmax, "fmin": np.fmin, "mod": np.mod,
    "floor_divide": np.floor_divide, "fmod": np.fmod, "power": np.power,
}
FLOAT_BINARY = {
    "divide": np.divide, "true_divide": np.true_divide, "arctan2": np.arctan2,
    "hypot": np.hypot, "logaddexp": np.logaddexp, "logaddexp2": np.logaddexp2,
    "nextafter": np.nextafter, "heaviside": np.heaviside,
}
COMPARE = {
    "equal": np.equal, "not_equal": np.not_equal, "greater": np.greater,
    "greater_equal": np.greater_equal, "less": np.less, "less_equal": np.less_equal,
    "logical_and": np.logical_and, "logical_or": np.logical_or,
    "logical_xor": np.logical_xor, "isclose": np.isclose,
}
INT_BINARY = {
    "bitwise_and": np.bitwise_and, "bitwise_or": np.bitwise_or,
    "bitwise_xor": np.bitwise_xor, "bitwise_left_shift": np.left_shift,
    "bitwise_right_shift": np.right_shift, "left_shift": np.left_shift,
    "right_shift": np.right_shift, "gcd": np.gcd, "lcm": np.lcm,
}
X1 = np.array([[1.5, -2.0, 3.0], [4.0, 5.5, -6.0]], dtype="float32")
X2 = np.array([2.0, 0.5, -3.0], dtype="float32")


@pytest.mark.parametrize("name", sorted(ARITH))
def test_arithmetic(name):
    fn = getattr(ops, name)
    x1 = np.abs(X1) if name == "power" else X1
    assert_close(fn(x1, X2), ARITH[name](x1, X2), rtol=1e-5)
    ints1, ints2 = np.array([[7, -7, 5]], "int32"), np.array([2, 3, 4], "int32")
    assert_close(fn(ints1, ints2), ARITH[name](ints1, ints2))
    assert dtype_name(fn(ints1, ints2)) == "int32"
    assert dtype_name(fn(ints1.astype("int8"), 2)) == "int8"
    assert dtype_name(fn(ints1.astype("int8"), ints2.astype("uint8"))) == "int16"
    spec = fn(KerasTensor((None, 1, 3), "int8"), KerasTensor((4, 1), "uint8"))
    assert spec.shape == (None, 4, 3) and spec.dtype == "int16"


@pytest.mark.parametrize("name", sorted(FLOAT_BINARY))
def test_float_binary(name):
    fn = getattr(ops, name)
    assert_close(fn(X1, X2), FLOAT_BINARY[name](X1, X2), rtol=1e-5)
    ints = np.array([1, 2, 3], "int32")
    assert dtype_name(fn(ints, ints)) == floatx()
    assert dtype_name(fn(X2.astype("float16"), 2.0)) == "float16"
    assert fn(KerasTensor((None, 3), "int32"), KerasTensor((3,), "int32")).dtype == floatx()


def test_divide_no_nan_and_ldexp():
    out = ops.divide_no_nan(np.array([1.0, 2.0], "float32"), np.array([0.0, 4.0], "float32"))
    assert_close(out, [0.0, 0.5])
    out = ops.ldexp(np.array([1.0, 3.0], "float32"), np.array([2, -1], "int32"))
    assert_close(out, [4.0, 1.5])
    assert dtype_name(out) == "float32"


@pytest.mark.parametrize("name", sorted(COMPARE))
def test_comparisons(name):
    fn = getattr(ops, name)
    x1, x2 = X1, np.array([1.5, 5.5, -6.0], "float32")
    assert_close(fn(x1, x2), COMPARE[name](x1, x2))
    assert dtype_name(fn(x1, x2)) == "bool"
    spec = fn(KerasTensor((None, 3)), KerasTensor((1, 3), "int32"))
    assert spec.shape == (None, 3) and spec.dtype == "bool"


@pytest.mark.parametrize("name", sorted(INT_BINARY))
def test_int_binary(name):
    x1, x2 = np.array([12, 9, 7], "int32"), np.array([1, 3, 2], "int32")
    out = getattr(ops, name)(x1, x2)
    assert_close(out, INT_BINARY[name](x1, x2))
    assert dtype_name(out) == "int32"
    assert dtype_name(getattr(ops, name)(x1.astype("uint8"), x2.astype("int8"))) == "int16"


# A sample that crosses every lattice edge once or twice (bool, signed/unsigned, ints with
# floats, bfloat16 with float16).
PAIRS = [
    ("bool", "int8"), ("bool", "float16"), ("uint8", "int8"), ("uint8", "uint16"),
    ("uint16", "int16"), ("uint32", "int32"), ("int8", "int16"), ("int16", "int64"),
    ("int32", "float16"), ("int64", "bfloat16"), ("uint8", "float32"),
    ("bfloat16", "float16"), ("float16", "float32"), ("float32", "float64"),
    ("int32", "int32"),
]


@pytest.mark.parametrize("d1,d2", PAIRS)
def test_promotion_table(d1, d2):
    x1 = ops.convert_to_tensor(np.ones((2,)), d1)
    x2 = ops.convert_to_tensor(np.ones((2,)), d2)
    expected = dtypes.result_type(d1, d2)
    for name in ("add", "multiply", "maximum", "where"):
        out = ops.where(np.array([True, False]), x1, x2) if name == "where" else (
            getattr(ops, name)(x1, x2)
        )
        assert ops.dtype(out) == expected, (name, d1, d2)
    assert ops.dtype(ops.concatenate([x1, x2])) == expected
    assert ops.dtype(ops.divide(x1, x2)) == dtypes.float_result_type(d1, d2)
    assert ops.add(KerasTensor((2,), d1), KerasTensor((2,), d2)).dtype == expected


@pytest.mark.parametrize(
    "dtype,scalar", [("int8", 1), ("int32", 1.0), ("float16", 1.0), ("uint8", 2), ("bool", 1)]
)
def test_weak_scalars(dtype, scalar):
    x = ops.convert_to_tensor(np.ones((2,)), dtype)
    expected = dtypes.result_type(dtype, scalar)
    assert ops.dtype(ops.add(x, scalar)) == expected
    assert ops.dtype(ops.multiply(scalar, x)) == expected
    assert ops.add(KerasTensor((2,), dtype), scalar).dtype == expected


def test_binary_shape_error_names_op():
    with pytest.raises(ValueError, match="add"):
        ops.add(KerasTensor((None, 3)), KerasTensor((4,)))


# --- reductions -------------------------------------------------------------------------

REDUCTIONS = {
    "sum": np.sum, "prod": np.prod, "mean": np.mean, "var": np.var, "std": np.std,
    "median": np.median, "max": np.max, "min": np.min, "amax": np.max, "amin": np.min,
    "ptp": np.ptp, "all": np.all, "any": np.any, "nansum": np.nansum,
    "nanprod": np.nanprod, "nanmean": np.nanmean, "nanvar": np.nanvar,
    "nanstd": np.nanstd, "nanmedian": np.nanmedian, "nanmax": np.nanmax,
    "nanmin": np.nanmin,
}
R = RNG.normal(size=(2, 3, 4)).astype("float32")


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
@pytest.mark.parametrize("axis,keepdims", [(None, False), (1, True), ((0, 2), False), (-1, False)])
def test_reductions(name, axis, keepdims):
    fn = getattr(ops, name)
    out = fn(R, axis=axis, keepdims=keepdims)
    assert_close(out, REDUCTIONS[name](R, axis=axis, keepdims=keepdims), rtol=1e-4, atol=1e-5)
    spec = fn(KerasTensor((None, 3, 4)), axis=axis, keepdims=keepdims)
    expected_shape = np.shape(REDUCTIONS[name](R, axis=axis, keepdims=keepdims))
    if axis is None or (isinstance(axis, tuple) and 0 in axis):
        assert spec.shape == expected_shape
    else:
        assert spec.shape == (None,) + expected_shape[1:]
    assert spec.dtype == dtype_name(out)


@pytest.mark.parametrize(
    "dtype,acc",
    [("bool", "int32"), ("int8", "int32"), ("int16", "int32"), ("uint8", "uint32"),
     ("uint16", "uint32"), ("int32", "int32"), ("int64", "int64"), ("float16", "float16"),
     ("bfloat16", "bfloat16"), ("float64", "float64")],
)
def test_reduction_dtypes(dtype, acc):
    x = ops.convert_to_tensor(np.array([[1, 0, 1], [1, 1, 0]]), dtype)
    for name in ("sum", "prod", "nansum", "nanprod", "cumsum", "cumprod", "trace"):
        assert ops.dtype(getattr(ops, name)(x)) == acc, name
        assert getattr(ops, name)(KerasTensor((2, 3), dtype)).dtype == acc, name
    for name in ("mean", "var", "std", "median", "nanmean", "quantile"):
        args = (0.5,) if name == "quantile" else ()
        expected = dtypes.float_result_type(dtype)
        assert ops.dtype(getattr(ops, name)(x, *args)) == expected, name
    if dtype != "bool":
        for name in ("max", "min", "amax", "amin", "ptp"):
            assert ops.dtype(getattr(ops, name)(x)) == dtype, name
    for name in ("argmax", "argmin", "count_nonzero", "argsort"):
        assert ops.dtype(getattr(ops, name)(x)) == "int32", name


@pytest.mark.parametrize("name", ["argmax", "argmin", "nanargmax", "nanargmin"])
@pytest.mark.parametrize("axis,keepdims", [(None, False), (1, False), (-1, True)])
def test_arg_reductions(name, axis, keepdims):
    ref = getattr(np, name)(R, axis=axis, keepdims=keepdims)
    assert_close(getattr(ops, name)(R, axis=axis, keepdims=keepdims), ref)
    spec = getattr(ops, name)(KerasTensor((2, 3, 4)), axis=axis, keepdims=keepdims)
    assert spec.shape == np.shape(ref) and spec.dtype == "int32"


@pytest.mark.parametrize("name", ["quantile", "percentile", "nanquantile", "nanpercentile"])
@pytest.mark.parametrize("q", [0.25, [0.1, 0.9]])
@pytest.mark.parametrize("axis,keepdims", [(None, False), (1, True)])
def test_quantiles(name, q, axis, keepdims):
    q = np.asarray(q) * (100 if "percentile" in name else 1)
    ref = getattr(np, name)(R, q, axis=axis, keepdims=keepdims)
    out = getattr(ops, name)(R, q, axis=axis, keepdims=keepdims)
    assert_close(out, ref, rtol=1e-4)
    q_arg = q if q.ndim == 0 else KerasTensor(q.shape)
    spec = getattr(ops, name)(KerasTensor((None, 3, 4)), q_arg, axis=axis, keepdims=keepdims)
    assert spec.shape[len(q.shape) + 1:] == np.shape(ref)[len(q.shape) + 1:]


@pytest.mark.parametrize("name", ["cumsum", "cumprod", "nancumsum", "nancumprod"])
@pytest.mark.parametrize("axis", [None, 0, -1])
def test_cumulative(name, axis):
    x = INTS[:, :2]
    assert_close(getattr(ops, name)(x, axis=axis), getattr(np, name)(x, axis=axis))
    assert ops.dtype(getattr(ops, name)(x, axis=axis, dtype="float32")) == "float32"
    spec = getattr(ops, name)(KerasTensor((None, 2), "int8"), axis=axis)
    assert spec.shape == ((None,) if axis is None else (None, 2)) and spec.dtype == "int32"


def test_average_count_nonzero_trace():
    w = np.array([1.0, 2.0, 3.0], "float32")
    assert_close(ops.average(A, axis=1, weights=w), np.average(A, axis=1, weights=w))
    assert_close(ops.average(A), np.average(A))
    assert ops.average(KerasTensor((None, 3)), axis=1).shape == (None,)
    assert_close(ops.count_nonzero(INTS, axis=0), np.count_nonzero(INTS, axis=0))
    assert_close(ops.count_nonzero(INTS), np.count_nonzero(INTS))
    assert_close(ops.trace(M, offset=1), np.trace(M, offset=1), rtol=1e-5)
    assert ops.trace(KerasTensor((3, 3, None))).shape == (None,)


# --- creation ---------------------------------------------------------------------------


def test_creation():
    for name in ("zeros", "ones", "empty"):
        out = getattr(ops, name)((2, 3))
        assert to_np(out).shape == (2, 3) and dtype_name(out) == floatx()
        assert dtype_name(getattr(ops, name)(2, dtype="int8")) == "int8"
    assert_close(ops.zeros((2,)), np.zeros(2))
    assert_close(ops.ones((2,)), np.ones(2))
    assert dtype_name(ops.full((2,), 3)) == "int32"
    assert dtype_name(ops.full((2,), 3.0)) == floatx()
    assert dtype_name(ops.full((2,), True)) == "bool"
    assert_close(ops.full((2, 2), 7, dtype="float16"), np.full((2, 2), 7))
    for name in ("zeros_like", "ones_like", "empty_like"):
        assert dtype_name(getattr(ops, name)(INTS)) == "int32"
        assert dtype_name(getattr(ops, name)(INTS, dtype="float16")) == "float16"
        spec = getattr(ops, name)(KerasTensor((None, 2), "int8"))
        assert spec.shape == (None, 2) and spec.dtype == "int8"
    assert_close(ops.full_like(INTS, 4), np.full_like(INTS, 4))
    assert ops.full_like(KerasTensor((None,), "int8"), 3).dtype == "int8"
    assert_close(ops.eye(3, 4, k=1), np.eye(3, 4, k=1))
    assert_close(ops.identity(3), np.identity(3))
    assert_close(ops.tri(3, 2, k=-1), np.tri(3, 2, k=-1))
    assert dtype_name(ops.eye(2)) == floatx() and dtype_name(ops.tri(2, dtype="int32")) == "int32"
    assert_close(ops.array([[1, 2]]), np.array([[1, 2]]))
    assert dtype_name(ops.array([1, 2])) == "int32"
    assert dtype_name(ops.array([1, 2], dtype="float16")) == "float16"


@pytest.mark.parametrize(
    "args,expected",
    [((5,), "int32"), ((1, 7, 2), "int32"), ((0.0, 1.0, 0.25), "float32"), ((1, 3.5), "float32")],
)
def test_arange(args, expected):
    out = ops.arange(*args)
    assert_close(out, np.arange(*args))
    assert dtype_name(out) == (floatx() if expected == "float32" else expected)
    assert dtype_name(ops.arange(3, dtype="float16")) == "float16"


def test_spaces_and_windows():
    assert_close(ops.linspace(0.0, 1.0, 5), np.linspace(0.0, 1.0, 5))
    assert_close(ops.linspace(0, 1, 4, endpoint=False), np.linspace(0, 1, 4, endpoint=False))
    values, step = ops.linspace(0.0, 2.0, 5, retstep=True)
    assert_close(values, np.linspace(0.0, 2.0, 5)) and np.isclose(to_np(step), 0.5)
    start, stop = np.array([0.0, 1.0], "float32"), np.array([1.0, 3.0], "float32")
    assert_close(ops.linspace(start, stop, 3, axis=1), np.linspace(start, stop, 3, axis=1))
    assert_close(ops.logspace(0.0, 2.0, 3), np.logspace(0.0, 2.0, 3), rtol=1e-5)
    assert_close(ops.logspace(0.0, 2.0, 3, base=2), np.logspace(0.0, 2.0, 3, base=2))
    assert_close(ops.geomspace(1.0, 1000.0, 4), np.geomspace(1.0, 1000.0, 4), rtol=1e-5)
    assert dtype_name(ops.linspace(0, 1, 3)) == floatx()
    assert dtype_name(ops.linspace(0, 1, 3, dtype="float64")) == "float64"
    spec = ops.linspace(KerasTensor((None,)), 1.0, 4, axis=-1)
    assert spec.shape == (None, 4)
    for name in ("bartlett", "blackman", "hamming", "hanning"):
        out = getattr(ops, name)(5)
        assert_close(out, getattr(np, name)(5), atol=1e-6)
        assert dtype_name(out) == floatx()
    assert_close(ops.kaiser(5, 2.0), np.kaiser(5, 2.0), rtol=1e-5)


# --- everything else: values vs NumPy and symbolic == eager (shapes and dtypes) ---------

F = RNG.normal(size=(2, 3, 4)).astype("float32")
V = np.array([3.0, 1.0, 2.0, 5.0], "float32")
W45 = RNG.normal(size=(4, 5)).astype("float32")
IDX = np.array([[0, 2], [1, 1]], "int32")
CASES = [
    ("append", (INTS, B), {}, lambda: np.append(INTS, B.astype("float32"))),
    ("append", (A, A), {"axis": 0}, lambda: np.append(A, A, axis=0)),
    ("argpartition", (V, 1), {}, None),
    ("argsort", (F,), {"axis": 1}, lambda: np.argsort(F, axis=1)),
    ("argsort", (V,), {"axis": None}, lambda: np.argsort(V)),
    ("array_split", (V, 3), {}, lambda: np.array_split(V, 3)),
    ("bincount", (np.array([0, 1, 1, 4], "int32"),), {"minlength": 6},
     lambda: np.bincount([0, 1, 1, 4], minlength=6)),
    ("bincount", (np.array([0, 1, 1], "int32"),), {"weights": np.array([0.5, 1, 2], "float32")},
     lambda: np.bincount([0, 1, 1], weights=[0.5, 1, 2])),
    ("broadcast_to", (B, (2, 3)), {}, lambda: np.broadcast_to(B, (2, 3))),
    ("concatenate", ([A, A],), {"axis": 1}, lambda: np.concatenate([A, A], axis=1)),
    ("concatenate", ([A, INTS],), {"axis": 0}, lambda: np.concatenate([A, INTS])),
    ("corrcoef", (A,), {}, lambda: np.corrcoef(A)),
    ("correlate", (V, B), {}, lambda: np.correlate(V, B)),
    ("correlate", (V, B), {"mode": "full"}, lambda: np.correlate(V, B, mode="full")),
    ("correlate", (V, B), {"mode": "same"}, lambda: np.correlate(V, B, mode="same")),
    ("cross", (A, A[::-1]), {}, lambda: np.cross(A, A[::-1])),
    ("diag", (M,), {"k": 1}, lambda: np.diag(M, k=1)),
    ("diag", (B,), {}, lambda: np.diag(B)),
    ("diagflat", (A,), {}, lambda: np.diagflat(A)),
    ("diagonal", (F,), {"offset": 1, "axis1": 1, "axis2": 2},
     lambda: np.diagonal(F, 1, 1, 2)),
    ("diff", (F,), {"n": 2, "axis": 2}, lambda: np.diff(F, n=2, axis=2)),
    ("digitize", (V, np.array([0.0, 2.0, 4.0], "float32")), {},
     lambda: np.digitize(V, [0.0, 2.0, 4.0])),
    ("dot", (M, B), {}, lambda: np.dot(M, B)),
    ("dot", (F, W45), {}, lambda: np.dot(F, W45)),
    ("dsplit", (F, 2), {}, lambda: np.dsplit(F, 2)),
    ("dstack", ([A, A],), {}, lambda: np.dstack([A, A])),
    ("einsum", ("ijk,kl->ijl", F, W45), {}, lambda: np.einsum("ijk,kl->ijl", F, W45)),
    ("einsum", ("ij->ji", A), {}, lambda: A.T),
    ("einsum", ("...j,j", F[..., :3], B), {}, lambda: np.einsum("...j,j", F[..., :3], B)),
    ("expand_dims", (A, (0, 3)), {}, lambda: np.expand_dims(A, (0, 3))),
    ("flip", (F,), {"axis": (0, 2)}, lambda: np.flip(F, (0, 2))),
    ("fliplr", (A,), {}, lambda: np.fliplr(A)),
    ("flipud", (A,), {}, lambda: np.flipud(A)),
    ("get_item", (F, (slice(None), 1)), {}, lambda: F[:, 1]),
    ("get_item", (F, (Ellipsis, None, slice(1, 3))), {}, lambda: F[..., None, 1:3]),
    ("get_item", (F, (0, slice(None, None, -1), -1)), {}, lambda: F[0, ::-1, -1]),
    ("get_item", (F, np.array([1, 0], "int32")), {}, lambda: F[[1, 0]]),
    ("histogram", (V,), {"bins": 3}, lambda: (np.histogram(V, 3)[0], np.histogram(V, 3)[1])),
    ("hsplit", (A, 3), {}, lambda: np.hsplit(A, 3)),
    ("hstack", ([A, INTS],), {}, lambda: np.hstack([A, INTS])),
    ("inner", (A, A), {}, lambda: np.inner(A, A)),
    ("isin", (INTS, np.array([1, 2, 5], "int32")), {}, lambda: np.isin(INTS, [1, 2, 5])),
    ("kron", (A, INTS), {}, lambda: np.kron(A, INTS)),
    ("matmul", (F, W45), {}, lambda: F @ W45),
    ("matmul", (B, M), {}, lambda: B @ M),
    ("meshgrid", (V, B), {}, lambda: np.meshgrid(V, B)),
    ("meshgrid", (V, B), {"indexing": "ij"}, lambda: np.meshgrid(V, B, indexing="ij")),
    ("moveaxis", (F, 0, -1), {}, lambda: np.moveaxis(F, 0, -1)),
    ("moveaxis", (F, (0, 1), (2, 0)), {}, lambda: np.moveaxis(F, (0, 1), (2, 0))),
    ("outer", (B, V), {}, lambda: np.outer(B, V)),
    ("pad", (A, ((1, 2), (0, 1))), {}, lambda: np.pad(A, ((1, 2), (0, 1)))),
    ("pad", (A, 1), {"mode": "reflect"}, lambda: np.pad(A, 1, mode="reflect")),
    ("pad", (INTS, 1), {"constant_values": 7}, lambda: np.pad(INTS, 1, constant_values=7)),
    ("ravel", (F,), {}, lambda: np.ravel(F)),
    ("repeat", (A, 2), {"axis": 1}, lambda: np.repeat(A, 2, axis=1)),
    ("repeat", (A, 2), {}, lambda: np.repeat(A, 2)),
    ("reshape", (F, (4, -1)), {}, lambda: F.reshape(4, -1)),
    ("roll", (F, 2), {"axis": 1}, lambda: np.roll(F, 2, axis=1)),
    ("roll", (A, 1), {}, lambda: np.roll(A, 1)),
    ("rot90", (A,), {"k": 3}, lambda: np.rot90(A, 3)),
    ("searchsorted", (np.sort(V), A * 5), {"side": "right"},
     lambda: np.searchsorted(np.sort(V), A * 5, side="right")),
    ("select", ([A > 0.5, A < 0.2], [A, -A]), {"default": 1.0},
     lambda: np.select([A > 0.5, A < 0.2], [A, -A], 1.0)),
    ("slogdet", (M,), {}, lambda: tuple(np.linalg.slogdet(M))),
    ("sort", (F,), {"axis": 1}, lambda: np.sort(F, axis=1)),
    ("split", (F, [1, 3]), {"axis": 2}, lambda: np.split(F, [1, 3], axis=2)),
    ("squeeze", (F[:, :1],), {"axis": 1}, lambda: np.squeeze(F[:, :1], 1)),
    ("stack", ([A, A, A],), {"axis": -1}, lambda: np.stack([A, A, A], -1)),
    ("swapaxes", (F, 0, 2), {}, lambda: np.swapaxes(F, 0, 2)),
    ("take", (A, IDX - 1), {"axis": 0}, lambda: np.take(A, IDX - 1, axis=0)),
    ("take", (F, IDX), {"axis": 1}, lambda: np.take(F, IDX, axis=1)),
    ("take", (F, IDX), {}, lambda: np.take(F, IDX)),
    ("take_along_axis", (A, np.array([[2], [0]], "int32")), {"axis": 1},
     lambda: np.take_along_axis(A, np.array([[2], [0]]), 1)),
    ("tensordot", (F, M), {"axes": ([1], [0])}, lambda: np.tensordot(F, M, ([1], [0]))),
    ("tensordot", (A, A), {"axes": 2}, lambda: np.tensordot(A, A, 2)),
    ("tile", (A, (2, 1, 2)), {}, lambda: np.tile(A, (2, 1, 2))),
    ("transpose", (F, (2, 0, 1)), {}, lambda: np.transpose(F, (2, 0, 1))),
    ("transpose", (F,), {}, lambda: F.T),
    ("trapezoid", (F,), {"axis": 1}, lambda: np.trapezoid(F, axis=1)),
    ("trapezoid", (V, B[[0, 1, 2, 2]] + np.arange(4, dtype="float32")), {},
     lambda: np.trapezoid(V, B[[0, 1, 2, 2]] + np.arange(4))),
    ("tril", (F,), {"k": -1}, lambda: np.tril(F, -1)),
    ("triu", (F,), {"k": 1}, lambda: np.triu(F, 1)),
    ("unique", (np.array([3, 1, 3, 2], "int32"),), {"return_counts": True},
     lambda: np.unique([3, 1, 3, 2], return_counts=True)),
    ("unique", (np.array([3, 1, 3, 2], "int32"),), {"size": 5},
     lambda: np.array([1, 2, 3, 1, 1])),
    ("unravel_index", (np.array([1, 5], "int32"), (2, 3)), {},
     lambda: np.unravel_index([1, 5], (2, 3))),
    ("vander", (B,), {"N": 4, "increasing": True}, lambda: np.vander(B, 4, increasing=True)),
    ("vdot", (A, A), {}, lambda: np.vdot(A, A)),
    ("view", (A, "int32"), {}, lambda: A.view("int32")),
    ("vsplit", (F, 2), {}, lambda: np.vsplit(F, 2)),
    ("vstack", ([A, B],), {}, lambda: np.vstack([A, B])),
    ("where", (A > 0.5, A, 0.0), {}, lambda: np.where(A > 0.5, A, 0.0)),
    ("where", (BOOL,), {}, lambda: np.nonzero(BOOL)),
    ("nonzero", (BOOL,), {}, lambda: np.nonzero(BOOL)),
]


def _case_id(case):
    return case[0]


@pytest.mark.parametrize("name,args,kwargs,reference", CASES, ids=[c[0] for c in CASES])
def test_values_and_symbolic(name, args, kwargs, reference):
    fn = getattr(ops, name)
    out = fn(*args, **kwargs)
    if reference is not None:
        expected = reference()
        if name == "argpartition":
            expected = None
        if expected is not None:
            assert_close(out, expected, rtol=1e-4, atol=1e-5)
    if name in ("bincount", "unique", "nonzero", "histogram") or (
        name == "where" and len(args) == 1
    ):
        return  # data-dependent sizes: covered in test_data_dependent_shapes
    spec = fn(*[symbolize(a) for a in args], **kwargs)
    assert_spec_matches(spec, out)


def test_data_dependent_shapes():
    spec = ops.unique(KerasTensor((None,), "int32"), return_inverse=True)
    assert spec[0].shape == (None,) and spec[1].shape == (None,) and spec[1].dtype == "int32"
    assert ops.unique(KerasTensor((4,), "int32"), size=3).shape == (3,)
    assert ops.nonzero(KerasTensor((2, 3)))[1].shape == (None,)
    assert ops.bincount(KerasTensor((None,), "int32")).dtype == "int32"
    counts, edges = ops.histogram(KerasTensor((None,)), bins=4)
    assert counts.shape == (4,) and edges.shape == (5,)
    out = ops.bincount(np.array([[0, 1], [2, 2]], "int32"))
    assert_close(out, [[1, 1, 0], [0, 0, 2]])


@pytest.mark.parametrize(
    "name,args,kwargs,shape",
    [
        ("reshape", ((None, 2, 3), (-1, 6)), {}, (None, 6)),
        ("reshape", ((4, 3), (2, -1)), {}, (2, 6)),
        ("transpose", ((None, 2, 3),), {}, (3, 2, None)),
        ("expand_dims", ((None, 2),), {"axis": -1}, (None, 2, 1)),
        ("squeeze", ((None, 1, 3),), {}, (None, 3)),
        ("concatenate", ([(None, 2), (3, 2)],), {}, (None, 2)),
        ("concatenate", ([(None, 2), (None, 3)],), {"axis": 1}, (None, 5)),
        ("stack", ([(None, 2), (None, 2)],), {"axis": 1}, (None, 2, 2)),
        ("matmul", ((None, 5, 2), (2, 7)), {}, (None, 5, 7)),
        ("matmul", ((None, 1, 5, 2), (4, 2, None)), {}, (None, 4, 5, None)),
        ("dot", ((None, 3), (3,)), {}, (None,)),
        ("tensordot", ((None, 3, 4), (4, 5)), {"axes": 1}, (None, 3, 5)),
        ("einsum", ("bij,bjk->bik", (None, 2, 3), (None, 3, 4)), {}, (None, 2, 4)),
        ("einsum", ("...ij,jk", (None, 2, 3), (3, 4)), {}, (None, 2, 4)),
        ("get_item", ((None, 4), (slice(None), slice(1, 3))), {}, (None, 2)),
        ("get_item", ((None, 4), (Ellipsis, None)), {}, (None, 4, 1)),
        ("get_item", ((None, 4), 0), {}, (4,)),
        ("pad", ((None, 4), ((1, 1), (2, 0))), {}, (None, 6)),
        ("tile", ((None, 4), (1, 2)), {}, (None, 8)),
        ("repeat", ((None, 4), 3), {"axis": 1}, (None, 12)),
        ("split", ((None, 4), 2), {"axis": 1}, [(None, 2), (None, 2)]),
        ("diff", ((None, 4),), {}, (None, 3)),
        ("broadcast_to", ((None, 1),), {"shape": (5, 3)}, (5, 3)),
        ("take", ((None, 4), (2, 3)), {"axis": 1}, (None, 2, 3)),
        ("where", ((None, 1), (3,), (1, 3)), {}, (None, 3)),
        ("kron", ((None, 2), (3, 3)), {}, (None, 6)),
        ("argsort", ((None, 4),), {}, (None, 4)),
        ("cross", ((None, 3), (None, 3)), {}, (None, 3)),
        ("correlate", ((None,), (3,)), {}, (None,)),
        ("flip", ((None, 4),), {"axis": 1}, (None, 4)),
        ("rot90", ((None, 4),), {}, (4, None)),
        ("moveaxis", ((None, 2, 3),), {"source": 0, "destination": -1}, (2, 3, None)),
        ("clip", ((None, 4), 0, 1), {}, (None, 4)),
        ("trace", ((None, 3, 3),), {"axis1": 1, "axis2": 2}, (None,)),
        ("slogdet", ((None, 3, 3),), {}, [(None,), (None,)]),
        ("take_along_axis", ((None, 4), (1, 2)), {"axis": 1}, (None, 2)),
        ("append", ((None, 4), (2, 4)), {"axis": 0}, (None, 4)),
        ("vstack", ([(None, 4), (2, 4)],), {}, (None, 4)),
        ("hstack", ([(None, 4), (None, 2)],), {}, (None, 6)),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_unknown_dims(name, args, kwargs, shape):
    def tensor(value):
        if isinstance(value, list):
            return [KerasTensor(s) for s in value]
        return KerasTensor(value) if isinstance(value, tuple) else value

    args = list(args)
    if name in ("matmul", "dot", "tensordot", "kron", "cross", "correlate", "append"):
        args = [tensor(a) for a in args]
    elif name == "einsum":
        args = [args[0]] + [KerasTensor(s) for s in args[1:]]
    elif name in ("get_item", "pad", "tile", "repeat", "split"):
        args = [KerasTensor(args[0])] + args[1:]
    elif name == "take":
        args = [KerasTensor(args[0]), KerasTensor(args[1], "int32")]
    elif name == "take_along_axis":
        args = [KerasTensor(args[0]), KerasTensor(args[1], "int32")]
    elif name == "where":
        args = [KerasTensor(args[0], "bool")] + [KerasTensor(s) for s in args[1:]]
    else:
        args = [tensor(args[0])] + args[1:]
    out = getattr(ops, name)(*args, **kwargs)
    if isinstance(shape, list):
        assert [o.shape for o in out] == shape
    else:
        assert out.shape == shape


@pytest.mark.parametrize(
    "name,args",
    [
        ("matmul", ((None, 3), (4, 5))),
        ("reshape", ((2, 3), (4, 2))),
        ("concatenate", ([(2, 3), (2, 4)],)),
        ("squeeze", ((2, 3),)),
        ("tensordot", ((2, 3), (4, 5))),
    ],
)
def test_shape_errors(name, args):
    def tensor(value):
        if isinstance(value, list):
            return [KerasTensor(s) for s in value]
        return KerasTensor(value)

    call_args = [tensor(args[0])] + list(args[1:])
    if name in ("matmul", "tensordot"):
        call_args = [KerasTensor(a) for a in args]
    kwargs = {"axis": 0} if name == "squeeze" else {}
    with pytest.raises(ValueError, match=name):
        getattr(ops, name)(*call_args, **kwargs)


def test_get_item_and_operators():
    x = ops.convert_to_tensor(F)
    assert_close(x[0], F[0])
    assert_close(x[:, 1:, ::2], F[:, 1:, ::2])
    assert_close(x[..., None], F[..., None])
    assert_close(ops.get_item(A, A > 0.5), A[A > 0.5])
    assert_close(ops.get_item(F, (slice(None), np.array([2, 0]))), F[:, [2, 0]])
    spec = KerasTensor((None, 3))[KerasTensor((None, 3), "bool")]
    assert spec.shape == (None,)
    spec = KerasTensor((5, 3))[KerasTensor((2,), "int32")]
    assert spec.shape == (2, 3)


def test_misc_scalars_and_vectorize():
    assert ops.ndim(F) == 3
    assert ops.size(F) == 24
    assert ops.ndim(KerasTensor((None, 2))).dtype == "int32"
    assert bool(to_np(ops.allclose(A, A + 1e-9)))
    assert ops.allclose(KerasTensor((2,)), KerasTensor((2,))).shape == ()
    double = ops.vectorize(lambda v: v * 2)
    assert_close(double(ops.convert_to_tensor(B)), B * 2)
    assert_close(ops.view(np.array([1.0], "float32"), "int32"), np.array([1.0], "f4").view("i4"))
    assert ops.view(KerasTensor((None, 4), "float32"), "int16").shape == (None, 8)


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int32", "float16", "float32"])
def test_matmul_dtypes(dtype):
    x = ops.convert_to_tensor(np.ones((2, 2)), dtype)
    expected = "int32" if dtype in ("int8", "uint8") else dtype
    for name in ("matmul", "dot", "inner", "outer", "tensordot"):
        assert ops.dtype(getattr(ops, name)(x, x)) == expected, name
        assert getattr(ops, name)(KerasTensor((2, 2), dtype), KerasTensor((2, 2), dtype)).dtype \
            == expected, name
    assert ops.dtype(ops.einsum("ij,jk->ik", x, x)) == expected
    assert ops.dtype(ops.vdot(x, x)) == expected
    assert ops.dtype(ops.matmul(x, ops.convert_to_tensor(np.ones((2, 2)), "int8"))) == (
        "int32" if dtype in ("int8", "uint8") else dtypes.result_type(dtype, "int8")
    )


def test_variables_are_accepted():
    from kbackend import Variable

    v = Variable(np.ones((2, 3), "float32"))
    assert_close(ops.add(v, 1.0), np.full((2, 3), 2.0))
    assert_close(ops.sum(v, axis=0), np.full((3,), 2.0))
    assert_close(ops.reshape(v, (3, 2)), np.ones((3, 2)))
