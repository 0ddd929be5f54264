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


class Identity(Initializer):
    """Initializes a 2D matrix with ``gain`` times the identity (rectangular allowed).

    Args:
        gain: multiplier of the identity (default 1.0).

    Returns:
        Calling it with a 2D ``shape`` returns ``gain * eye(*shape)``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(Identity(2.0)((2, 2))).tolist()
    [[2.0, 0.0], [0.0, 2.0]]
    """

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        dtype = dtypes.standardize_dtype(dtype)
        if len(shape) != 2:
            raise ValueError(
                f"Identity can only initialize 2D matrices, but received shape {tuple(shape)}. "
                "Use a 2D shape, or the Orthogonal initializer for other ranks."
            )
        return ops.multiply(ops.eye(shape[0], shape[1], dtype=dtype), ops.cast(self.gain, dtype))

    def get_config(self):
        return {"gain": self.gain}
