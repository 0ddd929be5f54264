"""Resizing: resize images to a fixed size."""

from kbackend import ops
from kbackend.layers.preprocessing.image import base

RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5", "area")


class Resizing(base.ImageLayer):
    """Resizes images to ``(height, width)``, outputting floats.

    Sampling uses half-pixel centres (as ``ops.image.resize``). Inputs may be single
    images (3D) or batches (4D), of any numeric dtype; the output has the compute dtype.

    Args:
        height: output height (int).
        width: output width (int).
        interpolation: "bilinear", "nearest", "bicubic", "lanczos3", "lanczos5" or "area".
        crop_to_aspect_ratio: first crop the largest centred window with the target aspect
            ratio, so that the image is not distorted.
        pad_to_aspect_ratio: first pad (centred, with ``fill_value``) to the target aspect
            ratio, so that the image is not distorted.
        fill_mode: only "constant" (the padding of ``pad_to_aspect_ratio``).
        fill_value: the padding value.
        antialias: low-pass filter when downsampling (not for "nearest"/"area").
        data_format: "channels_last", "channels_first" or None (global setting).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns the resized images.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.shape(Resizing(2, 3)(np.zeros((4, 4, 1))))
    (2, 3, 1)
    """

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0,
                 antialias=False, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        name = f"Resizing {self.name}"
        self.height = base.check_size(height, name, "height")
        self.width = base.check_size(width, name, "width")
        self.interpolation = base.check_choice(interpolation, RESIZE_INTERPOLATIONS, name,
                                               "interpolation")
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError(
                f"{name}: only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be "
                "True; set the other to False."
            )
        self.crop_to_aspect_ratio = bool(crop_to_aspect_ratio)
        self.pad_to_aspect_ratio = bool(pad_to_aspect_ratio)
        self.fill_mode = base.check_choice(fill_mode, ("constant",), name, "fill_mode")
        self.fill_value = fill_value
        self.antialias = bool(antialias)

    def transform(self, images, training):
        return ops.image.resize(
            images, (self.height, self.width), interpolation=self.interpolation,
            antialias=self.antialias, crop_to_aspect_ratio=self.crop_to_aspect_ratio,
            pad_to_aspect_ratio=self.pad_to_aspect_ratio, fill_mode=self.fill_mode,
            fill_value=self.fill_value, data_format=self.data_format,
        )

    def output_size(self, height, width):
        return self.height, self.width

    def get_config(self):
        return {
            **super().get_config(),
            "height": self.height,
            "width": self.width,
            "interpolation": self.interpolation,
            "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
            "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "antialias": self.antialias,
        }
