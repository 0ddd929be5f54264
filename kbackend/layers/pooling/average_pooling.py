"""AveragePooling1D/2D/3D (and the AvgPool* aliases): the mean over sliding windows."""

from kbackend.layers.pooling.base_pooling import BasePooling


class AveragePooling1D(BasePooling):
    """1D average pooling: the mean of each window.

    Args:
        pool_size: int or tuple of 1 ints, the window size.
        strides: int, tuple of 1 ints, or None (the default: ``pool_size``).
        padding: ``"valid"`` (windows inside the input) or ``"same"`` (output size
            ``ceil(size / strides)``; padded positions are not counted in the mean).
        data_format: ``"channels_last"`` (inputs ``(batch, steps, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, steps)``);
            None uses ``keras.config.image_data_format()``.

    Returns:
        A tensor of rank 3 with the input's channels.

    Example:
    >>> from kbackend import ops
    >>> AveragePooling1D()(ops.ones((2, 6, 3))).shape
    (2, 3, 3)
    """

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=1, pool_mode="average",
                         padding=padding, data_format=data_format, name=name, **kwargs)


class AveragePooling2D(BasePooling):
    """2D average pooling: the mean of each window.

    Args:
        pool_size: int or tuple of 2 ints, the window size.
        strides: int, tuple of 2 ints, or None (the default: ``pool_size``).
        padding: ``"valid"`` (windows inside the input) or ``"same"`` (output size
            ``ceil(size / strides)``; padded positions are not counted in the mean).
        data_format: ``"channels_last"`` (inputs ``(batch, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, height, width)``);
            None uses ``keras.config.image_data_format()``.

    Returns:
        A tensor of rank 4 with the input's channels.

    Example:
    >>> from kbackend import ops
    >>> AveragePooling2D()(ops.ones((2, 6, 6, 3))).shape
    (2, 3, 3, 3)
    """

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=2, pool_mode="average",
                         padding=padding, data_format=data_format, name=name, **kwargs)


class AveragePooling3D(BasePooling):
    """3D average pooling: the mean of each window.

    Args:
        pool_size: int or tuple of 3 ints, the window size.
        strides: int, tuple of 3 ints, or None (the default: ``pool_size``).
        padding: ``"valid"`` (windows inside the input) or ``"same"`` (output size
            ``ceil(size / strides)``; padded positions are not counted in the mean).
        data_format: ``"channels_last"`` (inputs ``(batch, depth, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, depth, height, width)``);
            None uses ``keras.config.image_data_format()``.

    Returns:
        A tensor of rank 5 with the input's channels.

    Example:
    >>> from kbackend import ops
    >>> AveragePooling3D()(ops.ones((1, 4, 4, 4, 3))).shape
    (1, 2, 2, 2, 3)
    """

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=3, pool_mode="average",
                         padding=padding, data_format=data_format, name=name, **kwargs)


AvgPool1D = AveragePooling1D
AvgPool2D = AveragePooling2D
AvgPool3D = AveragePooling3D
