"""GlobalMaxPooling1D/2D/3D (and the GlobalMaxPool* aliases): the maximum over all spatial axes."""

from kbackend import ops
from kbackend.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling1D(BaseGlobalPooling):
    """Global max pooling over the steps axis of 1D data.

    Args:
        data_format: ``"channels_last"`` (inputs ``(batch, steps, features)``) or
            ``"channels_first"`` (inputs ``(batch, features, steps)``);
            None uses ``keras.config.image_data_format()``.
        keepdims: keep the reduced spatial axes with size 1 (default False).

    Returns:
        ``(batch, channels)``, or with ``keepdims=True`` a tensor of the input's rank.

    Example:
    >>> from kbackend import ops
    >>> GlobalMaxPooling1D()(ops.ones((2, 6, 3))).shape
    (2, 3)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=1, data_format=data_format, keepdims=keepdims,
                         **kwargs)

    def call(self, inputs):
        return ops.max(
            inputs, axis=self._spatial_axes(), keepdims=self.keepdims
        )


class GlobalMaxPooling2D(BaseGlobalPooling):
    """Global max pooling over the 2 spatial axes of 2D data.

    Args:
        data_format: ``"channels_last"`` (inputs ``(batch, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, height, width)``);
            None uses ``keras.config.image_data_format()``.
        keepdims: keep the reduced spatial axes with size 1 (default False).

    Returns:
        ``(batch, channels)``, or with ``keepdims=True`` a tensor of the input's rank.

    Example:
    >>> from kbackend import ops
    >>> GlobalMaxPooling2D()(ops.ones((2, 4, 4, 3))).shape
    (2, 3)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=2, data_format=data_format, keepdims=keepdims,
                         **kwargs)

    def call(self, inputs):
        return ops.max(
            inputs, axis=self._spatial_axes(), keepdims=self.keepdims
        )


class GlobalMaxPooling3D(BaseGlobalPooling):
    """Global max pooling over the 3 spatial axes of 3D data.

    Args:
        data_format: ``"channels_last"`` (inputs ``(batch, depth, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, depth, height, width)``);
            None uses ``keras.config.image_data_format()``.
        keepdims: keep the reduced spatial axes with size 1 (default False).

    Returns:
        ``(batch, channels)``, or with ``keepdims=True`` a tensor of the input's rank.

    Example:
    >>> from kbackend import ops
    >>> GlobalMaxPooling3D()(ops.ones((1, 2, 2, 2, 3))).shape
    (1, 3)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=3, data_format=data_format, keepdims=keepdims,
                         **kwargs)

    def call(self, inputs):
        return ops.max(
            inputs, axis=self._spatial_axes(), keepdims=self.keepdims
        )


GlobalMaxPool1D = GlobalMaxPooling1D
GlobalMaxPool2D = GlobalMaxPooling2D
GlobalMaxPool3D = GlobalMaxPooling3D
