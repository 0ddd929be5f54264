"""`GridSearchOracle`: tries every combination of the hyperparameters' values once."""

from kbackend.tuner.oracles.oracle import Oracle, conditions_met
from kbackend.tuner.trial import TrialStatus

__all__ = ["GridSearchOracle"]


class GridSearchOracle(Oracle):
    """Walks the grid of all value combinations, each exactly once, in order (the last
    declared hyperparameter varies fastest). A conditional hyperparameter is enumerated
    only under the parent values that activate it. Int, Choice, Boolean and Fixed have
    finite values; a Float needs a ``step``.

    Args:
        objective, max_trials (default None: the whole grid), seed, hyperparameters,
        allow_new_entries, tune_new_entries, max_retries_per_trial,
        max_consecutive_failed_trials: see `Oracle`.

    Example:
    >>> oracle = GridSearchOracle(objective="val_loss")
    >>> _ = oracle.hyperparameters.Choice("act", ["relu", "tanh"])
    >>> [oracle.create_trial().hyperparameters.get("act") for _ in range(2)]
    ['relu', 'tanh']
    >>> oracle.create_trial().status
    'STOPPED'
    """

    def __init__(self, objective=None, max_trials=None, seed=None, hyperparameters=None,
                 allow_new_entries=True, tune_new_entries=True, max_retries_per_trial=0,
                 max_consecutive_failed_trials=3):
        super().__init__(objective=objective, max_trials=max_trials,
                         hyperparameters=hyperparameters, allow_new_entries=allow_new_entries,
                         tune_new_entries=tune_new_entries, seed=seed,
                         max_retries_per_trial=max_retries_per_trial,
                         max_consecutive_failed_trials=max_consecutive_failed_trials)

    def _grid(self):
        space = self.hyperparameters.space
        by_name = {hp.name: hp for hp in space}

        def walk(index, values):
            if index == len(space):
                yield dict(values)
                return
            hp = space[index]
            if not conditions_met(hp, values, by_name):
                yield from walk(index + 1, values)
                return
            for value in hp.grid_values():
                values[hp.name] = value
                yield from walk(index + 1, values)
            del values[hp.name]

        yield from walk(0, {})

    def populate_space(self, trial_id):
        for values in self._grid():
            if self._values_key(values) not in self._tried:
                return {"status": TrialStatus.RUNNING, "values": values}
        return {"status": TrialStatus.STOPPED, "values": None}


GridSearchOracle.__module__ = "kbackend.tuner.oracles"
