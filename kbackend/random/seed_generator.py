"""SeedGenerator: the state behind reproducible random ops."""

import random as python_random

import numpy as np

from kbackend import backends
from kbackend.ops.operation import unique_name

_global = {"generator": None, "seed": None}


class SeedGenerator:
    """Holds a seed state variable ``[seed, counter]``; each draw advances the counter.

    Passing a SeedGenerator as ``seed=`` to a random op gives new numbers on every call
    while staying reproducible from the initial seed, also inside compiled train steps
    (its state is a non-trainable variable that the trainers carry).

    Args:
        seed: initial integer seed; None picks one at random (or from
            `kbackend.utils.set_random_seed`).
        name: optional name of the state variable's scope.

    Example:
    >>> import kbackend
    >>> gen = SeedGenerator(7)
    >>> a = kbackend.random.uniform((2,), seed=gen)
    >>> b = kbackend.random.uniform((2,), seed=gen)
    >>> bool((kbackend.ops.convert_to_numpy(a) != kbackend.ops.convert_to_numpy(b)).all())
    True
    """

    def __init__(self, seed=None, name=None, **kwargs):
        if kwargs:
            raise TypeError(f"SeedGenerator got unexpected arguments: {sorted(kwargs)}.")
        if seed is None:
            seed = _fresh_seed()
        elif not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
            raise ValueError(
                f"SeedGenerator expects an integer seed or None, got {seed!r}."
            )
        self._initial_seed = int(seed)
        self.name = name or unique_name("seed_generator")
        with backends.name_scope(self.name):
            self.state = backends.Variable(
                np.array([self._initial_seed, 0], dtype=np.int64),
                dtype="int64",
                trainable=False,
                name="seed_generator_state",
            )

    def next(self, ordered=True):
        """Returns the current seed pair and advances the counter."""
        from kbackend.ops import numpy as np_ops

        # NOTE: copied because some engines (torch) update the variable in place.
        state = np_ops.copy(self.state.value)
        self.state.assign_add(np.array([0, 1], dtype=np.int64))
        return state

    def get_config(self):
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _fresh_seed():
    if _global["seed"] is not None:
        # Derive from the global seed so that every generator made after
        # set_random_seed(n) is reproducible.
        _global["seed"] += 1
        return _global["seed"]
    return python_random.SystemRandom().randint(0, 2**31 - 1)


def global_seed_generator():
    """The process-wide SeedGenerator used by random ops called with ``seed=None``."""
    if _global["generator"] is None:
        _global["generator"] = SeedGenerator(name="global_seed_generator")
    return _global["generator"]


def set_global_seed(seed):
    """Resets the global seed state (called by `kbackend.utils.set_random_seed`)."""
    _global["seed"] = int(seed) * 1000003
    _global["generator"] = None


def draw_seed(seed):
    """Resolves a ``seed=`` argument to a seed pair for the engine's random module.

    None uses the global generator (new numbers each call), an int is a fixed stateless
    seed (same numbers each call, as in Keras), a SeedGenerator advances.
    """
    if seed is None:
        return global_seed_generator().next()
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return np.array([int(seed), 0], dtype=np.int64)
    if backends.is_tensor(seed) or isinstance(seed, np.ndarray):
        return seed
    raise ValueError(
        "A random op's `seed` must be None, an int, or a kbackend.random.SeedGenerator; "
        f"got {seed!r}."
    )
