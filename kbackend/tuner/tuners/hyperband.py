"""`Hyperband`: the `Tuner` driven by a `HyperbandOracle`."""

import os

from kbackend.tuner.oracles.hyperband import HyperbandOracle
from kbackend.tuner.tuners.tuner import Tuner

__all__ = ["Hyperband"]


class Hyperband(Tuner):
    """Hyperband: brackets of successive halving (Note [hyperband schedule]).

    Each trial trains for ``tuner/epochs`` epochs starting at ``tuner/initial_epoch``; a
    promoted trial starts from the weights of trial ``tuner/trial_id``.

    Args:
        hypermodel: a `HyperModel` or a function ``hp -> compiled model``.
        objective: a metric name (direction inferred for "val_loss", "val_accuracy", ...),
            an `Objective`, or a list of them.
        max_epochs: the most epochs one model trains for.
        factor: the reduction factor between rounds.
        hyperband_iterations: how many times the schedule runs.
        max_trials: an optional cap on the number of trials.
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
    >>> tuner = kt.Hyperband(build_model, objective="val_loss", max_epochs=3,
    ...                  directory=tempfile.mkdtemp(), project_name="demo")
    >>> x, y = np.ones((8, 2)), np.ones((8, 1))
    >>> tuner.search(x, y, epochs=1, validation_split=0.25, verbose=0)  # doctest: +SKIP
    """

    def __init__(self, hypermodel=None, objective=None, max_epochs=100, factor=3,
                 hyperband_iterations=1, max_trials=None, seed=None,
                 hyperparameters=None, tune_new_entries=True, allow_new_entries=True,
                 max_retries_per_trial=0, max_consecutive_failed_trials=3, **kwargs):
        oracle = HyperbandOracle(
            objective=objective, max_epochs=max_epochs, factor=factor,
            hyperband_iterations=hyperband_iterations, max_trials=max_trials,
            seed=seed, hyperparameters=hyperparameters,
            tune_new_entries=tune_new_entries, allow_new_entries=allow_new_entries,
            max_retries_per_trial=max_retries_per_trial,
            max_consecutive_failed_trials=max_consecutive_failed_trials)
        super().__init__(oracle, hypermodel, **kwargs)

    def run_trial(self, trial, *fit_args, **fit_kwargs):
        values = trial.hyperparameters.values
        if "tuner/epochs" in values:
            fit_kwargs["epochs"] = values["tuner/epochs"]
            fit_kwargs["initial_epoch"] = values["tuner/initial_epoch"]
        return super().run_trial(trial, *fit_args, **fit_kwargs)

    def _build_hypermodel(self, hp):
        model = super()._build_hypermodel(hp)
        past_id = hp.values.get("tuner/trial_id")
        if past_id is not None:
            path = self._checkpoint_path(past_id)
            if os.path.exists(path):
                model.load_weights(path)
        return model


Hyperband.__module__ = "kbackend.tuner"
