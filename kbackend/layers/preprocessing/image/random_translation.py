"""RandomTranslation: random shifts of images."""

from kbackend import ops
from kbackend.layers.preprocessing.image import affine, base


class RandomTranslation(affine.RandomAffineLayer):
    """Shifts each image by a random offset in training.

    The vertical shift is ``u * height`` pixels with ``u`` drawn from ``[lower, upper]``
    of ``height_factor`` (positive: content moves down); likewise horizontally (positive:
    right). Randomness: see Note [augmentation randomness] in ``base.py``.

    Args:
        height_factor: a float ``f`` (range ``[-f, f]``) or a pair ``(lower, upper)``, as
            fractions of the height, in [-1, 1].
        width_factor: the same for the width.
        fill_mode: "reflect", "constant", "nearest", "wrap" or "mirror".
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
    >>> ops.shape(RandomTranslation(0.2, 0.2, seed=1)(np.ones((2, 5, 5, 1))))
    (2, 5, 5, 1)
    """

    def __init__(self, height_factor, width_factor, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed,
                         fill_value=fill_value, data_format=data_format, **kwargs)
        name = f"RandomTranslation {self.name}"
        self.height_factor = height_factor
        self.width_factor = width_factor
        self.height_range = base.parse_factor(height_factor, name, "height_factor",
                                              min_value=-1.0, max_value=1.0)
        self.width_range = base.parse_factor(width_factor, name, "width_factor",
                                             min_value=-1.0, max_value=1.0)

    def transform_rows(self, batch, height, width):
        shift_y = self.uniform((batch,), *self.height_range) * height
        shift_x = self.uniform((batch,), *self.width_range) * width
        ones, zeros = ops.ones_like(shift_x), ops.zeros_like(shift_x)
        return ones, zeros, ops.negative(shift_x), zeros, ones, ops.negative(shift_y)

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor,
                "width_factor": self.width_factor}
