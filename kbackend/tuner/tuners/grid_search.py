"""`GridSearch`: the `Tuner` driven by a `GridSearchOracle`."""

from kbackend.tuner.oracles.grid_search import GridSearchOracle
from kbackend.tuner.tuners.tuner import Tuner

__all__ = ["GridSearch"]


class GridSearch(Tuner):
    """Grid search: every combination of values, each exactly once.

    Args:
        hypermodel: a `HyperModel` or a function ``hp -> compiled model``.
        objective: a metric name (direction inferred for "val_loss", "val_accuracy", ...),
            an `Objective`, or a list of them.
        max_trials: the most trials (default None: the whole grid).
        seed: seed of the random draws.
        hyperparameters: a `HyperParameters` declared ahead, to narrow the space.
        tune_new_entries: whether hyperparameters not in ``hyperparameters`` are tuned.
        allow_new_entries: whether the hypermodel may declare new hyperparameters.
        max_retries_per_trial: reruns of a trial that raised (Note [retry semantics]).
        max_consecutive_failed_trials: failed trials in a row that stop the search.
        **kwargs: `Tuner` arguments (directory, project_name, overwrite,
            executions_per_trial, ...).

    Example:
    >>> import tempfile
    >>> import numpy as np
    >>> import kbackend as keras
    >>> from kbackend import tuner as kt
    >>> def build_model(hp):
    ...     model = keras.Sequential([keras.Input((2,)),
    ...                               keras.layers.Dense(hp.Int("units", 1, 3)),
    ...                               keras.layers.Dense(1)])
    ...     model.compile(loss="mse")
    ...     return model
    >>> tuner = kt.GridSearch(build_model, objective="val_loss",
    ...                  directory=tempfile.mkdtemp(), project_name="demo")
    >>> x, y = np.ones((8, 2)), np.ones((8, 1))
    >>> tuner.search(x, y, epochs=1, validation_split=0.25, verbose=0)  # doctest: +SKIP
    """

    def __init__(self, hypermodel=None, objective=None, max_trials=None, seed=None,
                 hyperparameters=None, tune_new_entries=True, allow_new_entries=True,
                 max_retries_per_trial=0, max_consecutive_failed_trials=3, **kwargs):
        oracle = GridSearchOracle(
            objective=objective, max_trials=max_trials, seed=seed, hyperparameters=hyperparameters,
            tune_new_entries=tune_new_entries, allow_new_entries=allow_new_entries,
            max_retries_per_trial=max_retries_per_trial,
            max_consecutive_failed_trials=max_consecutive_failed_trials)
        super().__init__(oracle, hypermodel, **kwargs)


GridSearch.__module__ = "kbackend.tuner"
