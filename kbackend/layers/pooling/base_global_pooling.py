"""BaseGlobalPooling: the shared body of the GlobalMaxPooling* and GlobalAveragePooling* layers."""

from kbackend.layers.convolutional import _utils
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer


class BaseGlobalPooling(Layer):
    """Reduces all ``pool_dimensions`` spatial axes; see GlobalMaxPooling2D etc.

    Args:
        pool_dimensions: number of spatial dims (1, 2 or 3).
        data_format: ``"channels_last"``, ``"channels_first"`` or None (global setting).
        keepdims: keep the spatial axes with size 1.

    Example:
    >>> layer = BaseGlobalPooling(1)
    >>> layer.compute_output_shape((2, 5, 3))
    (2, 3)
    """

    def __init__(self, pool_dimensions, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.pool_dimensions = pool_dimensions
        self.data_format = _utils.standardize_data_format(
            data_format, f"{type(self).__name__} {self.name}"
        )
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)

    def _spatial_axes(self):
        if self.data_format == "channels_last":
            return tuple(range(1, self.pool_dimensions + 1))
        return tuple(range(2, self.pool_dimensions + 2))

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        axes = self._spatial_axes()
        if self.keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(input_shape))
        return tuple(d for i, d in enumerate(input_shape) if i not in axes)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format,
                "keepdims": self.keepdims}
