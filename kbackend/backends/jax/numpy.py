import builtins

import jax
import jax.numpy as jnp
import numpy as np

from kbackend.backends.common import config, dtypes
from kbackend.backends.jax.core import convert_to_tensor

# Note [jax dtypes]: with x64 enabled, jnp returns int64/float64 for Python scalars and
# for some ops (sum of int8, sqrt of int32, ...). Every function here computes the dtype
# the shared table (common/dtypes.py) asks for and casts to it explicitly.

_SUM_DTYPES = {
    "bool": "int32",
    "int8": "int32",
    "int16": "int32",
    "uint8": "uint32",
    "uint16": "uint32",
}


def _std(dtype):
    return dtypes.standardize_dtype(dtype)


def _t(x):
    return convert_to_tensor(x)


# Float array dtypes (NumPy dtype objects, as jax arrays report them) for the fast paths.
_FLOAT_DTYPES = frozenset(np.dtype(name) for name in ("float16", "float32", "float64"))
_FLOAT_DTYPES = _FLOAT_DTYPES | {jnp.dtype(jnp.bfloat16)}
_PYTHON_NUMBERS = (int, float)


def _promote(x1, x2):
    # Fast path: two arrays of one dtype need no promotion. (A Variable's dtype is a
    # string; Variables take the slow path, which unwraps them.)
    dtype1 = getattr(x1, "dtype", None)
    dtype2 = getattr(x2, "dtype", None)
    if dtype1 is not None and dtype1 is dtype2 and type(dtype1) is not str:
        return x1, x2
    # Fast path: a float array with a Python int/float. jax's weak typing keeps the array's
    # dtype, which is the table's answer (Python scalars are weak), and it avoids building
    # a device array for the scalar on every call. (bool is excluded: type() is exact.)
    if type(x2) in _PYTHON_NUMBERS and dtype1 in _FLOAT_DTYPES:
        return x1, x2
    if type(x1) in _PYTHON_NUMBERS and dtype2 in _FLOAT_DTYPES:
        return x1, x2
    dtype = dtypes.result_type(x1, x2)
    return convert_to_tensor(x1, dtype), convert_to_tensor(x2, dtype)


def _promote_float(x1, x2):
    dtype = dtypes.float_result_type(x1, x2)
    return convert_to_tensor(x1, dtype), convert_to_tensor(x2, dtype)


def _promote_all(xs):
    dtype = dtypes.result_type(*xs)
    return [convert_to_tensor(x, dtype) for x in xs]


# Per-dtype caches keep the hot paths (exp, sum on float arrays) cheap. NOTE: the
# float cache is keyed by floatx too, since int -> floatx depends on it.
_FLOAT_CACHE = {}
_SUM_CACHE = {}


def _float(x):
    x = convert_to_tensor(x)
    key = (x.dtype, config.floatx())
    dtype = _FLOAT_CACHE.get(key)
    if dtype is None:
        dtype = _FLOAT_CACHE[key] = dtypes.float_result_type(x.dtype)
    if x.dtype == dtype:
        return x
    return x.astype(dtype)


def _sum_dtype(dtype):
    result = _SUM_CACHE.get(dtype)
    if result is None:
        name = _std(dtype)
        result = _SUM_CACHE[dtype] = _SUM_DTYPES.get(name, name)
    return result


def _axis(axis):
    if isinstance(axis, list):
        return tuple(axis)
    return axis


def _shape(shape):
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(d) for d in shape)


def _matmul_dtype(x1, x2):
    d1, d2 = _std(x1.dtype), _std(x2.dtype)
    if d1 in ("int8", "uint8") and d2 in ("int8", "uint8"):
        return "int32"
    return dtypes.result_type(d1, d2)


def _matmul_inputs(x1, x2):
    # Fast path: float arrays of one dtype.
    dtype1 = getattr(x1, "dtype", None)
    if dtype1 in _FLOAT_DTYPES and dtype1 is getattr(x2, "dtype", None):
        return x1, x2
    x1, x2 = _t(x1), _t(x2)
    if x1.dtype is x2.dtype and x1.dtype not in (np.int8, np.uint8):
        return x1, x2
    dtype = _matmul_dtype(x1, x2)
    return x1.astype(dtype), x2.astype(dtype)


# --- elementwise arithmetic -------------------------------------------------------


