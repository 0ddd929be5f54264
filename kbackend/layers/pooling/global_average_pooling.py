"""GlobalAveragePooling1D/2D/3D (and the GlobalAvgPool* aliases): the mean over all spatial axes."""

from kbackend import ops
from kbackend.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Global average pooling over the steps axis of 1D data.

    Args:
        data_format: ``"channels_last"`` (inputs ``(batch, steps, features)``) or
            ``"channels_first"`` (inputs ``(batch, features, steps)``);
            None uses ``keras.config.image_data_format()``.
        keepdims: keep the reduced spatial axes with size 1 (default False).

    Call arguments:
        inputs: the input tensor.
        mask: optional boolean tensor ``(batch, steps)``; masked steps are left out
            of the mean. The output carries no mask.

    Returns:
        ``(batch, channels)``, or with ``keepdims=True`` a tensor of the input's rank.

    Example:
    >>> from kbackend import ops
    >>> GlobalAveragePooling1D()(ops.ones((2, 6, 3))).shape
    (2, 3)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=1, data_format=data_format, keepdims=keepdims,
                         **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        axis = self._spatial_axes()
        if mask is None:
            return ops.mean(inputs, axis=axis, keepdims=self.keepdims)
        # NOTE: the mask is (batch, steps); give it a channel axis so it broadcasts.
        mask = ops.cast(mask, ops.dtype(inputs))
        mask = ops.expand_dims(mask, -1 if self.data_format == "channels_last" else 1)
        total = ops.sum(ops.multiply(inputs, mask), axis=axis, keepdims=self.keepdims)
        count = ops.sum(mask, axis=axis, keepdims=self.keepdims)
        return ops.divide(total, count)

    def compute_mask(self, inputs, previous_mask=None):
        return None


class GlobalAveragePooling2D(BaseGlobalPooling):
    """Global average pooling over the 2 spatial axes of 2D data.

    Args:
        data_format: ``"channels_last"`` (inputs ``(batch, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, height, width)``);
            None uses ``keras.config.image_data_format()``.
        keepdims: keep the reduced spatial axes with size 1 (default False).

    Returns:
        ``(batch, channels)``, or with ``keepdims=True`` a tensor of the input's rank.

    Example:
    >>> from kbackend import ops
    >>> GlobalAveragePooling2D()(ops.ones((2, 4, 4, 3))).shape
    (2, 3)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=2, data_format=data_format, keepdims=keepdims,
                         **kwargs)

    def call(self, inputs):
        return ops.mean(
            inputs, axis=self._spatial_axes(), keepdims=self.keepdims
        )


class GlobalAveragePooling3D(BaseGlobalPooling):
    """Global average pooling over the 3 spatial axes of 3D data.

    Args:
        data_format: ``"channels_last"`` (inputs ``(batch, depth, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, depth, height, width)``);
            None uses ``keras.config.image_data_format()``.
        keepdims: keep the reduced spatial axes with size 1 (default False).

    Returns:
        ``(batch, channels)``, or with ``keepdims=True`` a tensor of the input's rank.

    Example:
    >>> from kbackend import ops
    >>> GlobalAveragePooling3D()(ops.ones((1, 2, 2, 2, 3))).shape
    (1, 3)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=3, data_format=data_format, keepdims=keepdims,
                         **kwargs)

    def call(self, inputs):
        return ops.mean(
            inputs, axis=self._spatial_axes(), keepdims=self.keepdims
        )


GlobalAvgPool1D = GlobalAveragePooling1D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalAvgPool3D = GlobalAveragePooling3D
