"""BaseDepthwiseConv: the shared body of DepthwiseConv1D and DepthwiseConv2D."""

from kbackend import activations, constraints, initializers, ops, regularizers
from kbackend.layers.convolutional import _utils
from kbackend.layers.convolutional.base_conv import _bias_for, conv_output_length
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer


class BaseDepthwiseConv(Layer):
    """N-D depthwise convolution layer; see DepthwiseConv1D/2D for the public API.

    Args:
        rank: number of spatial dims (1 or 2).
        depth_multiplier: filters per input channel (output channels ``in * multiplier``).
        kernel_size: int or tuple of ``rank`` ints.
        strides: int or tuple of ``rank`` ints.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or None (global setting).
        dilation_rate: int or tuple of ``rank`` ints.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        depthwise_initializer, bias_initializer: initializers.
        depthwise_regularizer, bias_regularizer, activity_regularizer: regularizers.
        depthwise_constraint, bias_constraint: constraints.

    Example:
    >>> from kbackend import ops
    >>> layer = BaseDepthwiseConv(1, depth_multiplier=2, kernel_size=3)
    >>> layer(ops.ones((1, 5, 3))).shape
    (1, 3, 6)
    """

    def __init__(self, rank, depth_multiplier, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        name = f"{type(self).__name__} {self.name}"
        self.rank = rank
        if (not isinstance(depth_multiplier, int) or isinstance(depth_multiplier, bool)
                or depth_multiplier <= 0):
            raise ValueError(
                f"{name}: depth_multiplier must be a positive integer, got "
                f"{depth_multiplier!r}."
            )
        self.depth_multiplier = depth_multiplier
        self.kernel_size = _utils.standardize_tuple(kernel_size, rank, "kernel_size", name)
        self.strides = _utils.standardize_tuple(strides, rank, "strides", name)
        self.dilation_rate = _utils.standardize_tuple(dilation_rate, rank, "dilation_rate", name)
        self.padding = _utils.standardize_padding(padding, name)
        self.data_format = _utils.standardize_data_format(data_format, name)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"{name}: strides > 1 is not supported together with dilation_rate > 1, got "
                f"strides={self.strides} and dilation_rate={self.dilation_rate}; set one of "
                "them to 1."
            )
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)

    def build(self, input_shape):
        axis = _utils.channel_axis(self.data_format)
        channels = input_shape[axis]
        if channels is None:
            raise ValueError(
                f"{type(self).__name__} {self.name}: the channel dimension of the inputs must "
                f"be known, got input shape {tuple(input_shape)} with "
                f"data_format={self.data_format!r}."
            )
        # NOTE: Keras 3 names the depthwise weight "kernel" (Keras 2 said "depthwise_kernel").
        self.kernel = self.add_weight(
            shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, name="kernel",
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(channels * self.depth_multiplier,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                name="bias",
            )
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={axis: channels})

    def call(self, inputs):
        outputs = ops.depthwise_conv(
            inputs, ops.cast(self.kernel, self.compute_dtype), strides=self.strides,
            padding=self.padding, data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        if self.bias is not None:
            outputs = ops.add(outputs, _bias_for(self.bias, self.rank, self.data_format,
                                                 self.compute_dtype))
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.data_format == "channels_last":
            spatial, channels = input_shape[1:-1], input_shape[-1]
        else:
            spatial, channels = input_shape[2:], input_shape[1]
        out = tuple(
            conv_output_length(length, k, s, d, self.padding)
            for length, k, s, d in zip(spatial, self.kernel_size, self.strides,
                                       self.dilation_rate)
        )
        out_channels = None if channels is None else channels * self.depth_multiplier
        if self.data_format == "channels_last":
            return (input_shape[0],) + out + (out_channels,)
        return (input_shape[0], out_channels) + out

    def get_config(self):
        return {
            **super().get_config(),
            "depth_multiplier": self.depth_multiplier,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "depthwise_regularizer": _utils.serialize(self.depthwise_regularizer),
            "bias_regularizer": _utils.serialize(self.bias_regularizer),
            "activity_regularizer": _utils.serialize(self.activity_regularizer),
            "depthwise_constraint": _utils.serialize(self.depthwise_constraint),
            "bias_constraint": _utils.serialize(self.bias_constraint),
        }
