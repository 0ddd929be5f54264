"""Random ops and SeedGenerator (``kbackend.random``).

The same integer seed gives the same numbers on every engine for eager draws (Note [same
numbers on every engine] in ``backends/common/random_numpy.py``).
"""

from kbackend.random.random import (  # noqa: F401
    beta,
    binomial,
    categorical,
    dropout,
    gamma,
    normal,
    randint,
    shuffle,
    truncated_normal,
    uniform,
)
from kbackend.random.seed_generator import SeedGenerator  # noqa: F401

SeedGenerator.__module__ = "kbackend.random"
