"""SeparableConv1D and SeparableConv2D: a depthwise conv followed by a 1x1 conv."""

from kbackend.layers.convolutional.base_separable_conv import BaseSeparableConv


class SeparableConv1D(BaseSeparableConv):
    """1D separable convolution: a depthwise convolution, then a pointwise (1x1) one.

    Args:
        filters: number of output channels.
        kernel_size: int or tuple of 1 ints, the depthwise window size.
        strides: int or tuple of 1 ints (strides > 1 cannot be combined with
            dilation_rate > 1).
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` (inputs ``(batch, steps, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, steps)``);
            None uses ``keras.config.image_data_format()``.
        dilation_rate: int or tuple of 1 ints.
        depth_multiplier: depthwise filters per input channel.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        depthwise_initializer, pointwise_initializer, bias_initializer: initializers.
        depthwise_regularizer, pointwise_regularizer, bias_regularizer,
            activity_regularizer: regularizers.
        depthwise_constraint, pointwise_constraint, bias_constraint: constraints.

    Weights, in order: ``depthwise_kernel`` of shape
    ``kernel_size + (in_channels, depth_multiplier)``, ``pointwise_kernel`` of shape
    ``(1,) * 1 + (in_channels * depth_multiplier, filters)``, ``bias`` of shape
    ``(filters,)``.

    Returns:
        A tensor of rank 3 with ``filters`` channels.

    Example:
    >>> from kbackend import ops
    >>> layer = SeparableConv1D(4, 3)
    >>> layer(ops.ones((2, 6, 3))).shape
    (2, 4, 4)
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(
            rank=1, depth_multiplier=depth_multiplier, filters=filters,
            kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation,
            use_bias=use_bias, depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer, bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint, bias_constraint=bias_constraint,
            **kwargs,
        )


class SeparableConv2D(BaseSeparableConv):
    """2D separable convolution: a depthwise convolution, then a pointwise (1x1) one.

    Args:
        filters: number of output channels.
        kernel_size: int or tuple of 2 ints, the depthwise window size.
        strides: int or tuple of 2 ints (strides > 1 cannot be combined with
            dilation_rate > 1).
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` (inputs ``(batch, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, height, width)``);
            None uses ``keras.config.image_data_format()``.
        dilation_rate: int or tuple of 2 ints.
        depth_multiplier: depthwise filters per input channel.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        depthwise_initializer, pointwise_initializer, bias_initializer: initializers.
        depthwise_regularizer, pointwise_regularizer, bias_regularizer,
            activity_regularizer: regularizers.
        depthwise_constraint, pointwise_constraint, bias_constraint: constraints.

    Weights, in order: ``depthwise_kernel`` of shape
    ``kernel_size + (in_channels, depth_multiplier)``, ``pointwise_kernel`` of shape
    ``(1,) * 2 + (in_channels * depth_multiplier, filters)``, ``bias`` of shape
    ``(filters,)``.

    Returns:
        A tensor of rank 4 with ``filters`` channels.

    Example:
    >>> from kbackend import ops
    >>> layer = SeparableConv2D(4, 3)
    >>> layer(ops.ones((2, 6, 6, 3))).shape
    (2, 4, 4, 4)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(
            rank=2, depth_multiplier=depth_multiplier, filters=filters,
            kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation,
            use_bias=use_bias, depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer, bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint, bias_constraint=bias_constraint,
            **kwargs,
        )


SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D
