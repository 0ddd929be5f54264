"""BaseConvTranspose: the shared body of Conv1DTranspose, Conv2DTranspose, Conv3DTranspose."""

from kbackend import activations, constraints, initializers, ops, regularizers
from kbackend.layers.convolutional import _utils
from kbackend.layers.convolutional.base_conv import _bias_for
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer


def deconv_output_length(length, kernel, stride, dilation, padding, output_padding):
    """Output length of a transposed convolution along one axis (None stays None).

    Without ``output_padding``: ``length * stride + max(k - stride, 0)`` for ``"valid"``
    and ``length * stride`` for ``"same"`` (``k`` the dilated kernel size). With it:
    ``(length - 1) * stride + k - 2 * pad + output_padding``, ``pad = k // 2`` for
    ``"same"`` and 0 for ``"valid"``.
    """
    if length is None:
        return None
    effective = (kernel - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(effective - stride, 0)
        return length * stride
    pad = effective // 2 if padding == "same" else 0
    return (length - 1) * stride + effective - 2 * pad + output_padding


class BaseConvTranspose(Layer):
    """N-D transposed convolution layer; see Conv1DTranspose/2D/3D for the public API.

    Args:
        rank: number of spatial dims (1, 2 or 3).
        filters: number of output channels.
        kernel_size: int or tuple of ``rank`` ints.
        strides: int or tuple of ``rank`` ints.
        padding: ``"valid"`` or ``"same"``.
        output_padding: None, or int or tuple of ``rank`` ints: extra size at the end of
            each spatial axis.
        data_format: ``"channels_last"``, ``"channels_first"`` or None (global setting).
        dilation_rate: int or tuple of ``rank`` ints.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        kernel_initializer, bias_initializer: initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: regularizers.
        kernel_constraint, bias_constraint: constraints.

    Example:
    >>> from kbackend import ops
    >>> layer = BaseConvTranspose(1, filters=2, kernel_size=3, strides=2)
    >>> layer(ops.ones((1, 4, 3))).shape
    (1, 9, 2)
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid",
                 output_padding=None, data_format=None, dilation_rate=1, activation=None,
                 use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        name = f"{type(self).__name__} {self.name}"
        self.rank = rank
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(f"{name}: filters must be a positive integer, got {filters!r}.")
        self.filters = filters
        self.kernel_size = _utils.standardize_tuple(kernel_size, rank, "kernel_size", name)
        self.strides = _utils.standardize_tuple(strides, rank, "strides", name)
        self.dilation_rate = _utils.standardize_tuple(dilation_rate, rank, "dilation_rate", name)
        self.output_padding = None if output_padding is None else _utils.standardize_tuple(
            output_padding, rank, "output_padding", name, allow_zero=True
        )
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
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
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
        # NOTE: Keras stores the transposed kernel as (spatial..., filters, in_channels).
        self.kernel = self.add_weight(
            shape=self.kernel_size + (self.filters, channels),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, name="kernel",
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(self.filters,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                name="bias",
            )
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={axis: channels})

    def call(self, inputs):
        outputs = ops.conv_transpose(
            inputs, ops.cast(self.kernel, self.compute_dtype), strides=self.strides,
            padding=self.padding, output_padding=self.output_padding,
            data_format=self.data_format, dilation_rate=self.dilation_rate,
        )
        if self.bias is not None:
            outputs = ops.add(outputs, _bias_for(self.bias, self.rank, self.data_format,
                                                 self.compute_dtype))
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.data_format == "channels_last":
            spatial = input_shape[1:-1]
        else:
            spatial = input_shape[2:]
        output_padding = self.output_padding or (None,) * self.rank
        out = tuple(
            deconv_output_length(length, k, s, d, self.padding, p)
            for length, k, s, d, p in zip(spatial, self.kernel_size, self.strides,
                                          self.dilation_rate, output_padding)
        )
        if self.data_format == "channels_last":
            return (input_shape[0],) + out + (self.filters,)
        return (input_shape[0], self.filters) + out

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "output_padding": self.output_padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": _utils.serialize(self.kernel_regularizer),
            "bias_regularizer": _utils.serialize(self.bias_regularizer),
            "activity_regularizer": _utils.serialize(self.activity_regularizer),
            "kernel_constraint": _utils.serialize(self.kernel_constraint),
            "bias_constraint": _utils.serialize(self.bias_constraint),
        }
