import builtins
import functools
import warnings

import numpy as np

from kbackend.backends.common import config, dtypes
from kbackend.backends.numpy.core import convert_to_tensor

# Reductions that accumulate (sum, prod, cumsum, ...) widen small ints (the dtype rules).
_ACCUMULATE_DTYPES = {
    "bool": "int32",
    "int8": "int32",
    "int16": "int32",
    "uint8": "uint32",
    "uint16": "uint32",
}


@functools.lru_cache(maxsize=64)
def _np(dtype):
    return dtypes.numpy_dtype(dtype)


def _dtype(x):
    return dtypes.standardize_dtype(x.dtype)


def _compute_dtype(dtype):
    # NOTE: NumPy has few bfloat16 kernels (sorting, reductions, linalg); compute those in
    # float32 and cast the result back.
    return "float32" if dtype == "bfloat16" else dtype


def _cast(x, dtype):
    return np.asarray(x).astype(_np(dtype), copy=False)


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _promote(x1, x2):
    # Fast path: two arrays of one dtype need no promotion.
    if isinstance(x1, np.ndarray) and isinstance(x2, np.ndarray) and x1.dtype == x2.dtype:
        return x1, x2
    dtype = dtypes.result_type(x1, x2)
    return convert_to_tensor(x1, dtype), convert_to_tensor(x2, dtype)


def _promote_all(xs):
    xs = list(xs)
    dtype = dtypes.result_type(*xs)
    return [convert_to_tensor(x, dtype) for x in xs], dtype


def _float_compute(fn, dtype, *xs):
    compute = _compute_dtype(dtype)
    xs = [convert_to_tensor(x, compute) for x in xs]
    # NOTE: NumPy warns on domain errors (log(-1), 1/0); the other engines silently give
    # NaN/inf, and so does this one.
    with np.errstate(all="ignore"):
        return _cast(fn(*xs), dtype)


# Float dtypes NumPy computes in directly (bfloat16 is computed in float32).
_NATIVE_FLOATS = frozenset(np.dtype(name) for name in ("float16", "float32", "float64"))
# The same three as singletons: NumPy's native-order builtin dtypes are shared objects, and
# an identity test is several times cheaper than hashing a dtype for the set lookup (other
# byte orders simply take the general path).
_F32, _F64, _F16 = np.dtype("float32"), np.dtype("float64"), np.dtype("float16")


# Note [engine-scoped fp warnings]: jax, torch and tensorflow never warn when a float op
# overflows or divides by zero (inf/nan is the answer), so this engine must not either. A
# `with np.errstate(all="ignore")` around each op does that but costs ~2 µs, four times an 8x8
# `np.add`. The fast paths below call the ufunc directly instead: NumPy attributes an fp
# warning to the Python frame that called the ufunc (this module), so one warnings filter
# scoped to this engine's modules silences exactly those, costs nothing when no warning is
# raised, and leaves the user's own NumPy calls warning as usual. Slower paths keep
# `np.errstate`, since they may go through NumPy's Python code (other modules' frames).
# A user who turns every warning into an error (`-W error`, `simplefilter("error")`) or sets
# `np.errstate(over="raise")` gets NumPy's own behaviour on these fast paths.
def silence_engine_fp_warnings():
    """Installs the engine-scoped filter (again, e.g. after `warnings.resetwarnings()`).

    Example:
    >>> silence_engine_fp_warnings()
    """
    warnings.filterwarnings(
        "ignore",
        message=r"(overflow|invalid value|divide by zero|underflow) encountered",
        category=RuntimeWarning,
        module=r"kbackend\.backends\.numpy\.",
    )


silence_engine_fp_warnings()


def _as_array(out):
    # NOTE: NumPy ufuncs return NumPy scalars for 0-d inputs; the engine returns arrays.
    return out if type(out) is np.ndarray else np.asarray(out)


def _float_unary(fn):
    def op(x):
        # Fast path: a float array keeps its dtype, so no dtype rule and no cast applies.
        if type(x) is np.ndarray and x.dtype in _NATIVE_FLOATS:
            return _as_array(fn(x))  # Note [engine-scoped fp warnings]
        x = convert_to_tensor(x)
        return _float_compute(fn, dtypes.float_result_type(x.dtype), x)

    op.__name__ = op.__qualname__ = fn.__name__
    return op


def _float_binary(fn):
    def op(x1, x2):
        return _float_compute(fn, dtypes.float_result_type(x1, x2), x1, x2)

    op.__name__ = op.__qualname__ = fn.__name__
    return op


_PYTHON_NUMBERS = (int, float)


def _binary(fn):
    def op(x1, x2):
        # Fast path: a float array with a float array of its dtype or with a Python
        # int/float. NumPy 2's weak scalars (NEP 50) keep the array's dtype, the table's
        # answer, without converting the scalar.
        if type(x1) is np.ndarray:
            dtype = x1.dtype
            if dtype in _NATIVE_FLOATS and (
                    type(x2) in _PYTHON_NUMBERS
                    or type(x2) is np.ndarray and x2.dtype is dtype):
                return fn(x1, x2)  # Note [engine-scoped fp warnings]
        x1, x2 = _promote(x1, x2)
        with np.errstate(all="ignore"):
            return fn(x1, x2)

    op.__name__ = op.__qualname__ = fn.__name__
    return op


