"""DepthwiseConv1D and DepthwiseConv2D: one set of filters per input channel."""

from kbackend.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv1D(BaseDepthwiseConv):
    """1D depthwise convolution: each input channel is convolved with its own filters.

    Output channel ``c * depth_multiplier + j`` is input channel ``c`` convolved with its
    ``j``-th filter.

    Args:
        kernel_size: int or tuple of 1 ints, the window size.
        strides: int or tuple of 1 ints (strides > 1 cannot be combined with
            dilation_rate > 1).
        padding: ``"valid"`` or ``"same"``.
        depth_multiplier: number of filters per input channel.
        data_format: ``"channels_last"`` (inputs ``(batch, steps, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, steps)``);
            None uses ``keras.config.image_data_format()``.
        dilation_rate: int or tuple of 1 ints.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        depthwise_initializer, bias_initializer: initializers.
        depthwise_regularizer, bias_regularizer, activity_regularizer: regularizers.
        depthwise_constraint, bias_constraint: constraints.

    Weights: ``kernel`` of shape ``kernel_size + (in_channels, depth_multiplier)``, then
    ``bias`` of shape ``(in_channels * depth_multiplier,)``.

    Returns:
        A tensor of rank 3 with ``in_channels * depth_multiplier`` channels.

    Example:
    >>> from kbackend import ops
    >>> layer = DepthwiseConv1D(3, depth_multiplier=2)
    >>> layer(ops.ones((2, 6, 3))).shape
    (2, 4, 6)
    """

    def __init__(self, kernel_size, strides=1, padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=1, depth_multiplier=depth_multiplier, kernel_size=kernel_size,
            strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            depthwise_initializer=depthwise_initializer, bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint, bias_constraint=bias_constraint,
            **kwargs,
        )


class DepthwiseConv2D(BaseDepthwiseConv):
    """2D depthwise convolution: each input channel is convolved with its own filters.

    Output channel ``c * depth_multiplier + j`` is input channel ``c`` convolved with its
    ``j``-th filter.

    Args:
        kernel_size: int or tuple of 2 ints, the window size.
        strides: int or tuple of 2 ints (strides > 1 cannot be combined with
            dilation_rate > 1).
        padding: ``"valid"`` or ``"same"``.
        depth_multiplier: number of filters per input channel.
        data_format: ``"channels_last"`` (inputs ``(batch, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, height, width)``);
            None uses ``keras.config.image_data_format()``.
        dilation_rate: int or tuple of 2 ints.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        depthwise_initializer, bias_initializer: initializers.
        depthwise_regularizer, bias_regularizer, activity_regularizer: regularizers.
        depthwise_constraint, bias_constraint: constraints.

    Weights: ``kernel`` of shape ``kernel_size + (in_channels, depth_multiplier)``, then
    ``bias`` of shape ``(in_channels * depth_multiplier,)``.

    Returns:
        A tensor of rank 4 with ``in_channels * depth_multiplier`` channels.

    Example:
    >>> from kbackend import ops
    >>> layer = DepthwiseConv2D(3, depth_multiplier=2)
    >>> layer(ops.ones((2, 6, 6, 3))).shape
    (2, 4, 4, 6)
    """

    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=2, depth_multiplier=depth_multiplier, kernel_size=kernel_size,
            strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            depthwise_initializer=depthwise_initializer, bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint, bias_constraint=bias_constraint,
            **kwargs,
        )
