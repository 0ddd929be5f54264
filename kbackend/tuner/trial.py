"""`Trial`: one setting of the hyperparameters and what came of it."""

from kbackend.tuner.hyperparameters import HyperParameters

__all__ = ["Trial", "TrialStatus"]


class TrialStatus:
    """The states of a trial (strings, so that they serialize as they are).

    RUNNING: handed to a tuner; IDLE: nothing to run right now; INVALID: raised and may be
    retried; FAILED: given up; STOPPED: the search is over; COMPLETED: has a score.
    """

    RUNNING = "RUNNING"
    IDLE = "IDLE"
    INVALID = "INVALID"
    STOPPED = "STOPPED"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


class Trial:
    """One trial of a search.

    Args:
        hyperparameters: the trial's `HyperParameters` (space and values).
        trial_id: a string id, e.g. "03".
        status: a `TrialStatus` value.

    Attributes:
        score: the objective value (None until completed).
        best_step: the epoch at which the score was reached.
        metrics: dict of the other metric values at that epoch.
        message: the error text of a failed trial.

    Example:
    >>> trial = Trial(HyperParameters(), trial_id="0")
    >>> trial.status
    'RUNNING'
    """

    def __init__(self, hyperparameters, trial_id=None, status=TrialStatus.RUNNING):
        self.hyperparameters = hyperparameters
        self.trial_id = trial_id
        self.status = status
        self.score = None
        self.best_step = None
        self.metrics = {}
        self.message = None
        self.retries = 0

    def get_state(self):
        return {
            "trial_id": self.trial_id, "status": self.status, "score": self.score,
            "best_step": self.best_step, "metrics": self.metrics, "message": self.message,
            "retries": self.retries, "hyperparameters": self.hyperparameters.get_config(),
        }

    @classmethod
    def from_state(cls, state):
        trial = cls(HyperParameters.from_config(state["hyperparameters"]),
                    trial_id=state["trial_id"], status=state["status"])
        for key in ("score", "best_step", "metrics", "message", "retries"):
            setattr(trial, key, state.get(key, getattr(trial, key)))
        return trial

    def summary(self):
        """Prints the trial's hyperparameters and score."""
        print(f"Trial {self.trial_id} summary")
        print("Hyperparameters:")
        for name, value in self.hyperparameters.values.items():
            if self.hyperparameters.is_active(name):
                print(f"{name}: {value}")
        if self.score is not None:
            print(f"Score: {self.score}")
        elif self.message:
            print(self.message)

    def __repr__(self):
        return f"Trial(id={self.trial_id!r}, status={self.status}, score={self.score})"


Trial.__module__ = "kbackend.tuner"
TrialStatus.__module__ = "kbackend.tuner"
