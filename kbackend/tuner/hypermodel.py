"""`HyperModel`: builds (and optionally fits) a model from hyperparameters."""

__all__ = ["HyperModel"]


class HyperModel:
    """Base class of a search space: override `build(hp)`, and `fit` to customize training.

    A plain function ``build_model(hp) -> model`` passed to a tuner is wrapped in a
    HyperModel whose `build` calls it.

    Args:
        name: an optional name.
        tunable: whether its hyperparameters are tuned (kept for API compatibility).

    Example:
    >>> import kbackend as keras
    >>> class MyHyperModel(HyperModel):
    ...     def build(self, hp):
    ...         model = keras.Sequential([keras.Input((4,)),
    ...                                   keras.layers.Dense(hp.Int("units", 2, 8))])
    ...         model.compile(loss="mse")
    ...         return model
    >>> from kbackend.tuner import HyperParameters
    >>> MyHyperModel().build(HyperParameters()).layers[0].units
    2
    """

    def __init__(self, name=None, tunable=True):
        self.name = name
        self.tunable = tunable

    def build(self, hp):
        """Builds and compiles a model for the hyperparameters ``hp``.

        Args:
            hp: a `HyperParameters`; call ``hp.Int(...)`` etc. to declare and read values.

        Returns:
            A compiled model.
        """
        raise NotImplementedError(f"{type(self).__name__} must override `build(self, hp)`.")

    def declare_hyperparameters(self, hp):
        """Hook to declare hyperparameters before `build` (optional)."""

    def fit(self, hp, model, *args, **kwargs):
        """Trains ``model`` (``model.fit(*args, **kwargs)`` by default).

        Args:
            hp: the trial's `HyperParameters` (to tune, e.g., the batch size).
            model: the model `build` returned.
            *args: what `Tuner.search` received.
            **kwargs: what `Tuner.search` received, plus the tuner's callbacks.

        Returns:
            A `History`, a dict of metric values, or a float (the objective).
        """
        return model.fit(*args, **kwargs)


class DefaultHyperModel(HyperModel):
    """Wraps a ``build_model(hp)`` function."""

    def __init__(self, build, name=None, tunable=True):
        super().__init__(name=name, tunable=tunable)
        self._build_fn = build

    def build(self, hp):
        return self._build_fn(hp)


def get_hypermodel(hypermodel):
    """Returns a `HyperModel` from a HyperModel or a callable; raises on anything else."""
    if isinstance(hypermodel, HyperModel):
        return hypermodel
    if callable(hypermodel):
        return DefaultHyperModel(hypermodel)
    raise TypeError(f"`hypermodel` must be a HyperModel or a function hp -> model, received "
                    f"{hypermodel!r} of type {type(hypermodel).__name__}.")


HyperModel.__module__ = "kbackend.tuner"
