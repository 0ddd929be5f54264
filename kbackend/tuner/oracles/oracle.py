"""`Oracle`: decides which hyperparameter values each trial tries, and keeps the results.

Note [oracle state]: the oracle owns the trials (`self.trials`, ordered by id) and writes its
whole state to ``<directory>/<project_name>/oracle.json`` after every change (atomically:
a temporary file, then a rename). A tuner built again with ``overwrite=False`` reloads it and
goes on where the search stopped: finished trials are not run again, and a trial that was
running when the process died is run again. Subclasses add their own state through
`get_state` / `set_state` and decide values in `populate_space`.
"""

import json
import os

import numpy as np

from kbackend.tuner.errors import FatalValueError
from kbackend.tuner.hyperparameter_types import Fixed
from kbackend.tuner.hyperparameters import HyperParameters
from kbackend.tuner.objective import create_objective
from kbackend.tuner.trial import Trial, TrialStatus

__all__ = ["Oracle"]

_MAX_COLLISIONS = 50


def conditions_met(hp, values, space):
    """Whether ``hp``'s conditions hold for a (partial) dict of values."""
    for condition in hp.conditions:
        parent = space.get(condition["name"])
        if parent is not None and not conditions_met(parent, values, space):
            return False
        if values.get(condition["name"]) not in condition["values"]:
            return False
    return True


