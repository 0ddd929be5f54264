"""`HyperbandOracle`: successive halving in brackets of shrinking numbers of epochs.

Note [hyperband schedule]: with ``max_epochs`` R and ``factor`` f there are
``B = 1 + floor(log_f R)`` brackets, run from the most exploratory (``b = B-1``) down to
``b = 0``; bracket ``b`` has ``b + 1`` rounds. Round ``r`` of bracket ``b`` trains

    size(b, r)   = ceil(ceil(1 + log_f R) / (b + 1) * f ** (b - r))   trials, for
    epochs(b, r) = ceil(R / f ** (b - r))                               epochs each.

Round 0 draws fresh random values; round ``r > 0`` promotes the best ``size(b, r)`` completed
trials of round ``r - 1``: the new trial has the same values plus ``tuner/epochs``,
``tuner/initial_epoch`` (the previous round's epochs) and ``tuner/trial_id`` (the trial whose
checkpoint it resumes from). The division by ``b + 1`` gives each bracket about the same
budget. For R = 9, f = 3: bracket 2 runs 9 x 1, 3 x 3, 1 x 9 epochs; bracket 1 runs 5 x 3 and
2 x 9; bracket 0 runs 3 x 9 — 23 trials. The whole schedule repeats
``hyperband_iterations`` times. When a small search space runs out of untried values, round
0 closes with the trials it has and the bracket goes on; a bracket that cannot start any trial
ends the search.
"""

import math

from kbackend.tuner.oracles.oracle import Oracle
from kbackend.tuner.trial import TrialStatus

__all__ = ["HyperbandOracle"]

_UNFINISHED = (TrialStatus.RUNNING, TrialStatus.INVALID)


def _log(value, base):
    result = math.log(value) / math.log(base)
    return round(result) if abs(result - round(result)) < 1e-9 else result


