"""The NumPy-like ops: ``kbackend.ops.numpy`` (also re-exported by ``kbackend.ops``).

Each op is an `Operation` subclass (``call`` + ``compute_output_spec``) plus a function
that sends KerasTensors to the Operation and real tensors straight to the engine.

Note [op dtypes]: result dtypes follow `kbackend.backends.common.dtypes` on every engine:
binary arithmetic uses ``result_type`` (Python scalars are weak); division and float math
use ``float_result_type`` (ints and bools give ``floatx()``); comparisons and predicates
give bool; ``sum``/``prod``/``cumsum``/``cumprod``/``nansum``/``nanprod``/``trace`` widen
bool, int8 and int16 to int32 and uint8, uint16 to uint32; statistics (mean, var, std,
median, quantiles, average) are float; max/min/ptp keep the input dtype; index results
are int32; matmul-like products of two int8/uint8 tensors give int32; creation ops default
to ``floatx()`` (``full`` follows its fill value, ``arange`` of ints gives int32).
``fabs``, ``ceil``, ``floor`` and ``trunc`` are float math (like NumPy's ``fabs``);
``abs``, ``negative``, ``square``, ``sign`` and ``round`` keep the input dtype.

Families of ops (unary, binary, reductions, ...) share small Operation factories.
"""

import builtins
import functools

import numpy as _np

from kbackend import backends
from kbackend.backends.common import config, dtypes
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.ops.operation import Operation
from kbackend.ops.shape_utils import (
    broadcast_shapes,
    canonicalize_axis,
    dtype_of,
    is_symbolic,
    reduce_shape,
    shape_of,
    trace_shapes,
)

_ACCUMULATE_DTYPES = {
    "bool": "int32",
    "int8": "int32",
    "int16": "int32",
    "uint8": "uint32",
    "uint16": "uint32",
}


# --- dtype rules ------------------------------------------------------------------------


def _same_dtype(dtype):
    return dtypes.standardize_dtype(dtype) if not isinstance(dtype, (int, float)) else (
        dtypes.result_type(dtype)
    )


def _float_dtype(*args):
    return dtypes.float_result_type(*args)


def _bool_dtype(*args):
    return "bool"


def _int32_dtype(*args):
    return "int32"


def _accumulate_dtype(dtype):
    dtype = _same_dtype(dtype)
    return _ACCUMULATE_DTYPES.get(dtype, dtype)


def _real_dtype(dtype):
    dtype = _same_dtype(dtype)
    return {"complex64": "float32", "complex128": "float64"}.get(dtype, dtype)


def _matmul_dtype(d1, d2):
    d1, d2 = dtypes.result_type(d1), dtypes.result_type(d2)
    if d1 in ("int8", "uint8") and d2 in ("int8", "uint8"):
        return "int32"
    return dtypes.result_type(d1, d2)


def _clip_dtype(dtype):
    dtype = _same_dtype(dtype)
    return "int32" if dtype == "bool" else dtype


def _dtype_arg(dtype, default):
    return default if dtype is None else dtypes.standardize_dtype(dtype)


def _spec(shape, dtype):
    return KerasTensor(shape, dtype=dtype)


def _ndim_error(op_name, x, expected):
    return ValueError(
        f"{op_name}: expected a tensor of rank {expected}, got shape {shape_of(x)}."
    )


# --- Operation families -----------------------------------------------------------------


class _NumpyOp(Operation):
    """Base: ``call`` forwards to the engine function named ``_op_name``."""

    _op_name = None

    def call(self, *args, **kwargs):
        return getattr(backends.numpy, self._op_name)(*args, **kwargs)


def _op_class(op_name, base=_NumpyOp, **attributes):
    class_name = "".join(part.capitalize() for part in op_name.split("_"))
    attributes["_op_name"] = op_name
    cls = type(class_name, (base,), attributes)
    cls.__module__ = __name__
    return cls


class _Unary(_NumpyOp):
    _dtype_rule = staticmethod(_same_dtype)

    def compute_output_spec(self, x, *args, **kwargs):
        return _spec(shape_of(x), self._dtype_rule(dtype_of(x)))


class _Binary(_NumpyOp):
    _dtype_rule = staticmethod(dtypes.result_type)

    def compute_output_spec(self, x1, x2, *args, **kwargs):
        shape = broadcast_shapes(shape_of(x1), shape_of(x2), op_name=self._op_name)
        return _spec(shape, self._dtype_rule(dtype_of(x1), dtype_of(x2)))


class _Reduce(_NumpyOp):
    _dtype_rule = staticmethod(_same_dtype)

    def compute_output_spec(self, x, axis=None, keepdims=False, *args, **kwargs):
        shape = reduce_shape(shape_of(x), axis, keepdims, op_name=self._op_name)
        dtype = kwargs.get("dtype")
        dtype = self._dtype_rule(dtype_of(x)) if dtype is None else dtypes.standardize_dtype(dtype)
        return _spec(shape, dtype)


class _ArgReduce(_NumpyOp):
    def compute_output_spec(self, x, axis=None, keepdims=False):
        if axis is not None and not isinstance(axis, int):
            raise ValueError(f"{self._op_name}: axis must be an int or None, got {axis!r}.")
        return _spec(reduce_shape(shape_of(x), axis, keepdims, op_name=self._op_name), "int32")


class _Quantile(_NumpyOp):
    def compute_output_spec(self, x, q, axis=None, method="linear", keepdims=False):
        shape = reduce_shape(shape_of(x), axis, keepdims, op_name=self._op_name)
        return _spec(shape_of(q) + shape, _float_dtype(dtype_of(x)))


class _Cumulative(_NumpyOp):
    def compute_output_spec(self, x, axis=None, dtype=None):
        shape = shape_of(x)
        if axis is None:
            shape = (None if None in shape else int(_np.prod(shape)),)
        else:
            canonicalize_axis(axis, len(shape), self._op_name)
        return _spec(shape, _dtype_arg(dtype, _accumulate_dtype(dtype_of(x))))


class _Traced(_NumpyOp):
    """Shape by tracing NumPy (Note [shape tracing]); dtype by ``_dtype_rule``."""

    _np_fn = None
    _dtype_rule = staticmethod(_same_dtype)

    def compute_output_spec(self, *args, **kwargs):
        shapes = trace_shapes(type(self)._np_fn, *args, op_name=self._op_name, **kwargs)
        first = args[0]
        dtype = self._dtype_rule(dtype_of(first))
        if isinstance(shapes, list):
            return [_spec(s, dtype) for s in shapes]
        return _spec(shapes, dtype)


def _unary_class(op_name, rule=_same_dtype):
    return _op_class(op_name, _Unary, _dtype_rule=staticmethod(rule))


def _binary_class(op_name, rule=dtypes.result_type):
    return _op_class(op_name, _Binary, _dtype_rule=staticmethod(rule))


def _reduce_class(op_name, rule=_same_dtype):
    return _op_class(op_name, _Reduce, _dtype_rule=staticmethod(rule))


def _traced_class(op_name, np_fn, rule=_same_dtype):
    return _op_class(op_name, _Traced, _np_fn=staticmethod(np_fn), _dtype_rule=staticmethod(rule))


# Unary elementwise.
Abs = _unary_class("abs")
Absolute = _unary_class("absolute")
Negative = _unary_class("negative")
Square = _unary_class("square")
Sign = _unary_class("sign")
Conj = _unary_class("conj")
Conjugate = _unary_class("conjugate")
Copy = _unary_class("copy")
NanToNum = _unary_class("nan_to_num")
BitwiseInvert = _unary_class("bitwise_invert")
BitwiseNot = _unary_class("bitwise_not")
Round = _unary_class("round")
Sort = _unary_class("sort")
Tril = _unary_class("tril")
Triu = _unary_class("triu")
Roll = _unary_class("roll")
Real = _unary_class("real", _real_dtype)
Imag = _unary_class("imag", _real_dtype)
Angle = _unary_class("angle", lambda d: _real_dtype(_float_dtype(d)))
# Float math.
Sqrt = _unary_class("sqrt", _float_dtype)
Cbrt = _unary_class("cbrt", _float_dtype)
Exp = _unary_class("exp", _float_dtype)
Exp2 = _unary_class("exp2", _float_dtype)
Expm1 = _unary_class("expm1", _float_dtype)
Log = _unary_class("log", _float_dtype)
Log10 = _unary_class("log10", _float_dtype)
Log1p = _unary_class("log1p", _float_dtype)
Log2 = _unary_class("log2", _float_dtype)
Sin = _unary_class("sin", _float_dtype)
Cos = _unary_class("cos", _float_dtype)
Tan = _unary_class("tan", _float_dtype)
Arcsin = _unary_class("arcsin", _float_dtype)
Arccos = _unary_class("arccos", _float_dtype)
Arctan = _unary_class("arctan", _float_dtype)
Sinh = _unary_class("sinh", _float_dtype)
Cosh = _unary_class("cosh", _float_dtype)
Tanh = _unary_class("tanh", _float_dtype)
Arcsinh = _unary_class("arcsinh", _float_dtype)
Arccosh = _unary_class("arccosh", _float_dtype)
Arctanh = _unary_class("arctanh", _float_dtype)
Ceil = _unary_class("ceil", _float_dtype)
Floor = _unary_class("floor", _float_dtype)
Trunc = _unary_class("trunc", _float_dtype)
Deg2rad = _unary_class("deg2rad", _float_dtype)
Rad2deg = _unary_class("rad2deg", _float_dtype)
Reciprocal = _unary_class("reciprocal", _float_dtype)
Sinc = _unary_class("sinc", _float_dtype)
I0 = _unary_class("i0", _float_dtype)
Fabs = _unary_class("fabs", _float_dtype)
Isnan = _unary_class("isnan", _bool_dtype)
Isinf = _unary_class("isinf", _bool_dtype)
Isfinite = _unary_class("isfinite", _bool_dtype)
Isneginf = _unary_class("isneginf", _bool_dtype)
Isposinf = _unary_class("isposinf", _bool_dtype)
Isreal = _unary_class("isreal", _bool_dtype)
Signbit = _unary_class("signbit", _bool_dtype)
LogicalNot = _unary_class("logical_not", _bool_dtype)

# Binary elementwise.
Add = _binary_class("add")
Subtract = _binary_class("subtract")
Multiply = _binary_class("multiply")
Maximum = _binary_class("maximum")
Minimum = _binary_class("minimum")
Fmax = _binary_class("fmax")
Fmin = _binary_class("fmin")
FloorDivide = _binary_class("floor_divide")
Mod = _binary_class("mod")
Fmod = _binary_class("fmod")
Power = _binary_class("power")
Gcd = _binary_class("gcd")
Lcm = _binary_class("lcm")
BitwiseAnd = _binary_class("bitwise_and")
BitwiseOr = _binary_class("bitwise_or")
BitwiseXor = _binary_class("bitwise_xor")
BitwiseLeftShift = _binary_class("bitwise_left_shift")
BitwiseRightShift = _binary_class("bitwise_right_shift")
LeftShift = _binary_class("left_shift")
RightShift = _binary_class("right_shift")
Divide = _binary_class("divide", _float_dtype)
TrueDivide = _binary_class("true_divide", _float_dtype)
DivideNoNan = _binary_class("divide_no_nan", _float_dtype)
Arctan2 = _binary_class("arctan2", _float_dtype)
Hypot = _binary_class("hypot", _float_dtype)
Logaddexp = _binary_class("logaddexp", _float_dtype)
Logaddexp2 = _binary_class("logaddexp2", _float_dtype)
Nextafter = _binary_class("nextafter", _float_dtype)
Heaviside = _binary_class("heaviside", _float_dtype)
Ldexp = _binary_class("ldexp", _float_dtype)
Equal = _binary_class("equal", _bool_dtype)
NotEqual = _binary_class("not_equal", _bool_dtype)
Greater = _binary_class("greater", _bool_dtype)
GreaterEqual = _binary_class("greater_equal", _bool_dtype)
Less = _binary_class("less", _bool_dtype)
LessEqual = _binary_class("less_equal", _bool_dtype)
LogicalAnd = _binary_class("logical_and", _bool_dtype)
LogicalOr = _binary_class("logical_or", _bool_dtype)
LogicalXor = _binary_class("logical_xor", _bool_dtype)
Isclose = _binary_class("isclose", _bool_dtype)

# Reductions.
Sum = _reduce_class("sum", _accumulate_dtype)
Prod = _reduce_class("prod", _accumulate_dtype)
Nansum = _reduce_class("nansum", _accumulate_dtype)
Nanprod = _reduce_class("nanprod", _accumulate_dtype)
Mean = _reduce_class("mean", _float_dtype)
Var = _reduce_class("var", _float_dtype)
Std = _reduce_class("std", _float_dtype)
Median = _reduce_class("median", _float_dtype)
Nanmean = _reduce_class("nanmean", _float_dtype)
Nanvar = _reduce_class("nanvar", _float_dtype)
Nanstd = _reduce_class("nanstd", _float_dtype)
Nanmedian = _reduce_class("nanmedian", _float_dtype)
Max = _reduce_class("max")
Min = _reduce_class("min")
Amax = _reduce_class("amax")
Amin = _reduce_class("amin")
Nanmax = _reduce_class("nanmax")
Nanmin = _reduce_class("nanmin")
Ptp = _reduce_class("ptp")
All = _reduce_class("all", _bool_dtype)
Any = _reduce_class("any", _bool_dtype)
Argmax = _op_class("argmax", _ArgReduce)
Argmin = _op_class("argmin", _ArgReduce)
Nanargmax = _op_class("nanargmax", _ArgReduce)
Nanargmin = _op_class("nanargmin", _ArgReduce)
Quantile = _op_class("quantile", _Quantile)
Percentile = _op_class("percentile", _Quantile)
Nanquantile = _op_class("nanquantile", _Quantile)
Nanpercentile = _op_class("nanpercentile", _Quantile)
Cumsum = _op_class("cumsum", _Cumulative)
Cumprod = _op_class("cumprod", _Cumulative)
Nancumsum = _op_class("nancumsum", _Cumulative)
Nancumprod = _op_class("nancumprod", _Cumulative)

# Shapes computed by tracing NumPy (single-tensor ops; Note [shape tracing]).
Rot90 = _traced_class("rot90", _np.rot90)
Diag = _traced_class("diag", _np.diag)
Diagflat = _traced_class("diagflat", _np.diagflat)
Diagonal = _traced_class("diagonal", _np.diagonal)
Diff = _traced_class("diff", _np.diff)
Tile = _traced_class("tile", _np.tile)
Moveaxis = _traced_class("moveaxis", _np.moveaxis)
Swapaxes = _traced_class("swapaxes", _np.swapaxes)
Flip = _traced_class("flip", _np.flip)
Fliplr = _traced_class("fliplr", _np.fliplr)
Flipud = _traced_class("flipud", _np.flipud)
Ravel = _traced_class("ravel", _np.ravel)
Split = _traced_class("split", _np.split)
ArraySplit = _traced_class("array_split", _np.array_split)
Hsplit = _traced_class("hsplit", _np.hsplit)
Vsplit = _traced_class("vsplit", _np.vsplit)
Dsplit = _traced_class("dsplit", _np.dsplit)
Vander = _traced_class("vander", _np.vander)
Corrcoef = _traced_class("corrcoef", _np.corrcoef, _float_dtype)


# --- ops with their own shape rules -----------------------------------------------------


class Clip(_NumpyOp):
    _op_name = "clip"

    def compute_output_spec(self, x, x_min, x_max):
        shape = broadcast_shapes(shape_of(x), shape_of(x_min), shape_of(x_max), op_name="clip")
        return _spec(shape, _clip_dtype(dtype_of(x)))


