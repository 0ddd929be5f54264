"""Weight regularizers: a penalty ``regularizer(weight) -> scalar`` added to the loss."""

import math

from kbackend import ops


def validate_float_arg(value, name):
    """Returns ``value`` as a float after checking that it is finite and >= 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
        not math.isfinite(value) or value < 0
    ):
        raise ValueError(
            f"Invalid value for argument {name}: expected a non-negative finite float, "
            f"received {name}={value!r}."
        )
    return float(value)


class Regularizer:
    """Base class: ``regularizer(x)`` returns a scalar penalty added to the loss.

    Subclasses implement ``__call__`` and ``get_config``.

    Example:
    >>> from kbackend import ops
    >>> class Sum(Regularizer):
    ...     def __call__(self, x):
    ...         return ops.sum(x)
    >>> float(ops.convert_to_numpy(Sum()(ops.ones((2,)))))
    2.0
    """

    def __call__(self, x):
        return 0.0

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_config(self):
        raise NotImplementedError(f"{type(self).__name__} does not implement get_config().")


class L1(Regularizer):
    """Penalty ``l1 * sum(abs(x))``.

    Args:
        l1: the factor (default 0.01).

    Returns:
        Calling it on a tensor returns the scalar penalty.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(L1(0.5)(ops.convert_to_tensor([-1.0, 2.0])))), 4)
    1.5
    """

    def __init__(self, l1=0.01):
        self.l1 = validate_float_arg(l1, "l1")

    def __call__(self, x):
        x = ops.convert_to_tensor(x)
        return ops.multiply(self.l1, ops.sum(ops.absolute(x)))

    def get_config(self):
        return {"l1": self.l1}


class L2(Regularizer):
    """Penalty ``l2 * sum(square(x))``.

    Args:
        l2: the factor (default 0.01).

    Returns:
        Calling it on a tensor returns the scalar penalty.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(L2(0.5)(ops.convert_to_tensor([-1.0, 2.0])))), 4)
    2.5
    """

    def __init__(self, l2=0.01):
        self.l2 = validate_float_arg(l2, "l2")

    def __call__(self, x):
        x = ops.convert_to_tensor(x)
        return ops.multiply(self.l2, ops.sum(ops.square(x)))

    def get_config(self):
        return {"l2": self.l2}


class L1L2(Regularizer):
    """Penalty ``l1 * sum(abs(x)) + l2 * sum(square(x))``.

    Args:
        l1: the L1 factor (default 0.0).
        l2: the L2 factor (default 0.0).

    Returns:
        Calling it on a tensor returns the scalar penalty.

    Example:
    >>> from kbackend import ops
    >>> x = ops.convert_to_tensor([-1.0, 2.0])
    >>> round(float(ops.convert_to_numpy(L1L2(l1=1.0, l2=1.0)(x))), 4)
    8.0
    """

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = validate_float_arg(l1, "l1")
        self.l2 = validate_float_arg(l2, "l2")

    def __call__(self, x):
        x = ops.convert_to_tensor(x)
        penalty = ops.zeros((), dtype=ops.dtype(x))
        if self.l1:
            penalty = ops.add(penalty, ops.multiply(self.l1, ops.sum(ops.absolute(x))))
        if self.l2:
            penalty = ops.add(penalty, ops.multiply(self.l2, ops.sum(ops.square(x))))
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Encourages the rows (or columns) of a 2D weight to be orthogonal.

    The penalty is ``factor`` times the mean, over all pairs of distinct rows (columns),
    of the absolute dot product of the L2-normalized rows (columns).

    Args:
        factor: the multiplier (default 0.01).
        mode: "rows" or "columns".

    Returns:
        Calling it on a 2D tensor returns the scalar penalty.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(OrthogonalRegularizer(1.0)(ops.eye(3))))
    0.0
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = validate_float_arg(factor, "factor")
        if mode not in ("rows", "columns"):
            raise ValueError(
                f"OrthogonalRegularizer: `mode` must be 'rows' or 'columns', got {mode!r}."
            )
        self.mode = mode

    def __call__(self, x):
        x = ops.convert_to_tensor(x)
        if len(x.shape) != 2:
            raise ValueError(
                "OrthogonalRegularizer only applies to rank-2 weights, but received a tensor "
                f"of shape {tuple(x.shape)}."
            )
        if self.mode == "rows":
            normalized = ops.normalize(x, axis=1)
            product = ops.matmul(normalized, ops.transpose(normalized))
        else:
            normalized = ops.normalize(x, axis=0)
            product = ops.matmul(ops.transpose(normalized), normalized)
        size = int(product.shape[0])
        if size < 2:
            return ops.zeros((), dtype=ops.dtype(x))
        off_diagonal = ops.multiply(product, ops.subtract(1.0, ops.eye(size, dtype=ops.dtype(x))))
        num_pairs = size * (size - 1) / 2.0
        # Each pair appears twice in the symmetric off-diagonal part.
        return ops.multiply(self.factor * 0.5 / num_pairs, ops.sum(ops.absolute(off_diagonal)))

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}
