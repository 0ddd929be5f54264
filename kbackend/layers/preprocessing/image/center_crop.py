"""CenterCrop: crop the central window of images."""

from kbackend import ops
from kbackend.layers.preprocessing.image import base


def crop_or_resize(images, height, width, data_format):
    """Centre-crops to (height, width); resizes (crop to aspect ratio) if smaller."""
    in_height, in_width = base.image_size(images, data_format)
    if in_height >= height and in_width >= width:
        top, left = (in_height - height) // 2, (in_width - width) // 2
        if data_format == "channels_last":
            return images[:, top:top + height, left:left + width, :]
        return images[:, :, top:top + height, left:left + width]
    # NOTE: as Keras 3, an input smaller than the target is resized up, keeping the
    # largest centred window of the target aspect ratio.
    return ops.image.resize(images, (height, width), crop_to_aspect_ratio=True,
                            data_format=data_format)


class CenterCrop(base.ImageLayer):
    """Crops the central ``(height, width)`` window of images.

    If the input is smaller than the target along an axis, the image is instead resized
    (bilinear) to the target, after cropping the largest centred window with the target
    aspect ratio (as Keras 3). When the size difference is odd, the window starts at
    ``(in - out) // 2``. The output has the compute dtype.

    Args:
        height: output height.
        width: output width.
        data_format: "channels_last", "channels_first" or None (global setting).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns the cropped images.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> y = CenterCrop(2, 2)(np.arange(16.0).reshape(4, 4, 1))
    >>> ops.convert_to_numpy(y)[..., 0].tolist()
    [[5.0, 6.0], [9.0, 10.0]]
    """

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = base.check_size(height, f"CenterCrop {self.name}", "height")
        self.width = base.check_size(width, f"CenterCrop {self.name}", "width")

    def transform(self, images, training):
        return crop_or_resize(images, self.height, self.width, self.data_format)

    def output_size(self, height, width):
        return self.height, self.width

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width}
