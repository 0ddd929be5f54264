"""AdaptiveMaxPooling1D/2D/3D and AdaptiveAveragePooling1D/2D/3D: pool to a fixed size."""

from kbackend import ops
from kbackend.layers.convolutional import _utils
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer


class BaseAdaptivePooling(Layer):
    """Pools the spatial axes to ``output_size`` whatever the input size.

    Output position ``i`` of an axis of length ``L`` pools the window
    ``[floor(i * L / out), ceil((i + 1) * L / out))``, as PyTorch's adaptive pools do.

    Args:
        output_size: int or tuple of ``pool_dimensions`` ints.
        pool_dimensions: number of spatial dims (1, 2 or 3).
        pool_mode: ``"max"`` or ``"average"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or None (global setting).

    Example:
    >>> from kbackend import ops
    >>> BaseAdaptivePooling(2, 1, "max")(ops.ones((1, 5, 3))).shape
    (1, 2, 3)
    """

    def __init__(self, output_size, pool_dimensions, pool_mode="average", data_format=None,
                 **kwargs):
        super().__init__(**kwargs)
        name = f"{type(self).__name__} {self.name}"
        self.output_size = _utils.standardize_tuple(
            output_size, pool_dimensions, "output_size", name
        )
        self.pool_dimensions = pool_dimensions
        self.pool_mode = pool_mode
        self.data_format = _utils.standardize_data_format(data_format, name)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)

    def call(self, inputs):
        pool = ops.adaptive_max_pool if self.pool_mode == "max" else ops.adaptive_average_pool
        return pool(inputs, self.output_size, data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.data_format == "channels_last":
            return (input_shape[0],) + self.output_size + (input_shape[-1],)
        return (input_shape[0], input_shape[1]) + self.output_size

    def get_config(self):
        return {**super().get_config(), "output_size": self.output_size,
                "data_format": self.data_format}


class AdaptiveMaxPooling1D(BaseAdaptivePooling):
    """1D adaptive max pooling: the output has ``output_size`` whatever the input size.

    Args:
        output_size: int or tuple of 1 ints, the output spatial size.
        data_format: ``"channels_last"`` (inputs ``(batch, steps, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, steps)``);
            None uses ``keras.config.image_data_format()``.

    Returns:
        A tensor of rank 3 with spatial size ``output_size`` and the input's channels.

    Example:
    >>> from kbackend import ops
    >>> AdaptiveMaxPooling1D(3)(ops.ones((2, 7, 3))).shape
    (2, 3, 3)
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, pool_dimensions=1, pool_mode="max",
                         data_format=data_format, **kwargs)


class AdaptiveMaxPooling2D(BaseAdaptivePooling):
    """2D adaptive max pooling: the output has ``output_size`` whatever the input size.

    Args:
        output_size: int or tuple of 2 ints, the output spatial size.
        data_format: ``"channels_last"`` (inputs ``(batch, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, height, width)``);
            None uses ``keras.config.image_data_format()``.

    Returns:
        A tensor of rank 4 with spatial size ``output_size`` and the input's channels.

    Example:
    >>> from kbackend import ops
    >>> AdaptiveMaxPooling2D(3)(ops.ones((2, 7, 5, 3))).shape
    (2, 3, 3, 3)
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, pool_dimensions=2, pool_mode="max",
                         data_format=data_format, **kwargs)


class AdaptiveMaxPooling3D(BaseAdaptivePooling):
    """3D adaptive max pooling: the output has ``output_size`` whatever the input size.

    Args:
        output_size: int or tuple of 3 ints, the output spatial size.
        data_format: ``"channels_last"`` (inputs ``(batch, depth, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, depth, height, width)``);
            None uses ``keras.config.image_data_format()``.

    Returns:
        A tensor of rank 5 with spatial size ``output_size`` and the input's channels.

    Example:
    >>> from kbackend import ops
    >>> AdaptiveMaxPooling3D(3)(ops.ones((1, 4, 5, 6, 3))).shape
    (1, 3, 3, 3, 3)
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, pool_dimensions=3, pool_mode="max",
                         data_format=data_format, **kwargs)


class AdaptiveAveragePooling1D(BaseAdaptivePooling):
    """1D adaptive average pooling: the output has ``output_size`` whatever the input size.

    Args:
        output_size: int or tuple of 1 ints, the output spatial size.
        data_format: ``"channels_last"`` (inputs ``(batch, steps, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, steps)``);
            None uses ``keras.config.image_data_format()``.

    Returns:
        A tensor of rank 3 with spatial size ``output_size`` and the input's channels.

    Example:
    >>> from kbackend import ops
    >>> AdaptiveAveragePooling1D(3)(ops.ones((2, 7, 3))).shape
    (2, 3, 3)
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, pool_dimensions=1, pool_mode="average",
                         data_format=data_format, **kwargs)


class AdaptiveAveragePooling2D(BaseAdaptivePooling):
    """2D adaptive average pooling: the output has ``output_size`` whatever the input size.

    Args:
        output_size: int or tuple of 2 ints, the output spatial size.
        data_format: ``"channels_last"`` (inputs ``(batch, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, height, width)``);
            None uses ``keras.config.image_data_format()``.

    Returns:
        A tensor of rank 4 with spatial size ``output_size`` and the input's channels.

    Example:
    >>> from kbackend import ops
    >>> AdaptiveAveragePooling2D(3)(ops.ones((2, 7, 5, 3))).shape
    (2, 3, 3, 3)
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, pool_dimensions=2, pool_mode="average",
                         data_format=data_format, **kwargs)


class AdaptiveAveragePooling3D(BaseAdaptivePooling):
    """3D adaptive average pooling: the output has ``output_size`` whatever the input size.

    Args:
        output_size: int or tuple of 3 ints, the output spatial size.
        data_format: ``"channels_last"`` (inputs ``(batch, depth, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, depth, height, width)``);
            None uses ``keras.config.image_data_format()``.

    Returns:
        A tensor of rank 5 with spatial size ``output_size`` and the input's channels.

    Example:
    >>> from kbackend import ops
    >>> AdaptiveAveragePooling3D(3)(ops.ones((1, 4, 5, 6, 3))).shape
    (1, 3, 3, 3, 3)
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, pool_dimensions=3, pool_mode="average",
                         data_format=data_format, **kwargs)