class Allclose(_NumpyOp):
    _op_name = "allclose"

    def compute_output_spec(self, x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
        broadcast_shapes(shape_of(x1), shape_of(x2), op_name="allclose")
        return _spec((), "bool")


class Isin(_NumpyOp):
    _op_name = "isin"

    def compute_output_spec(self, x1, x2, assume_unique=False, invert=False):
        return _spec(shape_of(x1), "bool")


class CountNonzero(_NumpyOp):
    _op_name = "count_nonzero"

    def compute_output_spec(self, x, axis=None):
        return _spec(reduce_shape(shape_of(x), axis, op_name="count_nonzero"), "int32")


class Average(_NumpyOp):
    _op_name = "average"

    def compute_output_spec(self, x, axis=None, weights=None):
        shape = reduce_shape(shape_of(x), axis, op_name="average")
        if weights is None:
            return _spec(shape, _float_dtype(dtype_of(x)))
        return _spec(shape, _float_dtype(dtype_of(x), dtype_of(weights)))


class Trace(_NumpyOp):
    _op_name = "trace"

    def compute_output_spec(self, x, offset=0, axis1=0, axis2=1):
        shape = shape_of(x)
        if len(shape) < 2:
            raise _ndim_error("trace", x, "at least 2")
        axes = {canonicalize_axis(a, len(shape), "trace") for a in (axis1, axis2)}
        shape = tuple(d for i, d in enumerate(shape) if i not in axes)
        return _spec(shape, _accumulate_dtype(dtype_of(x)))


def _normalize_shape(shape, op_name):
    if isinstance(shape, int):
        return (shape,)
    try:
        return tuple(None if d is None else int(d) for d in shape)
    except TypeError:
        raise TypeError(
            f"{op_name}: shape must be an int or a tuple of ints, got {shape!r}."
        ) from None


class _Creation(_NumpyOp):
    def compute_output_spec(self, shape, dtype=None):
        return _spec(_normalize_shape(shape, self._op_name), _dtype_arg(dtype, config.floatx()))


Zeros = _op_class("zeros", _Creation)
Ones = _op_class("ones", _Creation)
Empty = _op_class("empty", _Creation)


class Full(_NumpyOp):
    _op_name = "full"

    def compute_output_spec(self, shape, fill_value, dtype=None):
        shape = _normalize_shape(shape, "full")
        broadcast_shapes(shape, shape_of(fill_value), op_name="full")
        return _spec(shape, _dtype_arg(dtype, dtypes.result_type(dtype_of(fill_value))))


class _Like(_NumpyOp):
    def compute_output_spec(self, x, *args, dtype=None):
        return _spec(shape_of(x), _dtype_arg(dtype, _same_dtype(dtype_of(x))))


ZerosLike = _op_class("zeros_like", _Like)
OnesLike = _op_class("ones_like", _Like)
EmptyLike = _op_class("empty_like", _Like)
FullLike = _op_class("full_like", _Like)


class Eye(_NumpyOp):
    _op_name = "eye"

    def compute_output_spec(self, N, M=None, k=0, dtype=None):  # noqa: N803
        return _spec((N, N if M is None else M), _dtype_arg(dtype, config.floatx()))


class Tri(Eye):
    _op_name = "tri"


class Identity(_NumpyOp):
    _op_name = "identity"

    def compute_output_spec(self, n, dtype=None):
        return _spec((n, n), _dtype_arg(dtype, config.floatx()))


class Arange(_NumpyOp):
    _op_name = "arange"

    def compute_output_spec(self, start, stop=None, step=None, dtype=None):
        values = [v for v in (start, stop, step) if v is not None]
        if dtype is None:
            is_int = builtins.all(dtypes.is_int_dtype(dtypes.result_type(dtype_of(v)))
                                  for v in values)
            dtype = "int32" if is_int else config.floatx()
        return _spec((None,), dtypes.standardize_dtype(dtype))


class _Space(_NumpyOp):
    def compute_output_spec(self, start, stop, num=50, *args, dtype=None, axis=0, **kwargs):
        shape = broadcast_shapes(shape_of(start), shape_of(stop), op_name=self._op_name)
        axis = canonicalize_axis(axis, len(shape) + 1, self._op_name)
        shape = shape[:axis] + (num,) + shape[axis:]
        dtype = _dtype_arg(dtype, _float_dtype(dtype_of(start), dtype_of(stop)))
        if kwargs.get("retstep"):
            return _spec(shape, dtype), _spec((), dtype)
        return _spec(shape, dtype)


Linspace = _op_class("linspace", _Space)
Logspace = _op_class("logspace", _Space)
Geomspace = _op_class("geomspace", _Space)


class _Window(_NumpyOp):
    def compute_output_spec(self, x, *args):
        return _spec((x if isinstance(x, int) else None,), config.floatx())


Bartlett = _op_class("bartlett", _Window)
Blackman = _op_class("blackman", _Window)
Hamming = _op_class("hamming", _Window)
Hanning = _op_class("hanning", _Window)
Kaiser = _op_class("kaiser", _Window)


class Array(_NumpyOp):
    _op_name = "array"

    def compute_output_spec(self, x, dtype=None):
        return _spec(shape_of(x), _dtype_arg(dtype, _same_dtype(dtype_of(x))))


class Reshape(_NumpyOp):
    _op_name = "reshape"

    def compute_output_spec(self, x, newshape):
        newshape = _normalize_shape(newshape, "reshape")
        shape = shape_of(x)
        unknown = [i for i, d in enumerate(newshape) if d is None or d == -1]
        if len([d for d in newshape if d == -1]) > 1:
            raise ValueError(f"reshape: at most one -1 is allowed in newshape, got {newshape}.")
        known_out = int(_np.prod([d for d in newshape if d is not None and d != -1]))
        if None in shape:
            if not unknown and None not in newshape:
                return _spec(newshape, x.dtype)
            return _spec(tuple(None if d == -1 else d for d in newshape), x.dtype)
        total = int(_np.prod(shape))
        if not unknown:
            if known_out != total:
                raise ValueError(
                    f"reshape: cannot reshape a tensor of shape {shape} ({total} elements) "
                    f"into shape {newshape}."
                )
            return _spec(newshape, x.dtype)
        if len(unknown) == 1 and known_out and total % known_out == 0:
            fixed = total // known_out
            return _spec(tuple(fixed if i == unknown[0] else d for i, d in enumerate(newshape)),
                         x.dtype)
        if len(unknown) == 1:
            raise ValueError(
                f"reshape: cannot reshape a tensor of shape {shape} into shape {newshape}."
            )
        return _spec(tuple(None if d == -1 else d for d in newshape), x.dtype)


class Transpose(_NumpyOp):
    _op_name = "transpose"

    def compute_output_spec(self, x, axes=None):
        shape = shape_of(x)
        if axes is None:
            return _spec(shape[::-1], x.dtype)
        if len(axes) != len(shape):
            raise ValueError(
                f"transpose: axes {tuple(axes)} do not match a tensor of shape {shape}."
            )
        axes = [canonicalize_axis(a, len(shape), "transpose") for a in axes]
        if sorted(axes) != list(range(len(shape))):
            raise ValueError(f"transpose: axes {tuple(axes)} are not a permutation.")
        return _spec(tuple(shape[a] for a in axes), x.dtype)


class ExpandDims(_NumpyOp):
    _op_name = "expand_dims"

    def compute_output_spec(self, x, axis):
        shape = list(shape_of(x))
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        ndim = len(shape) + len(axes)
        axes = sorted(canonicalize_axis(a, ndim, "expand_dims") for a in axes)
        for a in axes:
            shape.insert(a, 1)
        return _spec(tuple(shape), x.dtype)


class Squeeze(_NumpyOp):
    _op_name = "squeeze"

    def compute_output_spec(self, x, axis=None):
        shape = shape_of(x)
        if axis is None:
            return _spec(tuple(d for d in shape if d != 1), x.dtype)
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        axes = {canonicalize_axis(a, len(shape), "squeeze") for a in axes}
        for a in axes:
            if shape[a] not in (1, None):
                raise ValueError(
                    f"squeeze: cannot squeeze axis {a} of size {shape[a]} (shape {shape})."
                )
        return _spec(tuple(d for i, d in enumerate(shape) if i not in axes), x.dtype)


class BroadcastTo(_NumpyOp):
    _op_name = "broadcast_to"

    def compute_output_spec(self, x, shape):
        shape = _normalize_shape(shape, "broadcast_to")
        out = broadcast_shapes(shape_of(x), shape, op_name="broadcast_to")
        if len(out) != len(shape):
            raise ValueError(f"broadcast_to: cannot broadcast {shape_of(x)} to {shape}.")
        return _spec(tuple(s if s is not None else o for s, o in zip(shape, out)), x.dtype)


class Repeat(_NumpyOp):
    _op_name = "repeat"

    def compute_output_spec(self, x, repeats, axis=None):
        shape = shape_of(x)
        if isinstance(repeats, int) or shape_of(repeats) in ((), (1,)):
            r = int(_np.ravel(repeats)[0]) if isinstance(repeats, (int, list, tuple)) else None
        else:
            r = None
        size_known = None not in shape
        if axis is None:
            total = int(_np.prod(shape)) if size_known else None
            if r is not None and total is not None:
                return _spec((total * r,), x.dtype)
            if not isinstance(repeats, KerasTensor) and not isinstance(repeats, int):
                return _spec((int(_np.sum(repeats)) if r is None else None,), x.dtype)
            return _spec((None,), x.dtype)
        axis = canonicalize_axis(axis, len(shape), "repeat")
        if r is not None:
            dim = None if shape[axis] is None else shape[axis] * r
        elif isinstance(repeats, (list, tuple)):
            dim = int(_np.sum(repeats))
        else:
            dim = None
        return _spec(shape[:axis] + (dim,) + shape[axis + 1:], x.dtype)


class Pad(_NumpyOp):
    _op_name = "pad"

    def compute_output_spec(self, x, pad_width, mode="constant", constant_values=None):
        shape = shape_of(x)
        widths = _np.broadcast_to(_np.asarray(pad_width, dtype=_np.int64), (len(shape), 2))
        return _spec(
            tuple(None if d is None else d + int(w.sum()) for d, w in zip(shape, widths)),
            x.dtype,
        )


def _concat_shapes(shapes, axis, op_name):
    ndim = len(shapes[0])
    if builtins.any(len(s) != ndim for s in shapes):
        raise ValueError(f"{op_name}: all inputs must have the same rank, got shapes {shapes}.")
    axis = canonicalize_axis(axis, ndim, op_name)
    out = []
    for i in range(ndim):
        dims = [s[i] for s in shapes]
        if i == axis:
            out.append(None if None in dims else builtins.sum(dims))
            continue
        known = {d for d in dims if d is not None}
        if len(known) > 1:
            raise ValueError(
                f"{op_name}: shapes {shapes} differ outside the concatenation axis {axis}."
            )
        out.append(known.pop() if known else None)
    return tuple(out)


def _list_dtype(xs):
    return dtypes.result_type(*[dtype_of(x) for x in xs])


class Concatenate(_NumpyOp):
    _op_name = "concatenate"

    def compute_output_spec(self, xs, axis=0):
        shapes = [shape_of(x) for x in xs]
        if axis is None:
            sizes = [None if None in s else int(_np.prod(s)) for s in shapes]
            return _spec((None if None in sizes else builtins.sum(sizes),), _list_dtype(xs))
        return _spec(_concat_shapes(shapes, axis, "concatenate"), _list_dtype(xs))


class Append(_NumpyOp):
    _op_name = "append"

    def compute_output_spec(self, x1, x2, axis=None):
        return Concatenate().compute_output_spec([x1, x2], axis=axis)


def _at_least(shape, ndim, where):
    shape = tuple(shape)
    while len(shape) < ndim:
        shape = (1,) + shape if where == "front" else shape + (1,)
    return shape


class Hstack(_NumpyOp):
    _op_name = "hstack"

    def compute_output_spec(self, xs):
        shapes = [_at_least(shape_of(x), 1, "front") for x in xs]
        axis = 0 if len(shapes[0]) == 1 else 1
        return _spec(_concat_shapes(shapes, axis, "hstack"), _list_dtype(xs))


class Vstack(_NumpyOp):
    _op_name = "vstack"

    def compute_output_spec(self, xs):
        shapes = [_at_least(shape_of(x), 2, "front") for x in xs]
        return _spec(_concat_shapes(shapes, 0, "vstack"), _list_dtype(xs))


class Dstack(_NumpyOp):
    _op_name = "dstack"

    def compute_output_spec(self, xs):
        shapes = []
        for x in xs:
            s = shape_of(x)
            s = (1, 1, 1) if len(s) == 0 else (1,) + s + (1,) if len(s) == 1 else s
            shapes.append(_at_least(s, 3, "back"))
        return _spec(_concat_shapes(shapes, 2, "dstack"), _list_dtype(xs))


class Stack(_NumpyOp):
    _op_name = "stack"

    def compute_output_spec(self, x, axis=0):
        shapes = [shape_of(t) for t in x]
        ndim = len(shapes[0])
        if builtins.any(len(s) != ndim for s in shapes):
            raise ValueError(f"stack: all inputs must have the same shape, got {shapes}.")
        shape = []
        for dims in zip(*shapes):
            known = {d for d in dims if d is not None}
            if len(known) > 1:
                raise ValueError(f"stack: all inputs must have the same shape, got {shapes}.")
            shape.append(known.pop() if known else None)
        axis = canonicalize_axis(axis, ndim + 1, "stack")
        shape.insert(axis, len(x))
        return _spec(tuple(shape), _list_dtype(x))


class Meshgrid(_NumpyOp):
    _op_name = "meshgrid"

    def compute_output_spec(self, *x, indexing="xy"):
        dims = [None if None in shape_of(t) else int(_np.prod(shape_of(t))) for t in x]
        if indexing == "xy" and len(dims) >= 2:
            dims[0], dims[1] = dims[1], dims[0]
        return [_spec(tuple(dims), dtype_of(t) if isinstance(t, KerasTensor)
                      else dtypes.result_type(dtype_of(t))) for t in x]


def _matmul_shape(a, b, op_name):
    if not a or not b:
        raise ValueError(f"{op_name}: inputs must not be scalars, got shapes {a} and {b}.")
    a1, b1 = len(a) == 1, len(b) == 1
    a = (1,) + a if a1 else a
    b = b + (1,) if b1 else b
    if a[-1] is not None and b[-2] is not None and a[-1] != b[-2]:
        raise ValueError(
            f"{op_name}: incompatible shapes {a} and {b}: inner dimensions {a[-1]} and "
            f"{b[-2]} differ."
        )
    batch = broadcast_shapes(a[:-2], b[:-2], op_name=op_name)
    out = batch + (a[-2], b[-1])
    if a1:
        out = out[:-2] + out[-1:]
    if b1:
        out = out[:-1]
    return out


class Matmul(_NumpyOp):
    _op_name = "matmul"

    def compute_output_spec(self, x1, x2):
        shape = _matmul_shape(shape_of(x1), shape_of(x2), "matmul")
        return _spec(shape, _matmul_dtype(dtype_of(x1), dtype_of(x2)))


class Dot(_NumpyOp):
    _op_name = "dot"

    def compute_output_spec(self, x1, x2):
        a, b = shape_of(x1), shape_of(x2)
        dtype = _matmul_dtype(dtype_of(x1), dtype_of(x2))
        if not a or not b:
            return _spec(broadcast_shapes(a, b, op_name="dot"), dtype)
        k = b[0] if len(b) == 1 else b[-2]
        if a[-1] is not None and k is not None and a[-1] != k:
            raise ValueError(f"dot: shapes {a} and {b} are not aligned ({a[-1]} vs {k}).")
        rest_b = () if len(b) == 1 else b[:-2] + b[-1:]
        return _spec(a[:-1] + rest_b, dtype)


class Inner(_NumpyOp):
    _op_name = "inner"

    def compute_output_spec(self, x1, x2):
        a, b = shape_of(x1), shape_of(x2)
        dtype = _matmul_dtype(dtype_of(x1), dtype_of(x2))
        if not a or not b:
            return _spec(broadcast_shapes(a, b, op_name="inner"), dtype)
        if a[-1] is not None and b[-1] is not None and a[-1] != b[-1]:
            raise ValueError(f"inner: last dimensions of {a} and {b} differ.")
        return _spec(a[:-1] + b[:-1], dtype)


class Outer(_NumpyOp):
    _op_name = "outer"

    def compute_output_spec(self, x1, x2):
        sizes = [None if None in s else int(_np.prod(s)) for s in (shape_of(x1), shape_of(x2))]
        return _spec(tuple(sizes), _matmul_dtype(dtype_of(x1), dtype_of(x2)))


class Vdot(_NumpyOp):
    _op_name = "vdot"

    def compute_output_spec(self, x1, x2):
        return _spec((), _matmul_dtype(dtype_of(x1), dtype_of(x2)))


class Tensordot(_NumpyOp):
    _op_name = "tensordot"

    def compute_output_spec(self, x1, x2, axes=2):
        a, b = shape_of(x1), shape_of(x2)
        if isinstance(axes, int):
            axes_a = list(range(len(a) - axes, len(a)))
            axes_b = list(range(axes))
        else:
            axes_a, axes_b = axes
            axes_a = [axes_a] if isinstance(axes_a, int) else list(axes_a)
            axes_b = [axes_b] if isinstance(axes_b, int) else list(axes_b)
        axes_a = [canonicalize_axis(i, len(a), "tensordot") for i in axes_a]
        axes_b = [canonicalize_axis(i, len(b), "tensordot") for i in axes_b]
        for i, j in zip(axes_a, axes_b):
            if a[i] is not None and b[j] is not None and a[i] != b[j]:
                raise ValueError(
                    f"tensordot: shapes {a} and {b} do not match on axes {axes_a}/{axes_b}."
                )
        shape = tuple(d for i, d in enumerate(a) if i not in axes_a) + tuple(
            d for i, d in enumerate(b) if i not in axes_b
        )
        return _spec(shape, _matmul_dtype(dtype_of(x1), dtype_of(x2)))


class Einsum(_NumpyOp):
    _op_name = "einsum"

    def compute_output_spec(self, subscripts, *operands, **kwargs):
        spec = subscripts.replace(" ", "")
        inputs, arrow, output = spec.partition("->")
        terms = inputs.split(",")
        if len(terms) != len(operands):
            raise ValueError(
                f"einsum: {subscripts!r} names {len(terms)} operands, got {len(operands)}."
            )
        sizes = {}
        batch = ()
        for term, operand in zip(terms, operands):
            shape = shape_of(operand)
            if "..." in term:
                head, tail = term.split("...")
                n_batch = len(shape) - len(head) - len(tail)
                batch = broadcast_shapes(batch, shape[len(head):len(head) + n_batch],
                                         op_name="einsum")
                shape = shape[:len(head)] + shape[len(shape) - len(tail):]
                term = head + tail
            if len(term) != len(shape):
                raise ValueError(
                    f"einsum: term {term!r} does not match an operand of shape "
                    f"{shape_of(operand)}."
                )
            for letter, dim in zip(term, shape):
                old = sizes.get(letter)
                if old is not None and dim is not None and old != dim and 1 not in (old, dim):
                    raise ValueError(
                        f"einsum: dimension {letter!r} is {old} in one operand and {dim} in "
                        "another."
                    )
                if old is None or old == 1:
                    sizes[letter] = dim
        if not arrow:
            letters = "".join(c for c in inputs if c.isalpha())
            output = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
            if "..." in inputs:
                output = "..." + output
        head, dots, tail = output.partition("...")
        shape = tuple(sizes[c] for c in head) + (batch if dots else ()) + tuple(
            sizes[c] for c in tail
        )
        names = {dtypes.result_type(dtype_of(o)) for o in operands}
        if names and names <= {"int8", "uint8"}:
            dtype = "int32"
        else:
            dtype = dtypes.result_type(*[dtype_of(o) for o in operands])
        return _spec(shape, dtype)


class Kron(_NumpyOp):
    _op_name = "kron"

    def compute_output_spec(self, x1, x2):
        a, b = shape_of(x1), shape_of(x2)
        n = builtins.max(len(a), len(b))
        a, b = _at_least(a, n, "front"), _at_least(b, n, "front")
        shape = tuple(None if da is None or db is None else da * db for da, db in zip(a, b))
        return _spec(shape, dtypes.result_type(dtype_of(x1), dtype_of(x2)))


class Cross(_NumpyOp):
    _op_name = "cross"

    def compute_output_spec(self, x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
        if axis is not None:
            axisa = axisb = axisc = axis
        a, b = list(shape_of(x1)), list(shape_of(x2))
        da = a.pop(canonicalize_axis(axisa, len(a), "cross"))
        db = b.pop(canonicalize_axis(axisb, len(b), "cross"))
        for d in (da, db):
            if d not in (2, 3, None):
                raise ValueError(
                    f"cross: the vector axis must have size 2 or 3, got shapes "
                    f"{shape_of(x1)} and {shape_of(x2)}."
                )
        shape = list(broadcast_shapes(tuple(a), tuple(b), op_name="cross"))
        if da == 3 or db == 3:
            shape.insert(canonicalize_axis(axisc, len(shape) + 1, "cross"), 3)
        elif da is None or db is None:
            shape.insert(canonicalize_axis(axisc, len(shape) + 1, "cross"), None)
        return _spec(tuple(shape), dtypes.result_type(dtype_of(x1), dtype_of(x2)))


class Correlate(_NumpyOp):
    _op_name = "correlate"

    def compute_output_spec(self, x1, x2, mode="valid"):
        a, b = shape_of(x1), shape_of(x2)
        if len(a) != 1 or len(b) != 1:
            raise ValueError(f"correlate: inputs must be 1-D, got shapes {a} and {b}.")
        n, m = a[0], b[0]
        if n is None or m is None:
            size = None
        elif mode == "valid":
            size = builtins.max(n, m) - builtins.min(n, m) + 1
        elif mode == "same":
            size = builtins.max(n, m)
        elif mode == "full":
            size = n + m - 1
        else:
            raise ValueError(
                f"correlate: mode must be 'valid', 'same' or 'full', got {mode!r}."
            )
        return _spec((size,), _float_dtype(dtype_of(x1), dtype_of(x2)))


class Slogdet(_NumpyOp):
    _op_name = "slogdet"

    def compute_output_spec(self, x):
        shape = shape_of(x)
        if len(shape) < 2:
            raise _ndim_error("slogdet", x, "at least 2")
        dtype = _float_dtype(dtype_of(x))
        return _spec(shape[:-2], dtype), _spec(shape[:-2], dtype)


class Trapezoid(_NumpyOp):
    _op_name = "trapezoid"

    def compute_output_spec(self, y, x=None, dx=1.0, axis=-1):
        shape = reduce_shape(shape_of(y), axis, op_name="trapezoid")
        dtype = _float_dtype(dtype_of(y)) if x is None else _float_dtype(dtype_of(y),
                                                                          dtype_of(x))
        return _spec(shape, dtype)


class GetItem(_NumpyOp):
    _op_name = "get_item"

    def compute_output_spec(self, x, key):
        return _spec(trace_shapes(_getitem, x, key, op_name="get_item"), x.dtype)


def _getitem(x, key):
    if isinstance(key, list):
        key = _np.asarray(key)
    return x[key]


class Take(_NumpyOp):
    _op_name = "take"

    def compute_output_spec(self, x, indices, axis=None):
        shape, ishape = shape_of(x), shape_of(indices)
        if axis is None:
            return _spec(ishape, dtype_of(x))
        axis = canonicalize_axis(axis, len(shape), "take")
        return _spec(shape[:axis] + ishape + shape[axis + 1:], dtype_of(x))


class TakeAlongAxis(_NumpyOp):
    _op_name = "take_along_axis"

    def compute_output_spec(self, x, indices, axis=None):
        shape, ishape = shape_of(x), shape_of(indices)
        if axis is None:
            return _spec(ishape, dtype_of(x))
        if len(shape) != len(ishape):
            raise ValueError(
                f"take_along_axis: x and indices must have the same rank, got {shape} and "
                f"{ishape}."
            )
        axis = canonicalize_axis(axis, len(shape), "take_along_axis")
        rest = broadcast_shapes(
            shape[:axis] + (1,) + shape[axis + 1:],
            ishape[:axis] + (1,) + ishape[axis + 1:],
            op_name="take_along_axis",
        )
        return _spec(rest[:axis] + (ishape[axis],) + rest[axis + 1:], dtype_of(x))


class Where(_NumpyOp):
    _op_name = "where"

    def compute_output_spec(self, condition, x1=None, x2=None):
        if x1 is None and x2 is None:
            return Nonzero().compute_output_spec(condition)
        shape = broadcast_shapes(shape_of(condition), shape_of(x1), shape_of(x2),
                                 op_name="where")
        return _spec(shape, dtypes.result_type(dtype_of(x1), dtype_of(x2)))


class Nonzero(_NumpyOp):
    _op_name = "nonzero"

    def compute_output_spec(self, x):
        return tuple(_spec((None,), "int32") for _ in range(builtins.max(len(shape_of(x)), 1)))


class Select(_NumpyOp):
    _op_name = "select"

    def compute_output_spec(self, condlist, choicelist, default=0):
        shapes = [shape_of(c) for c in list(condlist) + list(choicelist)] + [shape_of(default)]
        shape = broadcast_shapes(*shapes, op_name="select")
        return _spec(shape, _list_dtype(list(choicelist) + [default]))


class _SortIndex(_NumpyOp):
    def compute_output_spec(self, x, *args, axis=-1):
        shape = shape_of(x)
        if axis is None:
            return _spec((None if None in shape else int(_np.prod(shape)),), "int32")
        canonicalize_axis(axis, len(shape), self._op_name)
        return _spec(shape, "int32")


Argsort = _op_class("argsort", _SortIndex)
Argpartition = _op_class("argpartition", _SortIndex)


class Searchsorted(_NumpyOp):
    _op_name = "searchsorted"

    def compute_output_spec(self, sorted_sequence, values, side="left"):
        if len(shape_of(sorted_sequence)) != 1:
            raise _ndim_error("searchsorted", sorted_sequence, 1)
        return _spec(shape_of(values), "int32")


class Digitize(_NumpyOp):
    _op_name = "digitize"

    def compute_output_spec(self, x, bins):
        return _spec(shape_of(x), "int32")


class UnravelIndex(_NumpyOp):
    _op_name = "unravel_index"

    def compute_output_spec(self, indices, shape):
        return tuple(_spec(shape_of(indices), "int32") for _ in shape)


class Unique(_NumpyOp):
    _op_name = "unique"

    def compute_output_spec(self, x, sorted=True, return_index=False, return_inverse=False,
                            return_counts=False, axis=None, size=None, fill_value=None):
        shape = shape_of(x)
        if axis is None:
            values = _spec((size,), dtype_of(x))
            inverse_shape = shape
        else:
            axis = canonicalize_axis(axis, len(shape), "unique")
            values = _spec(shape[:axis] + (size,) + shape[axis + 1:], dtype_of(x))
            inverse_shape = (shape[axis],)
        outputs = [values]
        if return_index:
            outputs.append(_spec((size,), "int32"))
        if return_inverse:
            outputs.append(_spec(inverse_shape, "int32"))
        if return_counts:
            outputs.append(_spec((size,), "int32"))
        return outputs[0] if len(outputs) == 1 else tuple(outputs)


class Bincount(_NumpyOp):
    _op_name = "bincount"

    def compute_output_spec(self, x, weights=None, minlength=0, sparse=False):
        shape = shape_of(x)
        if len(shape) not in (1, 2):
            raise _ndim_error("bincount", x, "1 or 2")
        dtype = "int32" if weights is None else dtypes.result_type(dtype_of(weights))
        dtype = "int32" if dtype == "bool" else dtype
        return _spec(shape[:-1] + (None,), dtype)


class Histogram(_NumpyOp):
    _op_name = "histogram"

    def compute_output_spec(self, x, bins=10, range=None):
        if len(shape_of(x)) != 1:
            raise _ndim_error("histogram", x, 1)
        return _spec((bins,), "int32"), _spec((bins + 1,), _float_dtype(dtype_of(x)))


class Ndim(_NumpyOp):
    _op_name = "ndim"

    def compute_output_spec(self, x):
        return _spec((), "int32")


class Size(_NumpyOp):
    _op_name = "size"

    def compute_output_spec(self, x):
        return _spec((), "int32")


class View(_NumpyOp):
    _op_name = "view"

    def compute_output_spec(self, x, dtype=None):
        if dtype is None:
            return _spec(shape_of(x), dtype_of(x))
        old = _np.dtype(_np_name(dtype_of(x))).itemsize
        new = _np.dtype(_np_name(dtype)).itemsize
        shape = shape_of(x)
        if shape and shape[-1] is not None:
            last = shape[-1] * old
            if last % new:
                raise ValueError(
                    f"view: the last dimension of shape {shape} ({dtype_of(x)}) cannot be "
                    f"viewed as {dtypes.standardize_dtype(dtype)}."
                )
            shape = shape[:-1] + (last // new,)
        return _spec(shape, dtypes.standardize_dtype(dtype))


def _np_name(dtype):
    dtype = dtypes.standardize_dtype(dtype)
    return "float16" if dtype == "bfloat16" else dtype


class Vectorize(Operation):
    """Wraps a function so that it maps over the leading dims of its tensor inputs."""

    def __init__(self, pyfunc, excluded=None, signature=None, name=None):
        super().__init__(name=name)
        self._function = backends.numpy.vectorize(
            pyfunc, excluded=excluded, signature=signature
        )

    def call(self, *args, **kwargs):
        return self._function(*args, **kwargs)


# --- public functions -----------------------------------------------------------------


def abs(x):
    """Absolute value, elementwise; keeps the input dtype.

    Args:
        x: input tensor.

    Returns:
        The absolute values.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.abs([-1, 2])).tolist()
    [1, 2]
    """
    if isinstance(x, KerasTensor):
        return Abs().symbolic_call(x)
    return backends.numpy.abs(x)


def absolute(x):
    """Absolute value, elementwise (alias of `abs`).

    Args:
        x: input tensor.

    Returns:
        The absolute values.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.absolute([-1.5, 2.0])).tolist()
    [1.5, 2.0]
    """
    if isinstance(x, KerasTensor):
        return Absolute().symbolic_call(x)
    return backends.numpy.absolute(x)


def add(x1, x2):
    """Adds two tensors elementwise, with broadcasting.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The sum, in the promoted dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.add([1, 2], [10, 20])).tolist()
    [11, 22]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Add().symbolic_call(x1, x2)
    return backends.numpy.add(x1, x2)


def all(x, axis=None, keepdims=False):
    """Whether all elements are true, along `axis`.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.all([[True, False], [True, True]], axis=1)).tolist()
    [False, True]
    """
    if isinstance(x, KerasTensor):
        return All().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.all(x, axis=axis, keepdims=keepdims)


def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether two tensors are elementwise equal within a tolerance.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).
        rtol: relative tolerance.
        atol: absolute tolerance.
        equal_nan: whether NaNs compare equal.

    Returns:
        A scalar bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.allclose([1.0, 2.0], [1.0, 2.0 + 1e-9])).tolist()
    True
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Allclose().symbolic_call(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)
    return backends.numpy.allclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def amax(x, axis=None, keepdims=False):
    """Maximum along `axis` (alias of `max`); keeps the input dtype.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        The maxima.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.amax([[1, 5], [3, 2]], axis=0)).tolist()
    [3, 5]
    """
    if isinstance(x, KerasTensor):
        return Amax().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.amax(x, axis=axis, keepdims=keepdims)


def amin(x, axis=None, keepdims=False):
    """Minimum along `axis` (alias of `min`); keeps the input dtype.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        The minima.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.amin([[1, 5], [3, 2]], axis=0)).tolist()
    [1, 2]
    """
    if isinstance(x, KerasTensor):
        return Amin().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.amin(x, axis=axis, keepdims=keepdims)


def angle(x):
    """Angle (argument) of complex values, elementwise; real inputs give 0 or pi.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.angle([1.0, -1.0])).tolist()
    [0.0, 3.1415927410125732]
    """
    if isinstance(x, KerasTensor):
        return Angle().symbolic_call(x)
    return backends.numpy.angle(x)


def any(x, axis=None, keepdims=False):
    """Whether any element is true, along `axis`.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.any([[True, False], [False, False]], axis=1)).tolist()
    [True, False]
    """
    if isinstance(x, KerasTensor):
        return Any().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.any(x, axis=axis, keepdims=keepdims)


def append(x1, x2, axis=None):
    """Appends `x2` to `x1` along `axis` (flattening both when `axis` is None).

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        The concatenation, in the promoted dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.append([1, 2], [3])).tolist()
    [1, 2, 3]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Append().symbolic_call(x1, x2, axis=axis)
    return backends.numpy.append(x1, x2, axis=axis)


