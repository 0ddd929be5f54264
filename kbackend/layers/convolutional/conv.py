"""Conv1D, Conv2D, Conv3D: N-D convolution layers (and their Convolution* aliases)."""

from kbackend.layers.convolutional.base_conv import BaseConv


class Conv1D(BaseConv):
    """1D convolution layer: ``activation(conv(inputs, kernel) + bias)``.

    Args:
        filters: number of output channels.
        kernel_size: int or tuple of 1 ints, the window size.
        strides: int or tuple of 1 ints (strides > 1 cannot be combined with
            dilation_rate > 1).
        padding: ``"valid"``, ``"same"`` (output length ``ceil(steps / strides)``) or
            ``"causal"`` (left padding, so step ``t`` sees only inputs ``<= t``).
        data_format: ``"channels_last"`` (inputs ``(batch, steps, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, steps)``);
            None uses ``keras.config.image_data_format()``.
        dilation_rate: int or tuple of 1 ints, the spacing of the kernel taps.
        groups: split the input channels into this many groups, each convolved with
            ``filters / groups`` filters; both channel counts must divide by it.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        kernel_initializer, bias_initializer: initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: regularizers.
        kernel_constraint, bias_constraint: constraints.

    Weights: ``kernel`` of shape ``kernel_size + (in_channels / groups, filters)``, then
    ``bias`` of shape ``(filters,)``.

    Returns:
        A tensor of rank 3 with ``filters`` channels.

    Example:
    >>> from kbackend import ops
    >>> layer = Conv1D(4, 3)
    >>> layer(ops.ones((2, 10, 3))).shape
    (2, 8, 4)
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=1, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, groups=groups,
            activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, **kwargs,
        )


class Conv2D(BaseConv):
    """2D convolution layer: ``activation(conv(inputs, kernel) + bias)``.

    Args:
        filters: number of output channels.
        kernel_size: int or tuple of 2 ints, the window size.
        strides: int or tuple of 2 ints (strides > 1 cannot be combined with
            dilation_rate > 1).
        padding: ``"valid"`` or ``"same"`` (output size ``ceil(size / strides)``).
        data_format: ``"channels_last"`` (inputs ``(batch, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, height, width)``);
            None uses ``keras.config.image_data_format()``.
        dilation_rate: int or tuple of 2 ints, the spacing of the kernel taps.
        groups: split the input channels into this many groups, each convolved with
            ``filters / groups`` filters; both channel counts must divide by it.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        kernel_initializer, bias_initializer: initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: regularizers.
        kernel_constraint, bias_constraint: constraints.

    Weights: ``kernel`` of shape ``kernel_size + (in_channels / groups, filters)``, then
    ``bias`` of shape ``(filters,)``.

    Returns:
        A tensor of rank 4 with ``filters`` channels.

    Example:
    >>> from kbackend import ops
    >>> layer = Conv2D(4, 3)
    >>> layer(ops.ones((2, 8, 8, 3))).shape
    (2, 6, 6, 4)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=2, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, groups=groups,
            activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, **kwargs,
        )


class Conv3D(BaseConv):
    """3D convolution layer: ``activation(conv(inputs, kernel) + bias)``.

    Args:
        filters: number of output channels.
        kernel_size: int or tuple of 3 ints, the window size.
        strides: int or tuple of 3 ints (strides > 1 cannot be combined with
            dilation_rate > 1).
        padding: ``"valid"`` or ``"same"`` (output size ``ceil(size / strides)``).
        data_format: ``"channels_last"`` (inputs ``(batch, depth, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, depth, height, width)``);
            None uses ``keras.config.image_data_format()``.
        dilation_rate: int or tuple of 3 ints, the spacing of the kernel taps.
        groups: split the input channels into this many groups, each convolved with
            ``filters / groups`` filters; both channel counts must divide by it.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        kernel_initializer, bias_initializer: initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: regularizers.
        kernel_constraint, bias_constraint: constraints.

    Weights: ``kernel`` of shape ``kernel_size + (in_channels / groups, filters)``, then
    ``bias`` of shape ``(filters,)``.

    Returns:
        A tensor of rank 5 with ``filters`` channels.

    Example:
    >>> from kbackend import ops
    >>> layer = Conv3D(4, 3)
    >>> layer(ops.ones((1, 5, 5, 5, 3))).shape
    (1, 3, 3, 3, 4)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1, 1), groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=3, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, groups=groups,
            activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, **kwargs,
        )


# NOTE: Keras exports the long names as the same classes (configs name the short one).
Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