def add(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.add(x1, x2)


def subtract(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.subtract(x1, x2)


def multiply(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.multiply(x1, x2)


def divide(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    return jnp.true_divide(x1, x2)


def true_divide(x1, x2):
    return divide(x1, x2)


def divide_no_nan(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    safe = jnp.where(x2 == 0, jnp.ones_like(x2), x2)
    return jnp.where(x2 == 0, jnp.zeros_like(x1 * x2), x1 / safe)


def floor_divide(x1, x2):
    x1, x2 = _promote(x1, x2)
    if x1.dtype == bool:
        x1, x2 = x1.astype("int32"), x2.astype("int32")
        return jnp.floor_divide(x1, x2).astype(bool)
    return jnp.floor_divide(x1, x2)


def maximum(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.maximum(x1, x2)


def minimum(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.minimum(x1, x2)


def fmax(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.fmax(x1, x2)


def fmin(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.fmin(x1, x2)


def mod(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.mod(x1, x2)


def fmod(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.fmod(x1, x2)


def power(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.power(x1, x2)


def gcd(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.gcd(x1, x2)


def lcm(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.lcm(x1, x2)


def heaviside(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.heaviside(x1, x2)


def hypot(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    return jnp.hypot(x1, x2)


def arctan2(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    return jnp.arctan2(x1, x2)


def logaddexp(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    return jnp.logaddexp(x1, x2)


def logaddexp2(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    return jnp.logaddexp2(x1, x2)


def nextafter(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    return jnp.nextafter(x1, x2)


def ldexp(x1, x2):
    x1 = _t(x1)
    x2 = _t(x2)
    if not dtypes.is_int_dtype(x2.dtype) and _std(x2.dtype) != "bool":
        raise TypeError(
            f"ldexp expects an integer exponent x2, got dtype {_std(x2.dtype)}."
        )
    dtype = dtypes.float_result_type(x1.dtype)
    return jnp.ldexp(x1.astype(dtype), x2.astype("int32")).astype(dtype)


def negative(x):
    return jnp.negative(_t(x))


def abs(x):
    return jnp.abs(_t(x))


def absolute(x):
    return abs(x)


def fabs(x):
    return jnp.abs(_float(x))


def square(x):
    x = _t(x)
    if x.dtype == bool:
        return jnp.logical_and(x, x)
    return jnp.square(x)


def sign(x):
    x = _t(x)
    if x.dtype == bool:
        return x
    return jnp.sign(x)


def signbit(x):
    return jnp.signbit(_t(x))


def reciprocal(x):
    return jnp.reciprocal(_float(x))


def round(x, decimals=0):
    x = _t(x)
    if dtypes.is_int_dtype(x.dtype) and decimals < 0:
        # NOTE: jnp.round on ints with negative decimals goes through floats; keep ints.
        factor = 10 ** (-decimals)
        xf = x.astype("float64")
        return (jnp.round(xf / factor) * factor).astype(x.dtype)
    if x.dtype == bool:
        return x
    return jnp.round(x, decimals)


def clip(x, x_min, x_max):
    x = _t(x)
    if x.dtype == bool:
        x = x.astype("int32")
    dtype = x.dtype
    return jnp.clip(x, x_min, x_max).astype(dtype)


# --- unary float math -------------------------------------------------------------


def sqrt(x):
    if getattr(x, "dtype", None) in _FLOAT_DTYPES:
        return jnp.sqrt(x)
    return jnp.sqrt(_float(x))


def cbrt(x):
    return jnp.cbrt(_float(x))


def exp(x):
    if getattr(x, "dtype", None) in _FLOAT_DTYPES:
        return jnp.exp(x)
    return jnp.exp(_float(x))


def exp2(x):
    return jnp.exp2(_float(x))


def expm1(x):
    return jnp.expm1(_float(x))


def log(x):
    if getattr(x, "dtype", None) in _FLOAT_DTYPES:
        return jnp.log(x)
    return jnp.log(_float(x))


def log10(x):
    return jnp.log10(_float(x))


def log1p(x):
    return jnp.log1p(_float(x))


def log2(x):
    return jnp.log2(_float(x))


def sin(x):
    return jnp.sin(_float(x))


def cos(x):
    return jnp.cos(_float(x))


def tan(x):
    return jnp.tan(_float(x))


def arcsin(x):
    return jnp.arcsin(_float(x))


def arccos(x):
    return jnp.arccos(_float(x))


def arctan(x):
    return jnp.arctan(_float(x))


def sinh(x):
    return jnp.sinh(_float(x))


def cosh(x):
    return jnp.cosh(_float(x))


def tanh(x):
    if getattr(x, "dtype", None) in _FLOAT_DTYPES:
        return jnp.tanh(x)
    return jnp.tanh(_float(x))


def arcsinh(x):
    return jnp.arcsinh(_float(x))


def arccosh(x):
    return jnp.arccosh(_float(x))


def arctanh(x):
    return jnp.arctanh(_float(x))


def sinc(x):
    return jnp.sinc(_float(x))


def i0(x):
    return jnp.i0(_float(x))


def deg2rad(x):
    return jnp.deg2rad(_float(x))


def rad2deg(x):
    return jnp.rad2deg(_float(x))


def ceil(x):
    return jnp.ceil(_float(x))


def floor(x):
    return jnp.floor(_float(x))


def trunc(x):
    return jnp.trunc(_float(x))


def angle(x):
    x = _t(x)
    if not dtypes.is_complex_dtype(x.dtype):
        x = _float(x)
    return jnp.angle(x)


def conj(x):
    return jnp.conjugate(_t(x))


def conjugate(x):
    return conj(x)


def real(x):
    return jnp.real(_t(x))


def imag(x):
    return jnp.imag(_t(x))


def isreal(x):
    return jnp.isreal(_t(x))


# --- comparisons and logic --------------------------------------------------------


def equal(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.equal(x1, x2)


def not_equal(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.not_equal(x1, x2)


def greater(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.greater(x1, x2)


def greater_equal(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.greater_equal(x1, x2)


def less(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.less(x1, x2)


def less_equal(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.less_equal(x1, x2)


def logical_and(x1, x2):
    return jnp.logical_and(_t(x1), _t(x2))


def logical_or(x1, x2):
    return jnp.logical_or(_t(x1), _t(x2))


def logical_xor(x1, x2):
    return jnp.logical_xor(_t(x1), _t(x2))


def logical_not(x):
    return jnp.logical_not(_t(x))


def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    x1, x2 = _promote(x1, x2)
    return jnp.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    return jnp.all(isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


def isfinite(x):
    return jnp.isfinite(_t(x))


def isinf(x):
    return jnp.isinf(_t(x))


def isnan(x):
    return jnp.isnan(_t(x))


def isneginf(x):
    x = _t(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        return jnp.zeros(x.shape, dtype=bool)
    return jnp.isneginf(x)


def isposinf(x):
    x = _t(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        return jnp.zeros(x.shape, dtype=bool)
    return jnp.isposinf(x)


def isin(x1, x2, assume_unique=False, invert=False):
    x1, x2 = _promote(x1, x2)
    return jnp.isin(x1, x2, assume_unique=assume_unique, invert=invert)


# --- bitwise ----------------------------------------------------------------------


def bitwise_and(x, y):
    x, y = _promote(x, y)
    return jnp.bitwise_and(x, y)


def bitwise_or(x, y):
    x, y = _promote(x, y)
    return jnp.bitwise_or(x, y)


def bitwise_xor(x, y):
    x, y = _promote(x, y)
    return jnp.bitwise_xor(x, y)


def bitwise_invert(x):
    return jnp.invert(_t(x))


def bitwise_not(x):
    return bitwise_invert(x)


def bitwise_left_shift(x, y):
    x, y = _promote(x, y)
    return jnp.left_shift(x, y)


def left_shift(x, y):
    return bitwise_left_shift(x, y)


def bitwise_right_shift(x, y):
    x, y = _promote(x, y)
    return jnp.right_shift(x, y)


def right_shift(x, y):
    return bitwise_right_shift(x, y)


# --- reductions -------------------------------------------------------------------


def sum(x, axis=None, keepdims=False):
    x = _t(x)
    return jnp.sum(x, axis=_axis(axis), keepdims=keepdims, dtype=_sum_dtype(x.dtype))


def prod(x, axis=None, keepdims=False, dtype=None):
    x = _t(x)
    dtype = _std(dtype) if dtype is not None else _sum_dtype(x.dtype)
    return jnp.prod(x, axis=_axis(axis), keepdims=keepdims, dtype=dtype)


def nansum(x, axis=None, keepdims=False):
    x = _t(x)
    return jnp.nansum(x, axis=_axis(axis), keepdims=keepdims, dtype=_sum_dtype(x.dtype))


def nanprod(x, axis=None, keepdims=False):
    x = _t(x)
    return jnp.nanprod(x, axis=_axis(axis), keepdims=keepdims, dtype=_sum_dtype(x.dtype))


def _cumulative(fn, x, axis, dtype):
    x = _t(x)
    dtype = _std(dtype) if dtype is not None else _sum_dtype(x.dtype)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    return fn(x.astype(dtype), axis=axis)


def cumsum(x, axis=None, dtype=None):
    return _cumulative(jnp.cumsum, x, axis, dtype)


def cumprod(x, axis=None, dtype=None):
    return _cumulative(jnp.cumprod, x, axis, dtype)


def nancumsum(x, axis=None, dtype=None):
    return _cumulative(jnp.nancumsum, x, axis, dtype)


def nancumprod(x, axis=None, dtype=None):
    return _cumulative(jnp.nancumprod, x, axis, dtype)


def mean(x, axis=None, keepdims=False):
    x = _t(x)
    dtype = dtypes.float_result_type(x.dtype)
    # NOTE: half precision means accumulate in float32 (as jnp does), then cast back.
    return jnp.mean(x.astype(dtype), axis=_axis(axis), keepdims=keepdims).astype(dtype)


def var(x, axis=None, keepdims=False):
    x = _float(x)
    return jnp.var(x, axis=_axis(axis), keepdims=keepdims).astype(x.dtype)


def std(x, axis=None, keepdims=False):
    x = _float(x)
    return jnp.std(x, axis=_axis(axis), keepdims=keepdims).astype(x.dtype)


def nanmean(x, axis=None, keepdims=False):
    x = _float(x)
    return jnp.nanmean(x, axis=_axis(axis), keepdims=keepdims).astype(x.dtype)


def nanvar(x, axis=None, keepdims=False):
    x = _float(x)
    return jnp.nanvar(x, axis=_axis(axis), keepdims=keepdims).astype(x.dtype)


def nanstd(x, axis=None, keepdims=False):
    x = _float(x)
    return jnp.nanstd(x, axis=_axis(axis), keepdims=keepdims).astype(x.dtype)


def median(x, axis=None, keepdims=False):
    x = _float(x)
    return jnp.median(x, axis=_axis(axis), keepdims=keepdims).astype(x.dtype)


def nanmedian(x, axis=None, keepdims=False):
    x = _float(x)
    return jnp.nanmedian(x, axis=_axis(axis), keepdims=keepdims).astype(x.dtype)


def _q(q, dtype):
    return convert_to_tensor(q).astype(dtype)


def _nearest_quantile(x, q, axis, keepdims, ignore_nan):
    # NOTE: jnp's 'nearest' breaks ties downwards; NumPy rounds half to even.
    axes = tuple(range(x.ndim)) if axis is None else axis
    axes = tuple(a % x.ndim for a in (axes if isinstance(axes, tuple) else (axes,)))
    kept = [d for d in range(x.ndim) if d not in axes]
    moved = jnp.transpose(x, kept + list(axes))
    rows = moved.reshape(moved.shape[: len(kept)] + (-1,))
    rows = jnp.sort(rows, axis=-1)
    if ignore_nan:
        count = jnp.sum(~jnp.isnan(rows), axis=-1)
    else:
        count = jnp.full(rows.shape[:-1], rows.shape[-1])
    q_flat = q.reshape(-1)
    position = jnp.round(q_flat[(...,) + (None,) * count.ndim] * (count - 1))
    index = jnp.clip(position, 0, rows.shape[-1] - 1).astype("int32")
    index = jnp.moveaxis(index, 0, -1)
    result = jnp.take_along_axis(rows, index, axis=-1)
    if ignore_nan:
        result = jnp.where((count == 0)[..., None], jnp.nan, result)
    else:
        has_nan = jnp.any(jnp.isnan(rows), axis=-1)
        result = jnp.where(has_nan[..., None], jnp.nan, result)
    result = jnp.moveaxis(result, -1, 0)
    if keepdims:
        shape = list(x.shape)
        for a in axes:
            shape[a] = 1
        result = result.reshape((result.shape[0],) + tuple(shape))
    return result.reshape(q.shape + result.shape[1:]).astype(x.dtype)


def _quantile(x, q, axis, method, keepdims, ignore_nan):
    x = _float(x)
    q = _q(q, x.dtype)
    axis = _axis(axis)
    if method == "nearest":
        return _nearest_quantile(x, q, axis, keepdims, ignore_nan)
    fn = jnp.nanquantile if ignore_nan else jnp.quantile
    result = fn(x, q.reshape(-1) if q.ndim > 1 else q, axis=axis, method=method,
                keepdims=keepdims)
    if q.ndim > 1:
        result = result.reshape(q.shape + result.shape[1:])
    return result.astype(x.dtype)


def quantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, False)


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, True)


def percentile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, convert_to_tensor(q).astype("float64") / 100, axis, method, keepdims, False)


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, convert_to_tensor(q).astype("float64") / 100, axis, method, keepdims, True)


def average(x, axis=None, weights=None):
    x = _t(x)
    if weights is None:
        return mean(x, axis=axis)
    weights = _t(weights)
    dtype = dtypes.float_result_type(x.dtype, weights.dtype)
    return jnp.average(x.astype(dtype), axis=_axis(axis), weights=weights.astype(dtype))


def max(x, axis=None, keepdims=False, initial=None):
    x = _t(x)
    return jnp.max(x, axis=_axis(axis), keepdims=keepdims, initial=initial).astype(x.dtype)


def min(x, axis=None, keepdims=False, initial=None):
    x = _t(x)
    return jnp.min(x, axis=_axis(axis), keepdims=keepdims, initial=initial).astype(x.dtype)


def amax(x, axis=None, keepdims=False):
    return max(x, axis=axis, keepdims=keepdims)


def amin(x, axis=None, keepdims=False):
    return min(x, axis=axis, keepdims=keepdims)


def nanmax(x, axis=None, keepdims=False):
    x = _t(x)
    return jnp.nanmax(x, axis=_axis(axis), keepdims=keepdims)


def nanmin(x, axis=None, keepdims=False):
    x = _t(x)
    return jnp.nanmin(x, axis=_axis(axis), keepdims=keepdims)


def ptp(x, axis=None, keepdims=False):
    x = _t(x)
    return jnp.ptp(x, axis=_axis(axis), keepdims=keepdims).astype(x.dtype)


def all(x, axis=None, keepdims=False):
    return jnp.all(_t(x), axis=_axis(axis), keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    return jnp.any(_t(x), axis=_axis(axis), keepdims=keepdims)


def count_nonzero(x, axis=None):
    return jnp.count_nonzero(_t(x), axis=_axis(axis)).astype("int32")


def trace(x, offset=0, axis1=0, axis2=1):
    x = _t(x)
    return jnp.trace(x, offset=offset, axis1=axis1, axis2=axis2, dtype=_sum_dtype(x.dtype))


# --- indices ----------------------------------------------------------------------


def argmax(x, axis=None, keepdims=False):
    return jnp.argmax(_t(x), axis=axis, keepdims=keepdims).astype("int32")


def argmin(x, axis=None, keepdims=False):
    return jnp.argmin(_t(x), axis=axis, keepdims=keepdims).astype("int32")


def nanargmax(x, axis=None, keepdims=False):
    return jnp.nanargmax(_t(x), axis=axis, keepdims=keepdims).astype("int32")


def nanargmin(x, axis=None, keepdims=False):
    return jnp.nanargmin(_t(x), axis=axis, keepdims=keepdims).astype("int32")


def argsort(x, axis=-1):
    x = _t(x)
    if axis is None:
        x = x.reshape(-1)
        axis = -1
    return jnp.argsort(x, axis=axis, stable=True).astype("int32")


def argpartition(x, kth, axis=-1):
    x = _t(x)
    # NOTE: jnp.argpartition only supports the last axis well; move the axis there.
    x = jnp.moveaxis(x, axis, -1)
    result = jnp.argpartition(x, kth, axis=-1)
    return jnp.moveaxis(result, -1, axis).astype("int32")


def sort(x, axis=-1):
    x = _t(x)
    if axis is None:
        x = x.reshape(-1)
        axis = -1
    return jnp.sort(x, axis=axis)


def nonzero(x):
    return tuple(i.astype("int32") for i in jnp.nonzero(_t(x)))


def searchsorted(sorted_sequence, values, side="left"):
    sorted_sequence, values = map(_t, _promote(sorted_sequence, values))
    if sorted_sequence.ndim != 1:
        raise ValueError(
            "searchsorted expects a 1-D sorted_sequence, got shape "
            f"{tuple(sorted_sequence.shape)}."
        )
    return jnp.searchsorted(sorted_sequence, values, side=side).astype("int32")


def digitize(x, bins):
    x, bins = _promote(x, bins)
    return jnp.digitize(x, bins).astype("int32")


def unravel_index(indices, shape):
    indices = _t(indices)
    return tuple(i.astype("int32") for i in jnp.unravel_index(indices, _shape(shape)))


def bincount(x, weights=None, minlength=0, sparse=False):
    if sparse:
        raise ValueError("bincount: the jax engine does not support sparse=True.")
    x = _t(x)
    if weights is not None:
        weights = _t(weights)
        dtype = _sum_dtype(weights.dtype)
        weights = weights.astype(dtype)
    else:
        dtype = "int32"
    if isinstance(x, jax.core.Tracer):
        # NOTE: under jit the output length must be static: it is minlength.
        if not minlength:
            raise ValueError(
                "bincount under jit needs a static output length: pass minlength > 0."
            )
        length = int(minlength)
    else:
        length = int(builtins.max(int(jnp.max(x)) + 1 if x.size else 0, minlength))
    if x.ndim == 1:
        return jnp.bincount(x, weights, length=length).astype(dtype)
    if weights is None:
        return jax.vmap(lambda row: jnp.bincount(row, length=length))(x).astype(dtype)
    return jax.vmap(lambda row, w: jnp.bincount(row, w, length=length))(x, weights).astype(
        dtype
    )


def histogram(x, bins=10, range=None):
    x = _t(x)
    if x.ndim != 1:
        raise ValueError(f"histogram expects a 1-D input, got shape {tuple(x.shape)}.")
    dtype = dtypes.float_result_type(x.dtype)
    counts, edges = jnp.histogram(x.astype(dtype), bins=bins, range=range)
    return counts.astype("int32"), edges.astype(dtype)


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
    x = _t(x)
    result = jnp.unique(
        x,
        return_index=return_index,
        return_inverse=return_inverse,
        return_counts=return_counts,
        axis=axis,
        size=size,
        fill_value=fill_value,
    )
    if not isinstance(result, tuple):
        return result
    values, *rest = result
    rest = [r.astype("int32") for r in rest]
    if return_inverse and axis is None:
        index = 1 if return_index else 0
        rest[index] = rest[index].reshape(x.shape)
    return (values, *rest)


# --- creation ---------------------------------------------------------------------


def _dtype_or_floatx(dtype):
    return _std(dtype) if dtype is not None else config.floatx()


def zeros(shape, dtype=None):
    return jnp.zeros(_shape(shape), dtype=_dtype_or_floatx(dtype))


def ones(shape, dtype=None):
    return jnp.ones(_shape(shape), dtype=_dtype_or_floatx(dtype))


def empty(shape, dtype=None):
    return jnp.zeros(_shape(shape), dtype=_dtype_or_floatx(dtype))


def _like_dtype(x, dtype):
    return _std(dtype) if dtype is not None else x.dtype


def zeros_like(x, dtype=None):
    x = _t(x)
    return jnp.zeros(x.shape, dtype=_like_dtype(x, dtype))


def ones_like(x, dtype=None):
    x = _t(x)
    return jnp.ones(x.shape, dtype=_like_dtype(x, dtype))


def empty_like(x, dtype=None):
    return zeros_like(x, dtype=dtype)


def full(shape, fill_value, dtype=None):
    dtype = _std(dtype) if dtype is not None else dtypes.infer_dtype(fill_value)
    fill_value = convert_to_tensor(fill_value, dtype)
    return jnp.broadcast_to(fill_value, _shape(shape))


def full_like(x, fill_value, dtype=None):
    x = _t(x)
    dtype = _like_dtype(x, dtype)
    return jnp.broadcast_to(convert_to_tensor(fill_value, dtype), x.shape)


def eye(N, M=None, k=0, dtype=None):  # noqa: N803 (NumPy spelling)
    return jnp.eye(N, M, k=k, dtype=_dtype_or_floatx(dtype))


def identity(n, dtype=None):
    return jnp.eye(n, dtype=_dtype_or_floatx(dtype))


def tri(N, M=None, k=0, dtype=None):  # noqa: N803
    return jnp.tri(N, M, k=k, dtype=_dtype_or_floatx(dtype))


def arange(start, stop=None, step=None, dtype=None):
    if dtype is None:
        args = [a for a in (start, stop, step) if a is not None]
        dtype = dtypes.result_type(*args)
        if dtypes.is_int_dtype(dtype) or dtype == "bool":
            dtype = "int32"
        else:
            dtype = config.floatx()
    else:
        dtype = _std(dtype)
    if step is None:
        step = 1
    if stop is None:
        start, stop = 0, start
    return jnp.arange(start, stop, step, dtype=dtype)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    dtype = _dtype_or_floatx(dtype)
    result = jnp.linspace(
        start, stop, num=num, endpoint=endpoint, retstep=retstep, dtype=dtype, axis=axis
    )
    if retstep:
        values, step = result
        return values, jnp.asarray(step).astype(dtype)
    return result


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    dtype = _dtype_or_floatx(dtype)
    return jnp.logspace(
        start, stop, num=num, endpoint=endpoint, base=base, dtype=dtype, axis=axis
    )


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    dtype = _dtype_or_floatx(dtype)
    return jnp.geomspace(start, stop, num=num, endpoint=endpoint, dtype=dtype, axis=axis)


def _window(fn, x, *args):
    return fn(int(x), *args).astype(config.floatx())


def bartlett(x):
    return _window(jnp.bartlett, x)


def blackman(x):
    return _window(jnp.blackman, x)


def hamming(x):
    return _window(jnp.hamming, x)


def hanning(x):
    return _window(jnp.hanning, x)


def kaiser(x, beta):
    return _window(jnp.kaiser, x, beta)


def array(x, dtype=None):
    return convert_to_tensor(x, dtype=dtype)


def copy(x):
    return jnp.array(_t(x), copy=True)


def meshgrid(*x, indexing="xy"):
    xs = _promote_all(x) if x else []
    return list(jnp.meshgrid(*xs, indexing=indexing))


def vander(x, N=None, increasing=False):  # noqa: N803
    x = _t(x)
    return jnp.vander(x, N=N, increasing=increasing).astype(x.dtype)


# --- linear algebra-like ----------------------------------------------------------


def matmul(x1, x2):
    x1, x2 = _matmul_inputs(x1, x2)
    return jnp.matmul(x1, x2)


def dot(x1, x2):
    x1, x2 = _matmul_inputs(x1, x2)
    return jnp.dot(x1, x2)


def inner(x1, x2):
    x1, x2 = _matmul_inputs(x1, x2)
    return jnp.inner(x1, x2)


def outer(x1, x2):
    x1, x2 = _matmul_inputs(x1, x2)
    return jnp.outer(x1, x2)


def vdot(x1, x2):
    x1, x2 = _matmul_inputs(x1, x2)
    return jnp.vdot(x1, x2)


def tensordot(x1, x2, axes=2):
    x1, x2 = _matmul_inputs(x1, x2)
    return jnp.tensordot(x1, x2, axes=axes)


def einsum(subscripts, *operands, **kwargs):
    operands = [_t(o) for o in operands]
    names = {_std(o.dtype) for o in operands}
    if names and names <= {"int8", "uint8"}:
        dtype = "int32"
    else:
        dtype = dtypes.result_type(*operands)
    operands = [o.astype(dtype) for o in operands]
    return jnp.einsum(subscripts, *operands, **kwargs)


def kron(x1, x2):
    x1, x2 = _promote(x1, x2)
    return jnp.kron(x1, x2)


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    x1, x2 = _promote(x1, x2)
    return jnp.cross(x1, x2, axisa=axisa, axisb=axisb, axisc=axisc, axis=axis)


def correlate(x1, x2, mode="valid"):
    x1, x2 = _promote_float(x1, x2)
    return jnp.correlate(x1, x2, mode=mode)


def corrcoef(x):
    x = _float(x)
    return jnp.corrcoef(x).astype(x.dtype)


def slogdet(x):
    x = _float(x)
    sign_, logdet = jnp.linalg.slogdet(x)
    return sign_, logdet


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = _float(y)
    if x is not None:
        x = _t(x).astype(y.dtype)
    return jnp.trapezoid(y, x=x, dx=dx, axis=axis).astype(y.dtype)


def diff(a, n=1, axis=-1):
    return jnp.diff(_t(a), n=n, axis=axis)


# --- shape manipulation -----------------------------------------------------------


def append(x1, x2, axis=None):
    x1, x2 = _promote(x1, x2)
    return jnp.append(x1, x2, axis=axis)


def concatenate(xs, axis=0):
    return jnp.concatenate(_promote_all(xs), axis=axis)


def stack(x, axis=0):
    return jnp.stack(_promote_all(x), axis=axis)


def hstack(xs):
    return jnp.hstack(_promote_all(xs))


def vstack(xs):
    return jnp.vstack(_promote_all(xs))


def dstack(xs):
    return jnp.dstack(_promote_all(xs))


def split(x, indices_or_sections, axis=0):
    return list(jnp.split(_t(x), _sections(indices_or_sections), axis=axis))


def array_split(x, indices_or_sections, axis=0):
    return list(jnp.array_split(_t(x), _sections(indices_or_sections), axis=axis))


def hsplit(x, indices_or_sections):
    return list(jnp.hsplit(_t(x), _sections(indices_or_sections)))


def vsplit(x, indices_or_sections):
    return list(jnp.vsplit(_t(x), _sections(indices_or_sections)))


def dsplit(x, indices_or_sections):
    return list(jnp.dsplit(_t(x), _sections(indices_or_sections)))


def _sections(indices_or_sections):
    if isinstance(indices_or_sections, (int, np.integer)):
        return int(indices_or_sections)
    return [int(i) for i in np.asarray(indices_or_sections).reshape(-1)]


def broadcast_to(x, shape):
    return jnp.broadcast_to(_t(x), _shape(shape))


def expand_dims(x, axis):
    return jnp.expand_dims(_t(x), _axis(axis))


def squeeze(x, axis=None):
    return jnp.squeeze(_t(x), axis=_axis(axis))


def reshape(x, newshape):
    if isinstance(newshape, (int, np.integer)):
        newshape = (int(newshape),)
    return jnp.reshape(_t(x), tuple(newshape))


def ravel(x):
    return jnp.ravel(_t(x))


def transpose(x, axes=None):
    return jnp.transpose(_t(x), axes=None if axes is None else tuple(axes))


def swapaxes(x, axis1, axis2):
    return jnp.swapaxes(_t(x), axis1, axis2)


def moveaxis(x, source, destination):
    return jnp.moveaxis(_t(x), _axis(source), _axis(destination))


def flip(x, axis=None):
    return jnp.flip(_t(x), axis=_axis(axis))


def fliplr(x):
    return jnp.fliplr(_t(x))


def flipud(x):
    return jnp.flipud(_t(x))


def rot90(array, k=1, axes=(0, 1)):
    return jnp.rot90(_t(array), k=k, axes=tuple(axes))


def roll(x, shift, axis=None):
    return jnp.roll(_t(x), shift, axis=_axis(axis))


def tile(x, repeats):
    return jnp.tile(_t(x), repeats)


def repeat(x, repeats, axis=None):
    x = _t(x)
    if not isinstance(repeats, (int, np.integer)):
        repeats = np.asarray(repeats)
        if repeats.ndim == 0:
            repeats = int(repeats)
    return jnp.repeat(x, repeats, axis=axis)


def pad(x, pad_width, mode="constant", constant_values=None):
    x = _t(x)
    pad_width = np.asarray(pad_width, dtype="int64")
    if pad_width.ndim < 2:
        pad_width = np.broadcast_to(pad_width, (x.ndim, 2))
    pad_width = [tuple(int(v) for v in p) for p in pad_width]
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return jnp.pad(x, pad_width, mode="constant", constant_values=value)
    if constant_values is not None:
        raise ValueError(
            f"pad: constant_values is only allowed with mode='constant', got mode={mode!r}."
        )
    return jnp.pad(x, pad_width, mode=mode)


def diag(x, k=0):
    x = _t(x)
    if x.ndim not in (1, 2):
        raise ValueError(f"diag expects a 1-D or 2-D input, got shape {tuple(x.shape)}.")
    return jnp.diag(x, k=k)


def diagflat(x, k=0):
    return jnp.diagflat(_t(x), k=k)


def diagonal(x, offset=0, axis1=0, axis2=1):
    return jnp.diagonal(_t(x), offset=offset, axis1=axis1, axis2=axis2)


def tril(x, k=0):
    return jnp.tril(_t(x), k=k)


def triu(x, k=0):
    return jnp.triu(_t(x), k=k)


def take(x, indices, axis=None):
    x = _t(x)
    indices = _t(indices)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    return jnp.take(x, indices, axis=axis)


def take_along_axis(x, indices, axis=None):
    x = _t(x)
    indices = _t(indices)
    if axis is None:
        x = x.reshape(-1)
        indices = indices.reshape(-1)
        axis = 0
    return jnp.take_along_axis(x, indices, axis=axis)


def get_item(x, key):
    return _t(x)[key]


def where(condition, x1=None, x2=None):
    condition = _t(condition)
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError("where: pass both x1 and x2, or neither (for nonzero).")
    x1, x2 = _promote(x1, x2)
    return jnp.where(condition, x1, x2)


def select(condlist, choicelist, default=0):
    condlist = [_t(c).astype(bool) for c in condlist]
    choices = _promote_all(list(choicelist) + [default])
    return jnp.select(condlist, choices[:-1], choices[-1])


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = _t(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        return x
    return jnp.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def ndim(x):
    return _t(x).ndim


def size(x):
    return _t(x).size


def view(x, dtype=None):
    x = _t(x)
    if dtype is None:
        return x
    return x.view(_std(dtype))


def vectorize(pyfunc, *, excluded=None, signature=None):
    return jnp.vectorize(pyfunc, excluded=excluded or set(), signature=signature)