def arange(start, stop=None, step=None, dtype=None):
    """Evenly spaced values in ``[start, stop)``; all-int arguments give int32, else floatx.

    Args:
        start: start (or the stop when `stop` is None).
        stop: end value (a scalar or tensor).
        step: spacing between values (1 when None).
        dtype: optional dtype of the result.

    Returns:
        A 1-D tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.arange(1, 7, 2)).tolist()
    [1, 3, 5]
    """
    return backends.numpy.arange(start, stop=stop, step=step, dtype=dtype)


def arccos(x):
    """Inverse cosine, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.arccos([1.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Arccos().symbolic_call(x)
    return backends.numpy.arccos(x)


def arccosh(x):
    """Inverse hyperbolic cosine, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.arccosh([1.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Arccosh().symbolic_call(x)
    return backends.numpy.arccosh(x)


def arcsin(x):
    """Inverse sine, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.arcsin([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Arcsin().symbolic_call(x)
    return backends.numpy.arcsin(x)


def arcsinh(x):
    """Inverse hyperbolic sine, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.arcsinh([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Arcsinh().symbolic_call(x)
    return backends.numpy.arcsinh(x)


def arctan(x):
    """Inverse tangent, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.arctan([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Arctan().symbolic_call(x)
    return backends.numpy.arctan(x)


def arctan2(x1, x2):
    """Elementwise arc tangent of ``x1 / x2`` choosing the quadrant; float result.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.arctan2([0.0], [1.0])).tolist()
    [0.0]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Arctan2().symbolic_call(x1, x2)
    return backends.numpy.arctan2(x1, x2)


def arctanh(x):
    """Inverse hyperbolic tangent, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.arctanh([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Arctanh().symbolic_call(x)
    return backends.numpy.arctanh(x)


def argmax(x, axis=None, keepdims=False):
    """Indices of the maxima along `axis` (of the flattened tensor when None).

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        An int32 tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.argmax([[1, 5], [7, 2]], axis=1)).tolist()
    [1, 0]
    """
    if isinstance(x, KerasTensor):
        return Argmax().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.argmax(x, axis=axis, keepdims=keepdims)


def argmin(x, axis=None, keepdims=False):
    """Indices of the minima along `axis` (of the flattened tensor when None).

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        An int32 tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.argmin([[1, 5], [7, 2]], axis=1)).tolist()
    [0, 1]
    """
    if isinstance(x, KerasTensor):
        return Argmin().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.argmin(x, axis=axis, keepdims=keepdims)


def argpartition(x, kth, axis=-1):
    """Indices that partition `x` around its `kth` element along `axis`.

    Args:
        x: input tensor.
        kth: index of the element to partition around.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        An int32 tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.argpartition([3, 1, 2], 0)[0]).tolist()
    1
    """
    if isinstance(x, KerasTensor):
        return Argpartition().symbolic_call(x, kth, axis=axis)
    return backends.numpy.argpartition(x, kth, axis=axis)


def argsort(x, axis=-1):
    """Indices that sort `x` along `axis` (stable).

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        An int32 tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.argsort([3, 1, 2])).tolist()
    [1, 2, 0]
    """
    if isinstance(x, KerasTensor):
        return Argsort().symbolic_call(x, axis=axis)
    return backends.numpy.argsort(x, axis=axis)


def array(x, dtype=None):
    """Creates a tensor (a copy) from an array-like.

    Args:
        x: input tensor.
        dtype: optional dtype of the result.

    Returns:
        A new tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.array([1, 2], dtype="float32")).tolist()
    [1.0, 2.0]
    """
    if isinstance(x, KerasTensor):
        return Array().symbolic_call(x, dtype=dtype)
    return backends.numpy.array(x, dtype=dtype)


def array_split(x, indices_or_sections, axis=0):
    """Splits `x` into sub-tensors, allowing unequal sections.

    Args:
        x: input tensor.
        indices_or_sections: number of equal sections, or the indices to split at.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        A list of tensors.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.array_split([1, 2, 3], 2)[0]).tolist()
    [1, 2]
    """
    if isinstance(x, KerasTensor):
        return ArraySplit().symbolic_call(x, indices_or_sections, axis=axis)
    return backends.numpy.array_split(x, indices_or_sections, axis=axis)


def average(x, axis=None, weights=None):
    """Weighted average along `axis`; float result.

    Args:
        x: input tensor.
        axis: axis to average over; None means all axes.
        weights: optional weights, broadcastable to `x` (or 1-D along `axis`).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.average([1.0, 3.0], weights=[3.0, 1.0])).tolist()
    1.5
    """
    if isinstance(x, KerasTensor) or isinstance(weights, KerasTensor):
        return Average().symbolic_call(x, axis=axis, weights=weights)
    return backends.numpy.average(x, axis=axis, weights=weights)


def bartlett(x):
    """The Bartlett window of length `x`, in floatx.

    Args:
        x: window length (an int).

    Returns:
        A 1-D float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.bartlett(3)).tolist()
    [0.0, 1.0, 0.0]
    """
    return backends.numpy.bartlett(x)


def bincount(x, weights=None, minlength=0, sparse=False):
    """Counts occurrences of each non-negative int (per row for a 2-D `x`).

    Args:
        x: input tensor.
        weights: optional weights, broadcastable to `x` (or 1-D along `axis`).
        minlength: minimum number of bins.
        sparse: whether to return a sparse tensor (engines that support it).

    Returns:
        Counts (int32), or sums of `weights` in their dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.bincount([0, 1, 1, 3])).tolist()
    [1, 2, 0, 1]
    """
    if isinstance(x, KerasTensor) or isinstance(weights, KerasTensor):
        return Bincount().symbolic_call(x, weights=weights, minlength=minlength, sparse=sparse)
    return backends.numpy.bincount(x, weights=weights, minlength=minlength, sparse=sparse)


def bitwise_and(x, y):
    """Bitwise AND of integer or bool tensors.

    Args:
        x: input tensor.
        y: second input tensor.

    Returns:
        The result in the promoted dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.bitwise_and([12], [10])).tolist()
    [8]
    """
    if isinstance(x, KerasTensor) or isinstance(y, KerasTensor):
        return BitwiseAnd().symbolic_call(x, y)
    return backends.numpy.bitwise_and(x, y)


def bitwise_invert(x):
    """Bitwise NOT of an integer or bool tensor.

    Args:
        x: input tensor.

    Returns:
        The inverted tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.bitwise_invert([0])).tolist()
    [-1]
    """
    if isinstance(x, KerasTensor):
        return BitwiseInvert().symbolic_call(x)
    return backends.numpy.bitwise_invert(x)


def bitwise_left_shift(x, y):
    """Shifts the bits of `x` left by `y`.

    Args:
        x: input tensor.
        y: second input tensor.

    Returns:
        The shifted tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.bitwise_left_shift([1], [3])).tolist()
    [8]
    """
    if isinstance(x, KerasTensor) or isinstance(y, KerasTensor):
        return BitwiseLeftShift().symbolic_call(x, y)
    return backends.numpy.bitwise_left_shift(x, y)


def bitwise_not(x):
    """Bitwise NOT (alias of `bitwise_invert`).

    Args:
        x: input tensor.

    Returns:
        The inverted tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.bitwise_not([0])).tolist()
    [-1]
    """
    if isinstance(x, KerasTensor):
        return BitwiseNot().symbolic_call(x)
    return backends.numpy.bitwise_not(x)


def bitwise_or(x, y):
    """Bitwise OR of integer or bool tensors.

    Args:
        x: input tensor.
        y: second input tensor.

    Returns:
        The result in the promoted dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.bitwise_or([12], [10])).tolist()
    [14]
    """
    if isinstance(x, KerasTensor) or isinstance(y, KerasTensor):
        return BitwiseOr().symbolic_call(x, y)
    return backends.numpy.bitwise_or(x, y)


def bitwise_right_shift(x, y):
    """Shifts the bits of `x` right by `y`.

    Args:
        x: input tensor.
        y: second input tensor.

    Returns:
        The shifted tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.bitwise_right_shift([8], [3])).tolist()
    [1]
    """
    if isinstance(x, KerasTensor) or isinstance(y, KerasTensor):
        return BitwiseRightShift().symbolic_call(x, y)
    return backends.numpy.bitwise_right_shift(x, y)


def bitwise_xor(x, y):
    """Bitwise XOR of integer or bool tensors.

    Args:
        x: input tensor.
        y: second input tensor.

    Returns:
        The result in the promoted dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.bitwise_xor([12], [10])).tolist()
    [6]
    """
    if isinstance(x, KerasTensor) or isinstance(y, KerasTensor):
        return BitwiseXor().symbolic_call(x, y)
    return backends.numpy.bitwise_xor(x, y)


def blackman(x):
    """The Blackman window of length `x`, in floatx.

    Args:
        x: window length (an int).

    Returns:
        A 1-D float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.blackman(3)).tolist()
    [-1.3877787807814457e-17, 1.0, -1.3877787807814457e-17]
    """
    return backends.numpy.blackman(x)


def broadcast_to(x, shape):
    """Broadcasts `x` to `shape`.

    Args:
        x: input tensor.
        shape: shape of the result (an int or a tuple of ints).

    Returns:
        The broadcast tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.broadcast_to([1, 2], (2, 2))).tolist()
    [[1, 2], [1, 2]]
    """
    if isinstance(x, KerasTensor):
        return BroadcastTo().symbolic_call(x, shape)
    return backends.numpy.broadcast_to(x, shape)


def cbrt(x):
    """Cube root, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.cbrt([8.0])).tolist()
    [2.0]
    """
    if isinstance(x, KerasTensor):
        return Cbrt().symbolic_call(x)
    return backends.numpy.cbrt(x)


def ceil(x):
    """Ceiling, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.ceil([1.2])).tolist()
    [2.0]
    """
    if isinstance(x, KerasTensor):
        return Ceil().symbolic_call(x)
    return backends.numpy.ceil(x)


def clip(x, x_min, x_max):
    """Clips values to ``[x_min, x_max]``; keeps the dtype (bool becomes int32).

    Args:
        x: input tensor.
        x_min: lower bound.
        x_max: upper bound.

    Returns:
        The clipped tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.clip([1, 5, 9], 2, 6)).tolist()
    [2, 5, 6]
    """
    if (
        isinstance(x, KerasTensor)
        or isinstance(x_min, KerasTensor)
        or isinstance(x_max, KerasTensor)
    ):
        return Clip().symbolic_call(x, x_min, x_max)
    return backends.numpy.clip(x, x_min, x_max)


def concatenate(xs, axis=0):
    """Joins tensors along an existing axis.

    Args:
        xs: list of tensors.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        The concatenation, in the promoted dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.concatenate([[1], [2, 3]])).tolist()
    [1, 2, 3]
    """
    if is_symbolic(xs):
        return Concatenate().symbolic_call(xs, axis=axis)
    return backends.numpy.concatenate(xs, axis=axis)


def conj(x):
    """Complex conjugate, elementwise.

    Args:
        x: input tensor.

    Returns:
        The conjugate.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.conj([1.0])).tolist()
    [1.0]
    """
    if isinstance(x, KerasTensor):
        return Conj().symbolic_call(x)
    return backends.numpy.conj(x)


def conjugate(x):
    """Complex conjugate, elementwise (alias of `conj`).

    Args:
        x: input tensor.

    Returns:
        The conjugate.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.conjugate([1.0])).tolist()
    [1.0]
    """
    if isinstance(x, KerasTensor):
        return Conjugate().symbolic_call(x)
    return backends.numpy.conjugate(x)


def copy(x):
    """Returns a copy of `x`.

    Args:
        x: input tensor.

    Returns:
        The copy.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.copy([1, 2])).tolist()
    [1, 2]
    """
    if isinstance(x, KerasTensor):
        return Copy().symbolic_call(x)
    return backends.numpy.copy(x)


def corrcoef(x):
    """Pearson correlation coefficients of the rows of `x`.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.corrcoef([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])).tolist()
    [[1.0, -1.0], [-1.0, 1.0]]
    """
    if isinstance(x, KerasTensor):
        return Corrcoef().symbolic_call(x)
    return backends.numpy.corrcoef(x)


def correlate(x1, x2, mode='valid'):
    """Cross-correlation of two 1-D tensors; float result.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).
        mode: mode, as NumPy's.

    Returns:
        A 1-D float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.correlate([1.0, 2.0, 3.0], [0.0, 1.0])).tolist()
    [2.0, 3.0]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Correlate().symbolic_call(x1, x2, mode=mode)
    return backends.numpy.correlate(x1, x2, mode=mode)


