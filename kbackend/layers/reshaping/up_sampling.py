"""UpSampling1D/2D/3D: repeat (or interpolate) along spatial axes."""

import difflib

from kbackend import ops
from kbackend.layers.core._spec_utils import spec_like_input
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer
from kbackend.layers.reshaping._utils import (
    spatial_axes,
    standardize_data_format,
    standardize_size,
)

_INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5")


class _BaseUpSampling(Layer):
    rank = None

    def __init__(self, size, data_format=None, **kwargs):
        super().__init__(**kwargs)
        label = f"{type(self).__name__} {self.name}"
        self.data_format = (standardize_data_format(data_format, label) if self.rank > 1
                            else "channels_last")
        self.size = standardize_size(size, self.rank, "size", label)
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self.built = True

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, factor in zip(spatial_axes(self.rank, self.data_format), self.size):
            if shape[axis] is not None:
                shape[axis] *= factor
        return tuple(shape)

    def compute_output_spec(self, inputs, **kwargs):
        return spec_like_input(self, inputs, self.compute_output_shape(inputs.shape))

    def call(self, inputs):
        for axis, factor in zip(spatial_axes(self.rank, self.data_format), self.size):
            if factor != 1:
                inputs = ops.repeat(inputs, factor, axis=axis)
        return inputs


class UpSampling1D(_BaseUpSampling):
    """Repeats each step of ``(batch, steps, features)`` inputs ``size`` times.

    Args:
        size: the upsampling factor (default 2).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(UpSampling1D(3)(ops.ones((1, 2, 4))).shape)
    (1, 6, 4)
    """

    rank = 1

    def __init__(self, size=2, **kwargs):
        super().__init__(size, **kwargs)

    def get_config(self):
        return {**super().get_config(), "size": self.size[0]}


class UpSampling2D(_BaseUpSampling):
    """Upsamples the height and width axes of 4D inputs by ``size``.

    Args:
        size: an int or ``(rows, cols)`` factors (default ``(2, 2)``).
        data_format: "channels_last" or "channels_first" (None: the global setting).
        interpolation: "nearest" (repeat rows/columns), "bilinear", "bicubic",
            "lanczos3" or "lanczos5" (through `ops.image.resize`).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(UpSampling2D(2, "channels_last")(ops.ones((1, 2, 3, 1))).shape)
    (1, 4, 6, 1)
    """

    rank = 2

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(size, data_format, **kwargs)
        if interpolation not in _INTERPOLATIONS:
            close = difflib.get_close_matches(str(interpolation), _INTERPOLATIONS, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ValueError(
                f"UpSampling2D {self.name}: interpolation must be one of {_INTERPOLATIONS}, "
                f"got {interpolation!r}.{hint}"
            )
        self.interpolation = interpolation

    def call(self, inputs):
        if self.interpolation == "nearest":
            return super().call(inputs)
        from kbackend.ops import image

        axes = spatial_axes(2, self.data_format)
        new_size = tuple(int(inputs.shape[a]) * f for a, f in zip(axes, self.size))
        return image.resize(inputs, new_size, interpolation=self.interpolation,
                            data_format=self.data_format)

    def get_config(self):
        return {**super().get_config(), "size": list(self.size),
                "data_format": self.data_format, "interpolation": self.interpolation}


class UpSampling3D(_BaseUpSampling):
    """Repeats entries along the three spatial axes of 5D inputs.

    Args:
        size: an int or 3 factors (default ``(2, 2, 2)``).
        data_format: "channels_last" or "channels_first" (None: the global setting).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(UpSampling3D(2, "channels_last")(ops.ones((1, 1, 2, 3, 1))).shape)
    (1, 2, 4, 6, 1)
    """

    rank = 3

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(size, data_format, **kwargs)

    def get_config(self):
        return {**super().get_config(), "size": list(self.size),
                "data_format": self.data_format}