def _compare(fn):
    def op(x1, x2):
        x1, x2 = _promote(x1, x2)
        return np.asarray(fn(x1, x2))

    op.__name__ = op.__qualname__ = fn.__name__
    return op


def _matmul_dtype(x1, x2):
    d1, d2 = _dtype(x1), _dtype(x2)
    if d1 in ("int8", "uint8") and d2 in ("int8", "uint8"):
        return "int32"
    return dtypes.result_type(d1, d2)


def _matmul_like(fn, x1, x2):
    x1, x2 = convert_to_tensor(x1), convert_to_tensor(x2)
    dtype = _matmul_dtype(x1, x2)
    compute = _compute_dtype(dtype)
    return _cast(fn(_cast(x1, compute), _cast(x2, compute)), dtype)


# --- elementwise arithmetic -------------------------------------------------------------

add = _binary(np.add)
subtract = _binary(np.subtract)
multiply = _binary(np.multiply)
maximum = _binary(np.maximum)
minimum = _binary(np.minimum)
fmax = _binary(np.fmax)
fmin = _binary(np.fmin)
floor_divide = _binary(np.floor_divide)
mod = _binary(np.mod)
fmod = _binary(np.fmod)


def power(x1, x2):
    x1, x2 = _promote(x1, x2)
    if dtypes.is_int_dtype(x1.dtype):
        # NOTE: NumPy raises on negative integer powers of integers; other engines
        # return 0 (or 1 for a base of +-1) as integer arithmetic does.
        x2 = np.where(x2 < 0, 0, x2) if np.any(x2 < 0) else x2
    with np.errstate(all="ignore"):
        return np.power(x1, x2)


divide = _float_binary(np.true_divide)
true_divide = _float_binary(np.true_divide)
arctan2 = _float_binary(np.arctan2)
hypot = _float_binary(np.hypot)
logaddexp = _float_binary(np.logaddexp)
logaddexp2 = _float_binary(np.logaddexp2)
nextafter = _float_binary(np.nextafter)
heaviside = _float_binary(np.heaviside)


def divide_no_nan(x1, x2):
    def fn(a, b):
        safe = np.where(b == 0, 1, b)
        return np.where(b == 0, 0, a / safe)

    return _float_compute(fn, dtypes.float_result_type(x1, x2), x1, x2)


def ldexp(x1, x2):
    x2 = convert_to_tensor(x2)
    if not dtypes.is_int_dtype(x2.dtype):
        raise TypeError(
            f"ldexp: the exponent x2 must be an integer tensor, got dtype {_dtype(x2)}."
        )
    dtype = dtypes.float_result_type(x1, x2)
    x1 = convert_to_tensor(x1, _compute_dtype(dtype))
    return _cast(np.ldexp(x1, x2.astype(np.int32)), dtype)


def gcd(x1, x2):
    x1, x2 = _promote(x1, x2)
    return np.gcd(x1, x2)


def lcm(x1, x2):
    x1, x2 = _promote(x1, x2)
    return np.lcm(x1, x2)


def _bitwise_binary(fn):
    def op(x, y):
        x, y = _promote(x, y)
        return fn(x, y)

    op.__name__ = op.__qualname__ = fn.__name__
    return op


bitwise_and = _bitwise_binary(np.bitwise_and)
bitwise_or = _bitwise_binary(np.bitwise_or)
bitwise_xor = _bitwise_binary(np.bitwise_xor)
bitwise_left_shift = _bitwise_binary(np.left_shift)
bitwise_right_shift = _bitwise_binary(np.right_shift)
left_shift = _bitwise_binary(np.left_shift)
right_shift = _bitwise_binary(np.right_shift)


def bitwise_invert(x):
    return np.invert(convert_to_tensor(x))


def bitwise_not(x):
    return np.invert(convert_to_tensor(x))


# --- comparisons and logic --------------------------------------------------------------

equal = _compare(np.equal)
not_equal = _compare(np.not_equal)
greater = _compare(np.greater)
greater_equal = _compare(np.greater_equal)
less = _compare(np.less)
less_equal = _compare(np.less_equal)
logical_and = _compare(np.logical_and)
logical_or = _compare(np.logical_or)
logical_xor = _compare(np.logical_xor)


def logical_not(x):
    return np.asarray(np.logical_not(convert_to_tensor(x)))