def cos(x):
    """Cosine, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.cos([0.0])).tolist()
    [1.0]
    """
    if isinstance(x, KerasTensor):
        return Cos().symbolic_call(x)
    return backends.numpy.cos(x)


def cosh(x):
    """Hyperbolic cosine, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.cosh([0.0])).tolist()
    [1.0]
    """
    if isinstance(x, KerasTensor):
        return Cosh().symbolic_call(x)
    return backends.numpy.cosh(x)


def count_nonzero(x, axis=None):
    """Counts non-zero values along `axis`.

    Args:
        x: input tensor.
        axis: axis or axes to count along; None counts all.

    Returns:
        An int32 tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.count_nonzero([[0, 1], [2, 3]], axis=1)).tolist()
    [1, 2]
    """
    if isinstance(x, KerasTensor):
        return CountNonzero().symbolic_call(x, axis=axis)
    return backends.numpy.count_nonzero(x, axis=axis)


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Cross product of 2- or 3-element vectors.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).
        axisa: axis of `x1` holding the vectors.
        axisb: axis of `x2` holding the vectors.
        axisc: axis of the result holding the vectors.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        The cross product.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.cross([1, 0, 0], [0, 1, 0])).tolist()
    [0, 0, 1]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Cross().symbolic_call(x1, x2, axisa=axisa, axisb=axisb, axisc=axisc, axis=axis)
    return backends.numpy.cross(x1, x2, axisa=axisa, axisb=axisb, axisc=axisc, axis=axis)


def cumprod(x, axis=None, dtype=None):
    """Cumulative product along `axis` (flattened when None); small ints widen.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        dtype: optional dtype of the accumulation and result.

    Returns:
        The cumulative products.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.cumprod([1, 2, 3])).tolist()
    [1, 2, 6]
    """
    if isinstance(x, KerasTensor):
        return Cumprod().symbolic_call(x, axis=axis, dtype=dtype)
    return backends.numpy.cumprod(x, axis=axis, dtype=dtype)


def cumsum(x, axis=None, dtype=None):
    """Cumulative sum along `axis` (flattened when None); small ints widen.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        dtype: optional dtype of the accumulation and result.

    Returns:
        The cumulative sums.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.cumsum([1, 2, 3])).tolist()
    [1, 3, 6]
    """
    if isinstance(x, KerasTensor):
        return Cumsum().symbolic_call(x, axis=axis, dtype=dtype)
    return backends.numpy.cumsum(x, axis=axis, dtype=dtype)


def deg2rad(x):
    """Converts degrees to radians; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.deg2rad([180.0])).tolist()
    [3.1415927410125732]
    """
    if isinstance(x, KerasTensor):
        return Deg2rad().symbolic_call(x)
    return backends.numpy.deg2rad(x)


def diag(x, k=0):
    """Extracts a diagonal of a 2-D tensor, or builds a 2-D tensor from a 1-D one.

    Args:
        x: input tensor.
        k: diagonal offset (0 is the main diagonal, positive is above it).

    Returns:
        The diagonal or diagonal matrix.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.diag([1, 2])).tolist()
    [[1, 0], [0, 2]]
    """
    if isinstance(x, KerasTensor):
        return Diag().symbolic_call(x, k=k)
    return backends.numpy.diag(x, k=k)


def diagflat(x, k=0):
    """Builds a 2-D tensor with the flattened `x` on diagonal `k`.

    Args:
        x: input tensor.
        k: diagonal offset (0 is the main diagonal, positive is above it).

    Returns:
        A 2-D tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.diagflat([1, 2])).tolist()
    [[1, 0], [0, 2]]
    """
    if isinstance(x, KerasTensor):
        return Diagflat().symbolic_call(x, k=k)
    return backends.numpy.diagflat(x, k=k)


