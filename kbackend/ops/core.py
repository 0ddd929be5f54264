"""Core ops: conversion, casting, shapes, control flow (``kbackend.ops.core``)."""

from kbackend import backends
from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.ops.operation import Operation


class Cast(Operation):
    def __init__(self, dtype, name=None):
        super().__init__(name=name)
        self.dtype = dtypes.standardize_dtype(dtype)

    def call(self, x):
        return backends.core.cast(x, self.dtype)

    def compute_output_spec(self, x):
        return KerasTensor(x.shape, dtype=self.dtype, sparse=x.sparse)


def cast(x, dtype):
    """Casts a tensor to ``dtype``.

    Args:
        x: a tensor.
        dtype: the target dtype name (e.g. ``"float16"``).

    Returns:
        A tensor of the same shape with the new dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.dtype(ops.cast([1, 2], "float16"))
    'float16'
    """
    if isinstance(x, KerasTensor):
        return Cast(dtype).symbolic_call(x)
    return backends.core.cast(x, dtypes.standardize_dtype(dtype))


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Converts an array-like to a tensor of the engine in use.

    Python ints become int32 and Python floats ``floatx()``; NumPy arrays keep their dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.dtype(ops.convert_to_tensor([1.0, 2.0]))
    'float32'
    """
    if isinstance(x, KerasTensor):
        return x if dtype is None else cast(x, dtype)
    return backends.core.convert_to_tensor(x, dtype=dtype, sparse=sparse, ragged=ragged)


def convert_to_numpy(x):
    """Converts a tensor (or Variable) to a NumPy array.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.ones((2,))).tolist()
    [1.0, 1.0]
    """
    if isinstance(x, KerasTensor):
        raise ValueError(
            "convert_to_numpy: a KerasTensor is symbolic and has no value. Call the model "
            "or op on real data first."
        )
    return backends.core.convert_to_numpy(x)


def is_tensor(x):
    """True if ``x`` is a tensor of the engine in use.

    Example:
    >>> from kbackend import ops
    >>> ops.is_tensor(ops.ones((1,))), ops.is_tensor([1])
    (True, False)
    """
    return backends.core.is_tensor(x)


def shape(x):
    """Returns the shape of a tensor as a tuple (None for unknown dims of KerasTensors).

    Example:
    >>> from kbackend import ops
    >>> ops.shape(ops.ones((2, 3)))
    (2, 3)
    """
    if isinstance(x, KerasTensor):
        return x.shape
    return backends.core.shape(x)


def dtype(x):
    """Returns the standard dtype name of a tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.dtype(ops.ones((1,), dtype="int8"))
    'int8'
    """
    if isinstance(x, KerasTensor):
        return x.dtype
    return backends.core.dtype(x)
