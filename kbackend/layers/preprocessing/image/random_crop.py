"""RandomCrop: random crops in training, centred crop/resize at inference."""

from kbackend import ops, random
from kbackend.layers.preprocessing.image import base


class RandomCrop(base.RandomImageLayer):
    """Crops a random ``(height, width)`` window in training.

    One window position is drawn per call (shared by the batch), uniformly over all
    positions. At inference (``training=False``), and in training when the input is
    smaller than the target, the images are resized to the target after cropping the
    largest centred window with the target aspect ratio (as Keras 3). Randomness: see
    Note [augmentation randomness] in ``base.py``.

    Args:
        height: output height.
        width: output width.
        seed: optional int seed.
        data_format: "channels_last", "channels_first" or None (global setting).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns images of spatial size ``(height, width)``, in the compute dtype.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.shape(RandomCrop(3, 3, seed=1)(np.ones((2, 5, 5, 1))))
    (2, 3, 3, 1)
    """

    def __init__(self, height, width, seed=None, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.height = base.check_size(height, f"RandomCrop {self.name}", "height")
        self.width = base.check_size(width, f"RandomCrop {self.name}", "width")

    def transform(self, images, training):
        in_height, in_width = base.image_size(images, self.data_format)
        if training and in_height >= self.height and in_width >= self.width:
            return self.augment(images)
        if (in_height, in_width) == (self.height, self.width):
            return images
        return ops.image.resize(images, (self.height, self.width), crop_to_aspect_ratio=True,
                                data_format=self.data_format)

    def augment(self, images):
        in_height, in_width = base.image_size(images, self.data_format)
        # randint's upper bound is exclusive: every start in [0, in - out] is possible.
        top = random.randint((), 0, in_height - self.height + 1, seed=self.seed_generator)
        left = random.randint((), 0, in_width - self.width + 1, seed=self.seed_generator)
        height_axis, width_axis = self.spatial_axes()
        # NOTE: gathers rather than ops.slice, which needs a static batch size.
        images = ops.take(images, ops.add(ops.arange(self.height, dtype="int32"), top),
                          axis=height_axis)
        return ops.take(images, ops.add(ops.arange(self.width, dtype="int32"), left),
                        axis=width_axis)

    def output_size(self, height, width):
        return self.height, self.width

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width}