class Oracle:
    """Base class of the search algorithms; subclasses implement `populate_space`.

    Args:
        objective: a metric name ("val_accuracy"; the direction is inferred), an
            `Objective`, or a list of them. None means "val_loss".
        max_trials: the most trials to create (None: until the algorithm stops).
        hyperparameters: a `HyperParameters` declared ahead of the hypermodel, to narrow or
            override the search space.
        allow_new_entries: whether the hypermodel may declare hyperparameters that are not in
            ``hyperparameters``.
        tune_new_entries: whether such new hyperparameters are tuned (else fixed at their
            default).
        seed: seed of the oracle's random draws.
        max_retries_per_trial: how many times a trial that raised is run again.
        max_consecutive_failed_trials: the search stops with RuntimeError after this many
            failed trials in a row.

    Example:
    >>> from kbackend.tuner.oracles import RandomSearchOracle
    >>> oracle = RandomSearchOracle(objective="val_loss", max_trials=2, seed=0)
    >>> oracle.objective.direction
    'min'
    """

    def __init__(self, objective=None, max_trials=None, hyperparameters=None,
                 allow_new_entries=True, tune_new_entries=True, seed=None,
                 max_retries_per_trial=0, max_consecutive_failed_trials=3):
        self.objective = create_objective(objective)
        if max_trials is not None and max_trials < 1:
            raise ValueError(f"max_trials must be a positive integer or None, received "
                             f"{max_trials}.")
        self.max_trials = max_trials
        self.hyperparameters = (hyperparameters.copy() if hyperparameters is not None
                                else HyperParameters())
        self.allow_new_entries = allow_new_entries
        self.tune_new_entries = tune_new_entries
        self.seed = int(np.random.randint(0, 2**31 - 1)) if seed is None else int(seed)
        self._rng = np.random.default_rng(self.seed)
        self.max_retries_per_trial = max_retries_per_trial
        self.max_consecutive_failed_trials = max_consecutive_failed_trials
        self.trials = {}
        self._retry_queue = []
        self._tried = set()
        self._project_dir = None

    # --- the space ------------------------------------------------------------------------
    def update_space(self, hyperparameters):
        """Adds the hyperparameters a hypermodel declared to the oracle's space."""
        for hp in hyperparameters.space:
            if hp.name in self.hyperparameters.space_names():
                continue
            if not self.allow_new_entries:
                raise FatalValueError(
                    f"The hypermodel declared a new hyperparameter {hp.name!r} but "
                    "allow_new_entries=False; declare it in `hyperparameters` or pass "
                    "allow_new_entries=True.")
            if not self.tune_new_entries:
                hp = Fixed(hp.name, hp.default, conditions=hp.conditions)
            self.hyperparameters.register(hp)

    def get_space(self):
        """Returns a copy of the search space."""
        return self.hyperparameters.copy()

    def _values_key(self, values):
        space = {hp.name: hp for hp in self.hyperparameters.space}
        return json.dumps(sorted((name, values.get(name)) for name, hp in space.items()
                                 if conditions_met(hp, values, space)), default=str)

    def _random_values(self):
        """Random values of the active hyperparameters, or None if they keep colliding."""
        space = self.hyperparameters.space
        by_name = {hp.name: hp for hp in space}
        for _ in range(_MAX_COLLISIONS):
            values = {}
            for hp in space:
                if conditions_met(hp, values, by_name):
                    values[hp.name] = hp.random_sample(self._rng)
            if self._values_key(values) not in self._tried:
                return values
        return None

    def populate_space(self, trial_id):
        """Chooses the next trial's values.

        Args:
            trial_id: the id the new trial will have.

        Returns:
            ``{"status": TrialStatus..., "values": {name: value}}``.
        """
        raise NotImplementedError

    # --- trials ---------------------------------------------------------------------------
    def _format_trial_id(self, index):
        width = len(str(self.max_trials - 1)) if self.max_trials else 4
        return str(index).zfill(max(width, 1))

    def create_trial(self, tuner_id=None):
        """Returns the next `Trial` (status RUNNING), or one with status STOPPED or IDLE."""
        del tuner_id
        if self._retry_queue:
            trial = self.trials[self._retry_queue.pop(0)]
            trial.status, trial.score, trial.message = TrialStatus.RUNNING, None, None
            return trial
        if self.max_trials is not None and len(self.trials) >= self.max_trials:
            return Trial(self.get_space(), status=TrialStatus.STOPPED)
        trial_id = self._format_trial_id(len(self.trials))
        response = self.populate_space(trial_id)
        status = response["status"]
        if status != TrialStatus.RUNNING:
            return Trial(self.get_space(), status=status)
        hps = self.get_space()
        hps.values.update(response["values"])
        trial = Trial(hps, trial_id=trial_id)
        self.trials[trial_id] = trial
        self._tried.add(self._values_key(hps.values))
        self.save()
        return trial

    def get_trial(self, trial_id):
        """Returns the `Trial` with this id."""
        return self.trials[trial_id]

    def update_trial(self, trial_id, metrics, step=0):
        """Records metric values for a running trial."""
        trial = self.trials[trial_id]
        trial.metrics.update({name: float(value) for name, value in metrics.items()})
        trial.best_step = step
        return trial.status

    def end_trial(self, trial):
        """Records a finished trial; INVALID ones are retried (Note [retry semantics])."""
        if trial.status == TrialStatus.INVALID:
            if trial.retries < self.max_retries_per_trial:
                trial.retries += 1
                self._retry_queue.append(trial.trial_id)
                self.save()
                return
            trial.status = TrialStatus.FAILED
        self.trials[trial.trial_id] = trial
        self.save()
        self._check_consecutive_failures(trial)

    def _check_consecutive_failures(self, trial):
        failures = 0
        for previous in reversed(list(self.trials.values())):
            if previous.status == TrialStatus.FAILED:
                failures += 1
            elif previous.status == TrialStatus.COMPLETED:
                break
        if failures >= self.max_consecutive_failed_trials:
            raise RuntimeError(
                f"Number of consecutive failures exceeded the limit of "
                f"{self.max_consecutive_failed_trials}. The last failed trial "
                f"({trial.trial_id}) raised:\n{trial.message}")

    def get_best_trials(self, num_trials=1):
        """Returns up to ``num_trials`` completed trials, best first."""
        done = [t for t in self.trials.values()
                if t.status == TrialStatus.COMPLETED and t.score is not None]
        sign = 1 if self.objective.direction == "min" else -1
        return sorted(done, key=lambda t: sign * t.score)[:num_trials]

    # --- saving ---------------------------------------------------------------------------
    def _set_project_dir(self, project_dir, overwrite=False):
        self._project_dir = project_dir
        path = os.path.join(project_dir, "oracle.json")
        if not overwrite and os.path.exists(path):
            self.reload()

    def get_state(self):
        return {
            "seed": self.seed,
            "rng_state": self._rng.bit_generator.state,
            "max_trials": self.max_trials,
            "objective": self.objective.get_config(),
            "hyperparameters": self.hyperparameters.get_config(),
            "trials": [t.get_state() for t in self.trials.values()],
            "retry_queue": list(self._retry_queue),
            "tried": sorted(self._tried),
        }

    def set_state(self, state):
        self.seed = state["seed"]
        self._rng.bit_generator.state = state["rng_state"]
        self.hyperparameters = HyperParameters.from_config(state["hyperparameters"])
        self.trials = {}
        for trial_state in state["trials"]:
            trial = Trial.from_state(trial_state)
            self.trials[trial.trial_id] = trial
        self._retry_queue = list(state["retry_queue"])
        # A trial that was running when the process stopped runs again.
        for trial in self.trials.values():
            if trial.status == TrialStatus.RUNNING and trial.trial_id not in self._retry_queue:
                self._retry_queue.append(trial.trial_id)
        self._tried = set(state["tried"])

    def save(self):
        """Writes the oracle state JSON (Note [oracle state]); no-op without a directory."""
        if self._project_dir is None:
            return
        os.makedirs(self._project_dir, exist_ok=True)
        path = os.path.join(self._project_dir, "oracle.json")
        temporary = path + ".tmp"
        with open(temporary, "w") as f:
            json.dump(self.get_state(), f, default=_json_default)
        os.replace(temporary, path)

    def reload(self):
        """Reads the oracle state JSON back (Note [oracle state])."""
        with open(os.path.join(self._project_dir, "oracle.json")) as f:
            self.set_state(json.load(f))


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"Cannot write {value!r} of type {type(value).__name__} to the oracle's "
                    "JSON state; hyperparameter values must be int, float, str or bool.")


Oracle.__module__ = "kbackend.tuner"
