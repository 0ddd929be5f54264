"""Errors a hypermodel or `run_trial` raises to steer the search.

Note [retry semantics]: when a trial raises,
- a `FatalError` (or one of `FatalValueError`, `FatalTypeError`, `FatalRuntimeError`) stops
  the whole search at once and propagates to the caller of `Tuner.search`;
- a `FailedTrialError` marks the trial FAILED at once, without retries (use it for a setting
  known to be bad, e.g. a model too large);
- any other exception marks the trial INVALID; the oracle runs it again with the same
  hyperparameters up to `max_retries_per_trial` times, then marks it FAILED.
After `max_consecutive_failed_trials` FAILED trials in a row the search raises RuntimeError.
"""

__all__ = [
    "FailedTrialError", "FatalError", "FatalRuntimeError", "FatalTypeError", "FatalValueError",
]


class FailedTrialError(Exception):
    """Marks the current trial as failed without retrying it (Note [retry semantics]).

    Example:
    >>> def build_model(hp):
    ...     if hp.Int("units", 8, 1024) > 512:
    ...         raise FailedTrialError("too many units for this machine")
    """


class FatalError(Exception):
    """Stops the whole search immediately (Note [retry semantics]).

    Example:
    >>> try:
    ...     raise FatalError("the data set is missing")
    ... except FatalError as error:
    ...     message = str(error)
    """


class FatalValueError(FatalError, ValueError):
    """A `FatalError` that is also a `ValueError`."""


class FatalTypeError(FatalError, TypeError):
    """A `FatalError` that is also a `TypeError`."""


class FatalRuntimeError(FatalError, RuntimeError):
    """A `FatalError` that is also a `RuntimeError`."""


for _cls in (FailedTrialError, FatalError, FatalValueError, FatalTypeError, FatalRuntimeError):
    _cls.__module__ = "kbackend.tuner.errors"
