"""Base of the random geometric layers (rotation, zoom, translation).

Each draws one projective transform per image, ``[a0, a1, a2, b0, b1, b2, 0, 0]``
(output pixel ``(x, y)`` samples the input at ``(a0 x + a1 y + a2, b0 x + b1 y + b2)``),
and applies them with ``ops.image.affine_transform``.
"""

from kbackend import ops
from kbackend.layers.preprocessing.image import base


class RandomAffineLayer(base.RandomImageLayer):
    def __init__(self, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        name = f"{type(self).__name__} {self.name}"
        self.fill_mode = base.check_choice(fill_mode, base.FILL_MODES, name, "fill_mode")
        self.interpolation = base.check_choice(interpolation, base.INTERPOLATIONS, name,
                                               "interpolation")
        self.fill_value = fill_value

    def augment(self, images):
        batch = ops.shape(images)[0]
        height, width = base.image_size(images, self.data_format)
        rows = self.transform_rows(batch, _as_float(height), _as_float(width))
        zeros = ops.zeros_like(rows[0])
        transform = ops.stack(list(rows) + [zeros, zeros], axis=1)
        return ops.image.affine_transform(
            images, transform, interpolation=self.interpolation, fill_mode=self.fill_mode,
            fill_value=self.fill_value, data_format=self.data_format,
        )

    def transform_rows(self, batch, height, width):
        """Returns the six ``(batch,)`` coefficients ``a0, a1, a2, b0, b1, b2``."""
        raise NotImplementedError

    def get_config(self):
        return {
            **super().get_config(),
            "fill_mode": self.fill_mode,
            "interpolation": self.interpolation,
            "fill_value": self.fill_value,
        }


def _as_float(size):
    # A traced engine may report a dim as a scalar tensor rather than an int.
    return float(size) if isinstance(size, int) else ops.cast(size, "float32")
