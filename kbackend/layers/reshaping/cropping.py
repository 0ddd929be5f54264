"""Cropping1D/2D/3D: remove rows/columns/planes at the borders of spatial axes."""

from kbackend.layers.core._spec_utils import spec_like_input
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer
from kbackend.layers.reshaping._utils import (
    spatial_axes,
    standardize_data_format,
    standardize_pairs,
)


class _BaseCropping(Layer):
    rank = None

    def __init__(self, cropping, data_format=None, **kwargs):
        super().__init__(**kwargs)
        label = f"{type(self).__name__} {self.name}"
        self.data_format = (standardize_data_format(data_format, label) if self.rank > 1
                            else "channels_last")
        self.cropping = standardize_pairs(cropping, self.rank, "cropping", label)
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self.built = True

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, (before, after) in zip(spatial_axes(self.rank, self.data_format),
                                         self.cropping):
            size = shape[axis]
            if size is None:
                continue
            if before + after >= size:
                raise ValueError(
                    f"{type(self).__name__} {self.name}: cropping {self.cropping} removes "
                    f"all of axis {axis} (size {size}) of input shape {tuple(input_shape)}. "
                    "Reduce the cropping."
                )
            shape[axis] = size - before - after
        return tuple(shape)

    def compute_output_spec(self, inputs, **kwargs):
        return spec_like_input(self, inputs, self.compute_output_shape(inputs.shape))

    def call(self, inputs):
        self.compute_output_shape(tuple(inputs.shape))  # clear error if nothing is left
        index = [slice(None)] * len(inputs.shape)
        for axis, (before, after) in zip(spatial_axes(self.rank, self.data_format),
                                         self.cropping):
            index[axis] = slice(before, -after if after else None)
        return inputs[tuple(index)]

    def get_config(self):
        config = {**super().get_config(), "cropping": [list(p) for p in self.cropping]}
        if self.rank > 1:
            config["data_format"] = self.data_format
        return config


class Cropping1D(_BaseCropping):
    """Crops the temporal axis of ``(batch, steps, features)`` inputs.

    Args:
        cropping: an int or a pair ``(start, end)``: how many steps to remove at each end
            (default ``(1, 1)``).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(Cropping1D((1, 2))(ops.ones((2, 6, 3))).shape)
    (2, 3, 3)
    """

    rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(cropping, **kwargs)

    def get_config(self):
        config = super().get_config()
        config["cropping"] = list(self.cropping[0])
        return config


class Cropping2D(_BaseCropping):
    """Crops the height and width axes of 4D inputs.

    Args:
        cropping: an int, ``(symmetric_height, symmetric_width)``, or
            ``((top, bottom), (left, right))`` (default ``((0, 0), (0, 0))``).
        data_format: "channels_last" or "channels_first" (None: the global setting).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(Cropping2D(((1, 0), (2, 2)), "channels_last")(ops.ones((1, 4, 6, 3))).shape)
    (1, 3, 2, 3)
    """

    rank = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)


class Cropping3D(_BaseCropping):
    """Crops the three spatial axes of 5D inputs.

    Args:
        cropping: an int, 3 ints (symmetric per axis), or 3 pairs
            (default ``((1, 1), (1, 1), (1, 1))``).
        data_format: "channels_last" or "channels_first" (None: the global setting).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(Cropping3D(1, "channels_last")(ops.ones((1, 4, 4, 4, 2))).shape)
    (1, 2, 2, 2, 2)
    """

    rank = 3

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)
