import builtins
import math

import numpy as np
import tensorflow as tf

from kbackend.backends.common import config, dtypes
from kbackend.backends.common.variables import VariableBase
from kbackend.backends.tensorflow.core import convert_to_tensor

_BOOL = tf.bool
_SUM_DTYPES = {
    "bool": "int32",
    "int8": "int32",
    "int16": "int32",
    "uint8": "uint32",
    "uint16": "uint32",
}
# NOTE: matmul/einsum/bitwise-free integer kernels are missing for these dtypes on
# CPU; they are computed in a wider type (same bits modulo 2**n) and cast back.
_MATMUL_COMPUTE = {
    "bool": "int32",
    "int8": "int32",
    "int16": "int32",
    "uint8": "int32",
    "uint16": "int32",
    "uint32": "int64",
    "uint64": "int64",
}


# ----------------------------------------------------------------------------- helpers

_FLOAT_DTYPES = frozenset((tf.float16, tf.bfloat16, tf.float32, tf.float64))
_PYTHON_NUMBERS = (int, float)


def _float_with_scalar(x1, x2):
    """True for a float tensor with a Python int/float second operand.

    tf converts such a scalar to the tensor's dtype, which is the table's answer (Python
    scalars are weak), so the op can take the scalar as is instead of building a tensor.
    """
    return type(x2) in _PYTHON_NUMBERS and getattr(x1, "dtype", None) in _FLOAT_DTYPES and (
        tf.is_tensor(x1))


def _t(x, dtype=None):
    return convert_to_tensor(x, dtype)


def _dt(x):
    return x.dtype.name


def _promote(x1, x2):
    # Fast path: two tensors of one dtype need no promotion.
    # NOTE: tf interns its DType objects, so `is` is a valid (and cheap) equality.
    dtype1 = getattr(x1, "dtype", None)
    if dtype1 is not None and dtype1 is getattr(x2, "dtype", None) and tf.is_tensor(x1):
        return x1, x2
    dtype = dtypes.result_type(x1, x2)
    return convert_to_tensor(x1, dtype), convert_to_tensor(x2, dtype)


def _promote_float(x1, x2):
    dtype1 = getattr(x1, "dtype", None)
    if (
        dtype1 is not None
        and dtype1 is getattr(x2, "dtype", None)
        and tf.is_tensor(x1)
        and dtype1.is_floating
    ):
        return x1, x2
    dtype = dtypes.float_result_type(x1, x2)
    return convert_to_tensor(x1, dtype), convert_to_tensor(x2, dtype)


def _promote_all(xs):
    xs = list(xs)
    dtype = dtypes.result_type(*xs)
    return [convert_to_tensor(x, dtype) for x in xs], dtype


def _float(x):
    if tf.is_tensor(x) and (x.dtype.is_floating or x.dtype.is_complex):
        return x
    x = _t(x)
    return tf.cast(x, dtypes.float_result_type(_dt(x)))


def _upcast_half(x):
    # NOTE: float16/bfloat16 reductions lose precision (and some kernels are missing);
    # they run in float32 and the caller casts back.
    if x.dtype in (tf.float16, tf.bfloat16):
        return tf.cast(x, tf.float32)
    return x


def _ndim(x):
    return x.shape.rank


def _dims(x):
    """Static dims where known, dynamic scalars otherwise."""
    static = x.shape.as_list()
    if None not in static:
        return static
    dynamic = tf.shape(x)
    return [dynamic[i] if d is None else d for i, d in enumerate(static)]


def _canon_axis(axis, ndim):
    if axis < -ndim or axis >= builtins.max(ndim, 1):
        raise ValueError(f"axis {axis} is out of bounds for a tensor of rank {ndim}.")
    return axis % ndim if ndim else 0


def _axes(axis, ndim):
    if axis is None:
        return list(range(ndim))
    if isinstance(axis, (list, tuple)):
        return [_canon_axis(a, ndim) for a in axis]
    return [_canon_axis(int(axis), ndim)]


def _reduce_axis(axis):
    if isinstance(axis, tuple):
        return list(axis)
    return axis


def _moveaxis_to_end(x, axes):
    ndim = _ndim(x)
    rest = [i for i in range(ndim) if i not in axes]
    return tf.transpose(x, rest + list(axes))


# ----------------------------------------------------------------------- elementwise


def add(x1, x2):
    if _float_with_scalar(x1, x2):
        return tf.add(x1, x2)
    x1, x2 = _promote(x1, x2)
    if x1.dtype is _BOOL:
        return tf.logical_or(x1, x2)
    if _is_bias(x1, x2):
        return tf.nn.bias_add(x1, x2)
    return tf.add(x1, x2)


def _is_bias(x1, x2):
    """Note [bias add]: a traced ``x + b`` with ``b`` of shape ``(x.shape[-1],)`` is a BiasAdd.

    Grappler's remapper fuses ``Conv2D + BiasAdd (+ Relu)`` into ``_FusedConv2D`` and
    ``MatMul + BiasAdd (+ Relu)`` into ``_FusedMatMul`` only when it sees a ``BiasAdd``, not
    a broadcasting ``AddV2``; the fused kernels skip a pass over the activations, and the
    bias gradient becomes ``BiasAddGrad`` instead of a broadcast-gradient ``Sum``. The
    forward values are the same additions; the bias gradient sums in another order (float
    rounding). Only for traced tensors (grappler does not run eagerly), floats of
    one dtype and static, equal channel sizes, where both ops give the same shape.
    """
    if type(x1) is _EagerTensor or x1.dtype not in _FLOAT_DTYPES:
        return False
    rank = x1.shape.rank
    channels = x1.shape[-1] if rank else None
    return (
        channels is not None and rank >= 2 and x2.shape.rank == 1 and x2.shape[0] == channels
    )


def subtract(x1, x2):
    if _float_with_scalar(x1, x2):
        return tf.subtract(x1, x2)
    x1, x2 = _promote(x1, x2)
    if x1.dtype is _BOOL:
        raise TypeError(
            "subtract: boolean subtraction is not supported (as in NumPy); "
            "use logical_xor or cast the inputs to an integer dtype."
        )
    return tf.subtract(x1, x2)


def multiply(x1, x2):
    if _float_with_scalar(x1, x2):
        return tf.multiply(x1, x2)
    x1, x2 = _promote(x1, x2)
    if x1.dtype is _BOOL:
        return tf.logical_and(x1, x2)
    return tf.multiply(x1, x2)