def diagonal(x, offset=0, axis1=0, axis2=1):
    """Diagonals over `axis1` and `axis2` (they become the last axis).

    Args:
        x: input tensor.
        offset: diagonal offset.
        axis1: first axis of the 2-D sub-tensors.
        axis2: second axis of the 2-D sub-tensors.

    Returns:
        The diagonals.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.diagonal([[1, 2], [3, 4]])).tolist()
    [1, 4]
    """
    if isinstance(x, KerasTensor):
        return Diagonal().symbolic_call(x, offset=offset, axis1=axis1, axis2=axis2)
    return backends.numpy.diagonal(x, offset=offset, axis1=axis1, axis2=axis2)


def diff(a, n=1, axis=-1):
    """The `n`-th discrete difference along `axis`.

    Args:
        a: input tensor.
        n: number of times to difference.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        The differences.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.diff([1, 4, 9])).tolist()
    [3, 5]
    """
    if isinstance(a, KerasTensor):
        return Diff().symbolic_call(a, n=n, axis=axis)
    return backends.numpy.diff(a, n=n, axis=axis)


def digitize(x, bins):
    """Index of the bin each value of `x` falls into.

    Args:
        x: input tensor.
        bins: monotonically increasing 1-D bin edges.

    Returns:
        An int32 tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.digitize([0.5, 1.5], [0.0, 1.0, 2.0])).tolist()
    [1, 2]
    """
    if isinstance(x, KerasTensor) or isinstance(bins, KerasTensor):
        return Digitize().symbolic_call(x, bins)
    return backends.numpy.digitize(x, bins)


def divide(x1, x2):
    """True division, elementwise; ints become floatx.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.divide([1, 3], 2)).tolist()
    [0.5, 1.5]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Divide().symbolic_call(x1, x2)
    return backends.numpy.divide(x1, x2)


def divide_no_nan(x1, x2):
    """Division that returns 0 where the divisor is 0.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.divide_no_nan([1.0, 2.0], [0.0, 4.0])).tolist()
    [0.0, 0.5]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return DivideNoNan().symbolic_call(x1, x2)
    return backends.numpy.divide_no_nan(x1, x2)


def dot(x1, x2):
    """Dot product (matrix product for 2-D tensors).

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The product.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.dot([1, 2], [3, 4])).tolist()
    11
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Dot().symbolic_call(x1, x2)
    return backends.numpy.dot(x1, x2)


def dsplit(x, indices_or_sections):
    """Splits `x` along the third axis.

    Args:
        x: input tensor.
        indices_or_sections: number of equal sections, or the indices to split at.

    Returns:
        A list of tensors.

    Example:
    >>> from kbackend import ops
    >>> [list(t.shape) for t in ops.dsplit(ops.ones((1, 1, 4)), 2)]
    [[1, 1, 2], [1, 1, 2]]
    """
    if isinstance(x, KerasTensor):
        return Dsplit().symbolic_call(x, indices_or_sections)
    return backends.numpy.dsplit(x, indices_or_sections)


def dstack(xs):
    """Stacks tensors along the third axis.

    Args:
        xs: list of tensors.

    Returns:
        The stacked tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.dstack([[1, 2], [3, 4]])).tolist()
    [[[1, 3], [2, 4]]]
    """
    if is_symbolic(xs):
        return Dstack().symbolic_call(xs)
    return backends.numpy.dstack(xs)


def einsum(subscripts, *operands, **kwargs):
    """Einstein summation over the operands.

    Args:
        subscripts: the einsum subscripts, e.g. ``'ij,jk->ik'``.
        *operands: the tensors.
        **kwargs: extra options (accepted for compatibility, ignored by some engines).

    Returns:
        The contraction.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.einsum("ij,j->i", [[1, 2], [3, 4]], [1, 1])).tolist()
    [3, 7]
    """
    if is_symbolic(operands):
        return Einsum().symbolic_call(subscripts, *operands, **kwargs)
    return backends.numpy.einsum(subscripts, *operands, **kwargs)


def empty(shape, dtype=None):
    """A tensor of `shape` with unspecified values (floatx unless `dtype`).

    Args:
        shape: shape of the result (an int or a tuple of ints).
        dtype: optional dtype of the result.

    Returns:
        The new tensor.

    Example:
    >>> from kbackend import ops
    >>> list(ops.empty((2, 3)).shape)
    [2, 3]
    """
    return backends.numpy.empty(shape, dtype=dtype)


def empty_like(x, dtype=None):
    """An uninitialized tensor with the shape (and dtype) of `x`.

    Args:
        x: input tensor.
        dtype: optional dtype of the result.

    Returns:
        The new tensor.

    Example:
    >>> from kbackend import ops
    >>> list(ops.empty_like([[1, 2]]).shape)
    [1, 2]
    """
    if isinstance(x, KerasTensor):
        return EmptyLike().symbolic_call(x, dtype=dtype)
    return backends.numpy.empty_like(x, dtype=dtype)


def equal(x1, x2):
    """Elementwise ``x1 == x2``.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.equal([1, 2], [1, 3])).tolist()
    [True, False]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Equal().symbolic_call(x1, x2)
    return backends.numpy.equal(x1, x2)


def exp(x):
    """Exponential, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.exp([0.0])).tolist()
    [1.0]
    """
    if isinstance(x, KerasTensor):
        return Exp().symbolic_call(x)
    return backends.numpy.exp(x)


def exp2(x):
    """``2 ** x``, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.exp2([3.0])).tolist()
    [8.0]
    """
    if isinstance(x, KerasTensor):
        return Exp2().symbolic_call(x)
    return backends.numpy.exp2(x)


def expand_dims(x, axis):
    """Inserts size-1 axes at `axis` (an int or a tuple).

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        The expanded tensor.

    Example:
    >>> from kbackend import ops
    >>> list(ops.expand_dims([1, 2], 0).shape)
    [1, 2]
    """
    if isinstance(x, KerasTensor):
        return ExpandDims().symbolic_call(x, axis)
    return backends.numpy.expand_dims(x, axis)


def expm1(x):
    """``exp(x) - 1``, elementwise, accurate near 0; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.expm1([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Expm1().symbolic_call(x)
    return backends.numpy.expm1(x)


def eye(N, M=None, k=0, dtype=None):  # noqa: N803 (NumPy's argument names)
    """A 2-D tensor with ones on diagonal `k` (floatx unless `dtype`).

    Args:
        N: number of rows.
        M: number of columns; defaults to `N`.
        k: diagonal offset (0 is the main diagonal, positive is above it).
        dtype: optional dtype of the result.

    Returns:
        A 2-D tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.eye(2)).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    return backends.numpy.eye(N, M=M, k=k, dtype=dtype)


def fabs(x):
    """Absolute value as float (ints become floatx), like NumPy's ``fabs``.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.fabs([-2])).tolist()
    [2.0]
    """
    if isinstance(x, KerasTensor):
        return Fabs().symbolic_call(x)
    return backends.numpy.fabs(x)


def flip(x, axis=None):
    """Reverses the order of elements along `axis` (all axes when None).

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        The flipped tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.flip([1, 2, 3])).tolist()
    [3, 2, 1]
    """
    if isinstance(x, KerasTensor):
        return Flip().symbolic_call(x, axis=axis)
    return backends.numpy.flip(x, axis=axis)


def fliplr(x):
    """Reverses the order along axis 1.

    Args:
        x: input tensor.

    Returns:
        The flipped tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.fliplr([[1, 2]])).tolist()
    [[2, 1]]
    """
    if isinstance(x, KerasTensor):
        return Fliplr().symbolic_call(x)
    return backends.numpy.fliplr(x)


def flipud(x):
    """Reverses the order along axis 0.

    Args:
        x: input tensor.

    Returns:
        The flipped tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.flipud([[1], [2]])).tolist()
    [[2], [1]]
    """
    if isinstance(x, KerasTensor):
        return Flipud().symbolic_call(x)
    return backends.numpy.flipud(x)


def floor(x):
    """Floor, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.floor([1.7])).tolist()
    [1.0]
    """
    if isinstance(x, KerasTensor):
        return Floor().symbolic_call(x)
    return backends.numpy.floor(x)


def floor_divide(x1, x2):
    """Floor division, elementwise, in the promoted dtype.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The quotients.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.floor_divide([7, -7], 2)).tolist()
    [3, -4]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return FloorDivide().symbolic_call(x1, x2)
    return backends.numpy.floor_divide(x1, x2)


def fmax(x1, x2):
    """Elementwise maximum that ignores NaNs.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The maxima.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.fmax([1.0, float("nan")], [2.0, 0.0])).tolist()
    [2.0, 0.0]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Fmax().symbolic_call(x1, x2)
    return backends.numpy.fmax(x1, x2)


def fmin(x1, x2):
    """Elementwise minimum that ignores NaNs.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The minima.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.fmin([1.0, float("nan")], [2.0, 0.0])).tolist()
    [1.0, 0.0]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Fmin().symbolic_call(x1, x2)
    return backends.numpy.fmin(x1, x2)


def fmod(x1, x2):
    """Remainder of division with the sign of the dividend (C ``fmod``).

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The remainders.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.fmod([-7, 7], 3)).tolist()
    [-1, 1]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Fmod().symbolic_call(x1, x2)
    return backends.numpy.fmod(x1, x2)


def full(shape, fill_value, dtype=None):
    """A tensor of `shape` filled with `fill_value` (its dtype unless `dtype`).

    Args:
        shape: shape of the result (an int or a tuple of ints).
        fill_value: the fill value.
        dtype: optional dtype of the result.

    Returns:
        The new tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.full((2,), 7)).tolist()
    [7, 7]
    """
    if isinstance(fill_value, KerasTensor):
        return Full().symbolic_call(shape, fill_value, dtype=dtype)
    return backends.numpy.full(shape, fill_value, dtype=dtype)


def full_like(x, fill_value, dtype=None):
    """A tensor with the shape (and dtype) of `x` filled with `fill_value`.

    Args:
        x: input tensor.
        fill_value: the fill value.
        dtype: optional dtype of the result.

    Returns:
        The new tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.full_like([1, 2], 5)).tolist()
    [5, 5]
    """
    if isinstance(x, KerasTensor):
        return FullLike().symbolic_call(x, fill_value, dtype=dtype)
    return backends.numpy.full_like(x, fill_value, dtype=dtype)


def gcd(x1, x2):
    """Greatest common divisor, elementwise, of integer tensors.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The divisors.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.gcd([12, 9], [8, 6])).tolist()
    [4, 3]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Gcd().symbolic_call(x1, x2)
    return backends.numpy.gcd(x1, x2)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """Numbers spaced evenly on a log scale between `start` and `stop`.

    Args:
        start: start value (a scalar or tensor).
        stop: end value (a scalar or tensor).
        num: number of values.
        endpoint: whether `stop` is included.
        dtype: optional dtype of the result.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.geomspace(1.0, 100.0, num=3)).tolist()
    [1.0, 10.0, 100.0]
    """
    if isinstance(start, KerasTensor) or isinstance(stop, KerasTensor):
        return Geomspace().symbolic_call(
            start,
            stop,
            num=num,
            endpoint=endpoint,
            dtype=dtype,
            axis=axis,
        )
    return backends.numpy.geomspace(
        start,
        stop,
        num=num,
        endpoint=endpoint,
        dtype=dtype,
        axis=axis,
    )


def get_item(x, key):
    """Indexes `x` with ints, slices, None, Ellipsis and int/bool tensors.

    Args:
        x: input tensor.
        key: an int, slice, None, Ellipsis, int/bool tensor, or a tuple of them.

    Returns:
        The selected values.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.get_item([[1, 2], [3, 4]], (slice(None), 1))).tolist()
    [2, 4]
    """
    if isinstance(x, KerasTensor):
        return GetItem().symbolic_call(x, key)
    return backends.numpy.get_item(x, key)


def greater(x1, x2):
    """Elementwise ``x1 > x2``.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.greater([1, 3], 2)).tolist()
    [False, True]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Greater().symbolic_call(x1, x2)
    return backends.numpy.greater(x1, x2)


def greater_equal(x1, x2):
    """Elementwise ``x1 >= x2``.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.greater_equal([1, 2], 2)).tolist()
    [False, True]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return GreaterEqual().symbolic_call(x1, x2)
    return backends.numpy.greater_equal(x1, x2)


def hamming(x):
    """The Hamming window of length `x`, in floatx.

    Args:
        x: window length (an int).

    Returns:
        A 1-D float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.hamming(3)).tolist()
    [0.07999999821186066, 1.0, 0.07999999821186066]
    """
    return backends.numpy.hamming(x)


def hanning(x):
    """The Hann window of length `x`, in floatx.

    Args:
        x: window length (an int).

    Returns:
        A 1-D float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.hanning(3)).tolist()
    [0.0, 1.0, 0.0]
    """
    return backends.numpy.hanning(x)


def heaviside(x1, x2):
    """Heaviside step of `x1`, with value `x2` at 0; float result.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.heaviside([-1.0, 0.0, 2.0], 0.5)).tolist()
    [0.0, 0.5, 1.0]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Heaviside().symbolic_call(x1, x2)
    return backends.numpy.heaviside(x1, x2)


def histogram(x, bins=10, range=None):
    """Histogram of a 1-D tensor: counts (int32) and bin edges (float).

    Args:
        x: input tensor.
        bins: number of bins.
        range: optional ``(min, max)`` of the bins.

    Returns:
        A tuple ``(counts, bin_edges)``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.histogram([1.0, 2.0, 2.0], bins=2)[0]).tolist()
    [1, 2]
    """
    if isinstance(x, KerasTensor):
        return Histogram().symbolic_call(x, bins=bins, range=range)
    return backends.numpy.histogram(x, bins=bins, range=range)


def hsplit(x, indices_or_sections):
    """Splits `x` along axis 1 (axis 0 for 1-D tensors).

    Args:
        x: input tensor.
        indices_or_sections: number of equal sections, or the indices to split at.

    Returns:
        A list of tensors.

    Example:
    >>> from kbackend import ops
    >>> [ops.convert_to_numpy(t).tolist() for t in ops.hsplit([1, 2, 3, 4], 2)]
    [[1, 2], [3, 4]]
    """
    if isinstance(x, KerasTensor):
        return Hsplit().symbolic_call(x, indices_or_sections)
    return backends.numpy.hsplit(x, indices_or_sections)


def hstack(xs):
    """Stacks tensors horizontally (along axis 1, or 0 for 1-D).

    Args:
        xs: list of tensors.

    Returns:
        The stacked tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.hstack([[1], [2]])).tolist()
    [1, 2]
    """
    if is_symbolic(xs):
        return Hstack().symbolic_call(xs)
    return backends.numpy.hstack(xs)


def hypot(x1, x2):
    """``sqrt(x1**2 + x2**2)``, elementwise; float result.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.hypot([3.0], [4.0])).tolist()
    [5.0]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Hypot().symbolic_call(x1, x2)
    return backends.numpy.hypot(x1, x2)


def i0(x):
    """Modified Bessel function of the first kind, order 0; float result.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.i0([0.0])).tolist()
    [0.9999999403953552]
    """
    if isinstance(x, KerasTensor):
        return I0().symbolic_call(x)
    return backends.numpy.i0(x)


def identity(n, dtype=None):
    """The `n` x `n` identity matrix (floatx unless `dtype`).

    Args:
        n: number of rows and columns.
        dtype: optional dtype of the result.

    Returns:
        A 2-D tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.identity(2)).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    return backends.numpy.identity(n, dtype=dtype)


def imag(x):
    """Imaginary part, elementwise (zeros for real tensors).

    Args:
        x: input tensor.

    Returns:
        A real tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.imag([1.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Imag().symbolic_call(x)
    return backends.numpy.imag(x)


def inner(x1, x2):
    """Inner product over the last axes.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The product.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.inner([1, 2], [3, 4])).tolist()
    11
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Inner().symbolic_call(x1, x2)
    return backends.numpy.inner(x1, x2)


