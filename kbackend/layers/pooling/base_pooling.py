"""BasePooling: the shared body of the MaxPooling* and AveragePooling* layers."""

from kbackend import ops
from kbackend.layers.convolutional import _utils
from kbackend.layers.convolutional.base_conv import conv_output_length
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer


class BasePooling(Layer):
    """Window pooling over ``pool_dimensions`` spatial axes; see MaxPooling2D etc.

    Args:
        pool_size: int or tuple of ``pool_dimensions`` ints, the window size.
        strides: int, tuple or None (None: ``pool_size``).
        pool_dimensions: number of spatial dims (1, 2 or 3).
        pool_mode: ``"max"`` or ``"average"``.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or None (global setting).

    Example:
    >>> from kbackend import ops
    >>> layer = BasePooling(2, None, pool_dimensions=1, pool_mode="max")
    >>> layer(ops.ones((1, 6, 3))).shape
    (1, 3, 3)
    """

    def __init__(self, pool_size, strides, pool_dimensions, pool_mode="max", padding="valid",
                 data_format=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        layer_name = f"{type(self).__name__} {self.name}"
        self.pool_size = _utils.standardize_tuple(
            pool_size, pool_dimensions, "pool_size", layer_name
        )
        strides = self.pool_size if strides is None else strides
        self.strides = _utils.standardize_tuple(strides, pool_dimensions, "strides", layer_name)
        self.pool_dimensions = pool_dimensions
        self.pool_mode = pool_mode
        self.padding = _utils.standardize_padding(padding, layer_name)
        self.data_format = _utils.standardize_data_format(data_format, layer_name)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)

    def call(self, inputs):
        pool = ops.max_pool if self.pool_mode == "max" else ops.average_pool
        return pool(inputs, pool_size=self.pool_size, strides=self.strides,
                    padding=self.padding, data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.data_format == "channels_last":
            spatial = input_shape[1:-1]
        else:
            spatial = input_shape[2:]
        out = tuple(
            conv_output_length(length, k, s, 1, self.padding)
            for length, k, s in zip(spatial, self.pool_size, self.strides)
        )
        if self.data_format == "channels_last":
            return (input_shape[0],) + out + (input_shape[-1],)
        return (input_shape[0], input_shape[1]) + out

    def get_config(self):
        return {
            **super().get_config(),
            "pool_size": self.pool_size,
            "padding": self.padding,
            "strides": self.strides,
            "data_format": self.data_format,
        }