class HyperbandOracle(Oracle):
    """Hyperband (Li et al., 2018): many short trials, the best trained further.

    Args:
        objective: see `Oracle`.
        max_epochs: the most epochs one model is trained for (R).
        factor: the reduction factor between rounds (f, an integer >= 2).
        hyperband_iterations: how many times the whole schedule runs.
        seed, hyperparameters, allow_new_entries, tune_new_entries, max_retries_per_trial,
        max_consecutive_failed_trials: see `Oracle`.
        max_trials: an optional cap on the number of trials (None: the schedule decides).

    Example:
    >>> HyperbandOracle(objective="val_loss", max_epochs=9, factor=3).get_schedule()[0]
    [(9, 1), (3, 3), (1, 9)]
    """

    def __init__(self, objective=None, max_epochs=100, factor=3, hyperband_iterations=1,
                 seed=None, hyperparameters=None, allow_new_entries=True,
                 tune_new_entries=True, max_retries_per_trial=0,
                 max_consecutive_failed_trials=3, max_trials=None):
        super().__init__(objective=objective, max_trials=max_trials,
                         hyperparameters=hyperparameters, allow_new_entries=allow_new_entries,
                         tune_new_entries=tune_new_entries, seed=seed,
                         max_retries_per_trial=max_retries_per_trial,
                         max_consecutive_failed_trials=max_consecutive_failed_trials)
        if int(factor) != factor or factor < 2:
            raise ValueError(f"Hyperband `factor` must be an integer >= 2, received {factor}.")
        if int(max_epochs) != max_epochs or max_epochs < 1:
            raise ValueError(f"Hyperband `max_epochs` must be a positive integer, received "
                             f"{max_epochs}.")
        self.max_epochs = int(max_epochs)
        self.factor = int(factor)
        self.hyperband_iterations = int(hyperband_iterations)
        self._num_brackets = 1 + math.floor(_log(self.max_epochs, self.factor))
        self._current_iteration = 0
        self._current_bracket = self._num_brackets - 1
        self._bracket = None  # {"bracket_num": b, "rounds": [[{"past_id", "id"}, ...], ...]}

    # --- the schedule (Note [hyperband schedule]) -------------------------------------------
    def _get_size(self, bracket_num, round_num):
        end_size = math.ceil(1 + _log(self.max_epochs, self.factor)) / (bracket_num + 1)
        return math.ceil(end_size * self.factor ** (bracket_num - round_num))

    def _get_epochs(self, bracket_num, round_num):
        return -(-self.max_epochs // self.factor ** (bracket_num - round_num))

    def get_schedule(self):
        """Returns one list per bracket (run order) of ``(num_trials, epochs)`` per round."""
        return [[(self._get_size(b, r), self._get_epochs(b, r)) for r in range(b + 1)]
                for b in reversed(range(self._num_brackets))]

    # --- choosing trials ------------------------------------------------------------------
    def populate_space(self, trial_id):
        while self._current_iteration < self.hyperband_iterations:
            if self._bracket is None:
                b = self._current_bracket
                self._bracket = {"bracket_num": b, "rounds": [[] for _ in range(b + 1)]}
            response = self._fill_bracket(trial_id)
            if response is not None:
                return response
            self._next_bracket()
        return {"status": TrialStatus.STOPPED, "values": None}

    def _fill_bracket(self, trial_id):
        b, rounds = self._bracket["bracket_num"], self._bracket["rounds"]
        for round_num, entries in enumerate(rounds):
            size = self._get_size(b, round_num)
            if round_num == 0:
                if len(entries) < self._bracket.get("round0_size", size):
                    values = self._random_values()
                    if values is not None:
                        return self._start(trial_id, values, round_num, past_id=None)
                    if not entries:
                        return {"status": TrialStatus.STOPPED, "values": None}
                    # NOTE: a small space ran out of new values; promote from what ran.
                    self._bracket["round0_size"] = len(entries)
                continue
            previous = [self.trials[e["id"]] for e in rounds[round_num - 1]]
            if any(t.status in _UNFINISHED for t in previous):
                return {"status": TrialStatus.IDLE, "values": None}
            promoted = {e["past_id"] for e in entries}
            ranked = self._ranked(previous)
            if len(entries) < min(size, len(ranked)):
                best = next(t for t in ranked if t.trial_id not in promoted)
                values = dict(best.hyperparameters.values)
                return self._start(trial_id, values, round_num, past_id=best.trial_id)
        last = [self.trials[e["id"]] for e in rounds[-1]]
        if any(t.status in _UNFINISHED for t in last):
            return {"status": TrialStatus.IDLE, "values": None}
        return None

    def _ranked(self, trials):
        done = [t for t in trials if t.status == TrialStatus.COMPLETED and t.score is not None]
        sign = 1 if self.objective.direction == "min" else -1
        return sorted(done, key=lambda t: sign * t.score)

    def _start(self, trial_id, values, round_num, past_id):
        b = self._bracket["bracket_num"]
        values.update({
            "tuner/epochs": self._get_epochs(b, round_num),
            "tuner/initial_epoch": self._get_epochs(b, round_num - 1) if round_num else 0,
            "tuner/bracket": b,
            "tuner/round": round_num,
        })
        values.pop("tuner/trial_id", None)
        if past_id is not None:
            values["tuner/trial_id"] = past_id
        self._bracket["rounds"][round_num].append({"past_id": past_id, "id": trial_id})
        return {"status": TrialStatus.RUNNING, "values": values}

    def _next_bracket(self):
        self._bracket = None
        self._current_bracket -= 1
        if self._current_bracket < 0:
            self._current_iteration += 1
            self._current_bracket = self._num_brackets - 1

    # --- saving ---------------------------------------------------------------------------
    def get_state(self):
        state = super().get_state()
        state.update(current_iteration=self._current_iteration,
                     current_bracket=self._current_bracket, bracket=self._bracket)
        return state

    def set_state(self, state):
        super().set_state(state)
        self._current_iteration = state["current_iteration"]
        self._current_bracket = state["current_bracket"]
        self._bracket = state["bracket"]


HyperbandOracle.__module__ = "kbackend.tuner.oracles"
