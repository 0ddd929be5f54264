"""VarianceScaling and its named presets (Glorot, He, LeCun)."""

import math

from kbackend import random
from kbackend.initializers.random_initializers import RandomInitializer, _float_dtype

# Standard deviation of a standard normal truncated to [-2, 2].
_TRUNCATED_STDDEV = 0.87962566103423978
_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")


def compute_fans(shape):
    """Returns ``(fan_in, fan_out)`` of a kernel shape (receptive field included).

    Example:
    >>> compute_fans((3, 3, 4, 8))
    (36, 72)
    """
    shape = tuple(shape)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class VarianceScaling(RandomInitializer):
    """Draws values whose variance is ``scale / fan`` (fan chosen by ``mode``).

    Args:
        scale: positive variance multiplier (default 1.0).
        mode: "fan_in", "fan_out" or "fan_avg".
        distribution: "truncated_normal" (also spelled "normal"), "untruncated_normal"
            or "uniform".
        seed: None, an int or a SeedGenerator (Note [initializer seeds]).

    Returns:
        Calling it with ``(shape, dtype=None)`` returns a tensor of that shape.

    Example:
    >>> VarianceScaling(2.0, "fan_in", "uniform", seed=1)((3, 4)).shape
    (3, 4)
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None):
        if not scale > 0:
            raise ValueError(
                f"VarianceScaling: `scale` must be a positive float, got {scale!r}."
            )
        if mode not in _MODES:
            raise ValueError(
                f"VarianceScaling: invalid `mode` {mode!r}; expected one of {list(_MODES)}."
            )
        distribution = str(distribution).lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in _DISTRIBUTIONS:
            raise ValueError(
                f"VarianceScaling: invalid `distribution` {distribution!r}; expected one of "
                f"{list(_DISTRIBUTIONS)}."
            )
        super().__init__(seed)
        self.scale, self.mode, self.distribution = scale, mode, distribution

    def __call__(self, shape, dtype=None):
        dtype = _float_dtype(dtype, type(self).__name__)
        fan_in, fan_out = compute_fans(shape)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[
            self.mode
        ]
        variance = self.scale / max(1.0, fan)
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(variance) / _TRUNCATED_STDDEV
            return random.truncated_normal(shape, 0.0, stddev, dtype, self._next_seed())
        if self.distribution == "untruncated_normal":
            return random.normal(shape, 0.0, math.sqrt(variance), dtype, self._next_seed())
        limit = math.sqrt(3.0 * variance)
        return random.uniform(shape, -limit, limit, dtype, self._next_seed())

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                **super().get_config()}


class _Preset(VarianceScaling):
    """A VarianceScaling with fixed arguments; its config holds only the seed."""

    _ARGS = (1.0, "fan_in", "truncated_normal")

    def __init__(self, seed=None):
        super().__init__(*self._ARGS, seed=seed)

    def get_config(self):
        return RandomInitializer.get_config(self)


class GlorotUniform(_Preset):
    """Glorot (Xavier) uniform: uniform in ``±sqrt(6 / (fan_in + fan_out))``.

    Args:
        seed: None, an int or a SeedGenerator.

    Example:
    >>> GlorotUniform(seed=1)((2, 2)).shape
    (2, 2)
    """

    _ARGS = (1.0, "fan_avg", "uniform")


class GlorotNormal(_Preset):
    """Glorot (Xavier) normal: truncated normal, stddev ``sqrt(2 / (fan_in + fan_out))``.

    Args:
        seed: None, an int or a SeedGenerator.

    Example:
    >>> GlorotNormal(seed=1)((2, 2)).shape
    (2, 2)
    """

    _ARGS = (1.0, "fan_avg", "truncated_normal")


class HeUniform(_Preset):
    """He uniform: uniform in ``±sqrt(6 / fan_in)``.

    Args:
        seed: None, an int or a SeedGenerator.

    Example:
    >>> HeUniform(seed=1)((2, 2)).shape
    (2, 2)
    """

    _ARGS = (2.0, "fan_in", "uniform")


class HeNormal(_Preset):
    """He normal: truncated normal, stddev ``sqrt(2 / fan_in)``.

    Args:
        seed: None, an int or a SeedGenerator.

    Example:
    >>> HeNormal(seed=1)((2, 2)).shape
    (2, 2)
    """

    _ARGS = (2.0, "fan_in", "truncated_normal")


class LecunUniform(_Preset):
    """LeCun uniform: uniform in ``±sqrt(3 / fan_in)``.

    Args:
        seed: None, an int or a SeedGenerator.

    Example:
    >>> LecunUniform(seed=1)((2, 2)).shape
    (2, 2)
    """

    _ARGS = (1.0, "fan_in", "uniform")


class LecunNormal(_Preset):
    """LeCun normal: truncated normal, stddev ``sqrt(1 / fan_in)``.

    Args:
        seed: None, an int or a SeedGenerator.

    Example:
    >>> LecunNormal(seed=1)((2, 2)).shape
    (2, 2)
    """

    _ARGS = (1.0, "fan_in", "truncated_normal")
