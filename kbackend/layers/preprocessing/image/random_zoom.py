"""RandomZoom: random zoom in or out about the image centre."""

from kbackend import ops
from kbackend.layers.preprocessing.image import affine, base


class RandomZoom(affine.RandomAffineLayer):
    """Zooms each image in or out by a random amount in training.

    The vertical zoom is ``1 + u`` with ``u`` drawn from ``[lower, upper]`` of
    ``height_factor`` (likewise horizontally); a positive value zooms out (the content
    shrinks), a negative value zooms in. With ``width_factor=None`` both axes use the
    vertical zoom (aspect ratio kept). Output pixel ``(x, y)`` samples the input at
    ``zoom * (p - c) + c`` about the centre ``c``. Randomness: see Note [augmentation
    randomness] in ``base.py``.

    Args:
        height_factor: a float ``f`` (range ``[-f, f]``) or a pair ``(lower, upper)``;
            values must be >= -1.
        width_factor: like ``height_factor``, or None (same zoom as vertically).
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
    >>> ops.shape(RandomZoom(0.2, seed=1)(np.ones((2, 5, 5, 1))))
    (2, 5, 5, 1)
    """

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed,
                         fill_value=fill_value, data_format=data_format, **kwargs)
        name = f"RandomZoom {self.name}"
        self.height_factor = height_factor
        self.width_factor = width_factor
        self.height_lower, self.height_upper = base.parse_factor(
            height_factor, name, "height_factor", min_value=-1.0)
        self.width_range = None if width_factor is None else base.parse_factor(
            width_factor, name, "width_factor", min_value=-1.0)

    def transform_rows(self, batch, height, width):
        zoom_y = self.uniform((batch,), 1.0 + self.height_lower, 1.0 + self.height_upper)
        if self.width_range is None:
            zoom_x = zoom_y
        else:
            zoom_x = self.uniform((batch,), 1.0 + self.width_range[0],
                                  1.0 + self.width_range[1])
        zeros = ops.zeros_like(zoom_x)
        x_offset = (width - 1.0) / 2.0 * (1.0 - zoom_x)
        y_offset = (height - 1.0) / 2.0 * (1.0 - zoom_y)
        return zoom_x, zeros, x_offset, zeros, zoom_y, y_offset

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor,
                "width_factor": self.width_factor}
