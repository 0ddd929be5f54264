"""Initializers drawing random numbers (same seed, same values on every engine)."""

import math

from kbackend import random
from kbackend.backends.common import dtypes
from kbackend.initializers.initializer import Initializer


def compute_fans(shape):
    """Returns ``(fan_in, fan_out)`` of a kernel shape (receptive field included)."""
    shape = tuple(shape)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class RandomInitializer(Initializer):
    """Base of seeded initializers: ``seed`` is None, an int, or a SeedGenerator."""

    def __init__(self, seed=None):
        self.seed = seed
        self._seed_generator = (
            random.SeedGenerator(seed) if isinstance(seed, int) or seed is None else seed
        )

    def _next_seed(self):
        return self._seed_generator

    def get_config(self):
        return {"seed": self.seed if isinstance(self.seed, int) else None}


class VarianceScaling(RandomInitializer):
    """Scales the variance to the kernel's fans.

    Args:
        scale: variance multiplier.
        mode: "fan_in", "fan_out" or "fan_avg".
        distribution: "truncated_normal", "untruncated_normal" or "uniform".
        seed: None, int or SeedGenerator.

    Example:
    >>> VarianceScaling(2.0, "fan_in", "uniform", seed=1)((3, 4)).shape
    (3, 4)
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None):
        if scale <= 0:
            raise ValueError(f"VarianceScaling: scale must be positive, got {scale}.")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"VarianceScaling: invalid mode {mode!r}.")
        if distribution not in ("truncated_normal", "untruncated_normal", "uniform"):
            raise ValueError(f"VarianceScaling: invalid distribution {distribution!r}.")
        super().__init__(seed)
        self.scale, self.mode, self.distribution = scale, mode, distribution

    def __call__(self, shape, dtype=None):
        dtype = dtypes.standardize_dtype(dtype)
        fan_in, fan_out = compute_fans(shape)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[
            self.mode
        ]
        variance = self.scale / max(1.0, fan)
        if self.distribution == "truncated_normal":
            # Std of a standard normal truncated to [-2, 2].
            stddev = math.sqrt(variance) / 0.87962566103423978
            return random.truncated_normal(shape, 0.0, stddev, dtype, self._next_seed())
        if self.distribution == "untruncated_normal":
            return random.normal(shape, 0.0, math.sqrt(variance), dtype, self._next_seed())
        limit = math.sqrt(3.0 * variance)
        return random.uniform(shape, -limit, limit, dtype, self._next_seed())

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                **super().get_config()}


class GlorotUniform(VarianceScaling):
    """Glorot (Xavier) uniform: limit ``sqrt(6 / (fan_in + fan_out))``.

    Example:
    >>> GlorotUniform(seed=1)((2, 2)).shape
    (2, 2)
    """

    def __init__(self, seed=None):
        super().__init__(1.0, "fan_avg", "uniform", seed)

    def get_config(self):
        return {"seed": self.seed if isinstance(self.seed, int) else None}