def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Elementwise ``abs(x1 - x2) <= atol + rtol * abs(x2)``.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).
        rtol: relative tolerance.
        atol: absolute tolerance.
        equal_nan: whether NaNs compare equal.

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.isclose([1.0, 2.0], [1.0, 2.1])).tolist()
    [True, False]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Isclose().symbolic_call(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)
    return backends.numpy.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def isfinite(x):
    """Elementwise test for finite values.

    Args:
        x: input tensor.

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.isfinite([1.0, float("inf")])).tolist()
    [True, False]
    """
    if isinstance(x, KerasTensor):
        return Isfinite().symbolic_call(x)
    return backends.numpy.isfinite(x)


def isin(x1, x2, assume_unique=False, invert=False):
    """Elementwise test of whether each value of `x1` occurs in `x2`.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).
        assume_unique: whether both inputs are known to be unique.
        invert: if True, test for *not* in `x2`.

    Returns:
        A bool tensor shaped like `x1`.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.isin([1, 2, 3], [2, 3])).tolist()
    [False, True, True]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Isin().symbolic_call(x1, x2, assume_unique=assume_unique, invert=invert)
    return backends.numpy.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def isinf(x):
    """Elementwise test for infinities.

    Args:
        x: input tensor.

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.isinf([1.0, float("inf")])).tolist()
    [False, True]
    """
    if isinstance(x, KerasTensor):
        return Isinf().symbolic_call(x)
    return backends.numpy.isinf(x)


def isnan(x):
    """Elementwise test for NaNs.

    Args:
        x: input tensor.

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.isnan([1.0, float("nan")])).tolist()
    [False, True]
    """
    if isinstance(x, KerasTensor):
        return Isnan().symbolic_call(x)
    return backends.numpy.isnan(x)


def isneginf(x):
    """Elementwise test for negative infinity.

    Args:
        x: input tensor.

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.isneginf([float("-inf"), 1.0])).tolist()
    [True, False]
    """
    if isinstance(x, KerasTensor):
        return Isneginf().symbolic_call(x)
    return backends.numpy.isneginf(x)


def isposinf(x):
    """Elementwise test for positive infinity.

    Args:
        x: input tensor.

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.isposinf([float("inf"), 1.0])).tolist()
    [True, False]
    """
    if isinstance(x, KerasTensor):
        return Isposinf().symbolic_call(x)
    return backends.numpy.isposinf(x)


def isreal(x):
    """Elementwise test for a zero imaginary part.

    Args:
        x: input tensor.

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.isreal([1.0])).tolist()
    [True]
    """
    if isinstance(x, KerasTensor):
        return Isreal().symbolic_call(x)
    return backends.numpy.isreal(x)


def kaiser(x, beta):
    """The Kaiser window of length `x` and shape `beta`, in floatx.

    Args:
        x: window length (an int).
        beta: shape parameter of the window.

    Returns:
        A 1-D float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.kaiser(3, 0.0)).tolist()
    [1.0, 1.0, 1.0]
    """
    return backends.numpy.kaiser(x, beta)


def kron(x1, x2):
    """Kronecker product.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The product.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.kron([1, 2], [1, 10])).tolist()
    [1, 10, 2, 20]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Kron().symbolic_call(x1, x2)
    return backends.numpy.kron(x1, x2)


def lcm(x1, x2):
    """Least common multiple, elementwise, of integer tensors.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The multiples.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.lcm([4, 6], [6, 4])).tolist()
    [12, 12]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Lcm().symbolic_call(x1, x2)
    return backends.numpy.lcm(x1, x2)


def ldexp(x1, x2):
    """``x1 * 2 ** x2`` for an integer `x2`; float result.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.ldexp([1.0], [3])).tolist()
    [8.0]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Ldexp().symbolic_call(x1, x2)
    return backends.numpy.ldexp(x1, x2)


def left_shift(x, y):
    """Shifts the bits of `x` left by `y` (alias of `bitwise_left_shift`).

    Args:
        x: input tensor.
        y: second input tensor.

    Returns:
        The shifted tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.left_shift([1], [2])).tolist()
    [4]
    """
    if isinstance(x, KerasTensor) or isinstance(y, KerasTensor):
        return LeftShift().symbolic_call(x, y)
    return backends.numpy.left_shift(x, y)


def less(x1, x2):
    """Elementwise ``x1 < x2``.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.less([1, 3], 2)).tolist()
    [True, False]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Less().symbolic_call(x1, x2)
    return backends.numpy.less(x1, x2)


def less_equal(x1, x2):
    """Elementwise ``x1 <= x2``.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.less_equal([1, 3], 1)).tolist()
    [True, False]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return LessEqual().symbolic_call(x1, x2)
    return backends.numpy.less_equal(x1, x2)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """`num` evenly spaced numbers over ``[start, stop]``.

    Args:
        start: start value (a scalar or tensor).
        stop: end value (a scalar or tensor).
        num: number of values.
        endpoint: whether `stop` is included.
        retstep: if True, also return the step.
        dtype: optional dtype of the result.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        A float tensor (and the step when `retstep`).

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.linspace(0.0, 1.0, num=3)).tolist()
    [0.0, 0.5, 1.0]
    """
    if isinstance(start, KerasTensor) or isinstance(stop, KerasTensor):
        return Linspace().symbolic_call(
            start,
            stop,
            num=num,
            endpoint=endpoint,
            retstep=retstep,
            dtype=dtype,
            axis=axis,
        )
    return backends.numpy.linspace(
        start,
        stop,
        num=num,
        endpoint=endpoint,
        retstep=retstep,
        dtype=dtype,
        axis=axis,
    )


def log(x):
    """Natural logarithm, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.log([1.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Log().symbolic_call(x)
    return backends.numpy.log(x)


def log10(x):
    """Base-10 logarithm, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.log10([100.0])).tolist()
    [2.0]
    """
    if isinstance(x, KerasTensor):
        return Log10().symbolic_call(x)
    return backends.numpy.log10(x)


def log1p(x):
    """``log(1 + x)``, elementwise, accurate near 0; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.log1p([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Log1p().symbolic_call(x)
    return backends.numpy.log1p(x)


def log2(x):
    """Base-2 logarithm, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.log2([8.0])).tolist()
    [3.0]
    """
    if isinstance(x, KerasTensor):
        return Log2().symbolic_call(x)
    return backends.numpy.log2(x)


def logaddexp(x1, x2):
    """``log(exp(x1) + exp(x2))``, computed stably; float result.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.logaddexp([0.0], [0.0])).tolist()
    [0.6931471824645996]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Logaddexp().symbolic_call(x1, x2)
    return backends.numpy.logaddexp(x1, x2)


def logaddexp2(x1, x2):
    """``log2(2**x1 + 2**x2)``, computed stably; float result.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.logaddexp2([1.0], [1.0])).tolist()
    [2.0]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Logaddexp2().symbolic_call(x1, x2)
    return backends.numpy.logaddexp2(x1, x2)


def logical_and(x1, x2):
    """Elementwise logical AND.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.logical_and([True, False], True)).tolist()
    [True, False]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return LogicalAnd().symbolic_call(x1, x2)
    return backends.numpy.logical_and(x1, x2)


def logical_not(x):
    """Elementwise logical NOT.

    Args:
        x: input tensor.

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.logical_not([True, False])).tolist()
    [False, True]
    """
    if isinstance(x, KerasTensor):
        return LogicalNot().symbolic_call(x)
    return backends.numpy.logical_not(x)


def logical_or(x1, x2):
    """Elementwise logical OR.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.logical_or([True, False], False)).tolist()
    [True, False]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return LogicalOr().symbolic_call(x1, x2)
    return backends.numpy.logical_or(x1, x2)


def logical_xor(x1, x2):
    """Elementwise logical XOR.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.logical_xor([True, False], True)).tolist()
    [False, True]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return LogicalXor().symbolic_call(x1, x2)
    return backends.numpy.logical_xor(x1, x2)


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """`num` numbers spaced evenly on a log scale, ``base ** linspace(...)``.

    Args:
        start: start value (a scalar or tensor).
        stop: end value (a scalar or tensor).
        num: number of values.
        endpoint: whether `stop` is included.
        base: base of the log space.
        dtype: optional dtype of the result.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.logspace(0.0, 2.0, num=3)).tolist()
    [1.0, 10.0, 100.0]
    """
    if isinstance(start, KerasTensor) or isinstance(stop, KerasTensor):
        return Logspace().symbolic_call(
            start,
            stop,
            num=num,
            endpoint=endpoint,
            base=base,
            dtype=dtype,
            axis=axis,
        )
    return backends.numpy.logspace(
        start,
        stop,
        num=num,
        endpoint=endpoint,
        base=base,
        dtype=dtype,
        axis=axis,
    )


def matmul(x1, x2):
    """Matrix product with NumPy's broadcasting rules; int8/uint8 pairs give int32.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The product.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.matmul([[1, 2]], [[3], [4]])).tolist()
    [[11]]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Matmul().symbolic_call(x1, x2)
    return backends.numpy.matmul(x1, x2)


def max(x, axis=None, keepdims=False, initial=None):
    """Maximum along `axis`; keeps the input dtype.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.
        initial: optional starting value of the reduction (for empty slices).

    Returns:
        The maxima.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.max([[1, 5], [3, 2]], axis=1)).tolist()
    [5, 3]
    """
    if isinstance(x, KerasTensor):
        return Max().symbolic_call(x, axis=axis, keepdims=keepdims, initial=initial)
    return backends.numpy.max(x, axis=axis, keepdims=keepdims, initial=initial)


def maximum(x1, x2):
    """Elementwise maximum (NaNs propagate).

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The maxima.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.maximum([1, 5], [3, 2])).tolist()
    [3, 5]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Maximum().symbolic_call(x1, x2)
    return backends.numpy.maximum(x1, x2)


def mean(x, axis=None, keepdims=False):
    """Mean along `axis`; ints become floatx.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.mean([1, 2, 4])).tolist()
    2.3333332538604736
    """
    if isinstance(x, KerasTensor):
        return Mean().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.mean(x, axis=axis, keepdims=keepdims)


def median(x, axis=None, keepdims=False):
    """Median along `axis`; float result.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.median([3, 1, 2])).tolist()
    2.0
    """
    if isinstance(x, KerasTensor):
        return Median().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.median(x, axis=axis, keepdims=keepdims)


def meshgrid(*x, indexing='xy'):
    """Coordinate grids from 1-D coordinate tensors.

    Args:
        *x: 1-D coordinate tensors.
        indexing: ``'xy'`` (Cartesian) or ``'ij'`` (matrix) indexing.

    Returns:
        A list of tensors.

    Example:
    >>> from kbackend import ops
    >>> [ops.convert_to_numpy(t).tolist() for t in ops.meshgrid([1, 2], [3])]
    [[[1, 2]], [[3, 3]]]
    """
    if is_symbolic(x):
        return Meshgrid().symbolic_call(*x, indexing=indexing)
    return backends.numpy.meshgrid(*x, indexing=indexing)


def min(x, axis=None, keepdims=False, initial=None):
    """Minimum along `axis`; keeps the input dtype.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.
        initial: optional starting value of the reduction (for empty slices).

    Returns:
        The minima.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.min([[1, 5], [3, 2]], axis=1)).tolist()
    [1, 2]
    """
    if isinstance(x, KerasTensor):
        return Min().symbolic_call(x, axis=axis, keepdims=keepdims, initial=initial)
    return backends.numpy.min(x, axis=axis, keepdims=keepdims, initial=initial)


def minimum(x1, x2):
    """Elementwise minimum (NaNs propagate).

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The minima.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.minimum([1, 5], [3, 2])).tolist()
    [1, 2]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Minimum().symbolic_call(x1, x2)
    return backends.numpy.minimum(x1, x2)


def mod(x1, x2):
    """Remainder of floor division, with the sign of the divisor.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The remainders.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.mod([-7, 7], 3)).tolist()
    [2, 1]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Mod().symbolic_call(x1, x2)
    return backends.numpy.mod(x1, x2)


def moveaxis(x, source, destination):
    """Moves axes `source` to positions `destination`.

    Args:
        x: input tensor.
        source: original positions of the axes to move.
        destination: destination positions of the moved axes.

    Returns:
        The transposed tensor.

    Example:
    >>> from kbackend import ops
    >>> list(ops.moveaxis(ops.ones((2, 3, 4)), 0, -1).shape)
    [3, 4, 2]
    """
    if isinstance(x, KerasTensor):
        return Moveaxis().symbolic_call(x, source, destination)
    return backends.numpy.moveaxis(x, source, destination)


def multiply(x1, x2):
    """Multiplies two tensors elementwise, with broadcasting.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The product, in the promoted dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.multiply([1, 2], [3, 4])).tolist()
    [3, 8]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Multiply().symbolic_call(x1, x2)
    return backends.numpy.multiply(x1, x2)


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    """Replaces NaN and infinities by finite numbers.

    Args:
        x: input tensor.
        nan: value for NaNs.
        posinf: value for +inf (largest finite value when None).
        neginf: value for -inf (smallest finite value when None).

    Returns:
        The cleaned tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nan_to_num([float("nan"), 1.0])).tolist()
    [0.0, 1.0]
    """
    if isinstance(x, KerasTensor):
        return NanToNum().symbolic_call(x, nan=nan, posinf=posinf, neginf=neginf)
    return backends.numpy.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def nanargmax(x, axis=None, keepdims=False):
    """Indices of the maxima along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        An int32 tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nanargmax([1.0, float("nan"), 3.0])).tolist()
    2
    """
    if isinstance(x, KerasTensor):
        return Nanargmax().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.nanargmax(x, axis=axis, keepdims=keepdims)


def nanargmin(x, axis=None, keepdims=False):
    """Indices of the minima along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        An int32 tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nanargmin([float("nan"), 2.0, 1.0])).tolist()
    2
    """
    if isinstance(x, KerasTensor):
        return Nanargmin().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.nanargmin(x, axis=axis, keepdims=keepdims)


def nancumprod(x, axis=None, dtype=None):
    """Cumulative product treating NaNs as 1.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        dtype: optional dtype of the accumulation and result.

    Returns:
        The cumulative products.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nancumprod([1.0, float("nan"), 3.0])).tolist()
    [1.0, 1.0, 3.0]
    """
    if isinstance(x, KerasTensor):
        return Nancumprod().symbolic_call(x, axis=axis, dtype=dtype)
    return backends.numpy.nancumprod(x, axis=axis, dtype=dtype)


def nancumsum(x, axis=None, dtype=None):
    """Cumulative sum treating NaNs as 0.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        dtype: optional dtype of the accumulation and result.

    Returns:
        The cumulative sums.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nancumsum([1.0, float("nan"), 3.0])).tolist()
    [1.0, 1.0, 4.0]
    """
    if isinstance(x, KerasTensor):
        return Nancumsum().symbolic_call(x, axis=axis, dtype=dtype)
    return backends.numpy.nancumsum(x, axis=axis, dtype=dtype)


def nanmax(x, axis=None, keepdims=False):
    """Maximum along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        The maxima.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nanmax([1.0, float("nan"), 3.0])).tolist()
    3.0
    """
    if isinstance(x, KerasTensor):
        return Nanmax().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.nanmax(x, axis=axis, keepdims=keepdims)


def nanmean(x, axis=None, keepdims=False):
    """Mean along `axis`, ignoring NaNs; float result.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nanmean([1.0, float("nan"), 3.0])).tolist()
    2.0
    """
    if isinstance(x, KerasTensor):
        return Nanmean().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.nanmean(x, axis=axis, keepdims=keepdims)


def nanmedian(x, axis=None, keepdims=False):
    """Median along `axis`, ignoring NaNs; float result.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nanmedian([1.0, float("nan"), 3.0])).tolist()
    2.0
    """
    if isinstance(x, KerasTensor):
        return Nanmedian().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.nanmedian(x, axis=axis, keepdims=keepdims)


def nanmin(x, axis=None, keepdims=False):
    """Minimum along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        The minima.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nanmin([1.0, float("nan"), 3.0])).tolist()
    1.0
    """
    if isinstance(x, KerasTensor):
        return Nanmin().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.nanmin(x, axis=axis, keepdims=keepdims)


def nanpercentile(x, q, axis=None, method='linear', keepdims=False):
    """`q`-th percentile (0 to 100) along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        q: quantile(s) or percentile(s) to compute (a scalar or a 1-D tensor).
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        method: interpolation method, as NumPy's (``'linear'``, ``'lower'``, ...).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nanpercentile([1.0, float("nan"), 3.0], 50)).tolist()
    2.0
    """
    if isinstance(x, KerasTensor) or isinstance(q, KerasTensor):
        return Nanpercentile().symbolic_call(x, q, axis=axis, method=method, keepdims=keepdims)
    return backends.numpy.nanpercentile(x, q, axis=axis, method=method, keepdims=keepdims)


