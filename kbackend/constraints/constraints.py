"""Weight constraints: ``constraint(weight) -> projected weight``, applied after updates."""

from kbackend import ops
from kbackend.backends.common.config import epsilon


def _norms(w, axis):
    return ops.sqrt(ops.sum(ops.square(w), axis=axis, keepdims=True))


class Constraint:
    """Base class: ``constraint(w)`` returns the projected weight (identity here).

    Example:
    >>> from kbackend import ops
    >>> class Clip(Constraint):
    ...     def __call__(self, w):
    ...         return ops.clip(w, -1.0, 1.0)
    >>> ops.convert_to_numpy(Clip()(ops.convert_to_tensor([3.0]))).tolist()
    [1.0]
    """

    def __call__(self, w):
        return w

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class MaxNorm(Constraint):
    """Rescales slices whose L2 norm (along ``axis``) exceeds ``max_value``.

    Args:
        max_value: the largest allowed norm (default 2).
        axis: the axis (or axes) the norms are taken over (default 0: for a Dense kernel
            ``(input_dim, units)``, each unit's incoming weights).

    Returns:
        Calling it on a weight returns the constrained weight.

    Example:
    >>> from kbackend import ops
    >>> w = ops.convert_to_tensor([[3.0], [4.0]])
    >>> [round(v, 3) for v in ops.convert_to_numpy(MaxNorm(1.0)(w))[:, 0].tolist()]
    [0.6, 0.8]
    """

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = ops.convert_to_tensor(w)
        norms = _norms(w, self.axis)
        desired = ops.clip(norms, 0, self.max_value)
        return ops.multiply(w, ops.divide(desired, ops.add(epsilon(), norms)))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class MinMaxNorm(Constraint):
    """Moves slice norms (along ``axis``) towards ``[min_value, max_value]`` at ``rate``.

    Args:
        min_value: the smallest allowed norm (default 0.0).
        max_value: the largest allowed norm (default 1.0).
        rate: 1.0 projects exactly; smaller values move part of the way.
        axis: the axis (or axes) the norms are taken over (default 0).

    Returns:
        Calling it on a weight returns the constrained weight.

    Example:
    >>> from kbackend import ops
    >>> w = ops.convert_to_tensor([[0.3], [0.4]])
    >>> [round(v, 3) for v in ops.convert_to_numpy(MinMaxNorm(1.0, 2.0)(w))[:, 0].tolist()]
    [0.6, 0.8]
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis

    def __call__(self, w):
        w = ops.convert_to_tensor(w)
        norms = _norms(w, self.axis)
        desired = ops.add(
            ops.multiply(self.rate, ops.clip(norms, self.min_value, self.max_value)),
            ops.multiply(1.0 - self.rate, norms),
        )
        return ops.multiply(w, ops.divide(desired, ops.add(epsilon(), norms)))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


class NonNeg(Constraint):
    """Sets negative weights to zero.

    Returns:
        Calling it on a weight returns the constrained weight.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(NonNeg()(ops.convert_to_tensor([-1.0, 2.0]))).tolist()
    [0.0, 2.0]
    """

    def __call__(self, w):
        w = ops.convert_to_tensor(w)
        return ops.where(ops.greater_equal(w, 0.0), w, ops.zeros_like(w))


class UnitNorm(Constraint):
    """Rescales slices (along ``axis``) to unit L2 norm.

    Args:
        axis: the axis (or axes) the norms are taken over (default 0).

    Returns:
        Calling it on a weight returns the constrained weight.

    Example:
    >>> from kbackend import ops
    >>> w = ops.convert_to_tensor([[3.0], [4.0]])
    >>> [round(v, 3) for v in ops.convert_to_numpy(UnitNorm()(w))[:, 0].tolist()]
    [0.6, 0.8]
    """

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = ops.convert_to_tensor(w)
        return ops.divide(w, ops.add(epsilon(), _norms(w, self.axis)))

    def get_config(self):
        return {"axis": self.axis}
