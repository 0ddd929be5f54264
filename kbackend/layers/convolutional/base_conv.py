"""BaseConv: the shared body of Conv1D, Conv2D and Conv3D."""

from kbackend import activations, backends, constraints, initializers, ops, regularizers
from kbackend.layers.convolutional import _utils
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer


def conv_output_length(length, kernel, stride, dilation, padding):
    """Output length of a window op along one axis (None stays None)."""
    if length is None:
        return None
    if padding in ("same", "causal"):
        return -(-length // stride)
    effective = (kernel - 1) * dilation + 1
    return (length - effective) // stride + 1


# Note [engine conv bias]: an engine whose nn module defines `conv_with_bias` (torch: one
# F.conv*d call with its bias argument, Note [conv bias] there) computes `conv + bias`
# in one kernel, which saves a pass over the activation forward and backward. The layer
# uses it only where it computes exactly what `convolution_op` + add would: the stock
# `convolution_op` (subclasses may override it) and no causal padding. Other engines, and
# symbolic inputs, take the generic path. Looked up on first use: `backends.nn` loads
# lazily (Note [lazy engine modules]) and the engine is fixed per process.
_ENGINE_CONV_WITH_BIAS = []


def _engine_conv_with_bias():
    if not _ENGINE_CONV_WITH_BIAS:
        _ENGINE_CONV_WITH_BIAS.append(getattr(backends.nn, "conv_with_bias", None))
    return _ENGINE_CONV_WITH_BIAS[0]


class BaseConv(Layer):
    """N-D convolution layer (``rank`` spatial dims); see Conv1D/2D/3D for the public API.

    Args:
        rank: number of spatial dims (1, 2 or 3).
        filters: number of output channels.
        kernel_size: int or tuple of ``rank`` ints.
        strides: int or tuple of ``rank`` ints.
        padding: ``"valid"``, ``"same"`` or (rank 1 only) ``"causal"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or None (global setting).
        dilation_rate: int or tuple of ``rank`` ints.
        groups: number of channel groups; input channels and ``filters`` must divide by it.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        kernel_initializer, bias_initializer: initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: regularizers.
        kernel_constraint, bias_constraint: constraints.

    Example:
    >>> from kbackend import ops
    >>> layer = BaseConv(2, filters=4, kernel_size=3)
    >>> layer(ops.ones((1, 5, 5, 2))).shape
    (1, 3, 3, 4)
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        name = f"{type(self).__name__} {self.name}"
        self.rank = rank
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(f"{name}: filters must be a positive integer, got {filters!r}.")
        if not isinstance(groups, int) or groups <= 0:
            raise ValueError(f"{name}: groups must be a positive integer, got {groups!r}.")
        if filters % groups:
            raise ValueError(
                f"{name}: filters ({filters}) must be divisible by groups ({groups}); pick "
                "filters as a multiple of groups."
            )
        self.filters = filters
        self.groups = groups
        self.kernel_size = _utils.standardize_tuple(kernel_size, rank, "kernel_size", name)
        self.strides = _utils.standardize_tuple(strides, rank, "strides", name)
        self.dilation_rate = _utils.standardize_tuple(dilation_rate, rank, "dilation_rate", name)
        allowed = ("valid", "same", "causal") if rank == 1 else ("valid", "same")
        self.padding = _utils.standardize_padding(padding, name, allowed)
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

    def _input_channels(self, input_shape):
        channels = input_shape[_utils.channel_axis(self.data_format)]
        if channels is None:
            raise ValueError(
                f"{type(self).__name__} {self.name}: the channel dimension of the inputs must "
                f"be known, got input shape {tuple(input_shape)} with "
                f"data_format={self.data_format!r}."
            )
        return channels

    def build(self, input_shape):
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"{type(self).__name__} {self.name}: expected inputs of rank {self.rank + 2} "
                f"(batch, spatial x{self.rank}, channels), got shape {tuple(input_shape)}."
            )
        channels = self._input_channels(input_shape)
        if channels % self.groups:
            raise ValueError(
                f"{type(self).__name__} {self.name}: the number of input channels "
                f"({channels}, input shape {tuple(input_shape)}) must be divisible by "
                f"groups ({self.groups})."
            )
        self.kernel = self.add_weight(
            shape=self.kernel_size + (channels // self.groups, self.filters),
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
        self.input_spec = InputSpec(
            ndim=self.rank + 2, axes={_utils.channel_axis(self.data_format): channels}
        )

    def convolution_op(self, inputs, kernel):
        padding = self.padding
        if padding == "causal":
            # NOTE: causal = left-pad by the dilated kernel extent, then a "valid" conv, so
            # output step t only sees inputs <= t.
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            pad = [[0, 0], [left, 0], [0, 0]]
            if self.data_format == "channels_first":
                pad = [[0, 0], [0, 0], [left, 0]]
            inputs = ops.pad(inputs, pad)
            padding = "valid"
        return ops.conv(inputs, kernel, strides=self.strides, padding=padding,
                        data_format=self.data_format, dilation_rate=self.dilation_rate)

    def call(self, inputs):
        kernel = ops.cast(self.kernel, self.compute_dtype)
        conv_with_bias = _engine_conv_with_bias()
        if (
            conv_with_bias is not None
            and self.bias is not None
            and self.padding != "causal"
            and type(self).convolution_op is BaseConv.convolution_op
            and not isinstance(inputs, backends.KerasTensor)
        ):
            outputs = conv_with_bias(
                inputs, kernel, ops.cast(self.bias, self.compute_dtype), strides=self.strides,
                padding=self.padding, data_format=self.data_format,
                dilation_rate=self.dilation_rate,
            )
            return self.activation(outputs)
        outputs = self.convolution_op(inputs, kernel)
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
        out = tuple(
            conv_output_length(length, k, s, d, self.padding)
            for length, k, s, d in zip(spatial, self.kernel_size, self.strides,
                                       self.dilation_rate)
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
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
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


def _bias_for(bias, rank, data_format, dtype):
    """The bias reshaped to broadcast over the channel axis of a rank+2 tensor."""
    bias = ops.cast(bias, dtype)
    if data_format == "channels_last":
        return bias
    return ops.reshape(bias, (1, -1) + (1,) * rank)
