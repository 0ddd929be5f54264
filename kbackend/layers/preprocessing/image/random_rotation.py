"""RandomRotation: random rotations about the image centre."""

import math

from kbackend import ops
from kbackend.layers.preprocessing.image import affine, base


class RandomRotation(affine.RandomAffineLayer):
    """Rotates each image by a random angle about its centre in training.

    The angle (radians) is drawn uniformly from ``[lower * 2 pi, upper * 2 pi]``; a
    positive angle turns the content counter-clockwise. Output pixel ``(x, y)`` samples
    the input at ``R(angle) (p - c) + c`` with ``c = ((width - 1) / 2, (height - 1) / 2)``.
    Randomness: see Note [augmentation randomness] in ``base.py``.

    Args:
        factor: a float ``f`` (range ``[-f, f]``) or a pair ``(lower, upper)``, as
            fractions of a full turn.
        fill_mode: "reflect", "constant", "nearest", "wrap" or "mirror" (points outside
            the image; see ``kbackend.ops.image``).
        interpolation: "bilinear" or "nearest".
        seed: optional int seed.
        fill_value: the value outside the image for ``fill_mode="constant"``.
        data_format: "channels_last", "channels_first" or None (global setting).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns images of the input's shape, in the compute dtype.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.shape(RandomRotation(0.1, seed=1)(np.ones((2, 5, 5, 1))))
    (2, 5, 5, 1)
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed,
                         fill_value=fill_value, data_format=data_format, **kwargs)
        self.factor = factor
        self.lower, self.upper = base.parse_factor(factor, f"RandomRotation {self.name}")

    def transform_rows(self, batch, height, width):
        angle = self.uniform((batch,), self.lower * 2 * math.pi, self.upper * 2 * math.pi)
        cos, sin = ops.cos(angle), ops.sin(angle)
        x_offset = ((width - 1) - (cos * (width - 1) - sin * (height - 1))) / 2.0
        y_offset = ((height - 1) - (sin * (width - 1) + cos * (height - 1))) / 2.0
        return cos, ops.negative(sin), x_offset, sin, cos, y_offset

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}
