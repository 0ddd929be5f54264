"""RandomContrast and RandomBrightness: random per-image intensity changes."""

from kbackend import ops
from kbackend.layers.preprocessing.image import base


class RandomContrast(base.RandomImageLayer):
    """Scales each image's contrast by a random factor in training.

    For each image and channel, ``output = (x - mean) * c + mean`` where ``mean`` is the
    mean over height and width and ``c`` is drawn (per image) from
    ``[1 - lower, 1 + upper]``; the result is clipped to ``value_range``. Randomness: see
    Note [augmentation randomness] in ``base.py``.

    Args:
        factor: a float ``f`` (``lower = upper = f``) or a pair ``(lower, upper)``, in
            [0, 1].
        value_range: ``(low, high)`` range of the pixel values; outputs are clipped to it.
        seed: optional int seed.
        data_format: "channels_last", "channels_first" or None (global setting).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns images of the input's shape, in the compute dtype.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.shape(RandomContrast(0.5, seed=1)(np.ones((2, 4, 4, 3))))
    (2, 4, 4, 3)
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        name = f"RandomContrast {self.name}"
        self.factor = factor
        self.lower, self.upper = base.parse_factor(factor, name, min_value=0.0, max_value=1.0,
                                                   symmetric=False)
        self.value_range = base.check_value_range(value_range, name)

    def augment(self, images):
        batch = ops.shape(images)[0]
        contrast = ops.cast(
            self.uniform((batch, 1, 1, 1), 1.0 - self.lower, 1.0 + self.upper),
            ops.dtype(images))
        mean = ops.mean(images, axis=self.spatial_axes(), keepdims=True)
        outputs = ops.add(ops.multiply(ops.subtract(images, mean), contrast), mean)
        return ops.clip(outputs, self.value_range[0], self.value_range[1])

    def get_config(self):
        return {**super().get_config(), "factor": self.factor,
                "value_range": list(self.value_range)}


class RandomBrightness(base.RandomImageLayer):
    """Adds a random brightness offset to each image in training.

    The offset is ``u * (high - low)`` with ``u`` drawn (per image) from
    ``[lower, upper]`` and ``(low, high) = value_range``; the result is clipped to
    ``value_range``. Randomness: see Note [augmentation randomness] in ``base.py``.

    Args:
        factor: a float ``f`` (range ``[-f, f]``) or a pair ``(lower, upper)``, in [-1, 1].
        value_range: ``(low, high)`` range of the pixel values; outputs are clipped to it.
        seed: optional int seed.
        data_format: "channels_last", "channels_first" or None (global setting).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns images of the input's shape, in the compute dtype.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.shape(RandomBrightness(0.2, seed=1)(np.ones((2, 4, 4, 3))))
    (2, 4, 4, 3)
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        name = f"RandomBrightness {self.name}"
        self.factor = factor
        self.lower, self.upper = base.parse_factor(factor, name, min_value=-1.0,
                                                   max_value=1.0)
        self.value_range = base.check_value_range(value_range, name)

    def augment(self, images):
        batch = ops.shape(images)[0]
        low, high = self.value_range
        delta = self.uniform((batch, 1, 1, 1), self.lower, self.upper) * (high - low)
        outputs = ops.add(images, ops.cast(delta, ops.dtype(images)))
        return ops.clip(outputs, low, high)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor,
                "value_range": list(self.value_range)}