def divide(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    return tf.divide(x1, x2)


def true_divide(x1, x2):
    return divide(x1, x2)


def divide_no_nan(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    return tf.math.divide_no_nan(x1, x2)


def maximum(x1, x2):
    x1, x2 = _promote(x1, x2)
    if x1.dtype is _BOOL:
        return tf.logical_or(x1, x2)
    return tf.maximum(x1, x2)


def minimum(x1, x2):
    x1, x2 = _promote(x1, x2)
    if x1.dtype is _BOOL:
        return tf.logical_and(x1, x2)
    return tf.minimum(x1, x2)


def _int_via(x1, x2, fn):
    # NOTE: tf has no bool kernels for integer arithmetic; run it in int8.
    if x1.dtype is _BOOL:
        return tf.cast(fn(tf.cast(x1, "int8"), tf.cast(x2, "int8")), "bool")
    return fn(x1, x2)


def mod(x1, x2):
    x1, x2 = _promote(x1, x2)
    return _int_via(x1, x2, tf.math.floormod)


def floor_divide(x1, x2):
    x1, x2 = _promote(x1, x2)
    return _int_via(x1, x2, tf.math.floordiv)


def fmod(x1, x2):
    x1, x2 = _promote(x1, x2)
    # NOTE: TruncateMod only has int32/int64/float kernels; for unsigned ints the
    # truncated and floored remainders agree.
    if x1.dtype is _BOOL or x1.dtype.is_unsigned:
        return _int_via(x1, x2, tf.math.floormod)
    if x1.dtype in (tf.int8, tf.int16):
        return tf.cast(tf.truncatemod(tf.cast(x1, "int32"), tf.cast(x2, "int32")), x1.dtype)
    if x1.dtype in (tf.float16, tf.bfloat16):
        return tf.cast(
            tf.truncatemod(tf.cast(x1, "float32"), tf.cast(x2, "float32")), x1.dtype
        )
    return tf.truncatemod(x1, x2)


def power(x1, x2):
    x1, x2 = _promote(x1, x2)
    dtype = _dt(x1)
    if dtype in _MATMUL_COMPUTE:
        # NOTE: tf.pow lacks bool/unsigned kernels; integer powers wrap identically
        # in a wider signed type.
        compute = "int64" if dtype in ("uint32", "uint64") else "int32"
        return tf.cast(tf.pow(tf.cast(x1, compute), tf.cast(x2, compute)), dtype)
    return tf.pow(x1, x2)


def fmax(x1, x2):
    x1, x2 = _promote(x1, x2)
    if not x1.dtype.is_floating:
        return maximum(x1, x2)
    return tf.where(tf.math.is_nan(x1), x2, tf.where(tf.math.is_nan(x2), x1, tf.maximum(x1, x2)))


def fmin(x1, x2):
    x1, x2 = _promote(x1, x2)
    if not x1.dtype.is_floating:
        return minimum(x1, x2)
    return tf.where(tf.math.is_nan(x1), x2, tf.where(tf.math.is_nan(x2), x1, tf.minimum(x1, x2)))


def arctan2(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    if x1.dtype in (tf.float16, tf.bfloat16):
        return tf.cast(tf.math.atan2(tf.cast(x1, "float32"), tf.cast(x2, "float32")), x1.dtype)
    return tf.math.atan2(x1, x2)


def hypot(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    a, b = tf.abs(x1), tf.abs(x2)
    big = tf.maximum(a, b)
    small = tf.minimum(a, b)
    safe = tf.where(big == 0, tf.ones_like(big), big)
    ratio = small / safe
    result = big * tf.sqrt(1 + ratio * ratio)
    return tf.where(tf.math.is_inf(a) | tf.math.is_inf(b), tf.abs(big), result)


def logaddexp(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    amax = tf.maximum(x1, x2)
    delta = x1 - x2
    return tf.where(
        tf.math.is_nan(delta), x1 + x2, amax + tf.math.log1p(tf.exp(-tf.abs(delta)))
    )


def logaddexp2(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    amax = tf.maximum(x1, x2)
    delta = x1 - x2
    ln2 = tf.constant(math.log(2.0), x1.dtype)
    return tf.where(
        tf.math.is_nan(delta),
        x1 + x2,
        amax + tf.math.log1p(tf.pow(tf.constant(2.0, x1.dtype), -tf.abs(delta))) / ln2,
    )


def heaviside(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    zero = tf.zeros_like(x1)
    return tf.where(x1 < 0, zero, tf.where(x1 > 0, tf.ones_like(x1), x2 + zero))


def ldexp(x1, x2):
    x2 = _t(x2)
    if not x2.dtype.is_integer:
        raise TypeError(f"ldexp: the exponent x2 must be an integer tensor, got {_dt(x2)}.")
    x1 = _t(x1)
    dtype = dtypes.float_result_type(_dt(x1), _dt(x2))
    x1 = tf.cast(x1, dtype)
    compute = "float64" if dtype == "float64" else "float32"
    scale = tf.pow(tf.constant(2.0, compute), tf.cast(x2, compute))
    return tf.cast(tf.cast(x1, compute) * scale, dtype)


def nextafter(x1, x2):
    x1, x2 = _promote_float(x1, x2)
    dtype = _dt(x1)
    if dtype in ("float32", "float64"):
        return tf.math.nextafter(x1, x2)
    # NOTE: tf.math.nextafter has no half kernels; step the bit pattern instead.
    bits_dtype = tf.int16
    x1, x2 = tf.broadcast_to(x1, tf.broadcast_dynamic_shape(tf.shape(x1), tf.shape(x2))), x2
    x2 = tf.broadcast_to(x2, tf.shape(x1))
    bits = tf.bitcast(x1, bits_dtype)
    toward_up = x2 > x1
    positive = x1 > 0
    step = tf.where(toward_up == positive, tf.ones_like(bits), -tf.ones_like(bits))
    stepped = tf.bitcast(bits + step, x1.dtype)
    tiny = tf.bitcast(tf.ones_like(bits), x1.dtype)
    at_zero = tf.where(toward_up, tiny, -tiny)
    result = tf.where(x1 == 0, at_zero, stepped)
    result = tf.where(x1 == x2, x2, result)
    return tf.where(tf.math.is_nan(x1) | tf.math.is_nan(x2), x1 + x2, result)


def gcd(x1, x2):
    x1, x2 = _promote(x1, x2)
    dtype = _dt(x1)
    compute = "int64" if dtype in ("int64", "uint32", "uint64") else "int32"
    a = tf.abs(tf.cast(x1, compute))
    b = tf.abs(tf.cast(x2, compute))
    a, b = tf.broadcast_to(a, tf.broadcast_dynamic_shape(tf.shape(a), tf.shape(b))), b
    b = tf.broadcast_to(b, tf.shape(a))

    def body(a, b):
        nonzero = b != 0
        safe = tf.where(nonzero, b, tf.ones_like(b))
        return tf.where(nonzero, b, a), tf.where(nonzero, tf.math.floormod(a, safe), b)

    a, _ = tf.while_loop(lambda a, b: tf.reduce_any(b != 0), body, (a, b))
    return tf.cast(a, dtype)


def lcm(x1, x2):
    x1, x2 = _promote(x1, x2)
    dtype = _dt(x1)
    compute = "int64" if dtype in ("int64", "uint32", "uint64") else "int32"
    g = tf.cast(gcd(x1, x2), compute)
    a = tf.abs(tf.cast(x1, compute))
    b = tf.abs(tf.cast(x2, compute))
    safe = tf.where(g == 0, tf.ones_like(g), g)
    result = tf.where(g == 0, tf.zeros_like(g), tf.abs((a // safe) * b))
    return tf.cast(result, dtype)


# ----------------------------------------------------------------------- comparisons


def _compare(x1, x2, fn):
    x1, x2 = _promote(x1, x2)
    if x1.dtype is _BOOL:
        # NOTE: ordering kernels have no bool support.
        return fn(tf.cast(x1, "int8"), tf.cast(x2, "int8"))
    return fn(x1, x2)


def equal(x1, x2):
    x1, x2 = _promote(x1, x2)
    return tf.equal(x1, x2)


def not_equal(x1, x2):
    x1, x2 = _promote(x1, x2)
    return tf.not_equal(x1, x2)


def greater(x1, x2):
    return _compare(x1, x2, tf.greater)


def greater_equal(x1, x2):
    return _compare(x1, x2, tf.greater_equal)


def less(x1, x2):
    return _compare(x1, x2, tf.less)


def less_equal(x1, x2):
    return _compare(x1, x2, tf.less_equal)


def logical_and(x1, x2):
    return tf.logical_and(_t(x1, "bool"), _t(x2, "bool"))


def logical_or(x1, x2):
    return tf.logical_or(_t(x1, "bool"), _t(x2, "bool"))


def logical_xor(x1, x2):
    return tf.math.logical_xor(_t(x1, "bool"), _t(x2, "bool"))


def logical_not(x):
    return tf.logical_not(_t(x, "bool"))


def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    x1, x2 = _promote(x1, x2)
    if not (x1.dtype.is_floating or x1.dtype.is_complex):
        x1 = tf.cast(x1, "float64")
        x2 = tf.cast(x2, "float64")
    diff = tf.abs(x1 - x2)
    tol = tf.cast(atol, diff.dtype) + tf.cast(rtol, diff.dtype) * tf.abs(x2)
    close = diff <= tol
    both_inf = tf.math.is_inf(tf.abs(x1)) & tf.math.is_inf(tf.abs(x2))
    close = tf.where(both_inf, tf.equal(x1, x2), close & tf.math.is_finite(diff))
    if equal_nan:
        close = close | (tf.math.is_nan(tf.abs(x1)) & tf.math.is_nan(tf.abs(x2)))
    return close


def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    return tf.reduce_all(isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


def isnan(x):
    x = _t(x)
    if not (x.dtype.is_floating or x.dtype.is_complex):
        return tf.zeros(tf.shape(x), "bool")
    if x.dtype.is_complex:
        return tf.math.is_nan(tf.math.real(x)) | tf.math.is_nan(tf.math.imag(x))
    return tf.math.is_nan(x)


def isinf(x):
    x = _t(x)
    if not (x.dtype.is_floating or x.dtype.is_complex):
        return tf.zeros(tf.shape(x), "bool")
    if x.dtype.is_complex:
        return tf.math.is_inf(tf.math.real(x)) | tf.math.is_inf(tf.math.imag(x))
    return tf.math.is_inf(x)


def isfinite(x):
    x = _t(x)
    if not (x.dtype.is_floating or x.dtype.is_complex):
        return tf.ones(tf.shape(x), "bool")
    if x.dtype.is_complex:
        return tf.math.is_finite(tf.math.real(x)) & tf.math.is_finite(tf.math.imag(x))
    return tf.math.is_finite(x)


def isneginf(x):
    x = _t(x)
    if not x.dtype.is_floating:
        return tf.zeros(tf.shape(x), "bool")
    return tf.math.is_inf(x) & (x < 0)


def isposinf(x):
    x = _t(x)
    if not x.dtype.is_floating:
        return tf.zeros(tf.shape(x), "bool")
    return tf.math.is_inf(x) & (x > 0)


def isreal(x):
    x = _t(x)
    if x.dtype.is_complex:
        return tf.equal(tf.math.imag(x), 0)
    return tf.ones(tf.shape(x), "bool")


def signbit(x):
    x = _t(x)
    if x.dtype is _BOOL or x.dtype.is_unsigned:
        return tf.zeros(tf.shape(x), "bool")
    if x.dtype.is_integer:
        return x < 0
    # NOTE: -0.0 and -nan have the sign bit set, which a comparison cannot see.
    bits = {"float16": tf.int16, "bfloat16": tf.int16, "float32": tf.int32,
            "float64": tf.int64}[_dt(x)]
    return tf.bitcast(x, bits) < 0


def isin(x1, x2, assume_unique=False, invert=False):
    x1, x2 = _promote(x1, x2)
    flat = tf.reshape(x2, [-1])
    result = tf.reduce_any(tf.equal(tf.expand_dims(x1, -1), flat), axis=-1)
    return tf.logical_not(result) if invert else result


# --------------------------------------------------------------------------- bitwise


def _bitwise(x, y, fn, bool_fn):
    x, y = _promote(x, y)
    if x.dtype is _BOOL:
        return bool_fn(x, y)
    if not x.dtype.is_integer:
        raise TypeError(f"Bitwise ops need integer or bool inputs, got {_dt(x)}.")
    return fn(x, y)


def bitwise_and(x, y):
    return _bitwise(x, y, tf.bitwise.bitwise_and, tf.logical_and)


def bitwise_or(x, y):
    return _bitwise(x, y, tf.bitwise.bitwise_or, tf.logical_or)


def bitwise_xor(x, y):
    return _bitwise(x, y, tf.bitwise.bitwise_xor, tf.math.logical_xor)


def bitwise_invert(x):
    x = _t(x)
    if x.dtype is _BOOL:
        return tf.logical_not(x)
    if not x.dtype.is_integer:
        raise TypeError(f"bitwise_invert needs an integer or bool input, got {_dt(x)}.")
    return tf.bitwise.invert(x)


def bitwise_not(x):
    return bitwise_invert(x)


def _shift(x, y, fn):
    x, y = _promote(x, y)
    if x.dtype is _BOOL:
        return tf.cast(fn(tf.cast(x, "int8"), tf.cast(y, "int8")), "bool")
    if not x.dtype.is_integer:
        raise TypeError(f"Bit shifts need integer or bool inputs, got {_dt(x)}.")
    return fn(x, y)


def bitwise_left_shift(x, y):
    return _shift(x, y, tf.bitwise.left_shift)


def left_shift(x, y):
    return bitwise_left_shift(x, y)


def bitwise_right_shift(x, y):
    return _shift(x, y, tf.bitwise.right_shift)


def right_shift(x, y):
    return bitwise_right_shift(x, y)


# ------------------------------------------------------------------------ unary math


def _unary_float(name, fn, half_in_float32=False):
    # NOTE: several of these kernels lack float16/bfloat16 support (or accuracy) on CPU;
    # those run in float32 and cast back.
    def op(x):
        x = _float(x)
        if half_in_float32 and x.dtype in (tf.float16, tf.bfloat16):
            return tf.cast(fn(tf.cast(x, "float32")), x.dtype)
        return fn(x)

    op.__name__ = op.__qualname__ = name
    return op


sqrt = _unary_float("sqrt", tf.sqrt)
exp = _unary_float("exp", tf.exp)
expm1 = _unary_float("expm1", tf.math.expm1)
log = _unary_float("log", tf.math.log)
log1p = _unary_float("log1p", tf.math.log1p)
sin = _unary_float("sin", tf.sin)
cos = _unary_float("cos", tf.cos)
tan = _unary_float("tan", tf.tan, half_in_float32=True)
sinh = _unary_float("sinh", tf.sinh, half_in_float32=True)
cosh = _unary_float("cosh", tf.cosh, half_in_float32=True)
tanh = _unary_float("tanh", tf.tanh)
arcsin = _unary_float("arcsin", tf.asin, half_in_float32=True)
arccos = _unary_float("arccos", tf.acos, half_in_float32=True)
arctan = _unary_float("arctan", tf.atan, half_in_float32=True)
arcsinh = _unary_float("arcsinh", tf.asinh, half_in_float32=True)
arccosh = _unary_float("arccosh", tf.acosh, half_in_float32=True)
arctanh = _unary_float("arctanh", tf.atanh, half_in_float32=True)
i0 = _unary_float("i0", tf.math.bessel_i0, half_in_float32=True)


def exp2(x):
    x = _float(x)
    return tf.pow(tf.constant(2.0, x.dtype), x)


def log2(x):
    x = _float(x)
    return tf.math.log(x) / tf.math.log(tf.constant(2.0, x.dtype))


def log10(x):
    x = _float(x)
    return tf.math.log(x) / tf.math.log(tf.constant(10.0, x.dtype))


def ceil(x):
    return tf.math.ceil(_float(x))


def floor(x):
    return tf.floor(_float(x))


def trunc(x):
    x = _float(x)
    return tf.where(x < 0, tf.math.ceil(x), tf.floor(x))


def fabs(x):
    return tf.abs(_float(x))


def reciprocal(x):
    x = _float(x)
    return tf.math.reciprocal(x)


def cbrt(x):
    x = _float(x)
    compute = _upcast_half(x)
    result = tf.sign(compute) * tf.pow(tf.abs(compute), tf.constant(1.0 / 3.0, compute.dtype))
    return tf.cast(result, x.dtype)


def deg2rad(x):
    x = _float(x)
    return x * tf.constant(math.pi / 180.0, x.dtype)


def rad2deg(x):
    x = _float(x)
    return x * tf.constant(180.0 / math.pi, x.dtype)


def sinc(x):
    x = _float(x)
    pix = x * tf.constant(math.pi, x.dtype)
    safe = tf.where(x == 0, tf.ones_like(x), pix)
    return tf.where(x == 0, tf.ones_like(x), tf.sin(safe) / safe)


def abs(x):  # noqa: A001
    x = _t(x)
    if x.dtype is _BOOL or x.dtype.is_unsigned:
        return x
    return tf.abs(x)


def absolute(x):
    return abs(x)


def negative(x):
    x = _t(x)
    if x.dtype.is_unsigned:
        # NOTE: no negation kernel for unsigned ints; 0 - x wraps as in NumPy.
        return tf.subtract(tf.zeros_like(x), x)
    if x.dtype is _BOOL:
        raise TypeError("negative: boolean negation is not supported; use logical_not.")
    return tf.negative(x)


def square(x):
    x = _t(x)
    if x.dtype is _BOOL:
        return x
    return tf.square(x)


def sign(x):
    x = _t(x)
    if x.dtype is _BOOL:
        return x
    if x.dtype.is_unsigned:
        return tf.cast(x > 0, x.dtype)
    if x.dtype.is_floating:
        # NOTE: NumPy's sign of nan is nan.
        return tf.where(tf.math.is_nan(x), x, tf.sign(x))
    return tf.sign(x)


def round(x, decimals=0):  # noqa: A001
    x = _t(x)
    if x.dtype is _BOOL:
        return x
    if x.dtype.is_integer:
        if decimals >= 0:
            return x
        factor = tf.constant(10.0 ** (-decimals), "float64")
        return tf.cast(tf.round(tf.cast(x, "float64") / factor) * factor, x.dtype)
    if decimals == 0:
        return tf.round(x)
    compute = _upcast_half(x)
    factor = tf.constant(10.0**decimals, compute.dtype)
    return tf.cast(tf.round(compute * factor) / factor, x.dtype)


def clip(x, x_min, x_max):
    x = _t(x)
    if x.dtype is _BOOL:
        x = tf.cast(x, "int32")
    dtype = x.dtype
    if x_min is not None:
        x = tf.maximum(x, tf.cast(_t(x_min), dtype))
    if x_max is not None:
        x = tf.minimum(x, tf.cast(_t(x_max), dtype))
    return x


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = _t(x)
    if not x.dtype.is_floating:
        return x
    dtype = x.dtype
    posinf = dtype.max if posinf is None else posinf
    neginf = dtype.min if neginf is None else neginf
    x = tf.where(tf.math.is_nan(x), tf.constant(nan, dtype), x)
    x = tf.where(tf.math.is_inf(x) & (x > 0), tf.constant(posinf, dtype), x)
    return tf.where(tf.math.is_inf(x) & (x < 0), tf.constant(neginf, dtype), x)


def angle(x):
    x = _t(x)
    if x.dtype.is_complex:
        return tf.math.angle(x)
    x = _float(x)
    return tf.where(x < 0, tf.constant(math.pi, x.dtype), tf.zeros_like(x))


def conj(x):
    x = _t(x)
    return tf.math.conj(x) if x.dtype.is_complex else x


def conjugate(x):
    return conj(x)


def real(x):
    x = _t(x)
    return tf.math.real(x) if x.dtype.is_complex else x


def imag(x):
    x = _t(x)
    return tf.math.imag(x) if x.dtype.is_complex else tf.zeros_like(x)


def copy(x):
    return tf.identity(_t(x))


# ------------------------------------------------------------------------ reductions


# Note [eager sum fast path]: `tf.reduce_sum` is the `Sum` kernel behind Python layers
# (dispatch, traceback filtering, the weak-tensor wrapper): ~15 µs of a ~40 µs eager 8x8 sum,
# and with axis=None it also builds the axes tensor on every call (~40 µs more). For an eager
# tensor whose dtype is not widened those layers change nothing (no dispatcher or weak tensor
# applies; an eager result's shape is already static), so `tf.raw_ops.Sum` with the axis as
# given, or every axis for None, runs the same kernel (same gradient on a tape) on the same
# arguments. Reading `x.dtype` once and testing identity avoids `DType.name` and DType hashing,
# pybind calls that cost more than the rest of this check. Other inputs keep `tf.reduce_sum`.
_EagerTensor = tf.__internal__.EagerTensor
_RAW_SUM = tf.raw_ops.Sum
_INT8, _INT16, _UINT8, _UINT16 = tf.int8, tf.int16, tf.uint8, tf.uint16
_ALL_AXES = {}  # rank -> int32 NumPy axes for axis=None (NumPy, so no tensor is cached)


def _all_axes(rank):
    axes = _ALL_AXES.get(rank)
    if axes is None:
        axes = _ALL_AXES[rank] = np.arange(rank, dtype=np.int32)
    return axes


def sum(x, axis=None, keepdims=False):  # noqa: A001
    if type(x) is _EagerTensor:
        dtype = x.dtype
        if not (dtype is _BOOL or dtype is _INT8 or dtype is _INT16 or dtype is _UINT8
                or dtype is _UINT16):  # the dtypes `_SUM_DTYPES` widens
            if axis is None:
                axis = _all_axes(x.shape.rank)
            return _RAW_SUM(input=x, axis=_reduce_axis(axis), keep_dims=bool(keepdims))
    x = _t(x)
    dtype = _SUM_DTYPES.get(_dt(x))
    if dtype is not None:
        x = tf.cast(x, dtype)
    return tf.reduce_sum(x, axis=_reduce_axis(axis), keepdims=keepdims)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = _t(x)
    if dtype is not None:
        x = tf.cast(x, dtypes.standardize_dtype(dtype))
    else:
        target = _SUM_DTYPES.get(_dt(x))
        if target is not None:
            x = tf.cast(x, target)
    return tf.reduce_prod(x, axis=_reduce_axis(axis), keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    x = _float(x)
    compute = _upcast_half(x)
    return tf.cast(
        tf.reduce_mean(compute, axis=_reduce_axis(axis), keepdims=keepdims), x.dtype
    )


def var(x, axis=None, keepdims=False):
    x = _float(x)
    compute = _upcast_half(x)
    axis = _reduce_axis(axis)
    centered = compute - tf.reduce_mean(compute, axis=axis, keepdims=True)
    if centered.dtype.is_complex:
        squared = tf.math.real(centered * tf.math.conj(centered))
    else:
        squared = tf.square(centered)
    result = tf.reduce_mean(squared, axis=axis, keepdims=keepdims)
    if x.dtype.is_complex:
        return result
    return tf.cast(result, x.dtype)


def std(x, axis=None, keepdims=False):
    return sqrt(var(x, axis=axis, keepdims=keepdims))


def _extreme(x, axis, keepdims, initial, reduce_fn, bool_fn, combine):
    x = _t(x)
    axis = _reduce_axis(axis)
    if x.dtype is _BOOL:
        result = bool_fn(x, axis=axis, keepdims=keepdims)
    else:
        result = reduce_fn(x, axis=axis, keepdims=keepdims)
    if initial is not None:
        result = combine(result, tf.cast(initial, result.dtype))
    return result


def max(x, axis=None, keepdims=False, initial=None):  # noqa: A001
    return _extreme(
        x, axis, keepdims, initial, tf.reduce_max, tf.reduce_any, maximum
    )


def min(x, axis=None, keepdims=False, initial=None):  # noqa: A001
    return _extreme(
        x, axis, keepdims, initial, tf.reduce_min, tf.reduce_all, minimum
    )


def amax(x, axis=None, keepdims=False):
    return max(x, axis=axis, keepdims=keepdims)


def amin(x, axis=None, keepdims=False):
    return min(x, axis=axis, keepdims=keepdims)


def ptp(x, axis=None, keepdims=False):
    x = _t(x)
    return subtract(max(x, axis, keepdims), min(x, axis, keepdims))


def all(x, axis=None, keepdims=False):  # noqa: A001
    return tf.reduce_all(_t(x, "bool"), axis=_reduce_axis(axis), keepdims=keepdims)


def any(x, axis=None, keepdims=False):  # noqa: A001
    return tf.reduce_any(_t(x, "bool"), axis=_reduce_axis(axis), keepdims=keepdims)


def count_nonzero(x, axis=None):
    x = _t(x)
    return tf.math.count_nonzero(
        tf.cast(x, "bool"), axis=_reduce_axis(axis), dtype="int32"
    )


def average(x, axis=None, weights=None):
    x = _t(x)
    if weights is None:
        return mean(x, axis=axis)
    weights = _t(weights)
    dtype = dtypes.float_result_type(_dt(x), _dt(weights))
    x = tf.cast(x, dtype)
    weights = tf.cast(weights, dtype)
    if axis is not None and _ndim(weights) == 1 and _ndim(x) > 1:
        ax = _canon_axis(axis, _ndim(x))
        shape = [1] * _ndim(x)
        shape[ax] = -1
        weights = tf.reshape(weights, shape)
    weights = tf.broadcast_to(weights, tf.shape(x))
    axis = _reduce_axis(axis)
    return tf.reduce_sum(x * weights, axis=axis) / tf.reduce_sum(weights, axis=axis)


def _arg_extreme(x, axis, keepdims, fn, nan_fill):
    x = _t(x)
    if x.dtype is _BOOL:
        x = tf.cast(x, "int8")
    if x.dtype.is_floating and nan_fill is not None:
        x = tf.where(tf.math.is_nan(x), tf.cast(nan_fill, x.dtype), x)
    if axis is None:
        result = fn(tf.reshape(x, [-1]), axis=0, output_type="int32")
        if keepdims:
            result = tf.reshape(result, [1] * _ndim(x))
        return result
    result = fn(x, axis=axis, output_type="int32")
    if keepdims:
        result = tf.expand_dims(result, axis)
    return result


def argmax(x, axis=None, keepdims=False):
    # NOTE: NumPy returns the first nan's index; nan is treated as the largest value.
    return _arg_extreme(x, axis, keepdims, tf.argmax, float("inf"))


def argmin(x, axis=None, keepdims=False):
    return _arg_extreme(x, axis, keepdims, tf.argmin, float("-inf"))


def nanargmax(x, axis=None, keepdims=False):
    return _arg_extreme(x, axis, keepdims, tf.argmax, float("-inf"))


def nanargmin(x, axis=None, keepdims=False):
    return _arg_extreme(x, axis, keepdims, tf.argmin, float("inf"))


def _nan_replaced(x, value):
    x = _t(x)
    if x.dtype.is_floating:
        return tf.where(tf.math.is_nan(x), tf.cast(value, x.dtype), x)
    return x


def nansum(x, axis=None, keepdims=False):
    return sum(_nan_replaced(x, 0), axis=axis, keepdims=keepdims)


def nanprod(x, axis=None, keepdims=False):
    return prod(_nan_replaced(x, 1), axis=axis, keepdims=keepdims)


def _nan_extreme(x, axis, keepdims, fill, fn):
    x = _t(x)
    if not x.dtype.is_floating:
        return fn(x, axis=axis, keepdims=keepdims)
    nans = tf.math.is_nan(x)
    result = fn(tf.where(nans, tf.cast(fill, x.dtype), x), axis=axis, keepdims=keepdims)
    all_nan = tf.reduce_all(nans, axis=_reduce_axis(axis), keepdims=keepdims)
    return tf.where(all_nan, tf.cast(float("nan"), x.dtype), result)


def nanmax(x, axis=None, keepdims=False):
    return _nan_extreme(x, axis, keepdims, float("-inf"), max)


def nanmin(x, axis=None, keepdims=False):
    return _nan_extreme(x, axis, keepdims, float("inf"), min)


def nanmean(x, axis=None, keepdims=False):
    x = _float(x)
    compute = _upcast_half(x)
    valid = tf.logical_not(tf.math.is_nan(compute))
    axis = _reduce_axis(axis)
    total = tf.reduce_sum(tf.where(valid, compute, 0), axis=axis, keepdims=keepdims)
    count = tf.reduce_sum(tf.cast(valid, compute.dtype), axis=axis, keepdims=keepdims)
    return tf.cast(total / count, x.dtype)


def nanvar(x, axis=None, keepdims=False):
    x = _float(x)
    compute = _upcast_half(x)
    center = nanmean(compute, axis=axis, keepdims=True)
    squared = tf.square(compute - center)
    return tf.cast(nanmean(squared, axis=axis, keepdims=keepdims), x.dtype)


def nanstd(x, axis=None, keepdims=False):
    return sqrt(nanvar(x, axis=axis, keepdims=keepdims))


def _cumulative(x, axis, dtype, fn, nan_value=None):
    x = _t(x)
    if dtype is not None:
        x = tf.cast(x, dtypes.standardize_dtype(dtype))
    else:
        target = _SUM_DTYPES.get(_dt(x))
        if target is not None:
            x = tf.cast(x, target)
    if nan_value is not None and x.dtype.is_floating:
        x = tf.where(tf.math.is_nan(x), tf.cast(nan_value, x.dtype), x)
    if axis is None:
        x = tf.reshape(x, [-1])
        axis = 0
    return fn(x, axis=axis)


def cumsum(x, axis=None, dtype=None):
    return _cumulative(x, axis, dtype, tf.cumsum)


def cumprod(x, axis=None, dtype=None):
    return _cumulative(x, axis, dtype, tf.math.cumprod)


def nancumsum(x, axis=None, dtype=None):
    return _cumulative(x, axis, dtype, tf.cumsum, 0)


def nancumprod(x, axis=None, dtype=None):
    return _cumulative(x, axis, dtype, tf.math.cumprod, 1)


def _quantile(x, q, axis, method, keepdims, ignore_nan):
    methods = ("linear", "lower", "higher", "midpoint", "nearest")
    if method not in methods:
        raise ValueError(f"quantile: method must be one of {methods}, got {method!r}.")
    x = _float(x)
    out_dtype = x.dtype
    x = _upcast_half(x)
    q = tf.cast(_t(q), x.dtype)
    ndim = _ndim(x)
    axes = _axes(axis, ndim)
    kept_shape = [d for i, d in enumerate(_dims(x)) if i not in axes]
    moved = _moveaxis_to_end(x, axes)
    flat = tf.reshape(moved, tf.concat([tf.shape(moved)[: ndim - len(axes)], [-1]], 0))
    nans = tf.math.is_nan(flat)
    length = tf.shape(flat)[-1]
    if ignore_nan:
        count = tf.reduce_sum(tf.cast(tf.logical_not(nans), "int32"), axis=-1)
        flat = tf.where(nans, tf.cast(float("inf"), x.dtype), flat)
    else:
        count = tf.fill(tf.shape(flat)[:-1], length)
    sorted_x = tf.sort(flat, axis=-1)
    # q broadcasts in front: result shape q.shape + kept_shape.
    q_flat = tf.reshape(q, [-1])
    n = tf.cast(count, x.dtype)
    position = tf.reshape(q_flat, [-1] + [1] * (_ndim(flat) - 1)) * (n - 1)
    low = tf.floor(position)
    high = tf.math.ceil(position)
    if method == "lower":
        low = high = low
    elif method == "higher":
        low = high = high
    elif method == "nearest":
        low = high = tf.round(position)
    max_index = tf.maximum(count - 1, 0)

    def take(index):
        index = tf.minimum(tf.cast(index, "int32"), max_index)
        index = tf.maximum(index, 0)
        # index: [nq, *kept]; gather along the last axis of sorted_x.
        tiled = tf.broadcast_to(
            sorted_x, tf.concat([tf.shape(index)[:1], tf.shape(sorted_x)], 0)
        )
        return tf.gather(tiled, index[..., None], axis=-1, batch_dims=_ndim(index))[..., 0]

    low_value = take(low)
    high_value = take(high)
    if method == "midpoint":
        result = (low_value + high_value) / 2
    elif method == "linear":
        result = low_value + (high_value - low_value) * (position - low)
        result = tf.where(tf.equal(low, high), low_value, result)
    else:
        result = low_value
    if ignore_nan:
        result = tf.where(count == 0, tf.cast(float("nan"), x.dtype), result)
    else:
        has_nan = tf.reduce_any(nans, axis=-1)
        result = tf.where(has_nan, tf.cast(float("nan"), x.dtype), result)
    q_shape = _dims(q)
    if keepdims:
        kept_shape = [1 if i in axes else d for i, d in enumerate(_dims(x))]
    result = tf.reshape(result, list(q_shape) + list(kept_shape))
    return tf.cast(result, out_dtype)


def quantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, ignore_nan=False)


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, ignore_nan=True)


def percentile(x, q, axis=None, method="linear", keepdims=False):
    return quantile(x, divide(q, 100.0), axis=axis, method=method, keepdims=keepdims)


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    return nanquantile(x, divide(q, 100.0), axis=axis, method=method, keepdims=keepdims)


def median(x, axis=None, keepdims=False):
    return quantile(x, 0.5, axis=axis, keepdims=keepdims)


def nanmedian(x, axis=None, keepdims=False):
    return nanquantile(x, 0.5, axis=axis, keepdims=keepdims)


def trace(x, offset=0, axis1=0, axis2=1):
    return sum(diagonal(x, offset=offset, axis1=axis1, axis2=axis2), axis=-1)


# -------------------------------------------------------------------------- creation


def _shape_arg(shape):
    if isinstance(shape, (int, np.integer)) or (tf.is_tensor(shape) and shape.shape.rank == 0):
        return [shape]
    return shape


def zeros(shape, dtype=None):
    return tf.zeros(_shape_arg(shape), dtype=dtypes.standardize_dtype(dtype))


def ones(shape, dtype=None):
    return tf.ones(_shape_arg(shape), dtype=dtypes.standardize_dtype(dtype))


def empty(shape, dtype=None):
    return zeros(shape, dtype)


def zeros_like(x, dtype=None):
    x = _t(x)
    return tf.zeros_like(x, dtype=None if dtype is None else dtypes.standardize_dtype(dtype))


def ones_like(x, dtype=None):
    x = _t(x)
    return tf.ones_like(x, dtype=None if dtype is None else dtypes.standardize_dtype(dtype))


def empty_like(x, dtype=None):
    return zeros_like(x, dtype)


def full(shape, fill_value, dtype=None):
    dtype = dtypes.infer_dtype(fill_value) if dtype is None else dtypes.standardize_dtype(dtype)
    return tf.broadcast_to(tf.cast(_t(fill_value), dtype), _shape_arg(shape))


def full_like(x, fill_value, dtype=None):
    x = _t(x)
    dtype = _dt(x) if dtype is None else dtypes.standardize_dtype(dtype)
    return tf.broadcast_to(tf.cast(_t(fill_value), dtype), tf.shape(x))


def array(x, dtype=None):
    return _t(x, dtype)


def _index_grid(n, m, k):
    rows = tf.range(n)[:, None]
    cols = tf.range(m)[None, :]
    return cols - rows - k


def eye(N, M=None, k=0, dtype=None):  # noqa: N803
    dtype = dtypes.standardize_dtype(dtype)
    M = N if M is None else M  # noqa: N806
    return tf.cast(tf.equal(_index_grid(N, M, k), 0), dtype)


def identity(n, dtype=None):
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):  # noqa: N803
    dtype = dtypes.standardize_dtype(dtype)
    M = N if M is None else M  # noqa: N806
    return tf.cast(_index_grid(N, M, k) <= 0, dtype)


def _tri_mask(x, k, lower):
    dims = _dims(x)
    grid = _index_grid(dims[-2], dims[-1], k)
    return grid <= 0 if lower else grid >= 0


def tril(x, k=0):
    x = _t(x)
    return tf.where(_tri_mask(x, k, True), x, tf.zeros_like(x))


def triu(x, k=0):
    x = _t(x)
    return tf.where(_tri_mask(x, k, False), x, tf.zeros_like(x))


def arange(start, stop=None, step=None, dtype=None):
    if dtype is None:
        values = [v for v in (start, stop, step) if v is not None]
        all_int = builtins.all(
            dtypes.is_int_dtype(dtypes.infer_dtype(v)) or isinstance(v, bool) for v in values
        )
        dtype = "int32" if all_int else config.floatx()
    dtype = dtypes.standardize_dtype(dtype)
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    # NOTE: tf.range has kernels for a few dtypes only; others compute wide then cast.
    if dtype in ("int32", "int64", "float32", "float64"):
        compute = dtype
    elif dtype in dtypes.FLOAT_TYPES:
        compute = "float32"
    else:
        compute = "int64"
    result = tf.range(_t(start, compute), _t(stop, compute), _t(step, compute), dtype=compute)
    return tf.cast(result, dtype)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    out_dtype = dtypes.standardize_dtype(dtype)
    start = tf.cast(_t(start), "float64")
    stop = tf.cast(_t(stop), "float64")
    div = (num - 1) if endpoint else num
    shape = tf.broadcast_dynamic_shape(tf.shape(start), tf.shape(stop))
    start = tf.broadcast_to(start, shape)
    stop = tf.broadcast_to(stop, shape)
    delta = stop - start
    steps = tf.reshape(tf.range(num, dtype="float64"), [-1] + [1] * _ndim(start))
    if div > 0:
        step = delta / div
        values = start + steps * step
        if endpoint and num > 1:
            values = tf.concat([values[:-1], stop[None]], axis=0)
    else:
        step = tf.fill(tf.shape(delta), tf.constant(float("nan"), "float64"))
        values = start + steps * delta
    if axis != 0:
        values = moveaxis(values, 0, axis)
    if dtypes.is_int_dtype(out_dtype):
        values = tf.floor(values)
    values = tf.cast(values, out_dtype)
    if retstep:
        return values, tf.cast(step, out_dtype)
    return values


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    out_dtype = dtypes.standardize_dtype(dtype)
    exponents = linspace(start, stop, num=num, endpoint=endpoint, dtype="float64", axis=axis)
    return tf.cast(tf.pow(tf.cast(base, "float64"), exponents), out_dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    out_dtype = dtypes.standardize_dtype(dtype)
    start = tf.cast(_t(start), "float64")
    stop = tf.cast(_t(stop), "float64")
    sign = tf.sign(start)
    logs = linspace(
        tf.math.log(tf.abs(start)), tf.math.log(tf.abs(stop)), num=num,
        endpoint=endpoint, dtype="float64", axis=0,
    )
    values = sign * tf.exp(logs)
    # NumPy pins the endpoints exactly.
    if num > 0:
        values = tf.concat([tf.broadcast_to(start, tf.shape(values[:1])), values[1:]], 0)
        if endpoint and num > 1:
            values = tf.concat([values[:-1], tf.broadcast_to(stop, tf.shape(values[:1]))], 0)
    if axis != 0:
        values = moveaxis(values, 0, axis)
    return tf.cast(values, out_dtype)


def _window_n(x):
    return int(x) if not tf.is_tensor(x) else x


def _window(x, fn):
    n = _window_n(x)
    dtype = config.floatx()
    if isinstance(n, int):
        if n <= 0:
            return tf.zeros([0], dtype)
        if n == 1:
            return tf.ones([1], dtype)
    index = tf.range(n, dtype="float64")
    denom = tf.cast(n - 1, "float64")
    return tf.cast(fn(index, denom), dtype)


def bartlett(x):
    return _window(x, lambda n, m: 1.0 - tf.abs(2.0 * n / m - 1.0))


def blackman(x):
    return _window(
        x,
        lambda n, m: 0.42
        - 0.5 * tf.cos(2.0 * math.pi * n / m)
        + 0.08 * tf.cos(4.0 * math.pi * n / m),
    )


def hamming(x):
    return _window(x, lambda n, m: 0.54 - 0.46 * tf.cos(2.0 * math.pi * n / m))


def hanning(x):
    return _window(x, lambda n, m: 0.5 - 0.5 * tf.cos(2.0 * math.pi * n / m))


def kaiser(x, beta):
    beta = tf.cast(beta, "float64")

    def fn(n, m):
        alpha = m / 2.0
        ratio = (n - alpha) / alpha
        arg = beta * tf.sqrt(tf.maximum(1.0 - ratio * ratio, 0.0))
        return tf.math.bessel_i0(arg) / tf.math.bessel_i0(beta)

    return _window(x, fn)


# ----------------------------------------------------------------------- linear algebra


def _matmul_dtype(x1, x2):
    d1, d2 = _dt(x1), _dt(x2)
    if d1 in ("int8", "uint8") and d2 in ("int8", "uint8"):
        return "int32"
    return dtypes.result_type(d1, d2)


def _compute_dtype(dtype):
    return _MATMUL_COMPUTE.get(dtype, dtype)


def _finish(result, dtype):
    if dtype == "bool":
        return result != 0
    return tf.cast(result, dtype) if result.dtype.name != dtype else result


def matmul(x1, x2):
    # Fast path: float tensors of one dtype and rank >= 2 need no casts nor reshapes.
    dtype1 = getattr(x1, "dtype", None)
    if (dtype1 in _FLOAT_DTYPES and dtype1 is getattr(x2, "dtype", None) and tf.is_tensor(x1)
            and tf.is_tensor(x2) and (x1.shape.rank or 0) >= 2
            and (x2.shape.rank or 0) >= 2):
        return tf.linalg.matmul(x1, x2)
    x1, x2 = _t(x1), _t(x2)
    dtype = _matmul_dtype(x1, x2)
    compute = _compute_dtype(dtype)
    x1, x2 = tf.cast(x1, compute), tf.cast(x2, compute)
    r1, r2 = _ndim(x1), _ndim(x2)
    if r1 == 0 or r2 == 0:
        raise ValueError(
            f"matmul: inputs must have rank >= 1, got shapes {x1.shape} and {x2.shape}."
        )
    if r1 == 1:
        x1 = x1[None, :]
    if r2 == 1:
        x2 = x2[:, None]
    result = tf.linalg.matmul(x1, x2)
    if r1 == 1 and r2 == 1:
        result = result[..., 0, 0]
    elif r1 == 1:
        result = tf.squeeze(result, -2)
    elif r2 == 1:
        result = tf.squeeze(result, -1)
    return _finish(result, dtype)


def tensordot(x1, x2, axes=2):
    x1, x2 = _t(x1), _t(x2)
    dtype = _matmul_dtype(x1, x2)
    compute = _compute_dtype(dtype)
    result = tf.tensordot(tf.cast(x1, compute), tf.cast(x2, compute), axes)
    return _finish(result, dtype)


def dot(x1, x2):
    x1, x2 = _t(x1), _t(x2)
    r1, r2 = _ndim(x1), _ndim(x2)
    if r1 == 0 or r2 == 0:
        dtype = _matmul_dtype(x1, x2)
        compute = _compute_dtype(dtype)
        return _finish(tf.cast(x1, compute) * tf.cast(x2, compute), dtype)
    if r2 == 1:
        return tensordot(x1, x2, [[r1 - 1], [0]])
    if r1 <= 2 and r2 == 2:
        return matmul(x1, x2)
    return tensordot(x1, x2, [[r1 - 1], [r2 - 2]])


def inner(x1, x2):
    x1, x2 = _t(x1), _t(x2)
    r1, r2 = _ndim(x1), _ndim(x2)
    if r1 == 0 or r2 == 0:
        return dot(x1, x2)
    return tensordot(x1, x2, [[r1 - 1], [r2 - 1]])


def outer(x1, x2):
    x1, x2 = _t(x1), _t(x2)
    dtype = _matmul_dtype(x1, x2)
    compute = _compute_dtype(dtype)
    a = tf.reshape(tf.cast(x1, compute), [-1, 1])
    b = tf.reshape(tf.cast(x2, compute), [1, -1])
    return _finish(a * b, dtype)


def vdot(x1, x2):
    x1, x2 = _t(x1), _t(x2)
    return dot(tf.reshape(conj(x1), [-1]), tf.reshape(x2, [-1]))


def einsum(subscripts, *operands, **kwargs):
    operands = [_t(x) for x in operands]
    op_dtypes = [_dt(x) for x in operands]
    if op_dtypes and builtins.all(d in ("int8", "uint8") for d in op_dtypes):
        dtype = "int32"
    else:
        dtype = dtypes.result_type(*op_dtypes)
    compute = _compute_dtype(dtype)
    result = tf.einsum(subscripts, *[tf.cast(x, compute) for x in operands], **kwargs)
    return _finish(result, dtype)


def kron(x1, x2):
    x1, x2 = _promote(x1, x2)
    r = builtins.max(_ndim(x1), _ndim(x2))
    x1 = tf.reshape(x1, [1] * (r - _ndim(x1)) + _dims(x1))
    x2 = tf.reshape(x2, [1] * (r - _ndim(x2)) + _dims(x2))
    d1, d2 = _dims(x1), _dims(x2)
    a_shape, b_shape, out_shape = [], [], []
    for a, b in zip(d1, d2):
        a_shape += [a, 1]
        b_shape += [1, b]
        out_shape.append(a * b)
    product = multiply(tf.reshape(x1, a_shape), tf.reshape(x2, b_shape))
    return tf.reshape(product, out_shape)


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    if axis is not None:
        axisa = axisb = axisc = axis
    x1, x2 = _promote(x1, x2)
    a = moveaxis(x1, axisa, -1)
    b = moveaxis(x2, axisb, -1)
    na, nb = a.shape[-1], b.shape[-1]
    if na not in (2, 3) or nb not in (2, 3):
        raise ValueError(
            f"cross: the vector axes must have size 2 or 3, got {na} and {nb}."
        )
    if na == 2 and nb == 2:
        return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
    a0, a1 = a[..., 0], a[..., 1]
    b0, b1 = b[..., 0], b[..., 1]
    a2 = a[..., 2] if na == 3 else tf.zeros_like(a0)
    b2 = b[..., 2] if nb == 3 else tf.zeros_like(b0)
    c = tf.stack(
        _broadcast_all([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0]), axis=-1
    )
    return moveaxis(c, -1, axisc)


def _broadcast_all(xs):
    shape = tf.shape(xs[0])
    for x in xs[1:]:
        shape = tf.broadcast_dynamic_shape(shape, tf.shape(x))
    return [tf.broadcast_to(x, shape) for x in xs]


def slogdet(x):
    x = _float(x)
    compute = _upcast_half(x)
    sign_value, logdet = tf.linalg.slogdet(compute)
    return tf.cast(sign_value, x.dtype), tf.cast(logdet, x.dtype)


def correlate(x1, x2, mode="valid"):
    if mode not in ("valid", "same", "full"):
        raise ValueError(f"correlate: mode must be 'valid', 'same' or 'full', got {mode!r}.")
    x1, x2 = _t(x1), _t(x2)
    dtype = dtypes.float_result_type(_dt(x1), _dt(x2))
    # NOTE: conv1d has no float64/half gaps on CPU for float32; halves run in float32.
    compute = "float32" if dtype in ("float16", "bfloat16") else dtype
    a = tf.cast(x1, compute)
    v = tf.cast(x2, compute)
    n, m = a.shape[0], v.shape[0]
    if _ndim(a) != 1 or _ndim(v) != 1 or n is None or m is None:
        raise ValueError(
            f"correlate: inputs must be 1-D with known lengths, got shapes {a.shape} and "
            f"{v.shape}."
        )
    if a.dtype.is_complex:
        v = tf.math.conj(v)
    # full[k] = sum_j a[j + k - (m - 1)] * v[j], computed as a VALID 1-D convolution
    # (tf's conv is a cross-correlation) over `a` zero-padded by m - 1 on both sides.
    padded = tf.pad(a, [[m - 1, m - 1]])
    full_result = tf.nn.conv1d(
        tf.reshape(padded, [1, -1, 1]), tf.reshape(v, [m, 1, 1]), stride=1, padding="VALID"
    )
    full_result = tf.reshape(full_result, [-1])
    if mode == "full":
        result = full_result
    elif mode == "valid":
        length = builtins.max(n, m) - builtins.min(n, m) + 1
        start = builtins.min(n, m) - 1
        result = full_result[start : start + length]
    else:
        length = builtins.max(n, m)
        start = (m - 1) // 2 if n >= m else n // 2
        result = full_result[start : start + length]
    return tf.cast(result, dtype)


def corrcoef(x):
    x = _float(x)
    compute = _upcast_half(x)
    scalar = _ndim(compute) == 1
    if scalar:
        compute = compute[None, :]
    centered = compute - tf.reduce_mean(compute, axis=1, keepdims=True)
    cov = tf.matmul(centered, tf.math.conj(centered), transpose_b=True)
    d = tf.linalg.diag_part(cov)
    stddev = tf.sqrt(d)
    c = cov / stddev[:, None] / stddev[None, :]
    if not c.dtype.is_complex:
        c = tf.clip_by_value(c, -1.0, 1.0)
    if scalar:
        c = c[0, 0]
    return tf.cast(c, x.dtype)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = _t(y)
    if x is not None:
        x = _t(x)
        dtype = dtypes.float_result_type(_dt(y), _dt(x))
        x = tf.cast(x, dtype)
    else:
        dtype = dtypes.float_result_type(_dt(y))
    y = tf.cast(y, dtype)
    ndim = _ndim(y)
    axis = _canon_axis(axis, ndim)
    head = [slice(None)] * ndim
    tail = [slice(None)] * ndim
    head[axis] = slice(1, None)
    tail[axis] = slice(None, -1)
    if x is None:
        d = tf.cast(dx, dtype)
    elif _ndim(x) == 1:
        shape = [1] * ndim
        shape[axis] = -1
        d = tf.reshape(diff(x), shape)
    else:
        d = diff(x, axis=axis)
    return tf.reduce_sum(d * (y[tuple(head)] + y[tuple(tail)]) / 2.0, axis=axis)


def vander(x, N=None, increasing=False):  # noqa: N803
    x = _t(x)
    if _ndim(x) != 1:
        raise ValueError(f"vander: x must be 1-D, got shape {x.shape}.")
    n = _dims(x)[0] if N is None else N
    powers = tf.range(n, dtype="int32")
    if not increasing:
        powers = tf.reverse(powers, [0])
    return power(x[:, None], tf.cast(powers, x.dtype)[None, :])


# ---------------------------------------------------------------------- manipulation


def ndim(x):
    return _ndim(_t(x))


def size(x):
    x = _t(x)
    if x.shape.is_fully_defined():
        return x.shape.num_elements()
    return tf.size(x, out_type="int32")


def reshape(x, newshape):
    x = _t(x)
    if isinstance(newshape, (int, np.integer)):
        newshape = [newshape]
    return tf.reshape(x, newshape)


def ravel(x):
    return tf.reshape(_t(x), [-1])


def transpose(x, axes=None):
    x = _t(x)
    if axes is None:
        return tf.transpose(x)
    return tf.transpose(x, [_canon_axis(a, _ndim(x)) for a in axes])


def swapaxes(x, axis1, axis2):
    x = _t(x)
    ndim = _ndim(x)
    perm = list(range(ndim))
    a, b = _canon_axis(axis1, ndim), _canon_axis(axis2, ndim)
    perm[a], perm[b] = perm[b], perm[a]
    return tf.transpose(x, perm)


def moveaxis(x, source, destination):
    x = _t(x)
    ndim = _ndim(x)
    source = _axes(source, ndim)
    destination = _axes(destination, ndim)
    if len(source) != len(destination):
        raise ValueError(
            "moveaxis: source and destination must have the same number of axes, got "
            f"{source} and {destination}."
        )
    order = [i for i in range(ndim) if i not in source]
    for dest, src in sorted(zip(destination, source)):
        order.insert(dest, src)
    if order == list(range(ndim)):
        return x
    return tf.transpose(x, order)


def expand_dims(x, axis):
    x = _t(x)
    if isinstance(axis, (list, tuple)):
        out_ndim = _ndim(x) + len(axis)
        for a in sorted(_canon_axis(a, out_ndim) for a in axis):
            x = tf.expand_dims(x, a)
        return x
    return tf.expand_dims(x, axis)


def squeeze(x, axis=None):
    x = _t(x)
    if axis is None:
        return tf.squeeze(x)
    axes = _axes(axis, _ndim(x))
    for a in axes:
        if x.shape[a] is not None and x.shape[a] != 1:
            raise ValueError(
                f"squeeze: cannot squeeze axis {a} of size {x.shape[a]} (shape {x.shape})."
            )
    return tf.squeeze(x, axes)


def broadcast_to(x, shape):
    return tf.broadcast_to(_t(x), _shape_arg(shape))


def flip(x, axis=None):
    x = _t(x)
    return tf.reverse(x, _axes(axis, _ndim(x)))


def fliplr(x):
    return flip(x, 1)


def flipud(x):
    return flip(x, 0)


def rot90(array, k=1, axes=(0, 1)):
    array = _t(array)
    ndim = _ndim(array)
    if ndim < 2:
        raise ValueError(f"rot90: input must have rank >= 2, got shape {array.shape}.")
    a0, a1 = (_canon_axis(a, ndim) for a in axes)
    if a0 == a1:
        raise ValueError(f"rot90: axes must be different, got {axes}.")
    k = k % 4
    if k == 0:
        return array
    if k == 2:
        return tf.reverse(array, [a0, a1])
    if k == 1:
        return swapaxes(tf.reverse(array, [a1]), a0, a1)
    return tf.reverse(swapaxes(array, a0, a1), [a1])


def roll(x, shift, axis=None):
    x = _t(x)
    if axis is None:
        return tf.reshape(tf.roll(tf.reshape(x, [-1]), shift, 0), tf.shape(x))
    return tf.roll(x, shift, axis)


def tile(x, repeats):
    x = _t(x)
    if isinstance(repeats, (int, np.integer)):
        repeats = [repeats]
    repeats = list(repeats) if not tf.is_tensor(repeats) else repeats
    ndim = _ndim(x)
    if len(repeats) < ndim:
        repeats = [1] * (ndim - len(repeats)) + repeats
    elif len(repeats) > ndim:
        x = tf.reshape(x, [1] * (len(repeats) - ndim) + _dims(x))
    if x.dtype == tf.uint16:
        # NOTE: no uint16 Tile kernel on CPU.
        return tf.cast(tf.tile(tf.cast(x, "int32"), repeats), "uint16")
    return tf.tile(x, repeats)


def repeat(x, repeats, axis=None):
    x = _t(x)
    if axis is None:
        x = tf.reshape(x, [-1])
        axis = 0
    if x.dtype == tf.uint16:
        # NOTE: no uint16 kernel behind tf.repeat on CPU.
        return tf.cast(tf.repeat(tf.cast(x, "int32"), repeats, axis=axis), "uint16")
    return tf.repeat(x, repeats, axis=axis)


def concatenate(xs, axis=0):
    xs, _ = _promote_all(xs)
    if axis is None:
        xs = [tf.reshape(x, [-1]) for x in xs]
        axis = 0
    return tf.concat(xs, axis=axis)


def append(x1, x2, axis=None):
    return concatenate([x1, x2], axis=axis)


def stack(x, axis=0):
    xs, _ = _promote_all(x)
    return tf.stack(xs, axis=axis)


def _atleast(x, n):
    x = _t(x)
    ndim = _ndim(x)
    if ndim >= n:
        return x
    if n == 2:
        return tf.reshape(x, [1, -1])
    if ndim == 0:
        return tf.reshape(x, [1, 1, 1])
    if ndim == 1:
        return tf.reshape(x, [1, -1, 1])
    return x[..., None]


def hstack(xs):
    xs, _ = _promote_all(xs)
    if builtins.all(_ndim(x) <= 1 for x in xs):
        return tf.concat([tf.reshape(x, [-1]) for x in xs], 0)
    return tf.concat(xs, 1)


def vstack(xs):
    xs, _ = _promote_all(xs)
    return tf.concat([_atleast(x, 2) for x in xs], 0)


def dstack(xs):
    xs, _ = _promote_all(xs)
    return tf.concat([_atleast(x, 3) for x in xs], 2)


def split(x, indices_or_sections, axis=0):
    x = _t(x)
    axis = _canon_axis(axis, _ndim(x))
    dim = x.shape[axis]
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if dim is not None and dim % sections:
            raise ValueError(
                f"split: an axis of size {dim} cannot be split into {sections} equal "
                "sections; use array_split."
            )
        return tf.split(x, sections, axis=axis)
    indices = [int(i) for i in indices_or_sections]
    if dim is None:
        sizes = [b - a for a, b in zip([0] + indices, indices)] + [-1]
        return tf.split(x, sizes, axis=axis)
    bounds = [builtins.min(builtins.max(i if i >= 0 else i + dim, 0), dim) for i in indices]
    starts = [0] + bounds
    ends = bounds + [dim]
    # NOTE: tf.split needs non-overlapping pieces; NumPy allows decreasing indices.
    pieces = []
    for s, e in zip(starts, ends):
        index = [slice(None)] * _ndim(x)
        index[axis] = slice(s, builtins.max(s, e))
        pieces.append(x[tuple(index)])
    return pieces


def array_split(x, indices_or_sections, axis=0):
    x = _t(x)
    if not isinstance(indices_or_sections, (int, np.integer)):
        return split(x, indices_or_sections, axis)
    axis = _canon_axis(axis, _ndim(x))
    dim = x.shape[axis]
    if dim is None:
        raise ValueError("array_split: the split axis must have a known size.")
    sections = int(indices_or_sections)
    base, extra = divmod(dim, sections)
    sizes = [base + 1] * extra + [base] * (sections - extra)
    return tf.split(x, sizes, axis=axis)


def hsplit(x, indices_or_sections):
    x = _t(x)
    return split(x, indices_or_sections, axis=1 if _ndim(x) > 1 else 0)


def vsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=0)


def dsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=2)


def diagonal(x, offset=0, axis1=0, axis2=1):
    x = _t(x)
    ndim = _ndim(x)
    a1, a2 = _canon_axis(axis1, ndim), _canon_axis(axis2, ndim)
    rest = [i for i in range(ndim) if i not in (a1, a2)]
    x = tf.transpose(x, rest + [a1, a2])
    if x.dtype == tf.uint16 or x.dtype is _BOOL:
        # NOTE: MatrixDiagPart has no uint16/bool kernel on CPU.
        dtype = x.dtype
        return tf.cast(tf.linalg.diag_part(tf.cast(x, "int32"), k=offset), dtype)
    return tf.linalg.diag_part(x, k=offset)


def diag(x, k=0):
    x = _t(x)
    if _ndim(x) == 1:
        dtype = x.dtype
        if dtype == tf.uint16 or dtype is _BOOL:
            return tf.cast(tf.linalg.diag(tf.cast(x, "int32"), k=k), dtype)
        return tf.linalg.diag(x, k=k)
    if _ndim(x) == 2:
        return diagonal(x, offset=k)
    raise ValueError(f"diag: input must be 1-D or 2-D, got shape {x.shape}.")


def diagflat(x, k=0):
    return diag(tf.reshape(_t(x), [-1]), k=k)


def diff(a, n=1, axis=-1):
    a = _t(a)
    ndim = _ndim(a)
    axis = _canon_axis(axis, ndim)
    head = [slice(None)] * ndim
    tail = [slice(None)] * ndim
    head[axis] = slice(1, None)
    tail[axis] = slice(None, -1)
    for _ in range(n):
        if a.dtype is _BOOL:
            a = tf.not_equal(a[tuple(head)], a[tuple(tail)])
        else:
            a = a[tuple(head)] - a[tuple(tail)]
    return a


def pad(x, pad_width, mode="constant", constant_values=None):
    x = _t(x)
    ndim = _ndim(x)
    widths = np.asarray(pad_width, dtype="int64")
    widths = np.broadcast_to(widths.reshape(-1, 2) if widths.size == 2 else widths, (ndim, 2))
    widths = widths.tolist()
    if mode == "empty":
        mode = "constant"
    if constant_values is not None and mode != "constant":
        raise ValueError(
            f"pad: constant_values is only valid with mode='constant', got mode={mode!r}."
        )
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return tf.pad(x, widths, mode="CONSTANT", constant_values=tf.cast(value, x.dtype))
    if mode in ("reflect", "symmetric"):
        return tf.pad(x, widths, mode=mode.upper())
    if mode in ("edge", "wrap"):
        for ax, (before, after) in enumerate(widths):
            if not (before or after):
                continue
            n = x.shape[ax]
            index = [slice(None)] * ndim
            parts = []
            if mode == "edge":
                index[ax] = slice(0, 1)
                parts.append(tf.repeat(x[tuple(index)], before, axis=ax))
                parts.append(x)
                index[ax] = slice(-1, None)
                parts.append(tf.repeat(x[tuple(index)], after, axis=ax))
            else:
                positions = np.arange(-before, n + after) % n
                parts.append(tf.gather(x, positions, axis=ax))
            x = tf.concat(parts, ax) if len(parts) > 1 else parts[0]
        return x
    stats = {"maximum": max, "minimum": min, "mean": mean, "median": median}
    if mode in stats:
        # NumPy pads axis by axis, so corners take the statistic of padded rows.
        for ax, (before, after) in enumerate(widths):
            if not (before or after):
                continue
            stat = stats[mode](x, axis=ax, keepdims=True)
            if mode in ("mean", "median") and x.dtype.is_integer:
                stat = tf.round(stat)
            stat = tf.cast(stat, x.dtype)
            x = tf.concat(
                [tf.repeat(stat, before, axis=ax), x, tf.repeat(stat, after, axis=ax)], ax
            )
        return x
    raise ValueError(
        "pad: mode must be one of 'constant', 'edge', 'reflect', 'symmetric', 'wrap', "
        f"'maximum', 'minimum', 'mean', 'median' or 'empty', got {mode!r}."
    )


def _normalize_indices(indices, dim):
    return tf.where(indices < 0, indices + tf.cast(dim, indices.dtype), indices)


def take(x, indices, axis=None):
    x = _t(x)
    indices = _t(indices)
    if not indices.dtype.is_integer:
        indices = tf.cast(indices, "int32")
    if axis is None:
        x = tf.reshape(x, [-1])
        axis = 0
    axis = _canon_axis(axis, _ndim(x))
    dim = tf.shape(x, out_type=indices.dtype)[axis]
    return tf.gather(x, _normalize_indices(indices, dim), axis=axis)


def take_along_axis(x, indices, axis=None):
    x = _t(x)
    indices = _t(indices)
    if not indices.dtype.is_integer:
        indices = tf.cast(indices, "int32")
    if axis is None:
        x = tf.reshape(x, [-1])
        indices = tf.reshape(indices, [-1])
        axis = 0
    ndim = _ndim(x)
    axis = _canon_axis(axis, ndim)
    x = moveaxis(x, axis, -1)
    indices = moveaxis(indices, axis, -1)
    x_shape = tf.shape(x, out_type=indices.dtype)
    i_shape = tf.shape(indices, out_type=indices.dtype)
    batch = tf.broadcast_dynamic_shape(x_shape[:-1], i_shape[:-1])
    x = tf.broadcast_to(x, tf.concat([batch, x_shape[-1:]], 0))
    indices = tf.broadcast_to(indices, tf.concat([batch, i_shape[-1:]], 0))
    indices = _normalize_indices(indices, x_shape[-1])
    result = tf.gather(x, indices, axis=ndim - 1, batch_dims=ndim - 1)
    return moveaxis(result, -1, axis)


def where(condition, x1=None, x2=None):
    condition = _t(condition, "bool")
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError("where: x1 and x2 must be given together (or both omitted).")
    x1, x2 = _promote(x1, x2)
    return tf.where(condition, x1, x2)


def select(condlist, choicelist, default=0):
    if len(condlist) != len(choicelist):
        raise ValueError(
            f"select: condlist and choicelist must have the same length, got "
            f"{len(condlist)} and {len(choicelist)}."
        )
    choices, dtype = _promote_all(list(choicelist) + [default])
    result = choices[-1]
    for cond, choice in zip(reversed(condlist), reversed(choices[:-1])):
        result = tf.where(_t(cond, "bool"), choice, result)
    return result


def nonzero(x):
    x = _t(x)
    coords = tf.cast(tf.where(tf.cast(x, "bool")), "int32")
    return tuple(coords[:, i] for i in range(_ndim(x)))


def argsort(x, axis=-1):
    x = _t(x)
    if axis is None:
        x = tf.reshape(x, [-1])
        axis = 0
    if x.dtype is _BOOL:
        x = tf.cast(x, "uint8")
    if _ndim(x) == 0:
        return tf.zeros([], "int32")
    if x.dtype.is_floating:
        return _argsort_nan_last(x, axis)
    return tf.argsort(x, axis=axis, stable=True)


def sort(x, axis=-1):
    x = _t(x)
    if axis is None:
        x = tf.reshape(x, [-1])
        axis = 0
    if x.dtype is _BOOL:
        return tf.cast(tf.sort(tf.cast(x, "uint8"), axis=axis), "bool")
    if x.dtype.is_floating:
        # NOTE: NumPy sorts nan last; tf's order for nan is unspecified.
        return take_along_axis(x, _argsort_nan_last(x, axis), axis=axis)
    return tf.sort(x, axis=axis)


def _argsort_nan_last(x, axis):
    nans = tf.math.is_nan(x)
    filled = tf.where(nans, tf.cast(float("inf"), x.dtype), x)
    order = tf.argsort(filled, axis=axis, stable=True)
    # NOTE: NumPy sorts nan last; among the +inf keys a second stable sort puts the
    # real infinities before the nans.
    nan_sorted = take_along_axis(tf.cast(nans, "int32"), order, axis=axis)
    second = tf.argsort(nan_sorted, axis=axis, stable=True)
    return take_along_axis(order, second, axis=axis)


def argpartition(x, kth, axis=-1):
    x = _t(x)
    if x.dtype.is_floating:
        return _argsort_nan_last(x, axis)
    return argsort(x, axis=axis)


def searchsorted(sorted_sequence, values, side="left"):
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: side must be 'left' or 'right', got {side!r}.")
    sorted_sequence, values = _promote(sorted_sequence, values)
    if _ndim(sorted_sequence) != 1:
        raise ValueError(
            f"searchsorted: sorted_sequence must be 1-D, got shape {sorted_sequence.shape}."
        )
    if sorted_sequence.dtype is _BOOL:
        sorted_sequence = tf.cast(sorted_sequence, "uint8")
        values = tf.cast(values, "uint8")
    flat = tf.reshape(values, [1, -1])
    result = tf.searchsorted(sorted_sequence[None, :], flat, side=side, out_type="int32")
    return tf.reshape(result, tf.shape(values))


def digitize(x, bins):
    return searchsorted(bins, x, side="right")


def unravel_index(indices, shape):
    indices = _t(indices)
    compute = indices.dtype if indices.dtype in (tf.int32, tf.int64) else tf.int64
    remaining = tf.cast(indices, compute)
    coords = []
    for dim in reversed(list(shape)):
        dim = tf.cast(dim, compute)
        coords.append(tf.cast(tf.math.floormod(remaining, dim), "int32"))
        remaining = tf.math.floordiv(remaining, dim)
    return tuple(reversed(coords))


def bincount(x, weights=None, minlength=0, sparse=False):
    x = _t(x)
    if not x.dtype.is_integer:
        raise TypeError(f"bincount: x must be an integer tensor, got {_dt(x)}.")
    x = tf.cast(x, "int32")
    out_dtype = "int32"
    if weights is not None:
        weights = _t(weights)
        out_dtype = "int32" if weights.dtype is _BOOL else _dt(weights)
        compute = "float64" if out_dtype in ("float64",) else (
            "int64" if out_dtype in dtypes.INT_TYPES or out_dtype == "bool" else "float32"
        )
        weights = tf.cast(weights, compute)
    axis = -1 if _ndim(x) == 2 else None
    if sparse:
        result = tf.sparse.bincount(
            x, weights=weights, minlength=minlength, axis=axis
        )
        return tf.sparse.map_values(tf.cast, result, out_dtype)
    result = tf.math.bincount(
        x, weights=weights, minlength=minlength, dtype="int32" if weights is None else
        weights.dtype, axis=axis,
    )
    return tf.cast(result, out_dtype)


def histogram(x, bins=10, range=None):  # noqa: A002
    x = _t(x)
    if not isinstance(bins, (int, np.integer)):
        raise TypeError(f"histogram: bins must be an int on this engine, got {bins!r}.")
    dtype = dtypes.float_result_type(_dt(x))
    xf = tf.reshape(tf.cast(x, "float64"), [-1])
    if range is None:
        lo, hi = tf.reduce_min(xf), tf.reduce_max(xf)
    else:
        lo, hi = tf.constant(float(range[0]), "float64"), tf.constant(float(range[1]), "float64")
    equal_range = tf.equal(lo, hi)
    lo = tf.where(equal_range, lo - 0.5, lo)
    hi = tf.where(equal_range, hi + 0.5, hi)
    edges = lo + (hi - lo) * tf.range(bins + 1, dtype="float64") / bins
    index = tf.searchsorted(edges, xf, side="right", out_type="int32") - 1
    index = tf.where(tf.equal(xf, hi), bins - 1, index)
    valid = (xf >= lo) & (xf <= hi)
    counts = tf.math.bincount(
        tf.boolean_mask(index, valid), minlength=bins, maxlength=bins, dtype="int32"
    )
    return counts, tf.cast(edges, dtype)


def unique(
    x,
    sorted=True,  # noqa: A002
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    x = _t(x)
    if axis is not None:
        return _unique_along_axis(
            x, axis, return_index, return_inverse, return_counts, size, fill_value
        )
    in_shape = tf.shape(x)
    flat = tf.reshape(x, [-1])
    values, inverse = tf.unique(flat, out_idx="int32")
    num = tf.shape(values)[0]
    if sorted:
        order = argsort(values)
        values = tf.gather(values, order)
        inverse = tf.gather(tf.math.invert_permutation(order), inverse)
    positions = tf.range(tf.shape(flat)[0], dtype="int32")
    outputs = [values]
    if return_index:
        outputs.append(tf.math.unsorted_segment_min(positions, inverse, num))
    if return_inverse:
        outputs.append(tf.reshape(inverse, in_shape))
    if return_counts:
        outputs.append(
            tf.math.unsorted_segment_sum(tf.ones_like(positions), inverse, num)
        )
    if size is not None:
        padded = []
        for i, out in enumerate(outputs):
            if return_inverse and i == 1 + int(return_index):
                padded.append(out)
                continue
            if i == 0:
                fill = values[0] if fill_value is None else tf.cast(fill_value, values.dtype)
            else:
                fill = tf.zeros([], out.dtype)
            extra = tf.maximum(size - tf.shape(out)[0], 0)
            out = tf.concat([out[:size], tf.fill([extra], fill)], 0)
            padded.append(out)
        outputs = padded
    if len(outputs) == 1:
        return outputs[0]
    return tuple(outputs)


def _unique_along_axis(x, axis, return_index, return_inverse, return_counts, size, fill_value):
    # NOTE: tf.unique is 1-D only; slices are sorted lexicographically (a stable sort
    # per column, last column first) and runs of equal rows are collapsed.
    axis = _canon_axis(axis, _ndim(x))
    moved = moveaxis(x, axis, 0)
    rest = _dims(moved)[1:]
    rows = tf.reshape(moved, [tf.shape(moved)[0], -1])
    columns = rows.shape[1]
    if columns is None:
        raise ValueError("unique: the non-axis dimensions must be known when axis is given.")
    order = tf.range(tf.shape(rows)[0], dtype="int32")
    for c in reversed(range(columns)):
        keys = tf.gather(rows[:, c], order)
        order = tf.gather(order, argsort(keys))
    sorted_rows = tf.gather(rows, order)
    if columns:
        changed = tf.reduce_any(tf.not_equal(sorted_rows[1:], sorted_rows[:-1]), axis=1)
    else:
        changed = tf.zeros([tf.maximum(tf.shape(rows)[0] - 1, 0)], "bool")
    is_new = tf.concat([tf.ones([1], "bool")[: tf.minimum(tf.shape(rows)[0], 1)], changed], 0)
    group = tf.cumsum(tf.cast(is_new, "int32")) - 1
    num = tf.reduce_sum(tf.cast(is_new, "int32"))
    values = tf.boolean_mask(sorted_rows, is_new)
    values = moveaxis(tf.reshape(values, tf.concat([[-1], rest], 0)), 0, axis)
    outputs = [values]
    if return_index:
        outputs.append(tf.boolean_mask(order, is_new))
    if return_inverse:
        outputs.append(tf.scatter_nd(order[:, None], group, tf.shape(order)))
    if return_counts:
        outputs.append(tf.math.unsorted_segment_sum(tf.ones_like(group), group, num))
    if size is not None:
        padded = []
        for i, out in enumerate(outputs):
            if return_inverse and i == 1 + int(return_index):
                padded.append(out)
                continue
            out_axis = axis if i == 0 else 0
            extra = tf.maximum(size - tf.shape(out)[out_axis], 0)
            index = [slice(None)] * _ndim(out)
            index[out_axis] = slice(0, size)
            out = out[tuple(index)]
            pad_widths = [[0, 0]] * _ndim(out)
            pad_widths[out_axis] = [0, extra]
            value = 0 if (i > 0 or fill_value is None) else fill_value
            out = tf.pad(out, pad_widths, constant_values=tf.cast(value, out.dtype))
            padded.append(out)
        outputs = padded
    if len(outputs) == 1:
        return outputs[0]
    return tuple(outputs)


def meshgrid(*x, indexing="xy"):
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij', got {indexing!r}.")
    return tf.meshgrid(*[_t(v) for v in x], indexing=indexing)


def view(x, dtype=None):
    x = _t(x)
    if dtype is None:
        return tf.identity(x)
    dtype = dtypes.standardize_dtype(dtype)
    source = x.dtype
    if source is _BOOL:
        x = tf.cast(x, "uint8")
    target = tf.uint8 if dtype == "bool" else tf.as_dtype(dtype)
    old_size, new_size = x.dtype.size, target.size
    if old_size == new_size:
        result = tf.bitcast(x, target)
    elif old_size > new_size:
        result = tf.bitcast(x, target)
        dims = _dims(x)
        result = tf.reshape(result, dims[:-1] + [-1])
    else:
        ratio = new_size // old_size
        dims = _dims(x)
        result = tf.bitcast(tf.reshape(x, dims[:-1] + [-1, ratio]), target)
    if dtype == "bool":
        result = tf.cast(result, "bool")
    return result


def vectorize(pyfunc, *, excluded=None, signature=None):
    excluded = set(excluded or ())
    if signature is not None:
        inputs_sig, _, outputs_sig = signature.replace(" ", "").partition("->")
        core_in = [
            [d for d in group.split(",") if d]
            for group in inputs_sig.strip("()").split("),(")
        ]
    else:
        core_in = None

    def wrapped(*args, **kwargs):
        positions = [
            i for i in range(len(args)) if i not in excluded
        ]
        tensors = [_t(args[i]) for i in positions]
        ranks = [0] * len(tensors) if core_in is None else [len(c) for c in core_in]
        loop_shape = tf.constant([], "int32")
        for t, r in zip(tensors, ranks):
            loop_shape = tf.broadcast_dynamic_shape(loop_shape, tf.shape(t)[: _ndim(t) - r])
        flat = []
        for t, r in zip(tensors, ranks):
            core = tf.shape(t)[_ndim(t) - r :]
            t = tf.broadcast_to(t, tf.concat([loop_shape, core], 0))
            flat.append(tf.reshape(t, tf.concat([[-1], core], 0)))

        def call(elements):
            call_args = list(args)
            for i, element in zip(positions, elements):
                call_args[i] = element
            return pyfunc(*call_args, **kwargs)

        result = tf.vectorized_map(call, flat)

        def unflatten(r):
            return tf.reshape(r, tf.concat([loop_shape, tf.shape(r)[1:]], 0))

        if isinstance(result, (tuple, list)):
            return type(result)(unflatten(r) for r in result)
        return unflatten(result)

    return wrapped


# -------------------------------------------------------------------------- indexing


def _is_index_array(k):
    if isinstance(k, (list, np.ndarray)):
        return True
    if tf.is_tensor(k) or hasattr(k, "dtype"):
        return getattr(k, "ndim", None) != 0 and getattr(k, "shape", None) != ()
    return False


def get_item(x, key):
    x = _t(x)
    if not isinstance(key, tuple):
        key = (key,)
    key = [k.value if isinstance(k, VariableBase) else k for k in key]
    if not builtins.any(_is_index_array(k) for k in key):
        # NOTE: tf's own __getitem__ covers ints, slices, None and Ellipsis.
        return x[tuple(int(k) if isinstance(k, np.integer) else k for k in key)]
    # Advanced indexing (NumPy semantics): bool masks become their nonzero indices.
    entries = []
    for k in key:
        if _is_index_array(k):
            k = _t(k)
            if k.dtype is _BOOL:
                coords = tf.cast(tf.where(k), "int32")
                entries.extend(("adv", coords[:, i]) for i in range(_ndim(k)))
                continue
            if not k.dtype.is_integer:
                raise TypeError(f"get_item: index arrays must be int or bool, got {_dt(k)}.")
            entries.append(("adv", k))
        elif k is None:
            entries.append(("none", None))
        elif k is Ellipsis:
            entries.append(("ellipsis", None))
        elif isinstance(k, slice):
            entries.append(("slice", k))
        else:
            entries.append(("adv", _t(k)))
    consumed = builtins.sum(1 for kind, _ in entries if kind in ("adv", "slice"))
    ndim = _ndim(x)
    if consumed > ndim:
        raise IndexError(
            f"get_item: too many indices for a tensor of rank {ndim}: {key!r}."
        )
    expanded = []
    seen_ellipsis = False
    for kind, k in entries:
        if kind == "ellipsis":
            if not seen_ellipsis:
                expanded.extend(("slice", slice(None)) for _ in range(ndim - consumed))
                seen_ellipsis = True
            continue
        expanded.append((kind, k))
    if not seen_ellipsis:
        expanded.extend(("slice", slice(None)) for _ in range(ndim - consumed))
    # Basic indexing first, keeping the advanced axes whole.
    basic = []
    adv_positions = []
    adv_arrays = []
    out_axis = 0
    for kind, k in expanded:
        if kind == "none":
            basic.append(None)
            out_axis += 1
        elif kind == "slice":
            basic.append(k)
            out_axis += 1
        else:
            basic.append(slice(None))
            adv_positions.append(out_axis)
            adv_arrays.append(k)
            out_axis += 1
    y = x[tuple(basic)]
    y_dims = tf.shape(y)
    adv_arrays = [
        _normalize_indices(tf.cast(a, "int64"), tf.cast(y_dims[p], "int64"))
        for a, p in zip(adv_arrays, adv_positions)
    ]
    if len(adv_arrays) == 1:
        return tf.gather(y, adv_arrays[0], axis=adv_positions[0])
    adv_arrays = _broadcast_all(adv_arrays)
    contiguous = adv_positions == list(
        range(adv_positions[0], adv_positions[0] + len(adv_positions))
    )
    rest = [i for i in range(_ndim(y)) if i not in adv_positions]
    y = tf.transpose(y, adv_positions + rest)
    result = tf.gather_nd(y, tf.stack(adv_arrays, axis=-1))
    if contiguous and adv_positions[0] > 0:
        b = _ndim(adv_arrays[0])
        start = adv_positions[0]
        r = _ndim(result)
        perm = list(range(b, b + start)) + list(range(b)) + list(range(b + start, r))
        result = tf.transpose(result, perm)
    return result
