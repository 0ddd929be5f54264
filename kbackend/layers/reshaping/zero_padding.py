"""ZeroPadding1D/2D/3D: add zeros at the borders of spatial axes."""

from kbackend import ops
from kbackend.layers.core._spec_utils import spec_like_input
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer
from kbackend.layers.reshaping._utils import (
    spatial_axes,
    standardize_data_format,
    standardize_pairs,
)


class _BaseZeroPadding(Layer):
    rank = None

    def __init__(self, padding, data_format=None, **kwargs):
        super().__init__(**kwargs)
        label = f"{type(self).__name__} {self.name}"
        self.data_format = standardize_data_format(data_format, label)
        self.padding = standardize_pairs(padding, self.rank, "padding", label)
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self.built = True

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, (before, after) in zip(spatial_axes(self.rank, self.data_format),
                                         self.padding):
            if shape[axis] is not None:
                shape[axis] += before + after
        return tuple(shape)

    def compute_output_spec(self, inputs, **kwargs):
        return spec_like_input(self, inputs, self.compute_output_shape(inputs.shape))

    def call(self, inputs):
        pad_width = [(0, 0)] * len(inputs.shape)
        for axis, pair in zip(spatial_axes(self.rank, self.data_format), self.padding):
            pad_width[axis] = pair
        return ops.pad(inputs, pad_width)

    def get_config(self):
        return {**super().get_config(), "padding": [list(p) for p in self.padding],
                "data_format": self.data_format}


class ZeroPadding1D(_BaseZeroPadding):
    """Pads the temporal axis of 3D inputs with zeros.

    Args:
        padding: an int or a pair ``(left, right)`` (default 1).
        data_format: "channels_last" (``(batch, steps, features)``) or "channels_first"
            (None: the global setting).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(ZeroPadding1D(2, "channels_last")(ops.ones((1, 3, 2))).shape)
    (1, 7, 2)
    """

    rank = 1

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)

    def get_config(self):
        config = super().get_config()
        config["padding"] = list(self.padding[0])
        return config


class ZeroPadding2D(_BaseZeroPadding):
    """Pads the height and width axes of 4D inputs with zeros.

    Args:
        padding: an int, ``(symmetric_height, symmetric_width)``, or
            ``((top, bottom), (left, right))`` (default ``(1, 1)``).
        data_format: "channels_last" or "channels_first" (None: the global setting).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(ZeroPadding2D(1, "channels_last")(ops.ones((1, 2, 2, 3))).shape)
    (1, 4, 4, 3)
    """

    rank = 2

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding3D(_BaseZeroPadding):
    """Pads the three spatial axes of 5D inputs with zeros.

    Args:
        padding: an int, 3 ints, or 3 pairs (default ``((1, 1), (1, 1), (1, 1))``).
        data_format: "channels_last" or "channels_first" (None: the global setting).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(ZeroPadding3D(1, "channels_last")(ops.ones((1, 2, 2, 2, 1))).shape)
    (1, 4, 4, 4, 1)
    """

    rank = 3

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)
