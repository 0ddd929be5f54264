"""Oracles: the search algorithms behind the tuners."""

from kbackend.tuner.oracles.bayesian import BayesianOptimizationOracle
from kbackend.tuner.oracles.grid_search import GridSearchOracle
from kbackend.tuner.oracles.hyperband import HyperbandOracle
from kbackend.tuner.oracles.oracle import Oracle
from kbackend.tuner.oracles.random_search import RandomSearchOracle

BayesianOptimization = BayesianOptimizationOracle
GridSearch = GridSearchOracle
Hyperband = HyperbandOracle
RandomSearch = RandomSearchOracle

__all__ = [
    "BayesianOptimization", "BayesianOptimizationOracle", "GridSearch", "GridSearchOracle",
    "Hyperband", "HyperbandOracle", "Oracle", "RandomSearch", "RandomSearchOracle",
]
