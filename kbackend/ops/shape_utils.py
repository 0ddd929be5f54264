"""Shape and dtype helpers for symbolic shape inference (``compute_output_spec``)."""

from kbackend.backends.common import dtypes


def shape_of(x):
    """The shape of a tensor, KerasTensor, or array-like, as a tuple (None for unknown)."""
    shape = getattr(x, "shape", None)
    if shape is not None:
        return tuple(None if d is None else int(d) for d in shape)
    if isinstance(x, (list, tuple)):
        import numpy as np

        return np.shape(x)
    return ()


def dtype_of(x):
    """The dtype of a tensor or KerasTensor; Python scalars pass through (weak types)."""
    if isinstance(x, (bool, int, float, complex)):
        return x
    return dtypes.infer_dtype(x)


def broadcast_shapes(*shapes, op_name="broadcast"):
    """NumPy broadcasting of shapes that may contain None.

    Raises a ValueError naming the op and the shapes when they cannot broadcast.

    Example:
    >>> broadcast_shapes((None, 1, 3), (4, 1))
    (None, 4, 3)
    """
    ndim = max((len(s) for s in shapes), default=0)
    result = []
    for axis in range(ndim):
        dim = 1
        for shape in shapes:
            offset = axis - (ndim - len(shape))
            if offset < 0:
                continue
            d = shape[offset]
            if d == 1:
                continue
            if dim == 1:
                dim = d
            elif d is None or dim is None:
                dim = None if (d is None and dim is None) else (dim or d)
            elif d != dim:
                raise ValueError(
                    f"{op_name}: shapes {' and '.join(str(tuple(s)) for s in shapes)} cannot "
                    f"be broadcast together (dimension {d} vs {dim} at axis {axis - ndim})."
                )
        result.append(dim)
    return tuple(result)


def canonicalize_axis(axis, ndim, op_name="op"):
    """Turns a possibly negative axis into a non-negative one, with a clear error."""
    if not -ndim <= axis < max(ndim, 1):
        raise ValueError(
            f"{op_name}: axis {axis} is out of bounds for a tensor of rank {ndim}."
        )
    return axis % ndim if ndim else 0


def reduce_shape(shape, axis=None, keepdims=False, op_name="reduce"):
    """The shape after reducing ``axis`` (int, tuple or None for all axes)."""
    shape = list(shape)
    if axis is None:
        return tuple(1 for _ in shape) if keepdims else ()
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    axes = {canonicalize_axis(a, len(shape), op_name) for a in axes}
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def is_symbolic(*values):
    """True if any value (or any item of a list/tuple value) is a KerasTensor."""
    from kbackend.backends.common.keras_tensor import KerasTensor

    for value in values:
        if isinstance(value, KerasTensor):
            return True
        if isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, KerasTensor) or (
                    isinstance(item, (list, tuple)) and is_symbolic(item)
                ):
                    return True
    return False


_TRACE_SIZES = (83, 89)


def trace_shapes(np_fn, *args, op_name="op", **kwargs):
    """Infers output shapes by running a NumPy function on placeholder arrays.

    Note [shape tracing]: each KerasTensor becomes a zero array (a ``True`` array in the
    first run and ``False`` in the second for bool tensors, so that sizes that depend on
    a mask differ); unknown dims are 83 in the first run and 89 in the second. Output dims
    that differ between the runs are unknown (None). Only for ops whose operands put no
    constraint between an unknown dim and a known one.

    Returns the output structure with each array replaced by its shape tuple.

    Example:
    >>> import numpy as np
    >>> from kbackend.backends.common.keras_tensor import KerasTensor
    >>> trace_shapes(np.diff, KerasTensor((None, 4)))
    (None, 3)
    """
    import warnings

    import numpy as np

    from kbackend import tree
    from kbackend.backends.common.keras_tensor import KerasTensor

    def run(run_index):
        fill = _TRACE_SIZES[run_index]

        def placeholder(x):
            if isinstance(x, KerasTensor):
                shape = tuple(fill if d is None else d for d in x.shape)
                if x.dtype == "bool":
                    return np.full(shape, run_index == 0)
                if dtypes.is_int_dtype(x.dtype):
                    return np.zeros(shape, dtype=np.int64)
                return np.zeros(shape, dtype=np.float32)
            return x

        a, k = tree.map_structure(placeholder, (args, kwargs))
        return np_fn(*a, **k)

    try:
        # Placeholder zeros trip NumPy's numeric warnings (0/0 in corrcoef...); they say
        # nothing about shapes.
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out_a, out_b = run(0), run(1)
    except (ValueError, IndexError, TypeError) as e:
        shapes = [x.shape for x in tree.flatten((args, kwargs)) if isinstance(x, KerasTensor)]
        raise ValueError(f"{op_name}: invalid arguments for input shapes {shapes}: {e}") from e

    def merge(a, b):
        if isinstance(a, (list, tuple)):
            return type(a)(merge(x, y) for x, y in zip(a, b))
        sa, sb = np.shape(a), np.shape(b)
        return tuple(da if da == db else None for da, db in zip(sa, sb))

    return merge(out_a, out_b)
