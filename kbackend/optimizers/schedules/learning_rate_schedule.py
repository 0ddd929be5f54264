"""The LearningRateSchedule base class."""


class LearningRateSchedule:
    """A learning rate as a function of the optimizer step.

    An optimizer given a schedule calls it with its ``iterations`` variable at every step.
    Subclasses implement ``__call__(step)`` (with `kbackend.ops`, so it also runs compiled)
    and ``get_config()``.

    Example:
    >>> from kbackend import ops
    >>> class Halving(LearningRateSchedule):
    ...     def __call__(self, step):
    ...         return 0.1 * 0.5 ** ops.cast(step, "float32")
    ...     def get_config(self):
    ...         return {}
    >>> round(float(ops.convert_to_numpy(Halving()(2))), 4)
    0.025
    """

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule {type(self).__name__} must implement __call__(step)."
        )

    def get_config(self):
        raise NotImplementedError(
            f"Learning rate schedule {type(self).__name__} must implement get_config()."
        )

    @classmethod
    def from_config(cls, config):
        """Creates the schedule from `get_config`'s output."""
        return cls(**config)


LearningRateSchedule.__module__ = "kbackend.optimizers.schedules"
