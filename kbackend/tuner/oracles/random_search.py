"""`RandomSearchOracle`: every trial draws its values at random."""

from kbackend.tuner.oracles.oracle import Oracle
from kbackend.tuner.trial import TrialStatus

__all__ = ["RandomSearchOracle"]


class RandomSearchOracle(Oracle):
    """Draws each active hyperparameter at random (Note [unit cube]); stops when
    ``max_trials`` trials exist or new draws keep repeating tried values.

    Args:
        objective, max_trials (default 10), seed, hyperparameters, allow_new_entries,
        tune_new_entries, max_retries_per_trial, max_consecutive_failed_trials: see
        `Oracle`.

    Example:
    >>> oracle = RandomSearchOracle(objective="val_loss", max_trials=1, seed=0)
    >>> oracle.hyperparameters.Int("units", 1, 4)
    1
    >>> oracle.create_trial("tuner0").hyperparameters.get("units") in (1, 2, 3, 4)
    True
    """

    def __init__(self, objective=None, max_trials=10, seed=None, hyperparameters=None,
                 allow_new_entries=True, tune_new_entries=True, max_retries_per_trial=0,
                 max_consecutive_failed_trials=3):
        super().__init__(objective=objective, max_trials=max_trials,
                         hyperparameters=hyperparameters, allow_new_entries=allow_new_entries,
                         tune_new_entries=tune_new_entries, seed=seed,
                         max_retries_per_trial=max_retries_per_trial,
                         max_consecutive_failed_trials=max_consecutive_failed_trials)

    def populate_space(self, trial_id):
        values = self._random_values()
        if values is None:
            return {"status": TrialStatus.STOPPED, "values": None}
        return {"status": TrialStatus.RUNNING, "values": values}


RandomSearchOracle.__module__ = "kbackend.tuner.oracles"
