"""kbackend.tuner: hyperparameter search with the KerasTuner API, on any engine.

``from kbackend import tuner as kt`` gives ``kt.HyperParameters``, ``kt.HyperModel``,
``kt.Objective``, the tuners ``kt.RandomSearch``, ``kt.GridSearch``, ``kt.Hyperband``,
``kt.BayesianOptimization`` (also under ``kt.tuners``), their oracles (``kt.oracles``) and
the errors (``kt.errors``). See docs/tuner.md.

Example:
>>> from kbackend import tuner as kt
>>> hp = kt.HyperParameters()
>>> hp.Int("units", min_value=32, max_value=512, step=32)
32
"""

from kbackend.tuner import errors, oracles, tuners  # noqa: F401
from kbackend.tuner.errors import (  # noqa: F401
    FailedTrialError,
    FatalError,
    FatalRuntimeError,
    FatalTypeError,
    FatalValueError,
)
from kbackend.tuner.hypermodel import HyperModel
from kbackend.tuner.hyperparameters import HyperParameters
from kbackend.tuner.objective import Objective
from kbackend.tuner.oracles import Oracle
from kbackend.tuner.trial import Trial, TrialStatus
from kbackend.tuner.tuners import BayesianOptimization, GridSearch, Hyperband, RandomSearch
from kbackend.tuner.tuners.tuner import Tuner

__all__ = [
    "BayesianOptimization", "GridSearch", "HyperModel", "HyperParameters", "Hyperband",
    "Objective", "Oracle", "RandomSearch", "Trial", "TrialStatus", "Tuner", "errors",
    "oracles", "tuners",
]
