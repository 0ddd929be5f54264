"""Conv1DTranspose, Conv2DTranspose, Conv3DTranspose (and Convolution*Transpose aliases)."""

from kbackend.layers.convolutional.base_conv_transpose import BaseConvTranspose


class Conv1DTranspose(BaseConvTranspose):
    """1D transposed convolution ("deconvolution"): the gradient of a 1D conv w.r.t. its input.

    Args:
        filters: number of output channels.
        kernel_size: int or tuple of 1 ints, the window size.
        strides: int or tuple of 1 ints, the upsampling factor.
        padding: ``"valid"`` (output ``in * stride + max(k - stride, 0)``) or ``"same"``
            (output ``in * stride``), ``k`` being the dilated kernel size.
        output_padding: None, or int or tuple of 1 ints; when set, the output size is
            ``(in - 1) * stride + k - 2 * pad + output_padding`` (``pad = k // 2`` for
            ``"same"``, 0 for ``"valid"``).
        data_format: ``"channels_last"`` (inputs ``(batch, steps, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, steps)``);
            None uses ``keras.config.image_data_format()``.
        dilation_rate: int or tuple of 1 ints.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        kernel_initializer, bias_initializer: initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: regularizers.
        kernel_constraint, bias_constraint: constraints.

    Weights: ``kernel`` of shape ``kernel_size + (filters, in_channels)``, then ``bias`` of
    shape ``(filters,)``.

    Returns:
        A tensor of rank 3 with ``filters`` channels.

    Example:
    >>> from kbackend import ops
    >>> layer = Conv1DTranspose(5, 3, strides=2)
    >>> layer(ops.ones((2, 4, 3))).shape
    (2, 9, 5)
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=1, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
            output_padding=output_padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )


class Conv2DTranspose(BaseConvTranspose):
    """2D transposed convolution ("deconvolution"): the gradient of a 2D conv w.r.t. its input.

    Args:
        filters: number of output channels.
        kernel_size: int or tuple of 2 ints, the window size.
        strides: int or tuple of 2 ints, the upsampling factor.
        padding: ``"valid"`` (output ``in * stride + max(k - stride, 0)``) or ``"same"``
            (output ``in * stride``), ``k`` being the dilated kernel size.
        output_padding: None, or int or tuple of 2 ints; when set, the output size is
            ``(in - 1) * stride + k - 2 * pad + output_padding`` (``pad = k // 2`` for
            ``"same"``, 0 for ``"valid"``).
        data_format: ``"channels_last"`` (inputs ``(batch, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, height, width)``);
            None uses ``keras.config.image_data_format()``.
        dilation_rate: int or tuple of 2 ints.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        kernel_initializer, bias_initializer: initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: regularizers.
        kernel_constraint, bias_constraint: constraints.

    Weights: ``kernel`` of shape ``kernel_size + (filters, in_channels)``, then ``bias`` of
    shape ``(filters,)``.

    Returns:
        A tensor of rank 4 with ``filters`` channels.

    Example:
    >>> from kbackend import ops
    >>> layer = Conv2DTranspose(5, 3, strides=2)
    >>> layer(ops.ones((2, 4, 4, 3))).shape
    (2, 9, 9, 5)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", output_padding=None,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=2, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
            output_padding=output_padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )


class Conv3DTranspose(BaseConvTranspose):
    """3D transposed convolution ("deconvolution"): the gradient of a 3D conv w.r.t. its input.

    Args:
        filters: number of output channels.
        kernel_size: int or tuple of 3 ints, the window size.
        strides: int or tuple of 3 ints, the upsampling factor.
        padding: ``"valid"`` (output ``in * stride + max(k - stride, 0)``) or ``"same"``
            (output ``in * stride``), ``k`` being the dilated kernel size.
        output_padding: None, or int or tuple of 3 ints; when set, the output size is
            ``(in - 1) * stride + k - 2 * pad + output_padding`` (``pad = k // 2`` for
            ``"same"``, 0 for ``"valid"``).
        data_format: ``"channels_last"`` (inputs ``(batch, depth, height, width, channels)``) or
            ``"channels_first"`` (inputs ``(batch, channels, depth, height, width)``);
            None uses ``keras.config.image_data_format()``.
        dilation_rate: int or tuple of 3 ints.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        kernel_initializer, bias_initializer: initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: regularizers.
        kernel_constraint, bias_constraint: constraints.

    Weights: ``kernel`` of shape ``kernel_size + (filters, in_channels)``, then ``bias`` of
    shape ``(filters,)``.

    Returns:
        A tensor of rank 5 with ``filters`` channels.

    Example:
    >>> from kbackend import ops
    >>> layer = Conv3DTranspose(5, 3, strides=2)
    >>> layer(ops.ones((1, 2, 2, 2, 3))).shape
    (1, 5, 5, 5, 5)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid",
                 output_padding=None, data_format=None, dilation_rate=(1, 1, 1),
                 activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(
            rank=3, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
            output_padding=output_padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )


Convolution1DTranspose = Conv1DTranspose
Convolution2DTranspose = Conv2DTranspose
Convolution3DTranspose = Conv3DTranspose