def nanprod(x, axis=None, keepdims=False):
    """Product along `axis` treating NaNs as 1; small ints widen.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        The products.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nanprod([2.0, float("nan"), 3.0])).tolist()
    6.0
    """
    if isinstance(x, KerasTensor):
        return Nanprod().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.nanprod(x, axis=axis, keepdims=keepdims)


def nanquantile(x, q, axis=None, method='linear', keepdims=False):
    """`q`-th quantile (0 to 1) along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        q: quantile(s) or percentile(s) to compute (a scalar or a 1-D tensor).
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        method: interpolation method, as NumPy's (``'linear'``, ``'lower'``, ...).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nanquantile([1.0, float("nan"), 3.0], 0.5)).tolist()
    2.0
    """
    if isinstance(x, KerasTensor) or isinstance(q, KerasTensor):
        return Nanquantile().symbolic_call(x, q, axis=axis, method=method, keepdims=keepdims)
    return backends.numpy.nanquantile(x, q, axis=axis, method=method, keepdims=keepdims)


def nanstd(x, axis=None, keepdims=False):
    """Standard deviation along `axis`, ignoring NaNs; float result.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nanstd([1.0, float("nan"), 3.0])).tolist()
    1.0
    """
    if isinstance(x, KerasTensor):
        return Nanstd().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.nanstd(x, axis=axis, keepdims=keepdims)


def nansum(x, axis=None, keepdims=False):
    """Sum along `axis` treating NaNs as 0; small ints widen.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        The sums.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nansum([1.0, float("nan"), 3.0])).tolist()
    4.0
    """
    if isinstance(x, KerasTensor):
        return Nansum().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.nansum(x, axis=axis, keepdims=keepdims)


def nanvar(x, axis=None, keepdims=False):
    """Variance along `axis`, ignoring NaNs; float result.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.nanvar([1.0, float("nan"), 3.0])).tolist()
    1.0
    """
    if isinstance(x, KerasTensor):
        return Nanvar().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.nanvar(x, axis=axis, keepdims=keepdims)


def ndim(x):
    """The number of dimensions of `x` (a Python int for real tensors).

    Args:
        x: input tensor.

    Returns:
        The rank.

    Example:
    >>> from kbackend import ops
    >>> ops.ndim([[1, 2]])
    2
    """
    if isinstance(x, KerasTensor):
        return Ndim().symbolic_call(x)
    return backends.numpy.ndim(x)


def negative(x):
    """Numerical negative, elementwise; keeps the dtype.

    Args:
        x: input tensor.

    Returns:
        The negated tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.negative([1, -2])).tolist()
    [-1, 2]
    """
    if isinstance(x, KerasTensor):
        return Negative().symbolic_call(x)
    return backends.numpy.negative(x)


def nextafter(x1, x2):
    """The next float after `x1` towards `x2`; float result.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> bool(ops.convert_to_numpy(ops.nextafter([1.0], [2.0]))[0] > 1.0)
    True
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Nextafter().symbolic_call(x1, x2)
    return backends.numpy.nextafter(x1, x2)


def nonzero(x):
    """Indices of the non-zero elements, one int32 tensor per dimension.

    Args:
        x: input tensor.

    Returns:
        A tuple of int32 tensors.

    Example:
    >>> from kbackend import ops
    >>> [ops.convert_to_numpy(t).tolist() for t in ops.nonzero([0, 3, 0, 4])]
    [[1, 3]]
    """
    if isinstance(x, KerasTensor):
        return Nonzero().symbolic_call(x)
    return backends.numpy.nonzero(x)


def not_equal(x1, x2):
    """Elementwise ``x1 != x2``.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.not_equal([1, 2], [1, 3])).tolist()
    [False, True]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return NotEqual().symbolic_call(x1, x2)
    return backends.numpy.not_equal(x1, x2)


def ones(shape, dtype=None):
    """A tensor of ones (floatx unless `dtype`).

    Args:
        shape: shape of the result (an int or a tuple of ints).
        dtype: optional dtype of the result.

    Returns:
        The new tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.ones((2,))).tolist()
    [1.0, 1.0]
    """
    return backends.numpy.ones(shape, dtype=dtype)


def ones_like(x, dtype=None):
    """Ones with the shape (and dtype) of `x`.

    Args:
        x: input tensor.
        dtype: optional dtype of the result.

    Returns:
        The new tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.ones_like([1, 2])).tolist()
    [1, 1]
    """
    if isinstance(x, KerasTensor):
        return OnesLike().symbolic_call(x, dtype=dtype)
    return backends.numpy.ones_like(x, dtype=dtype)


def outer(x1, x2):
    """Outer product of the flattened inputs.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A 2-D tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.outer([1, 2], [3, 4])).tolist()
    [[3, 4], [6, 8]]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Outer().symbolic_call(x1, x2)
    return backends.numpy.outer(x1, x2)


def pad(x, pad_width, mode='constant', constant_values=None):
    """Pads `x`; `pad_width` is an int, a pair or one pair per axis.

    Args:
        x: input tensor.
        pad_width: padding per axis: an int, a pair, or a pair per axis.
        mode: mode, as NumPy's.
        constant_values: fill value for ``mode='constant'`` (0 when None).

    Returns:
        The padded tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.pad([1, 2], 1)).tolist()
    [0, 1, 2, 0]
    """
    if isinstance(x, KerasTensor):
        return Pad().symbolic_call(x, pad_width, mode=mode, constant_values=constant_values)
    return backends.numpy.pad(x, pad_width, mode=mode, constant_values=constant_values)


def percentile(x, q, axis=None, method='linear', keepdims=False):
    """`q`-th percentile (0 to 100) along `axis`; float result.

    Args:
        x: input tensor.
        q: quantile(s) or percentile(s) to compute (a scalar or a 1-D tensor).
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        method: interpolation method, as NumPy's (``'linear'``, ``'lower'``, ...).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.percentile([1, 2, 3, 4], 50)).tolist()
    2.5
    """
    if isinstance(x, KerasTensor) or isinstance(q, KerasTensor):
        return Percentile().symbolic_call(x, q, axis=axis, method=method, keepdims=keepdims)
    return backends.numpy.percentile(x, q, axis=axis, method=method, keepdims=keepdims)


def power(x1, x2):
    """``x1 ** x2``, elementwise, in the promoted dtype.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The powers.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.power([2, 3], 2)).tolist()
    [4, 9]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Power().symbolic_call(x1, x2)
    return backends.numpy.power(x1, x2)


def prod(x, axis=None, keepdims=False, dtype=None):
    """Product along `axis`; small ints widen (see the module note).

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.
        dtype: optional dtype of the accumulation and result.

    Returns:
        The products.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.prod([[1, 2], [3, 4]], axis=1)).tolist()
    [2, 12]
    """
    if isinstance(x, KerasTensor):
        return Prod().symbolic_call(x, axis=axis, keepdims=keepdims, dtype=dtype)
    return backends.numpy.prod(x, axis=axis, keepdims=keepdims, dtype=dtype)


def ptp(x, axis=None, keepdims=False):
    """Range (max - min) along `axis`; keeps the input dtype.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        The ranges.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.ptp([[1, 5], [3, 2]], axis=1)).tolist()
    [4, 1]
    """
    if isinstance(x, KerasTensor):
        return Ptp().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.ptp(x, axis=axis, keepdims=keepdims)


def quantile(x, q, axis=None, method='linear', keepdims=False):
    """`q`-th quantile (0 to 1) along `axis`; float result.

    Args:
        x: input tensor.
        q: quantile(s) or percentile(s) to compute (a scalar or a 1-D tensor).
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        method: interpolation method, as NumPy's (``'linear'``, ``'lower'``, ...).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.quantile([1, 2, 3, 4], 0.5)).tolist()
    2.5
    """
    if isinstance(x, KerasTensor) or isinstance(q, KerasTensor):
        return Quantile().symbolic_call(x, q, axis=axis, method=method, keepdims=keepdims)
    return backends.numpy.quantile(x, q, axis=axis, method=method, keepdims=keepdims)


def rad2deg(x):
    """Converts radians to degrees; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.rad2deg([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Rad2deg().symbolic_call(x)
    return backends.numpy.rad2deg(x)


def ravel(x):
    """Flattens `x` to 1-D.

    Args:
        x: input tensor.

    Returns:
        A 1-D tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.ravel([[1, 2], [3, 4]])).tolist()
    [1, 2, 3, 4]
    """
    if isinstance(x, KerasTensor):
        return Ravel().symbolic_call(x)
    return backends.numpy.ravel(x)


def real(x):
    """Real part, elementwise.

    Args:
        x: input tensor.

    Returns:
        A real tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.real([1.5])).tolist()
    [1.5]
    """
    if isinstance(x, KerasTensor):
        return Real().symbolic_call(x)
    return backends.numpy.real(x)


def reciprocal(x):
    """``1 / x``, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.reciprocal([4.0])).tolist()
    [0.25]
    """
    if isinstance(x, KerasTensor):
        return Reciprocal().symbolic_call(x)
    return backends.numpy.reciprocal(x)


def repeat(x, repeats, axis=None):
    """Repeats each element `repeats` times along `axis` (flattened when None).

    Args:
        x: input tensor.
        repeats: number of repetitions (int or tensor).
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        The repeated tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.repeat([1, 2], 2)).tolist()
    [1, 1, 2, 2]
    """
    if isinstance(x, KerasTensor) or isinstance(repeats, KerasTensor):
        return Repeat().symbolic_call(x, repeats, axis=axis)
    return backends.numpy.repeat(x, repeats, axis=axis)


def reshape(x, newshape):
    """Gives `x` a new shape (one dim may be -1).

    Args:
        x: input tensor.
        newshape: the new shape; one dim may be -1.

    Returns:
        The reshaped tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.reshape([1, 2, 3, 4], (2, -1))).tolist()
    [[1, 2], [3, 4]]
    """
    if isinstance(x, KerasTensor):
        return Reshape().symbolic_call(x, newshape)
    return backends.numpy.reshape(x, newshape)


def right_shift(x, y):
    """Shifts the bits of `x` right by `y` (alias of `bitwise_right_shift`).

    Args:
        x: input tensor.
        y: second input tensor.

    Returns:
        The shifted tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.right_shift([8], [2])).tolist()
    [2]
    """
    if isinstance(x, KerasTensor) or isinstance(y, KerasTensor):
        return RightShift().symbolic_call(x, y)
    return backends.numpy.right_shift(x, y)


def roll(x, shift, axis=None):
    """Rolls elements along `axis` (of the flattened tensor when None).

    Args:
        x: input tensor.
        shift: number of places to shift (int or tuple).
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        The rolled tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.roll([1, 2, 3], 1)).tolist()
    [3, 1, 2]
    """
    if isinstance(x, KerasTensor):
        return Roll().symbolic_call(x, shift, axis=axis)
    return backends.numpy.roll(x, shift, axis=axis)


def rot90(array, k=1, axes=(0, 1)):
    """Rotates `array` by 90 degrees `k` times in the plane of `axes`.

    Args:
        array: input tensor.
        k: diagonal offset (0 is the main diagonal, positive is above it).
        axes: the plane of rotation (two axes).

    Returns:
        The rotated tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.rot90([[1, 2], [3, 4]])).tolist()
    [[2, 4], [1, 3]]
    """
    if isinstance(array, KerasTensor):
        return Rot90().symbolic_call(array, k=k, axes=axes)
    return backends.numpy.rot90(array, k=k, axes=axes)


def round(x, decimals=0):
    """Rounds half to even to `decimals` places; ints stay ints.

    Args:
        x: input tensor.
        decimals: number of decimal places.

    Returns:
        The rounded tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.round([0.5, 1.5, 2.26], 1)).tolist()
    [0.5, 1.5, 2.299999952316284]
    """
    if isinstance(x, KerasTensor):
        return Round().symbolic_call(x, decimals=decimals)
    return backends.numpy.round(x, decimals=decimals)


def searchsorted(sorted_sequence, values, side='left'):
    """Insertion indices of `values` into a sorted 1-D tensor.

    Args:
        sorted_sequence: a sorted 1-D tensor.
        values: values to insert.
        side: ``'left'`` or ``'right'``: which index to give for equal values.

    Returns:
        An int32 tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.searchsorted([1, 3, 5], [2, 6])).tolist()
    [1, 3]
    """
    if isinstance(sorted_sequence, KerasTensor) or isinstance(values, KerasTensor):
        return Searchsorted().symbolic_call(sorted_sequence, values, side=side)
    return backends.numpy.searchsorted(sorted_sequence, values, side=side)


def select(condlist, choicelist, default=0):
    """Picks from `choicelist` where the first matching condition holds.

    Args:
        condlist: list of bool tensors.
        choicelist: list of tensors to choose from.
        default: value where no condition holds.

    Returns:
        The selected values.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.select([[True, False], [False, True]], [[1, 1], [2, 2]])).tolist()
    [1, 2]
    """
    if is_symbolic(condlist) or is_symbolic(choicelist) or isinstance(default, KerasTensor):
        return Select().symbolic_call(condlist, choicelist, default=default)
    return backends.numpy.select(condlist, choicelist, default=default)


def sign(x):
    """Sign (-1, 0 or 1), elementwise; keeps the dtype.

    Args:
        x: input tensor.

    Returns:
        The signs.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.sign([-3, 0, 2])).tolist()
    [-1, 0, 1]
    """
    if isinstance(x, KerasTensor):
        return Sign().symbolic_call(x)
    return backends.numpy.sign(x)


def signbit(x):
    """Elementwise test of the sign bit (true for negatives and -0.0).

    Args:
        x: input tensor.

    Returns:
        A bool tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.signbit([-1.0, 1.0])).tolist()
    [True, False]
    """
    if isinstance(x, KerasTensor):
        return Signbit().symbolic_call(x)
    return backends.numpy.signbit(x)


def sin(x):
    """Sine, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.sin([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Sin().symbolic_call(x)
    return backends.numpy.sin(x)


def sinc(x):
    """Normalized sinc, ``sin(pi x) / (pi x)``; float result.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.sinc([0.0])).tolist()
    [1.0]
    """
    if isinstance(x, KerasTensor):
        return Sinc().symbolic_call(x)
    return backends.numpy.sinc(x)


def sinh(x):
    """Hyperbolic sine, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.sinh([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Sinh().symbolic_call(x)
    return backends.numpy.sinh(x)


def size(x):
    """The number of elements of `x` (a Python int for real tensors).

    Args:
        x: input tensor.

    Returns:
        The size.

    Example:
    >>> from kbackend import ops
    >>> ops.size([[1, 2, 3]])
    3
    """
    if isinstance(x, KerasTensor):
        return Size().symbolic_call(x)
    return backends.numpy.size(x)


def slogdet(x):
    """Sign and natural log of the absolute determinant of square matrices.

    Args:
        x: input tensor.

    Returns:
        A tuple ``(sign, logabsdet)`` of float tensors.

    Example:
    >>> from kbackend import ops
    >>> [float(ops.convert_to_numpy(t)) for t in ops.slogdet([[2.0, 0.0], [0.0, 3.0]])]
    [1.0, 1.7917594909667969]
    """
    if isinstance(x, KerasTensor):
        return Slogdet().symbolic_call(x)
    return backends.numpy.slogdet(x)


def sort(x, axis=-1):
    """Sorts `x` along `axis`.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        The sorted tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.sort([3, 1, 2])).tolist()
    [1, 2, 3]
    """
    if isinstance(x, KerasTensor):
        return Sort().symbolic_call(x, axis=axis)
    return backends.numpy.sort(x, axis=axis)


def split(x, indices_or_sections, axis=0):
    """Splits `x` into equal sections or at the given indices along `axis`.

    Args:
        x: input tensor.
        indices_or_sections: number of equal sections, or the indices to split at.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        A list of tensors.

    Example:
    >>> from kbackend import ops
    >>> [ops.convert_to_numpy(t).tolist() for t in ops.split([1, 2, 3, 4], 2)]
    [[1, 2], [3, 4]]
    """
    if isinstance(x, KerasTensor):
        return Split().symbolic_call(x, indices_or_sections, axis=axis)
    return backends.numpy.split(x, indices_or_sections, axis=axis)


def sqrt(x):
    """Square root, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.sqrt([4])).tolist()
    [2.0]
    """
    if isinstance(x, KerasTensor):
        return Sqrt().symbolic_call(x)
    return backends.numpy.sqrt(x)


def square(x):
    """``x * x``, elementwise; keeps the dtype.

    Args:
        x: input tensor.

    Returns:
        The squares.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.square([2, 3])).tolist()
    [4, 9]
    """
    if isinstance(x, KerasTensor):
        return Square().symbolic_call(x)
    return backends.numpy.square(x)


def squeeze(x, axis=None):
    """Removes axes of size 1 (those in `axis`, or all when None).

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        The squeezed tensor.

    Example:
    >>> from kbackend import ops
    >>> list(ops.squeeze(ops.ones((1, 3, 1))).shape)
    [3]
    """
    if isinstance(x, KerasTensor):
        return Squeeze().symbolic_call(x, axis=axis)
    return backends.numpy.squeeze(x, axis=axis)


def stack(x, axis=0):
    """Stacks tensors of one shape along a new `axis`.

    Args:
        x: list of tensors of the same shape.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        The stacked tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.stack([[1, 2], [3, 4]], axis=1)).tolist()
    [[1, 3], [2, 4]]
    """
    if is_symbolic(x):
        return Stack().symbolic_call(x, axis=axis)
    return backends.numpy.stack(x, axis=axis)


def std(x, axis=None, keepdims=False):
    """Standard deviation along `axis`; float result.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.std([1, 3])).tolist()
    1.0
    """
    if isinstance(x, KerasTensor):
        return Std().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.std(x, axis=axis, keepdims=keepdims)


def subtract(x1, x2):
    """Subtracts `x2` from `x1` elementwise, with broadcasting.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        The difference, in the promoted dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.subtract([5, 6], 1)).tolist()
    [4, 5]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Subtract().symbolic_call(x1, x2)
    return backends.numpy.subtract(x1, x2)


