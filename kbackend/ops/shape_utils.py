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
