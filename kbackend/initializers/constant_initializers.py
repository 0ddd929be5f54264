"""Initializers that need no randomness: Zeros, Ones, Constant."""

from kbackend import ops
from kbackend.backends.common import dtypes
from kbackend.initializers.initializer import Initializer


class Zeros(Initializer):
    """Initializes with zeros.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(Zeros()((2,))).tolist()
    [0.0, 0.0]
    """

    def __call__(self, shape, dtype=None):
        return ops.zeros(shape, dtype=dtypes.standardize_dtype(dtype))


class Ones(Initializer):
    """Initializes with ones.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(Ones()((2,))).tolist()
    [1.0, 1.0]
    """

    def __call__(self, shape, dtype=None):
        return ops.ones(shape, dtype=dtypes.standardize_dtype(dtype))


class Constant(Initializer):
    """Initializes with a constant value.

    Args:
        value: a Python scalar.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(Constant(3.0)((2,))).tolist()
    [3.0, 3.0]
    """

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        dtype = dtypes.standardize_dtype(dtype)
        return ops.multiply(ops.ones(shape, dtype=dtype), ops.cast(self.value, dtype))

    def get_config(self):
        return {"value": self.value}
