"""Tuners: the search loops (RandomSearch, GridSearch, Hyperband, BayesianOptimization)."""

from kbackend.tuner.tuners.bayesian import BayesianOptimization
from kbackend.tuner.tuners.grid_search import GridSearch
from kbackend.tuner.tuners.hyperband import Hyperband
from kbackend.tuner.tuners.random_search import RandomSearch

__all__ = ["BayesianOptimization", "GridSearch", "Hyperband", "RandomSearch"]
