"""`BayesianOptimizationOracle`: a Gaussian process chooses the next values.

Note [small GP]: the tunable (non-Fixed) hyperparameters map to the unit cube (Note [unit
cube]; an inactive conditional one sits at 0.5). After ``num_initial_points`` random trials,
each new trial fits a Gaussian process with a Matern-5/2 kernel (length scale 1, noise
``alpha``) to the completed trials' scores (turned into "lower is better" and standardized),
then draws 2,000 random candidate points and takes the one with the lowest confidence bound
``mean - beta * std`` (UCB for a minimization). NumPy only: one Cholesky solve per trial.
"""

import numpy as np

from kbackend.tuner.hyperparameter_types import Fixed
from kbackend.tuner.oracles.oracle import Oracle, conditions_met
from kbackend.tuner.trial import TrialStatus

__all__ = ["BayesianOptimizationOracle"]

_NUM_CANDIDATES = 2000


def _matern52(a, b):
    distance = np.sqrt(np.maximum(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1), 0.0))
    scaled = np.sqrt(5.0) * distance
    return (1.0 + scaled + scaled**2 / 3.0) * np.exp(-scaled)


class BayesianOptimizationOracle(Oracle):
    """Bayesian optimization with a Gaussian process and an upper confidence bound.

    Args:
        objective: see `Oracle`.
        max_trials: the most trials (default 10).
        num_initial_points: random trials before the GP is used (default: 3 per tunable
            hyperparameter, at least 2).
        alpha: the observation noise added to the kernel's diagonal.
        beta: the weight of the standard deviation (exploration) in the bound.
        seed, hyperparameters, allow_new_entries, tune_new_entries, max_retries_per_trial,
        max_consecutive_failed_trials: see `Oracle`.

    Example:
    >>> oracle = BayesianOptimizationOracle(objective="val_loss", max_trials=3, seed=1)
    >>> oracle.beta
    2.6
    """

    def __init__(self, objective=None, max_trials=10, num_initial_points=None, alpha=1e-4,
                 beta=2.6, seed=None, hyperparameters=None, allow_new_entries=True,
                 tune_new_entries=True, max_retries_per_trial=0,
                 max_consecutive_failed_trials=3):
        super().__init__(objective=objective, max_trials=max_trials,
                         hyperparameters=hyperparameters, allow_new_entries=allow_new_entries,
                         tune_new_entries=tune_new_entries, seed=seed,
                         max_retries_per_trial=max_retries_per_trial,
                         max_consecutive_failed_trials=max_consecutive_failed_trials)
        self.num_initial_points = num_initial_points
        self.alpha = alpha
        self.beta = beta

    def _tunable(self):
        return [hp for hp in self.hyperparameters.space if not isinstance(hp, Fixed)]

    def _to_vector(self, values, tunable, by_name):
        return [hp.value_to_prob(values[hp.name])
                if hp.name in values and conditions_met(hp, values, by_name) else 0.5
                for hp in tunable]

    def _from_vector(self, vector, tunable, by_name):
        probs = dict(zip([hp.name for hp in tunable], vector))
        values = {}
        for hp in self.hyperparameters.space:
            if conditions_met(hp, values, by_name):
                values[hp.name] = (hp.default if isinstance(hp, Fixed)
                                   else hp.prob_to_value(float(probs[hp.name])))
        return values

    def populate_space(self, trial_id):
        tunable = self._tunable()
        completed = [t for t in self.trials.values()
                     if t.status == TrialStatus.COMPLETED and t.score is not None]
        num_initial = self.num_initial_points or max(2, 3 * len(tunable))
        if not tunable or len(self.trials) < num_initial or len(completed) < 2:
            values = self._random_values()
            if values is None:
                return {"status": TrialStatus.STOPPED, "values": None}
            return {"status": TrialStatus.RUNNING, "values": values}
        by_name = {hp.name: hp for hp in self.hyperparameters.space}
        x = np.array([self._to_vector(t.hyperparameters.values, tunable, by_name)
                      for t in completed])
        y = np.array([t.score for t in completed], dtype="float64")
        if self.objective.direction == "max":
            y = -y
        y = (y - y.mean()) / (y.std() + 1e-12)
        kernel = _matern52(x, x) + self.alpha * np.eye(len(x))
        cholesky = np.linalg.cholesky(kernel + 1e-10 * np.eye(len(x)))
        weights = np.linalg.solve(cholesky.T, np.linalg.solve(cholesky, y))
        candidates = self._rng.uniform(size=(_NUM_CANDIDATES, len(tunable)))
        cross = _matern52(candidates, x)
        mean = cross @ weights
        v = np.linalg.solve(cholesky, cross.T)
        std = np.sqrt(np.maximum(1.0 - (v**2).sum(0), 1e-12))
        for index in np.argsort(mean - self.beta * std):
            values = self._from_vector(candidates[index], tunable, by_name)
            if self._values_key(values) not in self._tried:
                return {"status": TrialStatus.RUNNING, "values": values}
        return {"status": TrialStatus.STOPPED, "values": None}

    def get_state(self):
        state = super().get_state()
        state.update(num_initial_points=self.num_initial_points, alpha=self.alpha,
                     beta=self.beta)
        return state


BayesianOptimizationOracle.__module__ = "kbackend.tuner.oracles"
