"""KerasTensor: a symbolic tensor (shape, dtype, sparse flag) with no data.

Ops called on KerasTensors return KerasTensors with the inferred shape and dtype; the
graph of layers (Functional models) is recorded through ``_keras_history``.
"""

from kbackend.backends.common import dtypes


class KerasTensor:
    """A symbolic tensor: shape (``None`` for unknown dims), dtype, and sparse flag.

    Args:
        shape: tuple of ints or None.
        dtype: dtype name; defaults to ``floatx()``.
        sparse: whether the tensor stands for a sparse tensor.
        name: optional name.

    Example:
    >>> x = KerasTensor((None, 3))
    >>> x.shape, x.dtype
    ((None, 3), 'float32')
    """

    def __init__(
        self, shape, dtype="float32", sparse=False, ragged=False, record_history=True, name=None
    ):
        try:
            shape = tuple(None if d is None else int(d) for d in shape)
        except (TypeError, ValueError):
            raise ValueError(
                f"A KerasTensor shape must be a tuple of ints or None, got {shape!r}."
            ) from None
        self._shape = shape
        self._dtype = dtypes.standardize_dtype(dtype)
        self.sparse = bool(sparse)
        self.ragged = bool(ragged)
        self.name = name
        self.record_history = record_history
        self._keras_history = None

    @property
    def shape(self):
        return self._shape

    @shape.setter
    def shape(self, value):
        raise AttributeError(
            "The shape of a KerasTensor is fixed; use kbackend.ops.reshape to change it."
        )

    @property
    def dtype(self):
        return self._dtype

    @property
    def ndim(self):
        return len(self._shape)

    def reshape(self, newshape):
        from kbackend import ops

        return ops.reshape(self, newshape)

    def squeeze(self, axis=None):
        from kbackend import ops

        return ops.squeeze(self, axis=axis)

    def astype(self, dtype):
        from kbackend import ops

        return ops.cast(self, dtype)

    @property
    def T(self):  # noqa: N802 (NumPy spelling)
        from kbackend import ops

        return ops.transpose(self)

    def __int__(self):
        raise ValueError(
            "A KerasTensor is symbolic: it has no value, so int() cannot be used on it."
        )

    def __float__(self):
        raise ValueError(
            "A KerasTensor is symbolic: it has no value, so float() cannot be used on it."
        )

    def __bool__(self):
        raise TypeError(
            "A symbolic KerasTensor cannot be used as a Python bool (in an `if` or `while`). "
            "Use kbackend.ops.cond / ops.where, or run the code eagerly."
        )

    def __array__(self, dtype=None, copy=None):
        raise ValueError(
            "A KerasTensor is symbolic and cannot be converted to a NumPy array. It is "
            "only a placeholder used to build models; call the model on real data instead."
        )

    def __iter__(self):
        if not self._shape or self._shape[0] is None:
            raise TypeError(
                f"Cannot iterate over a KerasTensor of shape {self._shape}: its first "
                "dimension must be known."
            )
        for i in range(self._shape[0]):
            yield self[i]

    def __len__(self):
        if not self._shape or self._shape[0] is None:
            raise TypeError(f"len() of a KerasTensor of shape {self._shape} is unknown.")
        return self._shape[0]

    def __repr__(self):
        name = f", name={self.name}" if self.name else ""
        return (
            f"<KerasTensor shape={self._shape}, dtype={self._dtype}, "
            f"sparse={self.sparse}{name}>"
        )

    __hash__ = object.__hash__

    # Operators dispatch to kbackend.ops (imported lazily: ops sits above this module).
    def _op(name, reverse=False):  # noqa: N805
        def method(self, other):
            from kbackend.ops import numpy as np_ops

            fn = getattr(np_ops, name)
            return fn(other, self) if reverse else fn(self, other)

        method.__name__ = name
        return method

    def _unary(name):  # noqa: N805
        def method(self):
            from kbackend.ops import numpy as np_ops

            return getattr(np_ops, name)(self)

        return method

    __add__ = _op("add")
    __radd__ = _op("add", True)
    __sub__ = _op("subtract")
    __rsub__ = _op("subtract", True)
    __mul__ = _op("multiply")
    __rmul__ = _op("multiply", True)
    __matmul__ = _op("matmul")
    __rmatmul__ = _op("matmul", True)
    __truediv__ = _op("true_divide")
    __rtruediv__ = _op("true_divide", True)
    __floordiv__ = _op("floor_divide")
    __rfloordiv__ = _op("floor_divide", True)
    __mod__ = _op("mod")
    __rmod__ = _op("mod", True)
    __pow__ = _op("power")
    __rpow__ = _op("power", True)
    __and__ = _op("logical_and")
    __rand__ = _op("logical_and", True)
    __or__ = _op("logical_or")
    __ror__ = _op("logical_or", True)
    __xor__ = _op("logical_xor")
    __rxor__ = _op("logical_xor", True)
    __lt__ = _op("less")
    __le__ = _op("less_equal")
    __gt__ = _op("greater")
    __ge__ = _op("greater_equal")
    __ne__ = _op("not_equal")
    __neg__ = _unary("negative")
    __pos__ = _unary("copy")
    __abs__ = _unary("absolute")
    __invert__ = _unary("logical_not")
    del _op, _unary

    def __eq__(self, other):
        from kbackend.ops import numpy as np_ops

        return np_ops.equal(self, other)

    def __getitem__(self, key):
        from kbackend.ops import numpy as np_ops

        return np_ops.get_item(self, key)


def is_keras_tensor(x):
    """Returns True if ``x`` is a symbolic KerasTensor.

    Example:
    >>> is_keras_tensor(KerasTensor((2,)))
    True
    """
    return isinstance(x, KerasTensor)


def any_symbolic_tensors(args=None, kwargs=None):
    """True if any (nested) argument is a KerasTensor."""
    from kbackend import tree

    for x in tree.flatten((args, kwargs)):
        if isinstance(x, KerasTensor):
            return True
    return False
