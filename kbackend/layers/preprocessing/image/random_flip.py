"""RandomFlip: random horizontal and/or vertical flips."""

from kbackend import ops
from kbackend.layers.preprocessing.image import base

FLIP_MODES = ("horizontal", "vertical", "horizontal_and_vertical")


class RandomFlip(base.RandomImageLayer):
    """Flips each image left-right and/or up-down with probability 1/2 in training.

    Each image of a batch draws its own flips; with "horizontal_and_vertical" the two
    flips are drawn independently. Randomness: see Note [augmentation randomness] in
    ``base.py`` (``call`` defaults to ``training=True``, as Keras 3).

    Args:
        mode: "horizontal", "vertical" or "horizontal_and_vertical".
        seed: optional int seed.
        data_format: "channels_last", "channels_first" or None (global setting).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns images of the input's shape, in the compute dtype.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.shape(RandomFlip("horizontal", seed=1)(np.ones((2, 4, 4, 3))))
    (2, 4, 4, 3)
    """

    def __init__(self, mode="horizontal_and_vertical", seed=None, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.mode = base.check_choice(mode, FLIP_MODES, f"RandomFlip {self.name}", "mode")

    def augment(self, images):
        height_axis, width_axis = self.spatial_axes()
        batch = ops.shape(images)[0]
        if self.mode in ("horizontal", "horizontal_and_vertical"):
            images = self._maybe_flip(images, batch, width_axis)
        if self.mode in ("vertical", "horizontal_and_vertical"):
            images = self._maybe_flip(images, batch, height_axis)
        return images

    def _maybe_flip(self, images, batch, axis):
        flips = ops.less(self.uniform((batch, 1, 1, 1), 0.0, 1.0), 0.5)
        return ops.where(flips, ops.flip(images, axis=axis), images)

    def get_config(self):
        return {**super().get_config(), "mode": self.mode}
