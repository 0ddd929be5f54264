"""Seeded initializers drawing from simple distributions.

Note [initializer seeds]: as in Keras 3, an initializer seeded with an int returns the same
values on every call (the int is passed to the stateless random ops, so the values are also
the same on every engine: NumPy's Philox keyed by ``(seed, 0)``). An unseeded initializer
picks an int seed once, at construction (reproducible after
`kbackend.utils.set_random_seed`), so it too repeats its values. To get new values on each
call, pass a `kbackend.random.SeedGenerator` as ``seed``.
"""

import numpy as np

from kbackend import random
from kbackend.backends.common import dtypes
from kbackend.initializers.initializer import Initializer
from kbackend.random.seed_generator import SeedGenerator, _fresh_seed


def _float_dtype(dtype, name):
    dtype = dtypes.standardize_dtype(dtype)
    if not dtypes.is_float_dtype(dtype):
        raise ValueError(
            f"{name} only creates floating point tensors, but dtype={dtype!r} was requested. "
            "Use a float dtype such as 'float32'."
        )
    return dtype


class RandomInitializer(Initializer):
    """Base of seeded initializers (see Note [initializer seeds]).

    Args:
        seed: None, an int, or a `kbackend.random.SeedGenerator`.

    Example:
    >>> from kbackend import random
    >>> class Half(RandomInitializer):
    ...     def __call__(self, shape, dtype=None):
    ...         return random.uniform(shape, 0.0, 0.5, dtype, self._next_seed())
    >>> Half(seed=1)((2,)).shape
    (2,)
    """

    def __init__(self, seed=None):
        if isinstance(seed, dict):
            from kbackend.saving import serialization_lib

            seed = serialization_lib.deserialize_keras_object(seed)
        if seed is not None and not isinstance(seed, (int, np.integer, SeedGenerator)) or (
            isinstance(seed, bool)
        ):
            raise ValueError(
                f"{type(self).__name__}: `seed` must be None, an int or a "
                f"kbackend.random.SeedGenerator, got {seed!r} of type {type(seed).__name__}."
            )
        self._init_seed = seed
        self.seed = _fresh_seed() if seed is None else seed
        if isinstance(self.seed, np.integer):
            self.seed = int(self.seed)

    def _next_seed(self):
        return self.seed

    def get_config(self):
        if isinstance(self._init_seed, SeedGenerator):
            from kbackend.saving import serialization_lib

            return {"seed": serialization_lib.serialize_keras_object(self._init_seed)}
        return {"seed": self._init_seed}


class RandomNormal(RandomInitializer):
    """Draws from a normal distribution.

    Args:
        mean: mean of the values (default 0.0).
        stddev: standard deviation (default 0.05).
        seed: None, an int or a SeedGenerator (see Note [initializer seeds]).

    Returns:
        Calling it with ``(shape, dtype=None)`` returns a tensor of that shape.

    Example:
    >>> RandomNormal(stddev=1.0, seed=1)((2, 3)).shape
    (2, 3)
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype=None):
        dtype = _float_dtype(dtype, type(self).__name__)
        return random.normal(shape, self.mean, self.stddev, dtype, self._next_seed())

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


class TruncatedNormal(RandomInitializer):
    """Draws from a normal distribution, redrawing values beyond two standard deviations.

    Args:
        mean: mean of the values (default 0.0).
        stddev: standard deviation before truncation (default 0.05).
        seed: None, an int or a SeedGenerator (see Note [initializer seeds]).

    Returns:
        Calling it with ``(shape, dtype=None)`` returns a tensor of that shape.

    Example:
    >>> TruncatedNormal(seed=1)((2, 3)).shape
    (2, 3)
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype=None):
        dtype = _float_dtype(dtype, type(self).__name__)
        return random.truncated_normal(shape, self.mean, self.stddev, dtype, self._next_seed())

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


class RandomUniform(RandomInitializer):
    """Draws from a uniform distribution on ``[minval, maxval)``.

    Args:
        minval: lower bound (default -0.05).
        maxval: upper bound (default 0.05).
        seed: None, an int or a SeedGenerator (see Note [initializer seeds]).

    Returns:
        Calling it with ``(shape, dtype=None)`` returns a tensor of that shape.

    Example:
    >>> RandomUniform(0.0, 1.0, seed=1)((2, 3)).shape
    (2, 3)
    """

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def __call__(self, shape, dtype=None):
        dtype = _float_dtype(dtype, type(self).__name__)
        return random.uniform(shape, self.minval, self.maxval, dtype, self._next_seed())

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, **super().get_config()}
