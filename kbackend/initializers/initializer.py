"""The Initializer base class."""


class Initializer:
    """Base class: ``initializer(shape, dtype)`` returns a tensor of that shape.

    Example:
    >>> from kbackend import ops
    >>> class Twos(Initializer):
    ...     def __call__(self, shape, dtype=None):
    ...         return ops.full(shape, 2.0, dtype=dtype)
    >>> ops.convert_to_numpy(Twos()((2,))).tolist()
    [2.0, 2.0]
    """

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(f"{type(self).__name__} must implement __call__.")

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def clone(self):
        return type(self).from_config(self.get_config())
