"""set_random_seed: one call makes a run reproducible."""

import random as python_random

import numpy as np

from kbackend import backends
from kbackend.random.seed_generator import set_global_seed


def set_random_seed(seed):
    """Seeds Python, NumPy, the engine and kbackend's global SeedGenerator.

    After this call, layers built in the same order get the same initial weights on every
    engine (Note [same numbers on every engine]).

    Args:
        seed: a non-negative integer.

    Example:
    >>> import kbackend
    >>> set_random_seed(1); a = kbackend.random.normal((2,))
    >>> set_random_seed(1); b = kbackend.random.normal((2,))
    >>> bool((kbackend.ops.convert_to_numpy(a) == kbackend.ops.convert_to_numpy(b)).all())
    True
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(
            f"set_random_seed expects a non-negative integer, got {seed!r}."
        )
    seed = int(seed)
    python_random.seed(seed)
    np.random.seed(seed % 2**32)
    set_global_seed(seed)
    backends.random.set_native_seed(seed)