def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    x1, x2 = _promote(x1, x2)
    return np.asarray(np.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    x1, x2 = _promote(x1, x2)
    return np.asarray(np.allclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


def _predicate(fn):
    def op(x):
        return np.asarray(fn(convert_to_tensor(x)))

    op.__name__ = op.__qualname__ = fn.__name__
    return op


isnan = _predicate(np.isnan)
isinf = _predicate(np.isinf)
isfinite = _predicate(np.isfinite)
isneginf = _predicate(np.isneginf)
isposinf = _predicate(np.isposinf)
isreal = _predicate(np.isreal)
signbit = _predicate(np.signbit)


def isin(x1, x2, assume_unique=False, invert=False):
    x1, x2 = _promote(x1, x2)
    return np.asarray(np.isin(x1, x2, assume_unique=assume_unique, invert=invert))


# --- unary math -------------------------------------------------------------------------

sqrt = _float_unary(np.sqrt)
cbrt = _float_unary(np.cbrt)
exp = _float_unary(np.exp)
exp2 = _float_unary(np.exp2)
expm1 = _float_unary(np.expm1)
log = _float_unary(np.log)
log10 = _float_unary(np.log10)
log1p = _float_unary(np.log1p)
log2 = _float_unary(np.log2)
sin = _float_unary(np.sin)
cos = _float_unary(np.cos)
tan = _float_unary(np.tan)
arcsin = _float_unary(np.arcsin)
arccos = _float_unary(np.arccos)
arctan = _float_unary(np.arctan)
sinh = _float_unary(np.sinh)
cosh = _float_unary(np.cosh)
tanh = _float_unary(np.tanh)
arcsinh = _float_unary(np.arcsinh)
arccosh = _float_unary(np.arccosh)
arctanh = _float_unary(np.arctanh)
ceil = _float_unary(np.ceil)
floor = _float_unary(np.floor)
trunc = _float_unary(np.trunc)
deg2rad = _float_unary(np.deg2rad)
rad2deg = _float_unary(np.rad2deg)
reciprocal = _float_unary(np.reciprocal)
sinc = _float_unary(np.sinc)
i0 = _float_unary(np.i0)
fabs = _float_unary(np.fabs)


def abs(x):
    x = convert_to_tensor(x)
    if x.dtype == np.bool_:
        return x.copy()
    return np.absolute(x)


def absolute(x):
    return abs(x)


def negative(x):
    x = convert_to_tensor(x)
    if x.dtype == np.bool_:
        # NOTE: NumPy refuses unary minus on bool; -True is True in modular arithmetic.
        return x.copy()
    return np.negative(x)


def square(x):
    x = convert_to_tensor(x)
    if x.dtype == np.bool_:
        return x.copy()
    return np.square(x)


def sign(x):
    x = convert_to_tensor(x)
    if x.dtype == np.bool_:
        return x.copy()
    return np.sign(x)


def round(x, decimals=0):
    x = convert_to_tensor(x)
    dtype = _dtype(x)
    if dtype == "bool":
        return x.copy()
    if dtypes.is_int_dtype(dtype) and decimals >= 0:
        return x.copy()
    return _cast(np.round(_cast(x, _compute_dtype(dtype)), decimals), dtype)


def angle(x):
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(x.dtype)
    if dtype == "complex64":
        dtype = "float32"
    elif dtype == "complex128":
        dtype = "float64"
    return _cast(np.angle(_cast(x, _compute_dtype(dtypes.float_result_type(x.dtype)))), dtype)


def conj(x):
    return np.conj(convert_to_tensor(x))


def conjugate(x):
    return np.conjugate(convert_to_tensor(x))


def real(x):
    return np.asarray(np.real(convert_to_tensor(x)))


def imag(x):
    return np.asarray(np.imag(convert_to_tensor(x)))


def copy(x):
    return np.array(convert_to_tensor(x), copy=True)


def clip(x, x_min, x_max):
    x = convert_to_tensor(x)
    dtype = _dtype(x)
    if dtype == "bool":
        dtype = "int32"
        x = x.astype(np.int32)
    return _cast(np.clip(x, x_min, x_max), dtype)


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = convert_to_tensor(x)
    return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


# --- reductions -------------------------------------------------------------------------


def _accumulate_dtype(dtype):
    return _ACCUMULATE_DTYPES.get(dtype, dtype)


def _accumulate(fn, x, axis, keepdims, dtype=None):
    x = convert_to_tensor(x)
    if dtype is None:
        dtype = _accumulate_dtype(_dtype(x))
    else:
        dtype = dtypes.standardize_dtype(dtype)
    compute = _compute_dtype(dtype)
    return _cast(fn(x.astype(_np(compute)), axis=_axis(axis), keepdims=keepdims), dtype)


def sum(x, axis=None, keepdims=False):
    # Fast path: float arrays are summed in their own dtype, so an int axis (or all axes)
    # goes straight to NumPy.
    if type(x) is np.ndarray and x.dtype in _NATIVE_FLOATS and (
            axis is None or type(axis) is int):
        return _as_array(np.sum(x, axis=axis, keepdims=keepdims))
    return _accumulate(np.sum, x, axis, keepdims)


def prod(x, axis=None, keepdims=False, dtype=None):
    return _accumulate(np.prod, x, axis, keepdims, dtype)


def nansum(x, axis=None, keepdims=False):
    return _accumulate(np.nansum, x, axis, keepdims)


def nanprod(x, axis=None, keepdims=False):
    return _accumulate(np.nanprod, x, axis, keepdims)


def _cumulative(fn, x, axis, dtype):
    x = convert_to_tensor(x)
    dtype = _accumulate_dtype(_dtype(x)) if dtype is None else dtypes.standardize_dtype(dtype)
    return _cast(fn(x.astype(_np(_compute_dtype(dtype))), axis=axis), dtype)


def cumsum(x, axis=None, dtype=None):
    return _cumulative(np.cumsum, x, axis, dtype)


def cumprod(x, axis=None, dtype=None):
    return _cumulative(np.cumprod, x, axis, dtype)


def nancumsum(x, axis=None, dtype=None):
    return _cumulative(np.nancumsum, x, axis, dtype)


def nancumprod(x, axis=None, dtype=None):
    return _cumulative(np.nancumprod, x, axis, dtype)


def _float_reduce(fn, x, axis, keepdims, **kwargs):
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(x.dtype)
    compute = _compute_dtype(dtype)
    if compute == "float16":
        # NOTE: accumulate float16 statistics in float32, as the other engines do.
        compute = "float32"
    out = fn(x.astype(_np(compute)), axis=_axis(axis), keepdims=keepdims, **kwargs)
    return _cast(out, dtype)


def mean(x, axis=None, keepdims=False):
    return _float_reduce(np.mean, x, axis, keepdims)


def var(x, axis=None, keepdims=False):
    return _float_reduce(np.var, x, axis, keepdims)


def std(x, axis=None, keepdims=False):
    return _float_reduce(np.std, x, axis, keepdims)


def median(x, axis=None, keepdims=False):
    return _float_reduce(np.median, x, axis, keepdims)


def nanmean(x, axis=None, keepdims=False):
    return _float_reduce(np.nanmean, x, axis, keepdims)


def nanvar(x, axis=None, keepdims=False):
    return _float_reduce(np.nanvar, x, axis, keepdims)


def nanstd(x, axis=None, keepdims=False):
    return _float_reduce(np.nanstd, x, axis, keepdims)


def nanmedian(x, axis=None, keepdims=False):
    return _float_reduce(np.nanmedian, x, axis, keepdims)


def _quantile(fn, x, q, axis, method, keepdims):
    q = _as_float64(q)
    return _float_reduce(fn, x, axis, keepdims, q=q, method=method)


def _as_float64(q):
    return np.asarray(convert_to_tensor(q), dtype=np.float64)


def quantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(np.quantile, x, q, axis, method, keepdims)


def percentile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(np.percentile, x, q, axis, method, keepdims)


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(np.nanquantile, x, q, axis, method, keepdims)


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(np.nanpercentile, x, q, axis, method, keepdims)


def _keep_dtype_reduce(fn, x, axis, keepdims, **kwargs):
    x = convert_to_tensor(x)
    dtype = _dtype(x)
    compute = _compute_dtype(dtype)
    out = fn(x.astype(_np(compute), copy=False), axis=_axis(axis), keepdims=keepdims, **kwargs)
    return _cast(out, dtype)


def max(x, axis=None, keepdims=False, initial=None):
    kwargs = {} if initial is None else {"initial": initial}
    return _keep_dtype_reduce(np.max, x, axis, keepdims, **kwargs)


def min(x, axis=None, keepdims=False, initial=None):
    kwargs = {} if initial is None else {"initial": initial}
    return _keep_dtype_reduce(np.min, x, axis, keepdims, **kwargs)


def amax(x, axis=None, keepdims=False):
    return _keep_dtype_reduce(np.max, x, axis, keepdims)


def amin(x, axis=None, keepdims=False):
    return _keep_dtype_reduce(np.min, x, axis, keepdims)


def nanmax(x, axis=None, keepdims=False):
    return _keep_dtype_reduce(np.nanmax, x, axis, keepdims)


def nanmin(x, axis=None, keepdims=False):
    return _keep_dtype_reduce(np.nanmin, x, axis, keepdims)


def ptp(x, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    if x.dtype == np.bool_:
        return np.asarray(
            np.logical_xor(np.max(x, axis=_axis(axis), keepdims=keepdims),
                           np.min(x, axis=_axis(axis), keepdims=keepdims))
        )
    return _keep_dtype_reduce(np.ptp, x, axis, keepdims)


def all(x, axis=None, keepdims=False):
    return np.asarray(np.all(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims))


def any(x, axis=None, keepdims=False):
    return np.asarray(np.any(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims))


def _arg_reduce(fn, x, axis, keepdims):
    x = convert_to_tensor(x)
    x = x.astype(_np(_compute_dtype(_dtype(x))), copy=False)
    return np.asarray(fn(x, axis=axis, keepdims=keepdims)).astype(np.int32)


def argmax(x, axis=None, keepdims=False):
    return _arg_reduce(np.argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    return _arg_reduce(np.argmin, x, axis, keepdims)


def nanargmax(x, axis=None, keepdims=False):
    return _arg_reduce(np.nanargmax, x, axis, keepdims)


def nanargmin(x, axis=None, keepdims=False):
    return _arg_reduce(np.nanargmin, x, axis, keepdims)


def count_nonzero(x, axis=None):
    x = convert_to_tensor(x)
    return np.asarray(np.count_nonzero(x, axis=_axis(axis))).astype(np.int32)


def average(x, axis=None, weights=None):
    x = convert_to_tensor(x)
    if weights is None:
        return mean(x, axis=axis)
    weights = convert_to_tensor(weights)
    dtype = dtypes.float_result_type(x.dtype, weights.dtype)
    compute = _compute_dtype(dtype)
    if compute == "float16":
        compute = "float32"
    out = np.average(_cast(x, compute), axis=_axis(axis), weights=_cast(weights, compute))
    return _cast(out, dtype)


def trace(x, offset=0, axis1=0, axis2=1):
    x = convert_to_tensor(x)
    dtype = _accumulate_dtype(_dtype(x))
    out = np.trace(x.astype(_np(_compute_dtype(dtype))), offset=offset, axis1=axis1, axis2=axis2)
    return _cast(out, dtype)


# --- creation ---------------------------------------------------------------------------


def _dtype_or(dtype, default):
    return default if dtype is None else dtypes.standardize_dtype(dtype)


def _shape(shape):
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(d) for d in shape)


def zeros(shape, dtype=None):
    return np.zeros(_shape(shape), dtype=_np(_dtype_or(dtype, config.floatx())))


def ones(shape, dtype=None):
    return np.ones(_shape(shape), dtype=_np(_dtype_or(dtype, config.floatx())))


def empty(shape, dtype=None):
    return np.empty(_shape(shape), dtype=_np(_dtype_or(dtype, config.floatx())))


def full(shape, fill_value, dtype=None):
    fill_value = convert_to_tensor(fill_value)
    dtype = _dtype_or(dtype, _dtype(fill_value))
    return np.full(_shape(shape), fill_value, dtype=_np(dtype))


def zeros_like(x, dtype=None):
    x = convert_to_tensor(x)
    return np.zeros(x.shape, dtype=_np(_dtype_or(dtype, _dtype(x))))


def ones_like(x, dtype=None):
    x = convert_to_tensor(x)
    return np.ones(x.shape, dtype=_np(_dtype_or(dtype, _dtype(x))))


def empty_like(x, dtype=None):
    x = convert_to_tensor(x)
    return np.empty(x.shape, dtype=_np(_dtype_or(dtype, _dtype(x))))


def full_like(x, fill_value, dtype=None):
    x = convert_to_tensor(x)
    return np.full(x.shape, fill_value, dtype=_np(_dtype_or(dtype, _dtype(x))))


def eye(N, M=None, k=0, dtype=None):  # noqa: N803 (NumPy's argument names)
    return np.eye(N, M, k=k, dtype=_np(_dtype_or(dtype, config.floatx())))


def identity(n, dtype=None):
    return np.identity(n, dtype=_np(_dtype_or(dtype, config.floatx())))


def tri(N, M=None, k=0, dtype=None):  # noqa: N803 (NumPy's argument names)
    return np.tri(N, M, k=k, dtype=_np(_dtype_or(dtype, config.floatx())))


def arange(start, stop=None, step=None, dtype=None):
    if dtype is None:
        values = [v for v in (start, stop, step) if v is not None]
        is_int = builtins.all(
            isinstance(v, (int, np.integer)) or dtypes.is_int_dtype(getattr(v, "dtype", "float32"))
            for v in values
        )
        dtype = "int32" if is_int else config.floatx()
    dtype = dtypes.standardize_dtype(dtype)
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    return np.arange(start, stop, step, dtype=_np(_compute_dtype(dtype))).astype(_np(dtype))


def _space_dtype(dtype, start, stop):
    if dtype is not None:
        return dtypes.standardize_dtype(dtype)
    return dtypes.float_result_type(start, stop)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    dtype = _space_dtype(dtype, start, stop)
    out = np.linspace(
        convert_to_tensor(start), convert_to_tensor(stop), num, endpoint=endpoint,
        retstep=retstep, dtype=np.float64, axis=axis,
    )
    if retstep:
        return _cast(out[0], dtype), _cast(out[1], dtype)
    return _cast(out, dtype)


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    dtype = _space_dtype(dtype, start, stop)
    out = np.logspace(
        convert_to_tensor(start), convert_to_tensor(stop), num, endpoint=endpoint,
        base=base, dtype=np.float64, axis=axis,
    )
    return _cast(out, dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    dtype = _space_dtype(dtype, start, stop)
    out = np.geomspace(
        convert_to_tensor(start), convert_to_tensor(stop), num, endpoint=endpoint,
        dtype=np.float64, axis=axis,
    )
    return _cast(out, dtype)


def _window(fn, *args):
    return _cast(fn(*args), config.floatx())


def bartlett(x):
    return _window(np.bartlett, int(x))


def blackman(x):
    return _window(np.blackman, int(x))


def hamming(x):
    return _window(np.hamming, int(x))


def hanning(x):
    return _window(np.hanning, int(x))


def kaiser(x, beta):
    return _window(np.kaiser, int(x), float(beta))


def array(x, dtype=None):
    return np.array(convert_to_tensor(x, dtype), copy=True)


# --- shape manipulation -----------------------------------------------------------------


def reshape(x, newshape):
    if isinstance(newshape, (int, np.integer)):
        newshape = (int(newshape),)
    return np.reshape(convert_to_tensor(x), tuple(newshape))


def ravel(x):
    return np.ravel(convert_to_tensor(x))


def transpose(x, axes=None):
    return np.transpose(convert_to_tensor(x), axes=axes)


def expand_dims(x, axis):
    return np.expand_dims(convert_to_tensor(x), _axis(axis))


def squeeze(x, axis=None):
    return np.squeeze(convert_to_tensor(x), axis=_axis(axis))


def moveaxis(x, source, destination):
    return np.moveaxis(convert_to_tensor(x), source, destination)


def swapaxes(x, axis1, axis2):
    return np.swapaxes(convert_to_tensor(x), axis1, axis2)


def broadcast_to(x, shape):
    return np.broadcast_to(convert_to_tensor(x), _shape(shape))


def flip(x, axis=None):
    return np.flip(convert_to_tensor(x), axis=_axis(axis))


def fliplr(x):
    return np.fliplr(convert_to_tensor(x))


def flipud(x):
    return np.flipud(convert_to_tensor(x))


def rot90(array, k=1, axes=(0, 1)):
    return np.rot90(convert_to_tensor(array), k=k, axes=axes)


def roll(x, shift, axis=None):
    return np.roll(convert_to_tensor(x), shift, axis=_axis(axis))


def tile(x, repeats):
    return np.tile(convert_to_tensor(x), repeats)


def repeat(x, repeats, axis=None):
    repeats = np.asarray(convert_to_tensor(repeats))
    return np.repeat(convert_to_tensor(x), repeats, axis=axis)


def pad(x, pad_width, mode="constant", constant_values=None):
    x = convert_to_tensor(x)
    pad_width = np.asarray(pad_width, dtype=np.int64)
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return np.pad(x, pad_width, mode=mode, constant_values=value).astype(x.dtype)
    if constant_values is not None:
        raise ValueError(
            f"pad: constant_values is only valid with mode='constant', got mode={mode!r}."
        )
    return np.pad(x, pad_width, mode=mode)


def tril(x, k=0):
    return np.tril(convert_to_tensor(x), k=k)


def triu(x, k=0):
    return np.triu(convert_to_tensor(x), k=k)


def diag(x, k=0):
    return np.diag(convert_to_tensor(x), k=k)


def diagflat(x, k=0):
    return np.diagflat(convert_to_tensor(x), k=k)


def diagonal(x, offset=0, axis1=0, axis2=1):
    return np.diagonal(convert_to_tensor(x), offset=offset, axis1=axis1, axis2=axis2).copy()


def diff(a, n=1, axis=-1):
    return np.diff(convert_to_tensor(a), n=n, axis=axis)


def concatenate(xs, axis=0):
    xs, _ = _promote_all(xs)
    return np.concatenate(xs, axis=axis)


def stack(x, axis=0):
    xs, _ = _promote_all(x)
    return np.stack(xs, axis=axis)


def hstack(xs):
    xs, _ = _promote_all(xs)
    return np.hstack(xs)


def vstack(xs):
    xs, _ = _promote_all(xs)
    return np.vstack(xs)


def dstack(xs):
    xs, _ = _promote_all(xs)
    return np.dstack(xs)


def append(x1, x2, axis=None):
    x1, x2 = _promote(x1, x2)
    return np.append(x1, x2, axis=axis)


def _split_arg(indices_or_sections):
    if isinstance(indices_or_sections, (int, np.integer)):
        return int(indices_or_sections)
    return [int(i) for i in np.asarray(convert_to_tensor(indices_or_sections))]


def split(x, indices_or_sections, axis=0):
    return np.split(convert_to_tensor(x), _split_arg(indices_or_sections), axis=axis)


def array_split(x, indices_or_sections, axis=0):
    return np.array_split(convert_to_tensor(x), _split_arg(indices_or_sections), axis=axis)


def hsplit(x, indices_or_sections):
    return np.hsplit(convert_to_tensor(x), _split_arg(indices_or_sections))


def vsplit(x, indices_or_sections):
    return np.vsplit(convert_to_tensor(x), _split_arg(indices_or_sections))


def dsplit(x, indices_or_sections):
    return np.dsplit(convert_to_tensor(x), _split_arg(indices_or_sections))


def meshgrid(*x, indexing="xy"):
    return list(np.meshgrid(*[convert_to_tensor(v) for v in x], indexing=indexing))


# --- indexing, sorting and searching ----------------------------------------------------


def _key(key):
    if isinstance(key, tuple):
        return tuple(_key(k) for k in key)
    if isinstance(key, (np.ndarray, int, slice, type(None), type(Ellipsis), np.integer)):
        return key
    if isinstance(key, list):
        return np.asarray(key)
    if hasattr(key, "dtype"):
        return convert_to_tensor(key)
    return key


def get_item(x, key):
    return np.asarray(convert_to_tensor(x)[_key(key)])


def take(x, indices, axis=None):
    x = convert_to_tensor(x)
    indices = np.asarray(convert_to_tensor(indices))
    if not dtypes.is_int_dtype(indices.dtype):
        indices = indices.astype(np.int64)
    return np.take(x, indices, axis=axis)


def take_along_axis(x, indices, axis=None):
    x = convert_to_tensor(x)
    indices = np.asarray(convert_to_tensor(indices)).astype(np.int64)
    if axis is None:
        return np.take_along_axis(x.ravel(), indices.ravel(), axis=0)
    # Broadcast every dim but `axis`, as Keras documents.
    axis = axis % x.ndim
    shape_x = list(x.shape)
    shape_i = list(indices.shape)
    shape_x[axis] = 1
    shape_i[axis] = 1
    common = np.broadcast_shapes(tuple(shape_x), tuple(shape_i))
    x = np.broadcast_to(x, common[:axis] + (x.shape[axis],) + common[axis + 1:])
    indices = np.broadcast_to(
        indices, common[:axis] + (indices.shape[axis],) + common[axis + 1:]
    )
    return np.take_along_axis(x, indices, axis=axis)


def where(condition, x1=None, x2=None):
    condition = convert_to_tensor(condition)
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError("where: x1 and x2 must be given together (or neither).")
    x1, x2 = _promote(x1, x2)
    return np.asarray(np.where(condition.astype(bool), x1, x2))


def nonzero(x):
    return tuple(i.astype(np.int32) for i in np.nonzero(convert_to_tensor(x)))


def select(condlist, choicelist, default=0):
    choices, dtype = _promote_all(list(choicelist) + [default])
    default = choices.pop()
    conds = [np.asarray(convert_to_tensor(c)).astype(bool) for c in condlist]
    return _cast(np.select(conds, choices, default), dtype)


def sort(x, axis=-1):
    x = convert_to_tensor(x)
    dtype = _dtype(x)
    return _cast(np.sort(x.astype(_np(_compute_dtype(dtype)), copy=False), axis=axis), dtype)


def argsort(x, axis=-1):
    x = convert_to_tensor(x)
    x = x.astype(_np(_compute_dtype(_dtype(x))), copy=False)
    return np.argsort(x, axis=axis, kind="stable").astype(np.int32)


def argpartition(x, kth, axis=-1):
    x = convert_to_tensor(x)
    x = x.astype(_np(_compute_dtype(_dtype(x))), copy=False)
    return np.argpartition(x, kth, axis=axis).astype(np.int32)


def searchsorted(sorted_sequence, values, side="left"):
    sorted_sequence, values = _promote(sorted_sequence, values)
    if sorted_sequence.ndim != 1:
        raise ValueError(
            "searchsorted: sorted_sequence must be 1-D, got shape "
            f"{sorted_sequence.shape}."
        )
    return np.asarray(np.searchsorted(sorted_sequence, values, side=side)).astype(np.int32)


def digitize(x, bins):
    x, bins = _promote(x, bins)
    return np.asarray(np.digitize(x, bins)).astype(np.int32)


def unravel_index(indices, shape):
    indices = convert_to_tensor(indices)
    return tuple(np.asarray(i).astype(np.int32) for i in np.unravel_index(indices, shape))


def unique(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    x = convert_to_tensor(x)
    out = np.unique(
        x, return_index=return_index, return_inverse=return_inverse,
        return_counts=return_counts, axis=axis,
    )
    if not isinstance(out, tuple):
        out = (out,)
    values, extras = out[0], [np.asarray(o).astype(np.int32) for o in out[1:]]
    if size is not None:
        if axis is not None:
            raise ValueError("unique: size= is only supported with axis=None.")
        n = values.shape[0]
        if n < size:
            fill = values[:1] if fill_value is None else fill_value
            values = np.concatenate(
                [values, np.broadcast_to(np.asarray(fill, values.dtype), (size - n,))]
            )
        else:
            values = values[:size]
        idx = 0
        if return_index:
            extras[idx] = _fit(extras[idx], size)
            idx += 1
        if return_inverse:
            idx += 1
        if return_counts:
            extras[idx] = _fit(extras[idx], size, fill=0)
    if not extras:
        return values
    return (values, *extras)


def _fit(values, size, fill=0):
    if values.shape[0] >= size:
        return values[:size]
    return np.concatenate([values, np.full((size - values.shape[0],), fill, values.dtype)])


def bincount(x, weights=None, minlength=0, sparse=False):
    if sparse:
        raise ValueError("bincount: the numpy engine does not support sparse=True.")
    x = np.asarray(convert_to_tensor(x))
    if weights is None:
        dtype = "int32"
    else:
        weights = convert_to_tensor(weights)
        dtype = dtypes.result_type(weights.dtype)
        if dtype == "bool":
            dtype = "int32"
    if x.ndim == 1:
        out = np.bincount(x, weights=None if weights is None else weights.astype(np.float64),
                          minlength=minlength)
        return _cast(out, dtype)
    if x.ndim != 2:
        raise ValueError(f"bincount: x must be 1-D or 2-D (batched), got shape {x.shape}.")
    length = builtins.max(int(minlength), int(x.max()) + 1 if x.size else 0)
    rows = [
        np.bincount(row, weights=None if weights is None else weights[i].astype(np.float64),
                    minlength=length)
        for i, row in enumerate(x)
    ]
    return _cast(np.stack(rows) if rows else np.zeros((0, length)), dtype)


def histogram(x, bins=10, range=None):
    x = convert_to_tensor(x)
    if x.ndim != 1:
        raise ValueError(f"histogram: x must be 1-D, got shape {x.shape}.")
    dtype = dtypes.float_result_type(x.dtype)
    counts, edges = np.histogram(x.astype(np.float64), bins=bins, range=range)
    return counts.astype(np.int32), _cast(edges, dtype)


# --- linear algebra-like ----------------------------------------------------------------


def matmul(x1, x2):
    # Fast path: float arrays of one dtype need no dtype rule nor cast.
    if (type(x1) is np.ndarray and type(x2) is np.ndarray and x1.dtype is x2.dtype
            and x1.dtype in _NATIVE_FLOATS):
        return _as_array(np.matmul(x1, x2))
    return _matmul_like(np.matmul, x1, x2)


def dot(x1, x2):
    return _matmul_like(np.dot, x1, x2)


def inner(x1, x2):
    return _matmul_like(np.inner, x1, x2)


def outer(x1, x2):
    return _matmul_like(np.outer, x1, x2)


def vdot(x1, x2):
    return _matmul_like(np.vdot, x1, x2)


def tensordot(x1, x2, axes=2):
    return _matmul_like(lambda a, b: np.tensordot(a, b, axes=axes), x1, x2)


def einsum(subscripts, *operands, **kwargs):
    operands = [convert_to_tensor(o) for o in operands]
    names = {_dtype(o) for o in operands}
    if names and names <= {"int8", "uint8"}:
        dtype = "int32"
    else:
        dtype = dtypes.result_type(*operands)
    compute = _compute_dtype(dtype)
    operands = [_cast(o, compute) for o in operands]
    return _cast(np.einsum(subscripts, *operands, **kwargs), dtype)


def kron(x1, x2):
    x1, x2 = _promote(x1, x2)
    return np.kron(x1, x2)


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    x1, x2 = _promote(x1, x2)
    dtype = _dtype(x1)
    compute = _compute_dtype(dtype)
    out = np.cross(_cast(x1, compute), _cast(x2, compute), axisa=axisa, axisb=axisb,
                   axisc=axisc, axis=axis)
    return _cast(out, dtype)


def correlate(x1, x2, mode="valid"):
    dtype = dtypes.float_result_type(x1, x2)
    compute = _compute_dtype(dtype)
    x1, x2 = convert_to_tensor(x1, compute), convert_to_tensor(x2, compute)
    return _cast(np.correlate(x1, x2, mode=mode), dtype)


def corrcoef(x):
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(x.dtype)
    return _cast(np.corrcoef(x.astype(np.float64)), dtype)


def slogdet(x):
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(x.dtype)
    sign_, logdet = np.linalg.slogdet(x.astype(_np(_compute_dtype(dtype))))
    return _cast(sign_, dtype), _cast(logdet, dtype)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = convert_to_tensor(y)
    if x is None:
        dtype = dtypes.float_result_type(y.dtype)
        compute = _compute_dtype(dtype)
        return _cast(np.trapezoid(y.astype(_np(compute)), dx=dx, axis=axis), dtype)
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(y.dtype, x.dtype)
    compute = _compute_dtype(dtype)
    return _cast(np.trapezoid(_cast(y, compute), x=_cast(x, compute), axis=axis), dtype)


def vander(x, N=None, increasing=False):  # noqa: N803 (NumPy's argument name)
    x = convert_to_tensor(x)
    dtype = _dtype(x)
    compute = _compute_dtype(dtype)
    return _cast(np.vander(x.astype(_np(compute)), N=N, increasing=increasing), dtype)


# --- misc -------------------------------------------------------------------------------


def ndim(x):
    return np.ndim(convert_to_tensor(x))


def size(x):
    return int(np.size(convert_to_tensor(x)))


def view(x, dtype=None):
    x = convert_to_tensor(x)
    if dtype is None:
        return x.view()
    return x.view(_np(dtypes.standardize_dtype(dtype)))


def vectorize(pyfunc, *, excluded=None, signature=None):
    return np.vectorize(pyfunc, excluded=excluded, signature=signature)


# --- fused front ends (Note [fused front ends] in kbackend/ops/numpy.py) -----------------

_ndarray = np.ndarray


def _fused_binary(fn):
    nd = _ndarray  # a closure read: cheaper than a global lookup

    def make(front_end):
        def fused(x1, x2):
            # Note [same-dtype fast path]: for two arrays of one dtype (any dtype) the generic
            # `_binary` also ends in `fn(x1, x2)` (`_promote` returns them as they are), so
            # two type tests and one dtype identity give its result exactly. `__class__` is
            # read rather than `type()` (a little cheaper); an object that fakes `__class__`
            # as ndarray passes `_promote`'s isinstance test too, so it meets the same call.
            # The closure holds only what this path reads: each closure cell is copied into
            # the frame on every call. On an 8x8 add each test left out is ~5% of the ufunc.
            if x1.__class__ is nd:
                if x2.__class__ is nd:
                    if x1.dtype is x2.dtype:
                        return fn(x1, x2)
                elif type(x2) in _PYTHON_NUMBERS:
                    # `_binary`'s scalar fast path: a float array keeps its dtype (NEP 50).
                    dtype = x1.dtype
                    if dtype is _F32 or dtype is _F64 or dtype is _F16:
                        return fn(x1, x2)
            return front_end(x1, x2)

        return fused

    return make


def _fused_float_unary(fn):
    nd = _ndarray  # closure reads (see _fused_binary)

    def make(front_end):
        def fused(x):
            # The fast path of `_float_unary`, inlined into the public op.
            if type(x) is nd:
                dtype = x.dtype
                if dtype is _F32 or dtype is _F64 or dtype is _F16:
                    out = fn(x)
                    return out if type(out) is nd else np.asarray(out)
            return front_end(x)

        return fused

    return make


def _fused_matmul(front_end):
    def fused(x1, x2):
        # The fast path of `matmul`, inlined into the public op.
        if type(x1) is _ndarray and type(x2) is _ndarray:
            dtype = x1.dtype
            if dtype is x2.dtype and dtype in _NATIVE_FLOATS:
                out = np.matmul(x1, x2)
                return out if type(out) is _ndarray else np.asarray(out)
        return front_end(x1, x2)

    return fused


# Public op name -> maker of the fused public function, given the generic front end.
FUSED_FRONT_ENDS = {
    "add": _fused_binary(np.add),
    "subtract": _fused_binary(np.subtract),
    "multiply": _fused_binary(np.multiply),
    "exp": _fused_float_unary(np.exp),
    "log": _fused_float_unary(np.log),
    "sqrt": _fused_float_unary(np.sqrt),
    "tanh": _fused_float_unary(np.tanh),
    "matmul": _fused_matmul,
}