def sum(x, axis=None, keepdims=False):
    """Sum along `axis`; small ints widen (see the module note).

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        The sums.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.sum([[1, 2], [3, 4]], axis=0)).tolist()
    [4, 6]
    """
    if isinstance(x, KerasTensor):
        return Sum().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.sum(x, axis=axis, keepdims=keepdims)


def swapaxes(x, axis1, axis2):
    """Interchanges two axes.

    Args:
        x: input tensor.
        axis1: first axis of the 2-D sub-tensors.
        axis2: second axis of the 2-D sub-tensors.

    Returns:
        The transposed tensor.

    Example:
    >>> from kbackend import ops
    >>> list(ops.swapaxes(ops.ones((2, 3)), 0, 1).shape)
    [3, 2]
    """
    if isinstance(x, KerasTensor):
        return Swapaxes().symbolic_call(x, axis1, axis2)
    return backends.numpy.swapaxes(x, axis1, axis2)


def take(x, indices, axis=None):
    """Takes elements at `indices` along `axis` (of the flattened tensor when None).

    Args:
        x: input tensor.
        indices: integer indices.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        The gathered values.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.take([[1, 2], [3, 4]], [1], axis=1)).tolist()
    [[2], [4]]
    """
    if isinstance(x, KerasTensor) or isinstance(indices, KerasTensor):
        return Take().symbolic_call(x, indices, axis=axis)
    return backends.numpy.take(x, indices, axis=axis)


def take_along_axis(x, indices, axis=None):
    """Takes values at `indices` matched along `axis`.

    Args:
        x: input tensor.
        indices: integer indices.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        The gathered values.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.take_along_axis([[10, 20], [30, 40]], [[1], [0]], axis=1)).tolist()
    [[20], [30]]
    """
    if isinstance(x, KerasTensor) or isinstance(indices, KerasTensor):
        return TakeAlongAxis().symbolic_call(x, indices, axis=axis)
    return backends.numpy.take_along_axis(x, indices, axis=axis)


def tan(x):
    """Tangent, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.tan([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Tan().symbolic_call(x)
    return backends.numpy.tan(x)


def tanh(x):
    """Hyperbolic tangent, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.tanh([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Tanh().symbolic_call(x)
    return backends.numpy.tanh(x)


def tensordot(x1, x2, axes=2):
    """Sum of products over the given axes.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).
        axes: an int N (last N axes of x1, first N of x2) or a pair of axis lists.

    Returns:
        The contraction.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.tensordot([[1, 2], [3, 4]], [[1, 0], [0, 1]], axes=1)).tolist()
    [[1, 2], [3, 4]]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Tensordot().symbolic_call(x1, x2, axes=axes)
    return backends.numpy.tensordot(x1, x2, axes=axes)


def tile(x, repeats):
    """Repeats the whole tensor `repeats` times (per axis).

    Args:
        x: input tensor.
        repeats: number of repetitions (int or tensor).

    Returns:
        The tiled tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.tile([1, 2], 2)).tolist()
    [1, 2, 1, 2]
    """
    if isinstance(x, KerasTensor):
        return Tile().symbolic_call(x, repeats)
    return backends.numpy.tile(x, repeats)


def trace(x, offset=0, axis1=0, axis2=1):
    """Sum along a diagonal; small ints widen.

    Args:
        x: input tensor.
        offset: diagonal offset.
        axis1: first axis of the 2-D sub-tensors.
        axis2: second axis of the 2-D sub-tensors.

    Returns:
        The traces.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.trace([[1, 2], [3, 4]])).tolist()
    5
    """
    if isinstance(x, KerasTensor):
        return Trace().symbolic_call(x, offset=offset, axis1=axis1, axis2=axis2)
    return backends.numpy.trace(x, offset=offset, axis1=axis1, axis2=axis2)


def transpose(x, axes=None):
    """Permutes the axes (reverses them when `axes` is None).

    Args:
        x: input tensor.
        axes: permutation of the axes; None reverses them.

    Returns:
        The transposed tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.transpose([[1, 2]])).tolist()
    [[1], [2]]
    """
    if isinstance(x, KerasTensor):
        return Transpose().symbolic_call(x, axes=axes)
    return backends.numpy.transpose(x, axes=axes)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """Integral of `y` along `axis` by the trapezoidal rule; float result.

    Args:
        y: input tensor.
        x: optional sample points of `y` along `axis`.
        dx: spacing of the samples when `x` is None.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.trapezoid([1.0, 2.0, 3.0])).tolist()
    4.0
    """
    if isinstance(y, KerasTensor) or isinstance(x, KerasTensor):
        return Trapezoid().symbolic_call(y, x=x, dx=dx, axis=axis)
    return backends.numpy.trapezoid(y, x=x, dx=dx, axis=axis)


def tri(N, M=None, k=0, dtype=None):  # noqa: N803 (NumPy's argument names)
    """An `N` x `M` tensor with ones at and below diagonal `k` (floatx unless `dtype`).

    Args:
        N: number of rows.
        M: number of columns; defaults to `N`.
        k: diagonal offset (0 is the main diagonal, positive is above it).
        dtype: optional dtype of the result.

    Returns:
        A 2-D tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.tri(2)).tolist()
    [[1.0, 0.0], [1.0, 1.0]]
    """
    return backends.numpy.tri(N, M=M, k=k, dtype=dtype)


def tril(x, k=0):
    """Zeros the elements above diagonal `k` (of the last two axes).

    Args:
        x: input tensor.
        k: diagonal offset (0 is the main diagonal, positive is above it).

    Returns:
        The lower triangle.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.tril([[1, 2], [3, 4]])).tolist()
    [[1, 0], [3, 4]]
    """
    if isinstance(x, KerasTensor):
        return Tril().symbolic_call(x, k=k)
    return backends.numpy.tril(x, k=k)


def triu(x, k=0):
    """Zeros the elements below diagonal `k` (of the last two axes).

    Args:
        x: input tensor.
        k: diagonal offset (0 is the main diagonal, positive is above it).

    Returns:
        The upper triangle.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.triu([[1, 2], [3, 4]])).tolist()
    [[1, 2], [0, 4]]
    """
    if isinstance(x, KerasTensor):
        return Triu().symbolic_call(x, k=k)
    return backends.numpy.triu(x, k=k)


def true_divide(x1, x2):
    """True division (alias of `divide`); ints become floatx.

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.true_divide([1, 3], 2)).tolist()
    [0.5, 1.5]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return TrueDivide().symbolic_call(x1, x2)
    return backends.numpy.true_divide(x1, x2)


def trunc(x):
    """Rounds towards zero, elementwise; ints become floatx.

    Args:
        x: input tensor.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.trunc([-1.7, 1.7])).tolist()
    [-1.0, 1.0]
    """
    if isinstance(x, KerasTensor):
        return Trunc().symbolic_call(x)
    return backends.numpy.trunc(x)


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
    """Sorted unique values, optionally with indices, inverse and counts (int32).

    Args:
        x: input tensor.
        sorted: whether the values are sorted (always true here).
        return_index: also return the first index of each unique value.
        return_inverse: also return the indices that rebuild `x`.
        return_counts: also return the count of each unique value.
        axis: axis to find unique slices along; None flattens.
        size: fixed number of unique values to return (padding with `fill_value`).
        fill_value: padding value when `size` is set (the smallest value if None).

    Returns:
        The unique values (a tuple when extra outputs are asked for).

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.unique([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    if isinstance(x, KerasTensor):
        return Unique().symbolic_call(
            x,
            sorted=sorted,
            return_index=return_index,
            return_inverse=return_inverse,
            return_counts=return_counts,
            axis=axis,
            size=size,
            fill_value=fill_value,
        )
    return backends.numpy.unique(
        x,
        sorted=sorted,
        return_index=return_index,
        return_inverse=return_inverse,
        return_counts=return_counts,
        axis=axis,
        size=size,
        fill_value=fill_value,
    )


def unravel_index(indices, shape):
    """Converts flat indices to a tuple of coordinate tensors for `shape`.

    Args:
        indices: integer indices.
        shape: shape of the indexed tensor.

    Returns:
        A tuple of int32 tensors.

    Example:
    >>> from kbackend import ops
    >>> [ops.convert_to_numpy(t).tolist() for t in ops.unravel_index([5], (2, 3))]
    [[1], [2]]
    """
    if isinstance(indices, KerasTensor):
        return UnravelIndex().symbolic_call(indices, shape)
    return backends.numpy.unravel_index(indices, shape)


def vander(x, N=None, increasing=False):  # noqa: N803 (NumPy's argument names)
    """Vandermonde matrix of a 1-D tensor.

    Args:
        x: input tensor.
        N: number of columns; defaults to ``len(x)``.
        increasing: if True, powers increase from left to right.

    Returns:
        A 2-D tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.vander([1, 2], N=3)).tolist()
    [[1, 1, 1], [4, 2, 1]]
    """
    if isinstance(x, KerasTensor):
        return Vander().symbolic_call(x, N=N, increasing=increasing)
    return backends.numpy.vander(x, N=N, increasing=increasing)


def var(x, axis=None, keepdims=False):
    """Variance along `axis`; float result.

    Args:
        x: input tensor.
        axis: axis (or tuple of axes) to work along; None means all axes (flattened).
        keepdims: if True, reduced axes are kept with size 1.

    Returns:
        A float tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.var([1, 3])).tolist()
    1.0
    """
    if isinstance(x, KerasTensor):
        return Var().symbolic_call(x, axis=axis, keepdims=keepdims)
    return backends.numpy.var(x, axis=axis, keepdims=keepdims)


def vdot(x1, x2):
    """Dot product of the flattened inputs (conjugating `x1`).

    Args:
        x1: first input tensor.
        x2: second input tensor (broadcast against `x1`).

    Returns:
        A scalar tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.vdot([1, 2], [3, 4])).tolist()
    11
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Vdot().symbolic_call(x1, x2)
    return backends.numpy.vdot(x1, x2)


def vectorize(pyfunc, *, excluded=None, signature=None):
    """Turns `pyfunc` into a function that maps over tensor elements (or `signature` cores).

    Args:
        pyfunc: a Python function of tensors.
        excluded: set of argument names or positions not to vectorize.
        signature: generalized ufunc signature, e.g. ``'(n),(n)->()'``.

    Returns:
        The vectorized function.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.vectorize(lambda a: a * 2)(ops.convert_to_tensor([1, 2]))).tolist()
    [2, 4]
    """
    return Vectorize(pyfunc, excluded=excluded, signature=signature).call


def view(x, dtype=None):
    """Reinterprets the bytes of `x` as `dtype` (same bytes, new dtype).

    Args:
        x: input tensor.
        dtype: dtype to view the data as (same dtype when None).

    Returns:
        The reinterpreted tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.view(ops.convert_to_tensor([1.0], "float32"), "int32")).tolist()
    [1065353216]
    """
    if isinstance(x, KerasTensor):
        return View().symbolic_call(x, dtype=dtype)
    return backends.numpy.view(x, dtype=dtype)


def vsplit(x, indices_or_sections):
    """Splits `x` along axis 0.

    Args:
        x: input tensor.
        indices_or_sections: number of equal sections, or the indices to split at.

    Returns:
        A list of tensors.

    Example:
    >>> from kbackend import ops
    >>> [ops.convert_to_numpy(t).tolist() for t in ops.vsplit([[1], [2]], 2)]
    [[[1]], [[2]]]
    """
    if isinstance(x, KerasTensor):
        return Vsplit().symbolic_call(x, indices_or_sections)
    return backends.numpy.vsplit(x, indices_or_sections)


def vstack(xs):
    """Stacks tensors vertically (along axis 0, 1-D tensors as rows).

    Args:
        xs: list of tensors.

    Returns:
        The stacked tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.vstack([[1, 2], [3, 4]])).tolist()
    [[1, 2], [3, 4]]
    """
    if is_symbolic(xs):
        return Vstack().symbolic_call(xs)
    return backends.numpy.vstack(xs)


def where(condition, x1=None, x2=None):
    """Picks `x1` where `condition` holds and `x2` elsewhere (`nonzero` if both None).

    Args:
        condition: a bool tensor.
        x1: values where `condition` is true.
        x2: values where `condition` is false.

    Returns:
        The selected values.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.where([True, False], [1, 2], [3, 4])).tolist()
    [1, 4]
    """
    if (
        isinstance(condition, KerasTensor)
        or isinstance(x1, KerasTensor)
        or isinstance(x2, KerasTensor)
    ):
        return Where().symbolic_call(condition, x1=x1, x2=x2)
    return backends.numpy.where(condition, x1=x1, x2=x2)


def zeros(shape, dtype=None):
    """A tensor of zeros (floatx unless `dtype`).

    Args:
        shape: shape of the result (an int or a tuple of ints).
        dtype: optional dtype of the result.

    Returns:
        The new tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.zeros((2,))).tolist()
    [0.0, 0.0]
    """
    return backends.numpy.zeros(shape, dtype=dtype)


def zeros_like(x, dtype=None):
    """Zeros with the shape (and dtype) of `x`.

    Args:
        x: input tensor.
        dtype: optional dtype of the result.

    Returns:
        The new tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.zeros_like([1.5, 2.5])).tolist()
    [0.0, 0.0]
    """
    if isinstance(x, KerasTensor):
        return ZerosLike().symbolic_call(x, dtype=dtype)
    return backends.numpy.zeros_like(x, dtype=dtype)


# Note [fused front ends]: a front end above costs one Python call and one `isinstance` test
# per input before the engine function, whose own fast path then checks the input types
# again. For a few hot ops the engine offers (`FUSED_FRONT_ENDS` in its numpy module) the
# public function itself: it runs the engine's fast path for the common concrete case (e.g.
# two float tensors of one dtype, where that path gives the table's dtype without any rule)
# and hands every other call, KerasTensors included, to the generic front end unchanged.
# Results are the engine function's; the name, docstring and signature stay the front end's.
def _fuse_front_ends(namespace):
    for name, make in getattr(backends.numpy, "FUSED_FRONT_ENDS", {}).items():
        front_end = namespace[name]
        namespace[name] = functools.update_wrapper(make(front_end), front_end)


_fuse_front_ends(globals())
