"""ConvLSTMCell: an LSTM step whose matrix products are convolutions."""

from kbackend import activations, constraints, initializers, ops, regularizers
from kbackend.layers.convolutional import _utils
from kbackend.layers.convolutional.base_conv import conv_output_length
from kbackend.layers.layer import Layer
from kbackend.layers.rnn._cell_layer import cast_weight, serialize_cell_arguments
from kbackend.layers.rnn.dropout_rnn_cell import DropoutRNNCell, check_rate, make_seed_generator

CELL_ARGS = (
    "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
    "activation", "recurrent_activation", "use_bias", "kernel_initializer",
    "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
    "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout",
)


class ConvLSTMCell(Layer, DropoutRNNCell):
    """One step of a convolutional LSTM (gate order i, f, c, o along the channels).

    Weights: ``kernel`` (kernel_size..., in_channels, 4 * filters), ``recurrent_kernel``
    (kernel_size..., filters, 4 * filters), ``bias`` (4 * filters,). The recurrent
    convolution uses stride 1 and "same" padding.

    Args:
        rank: number of spatial dims (1, 2 or 3).
        filters: output channels.
        kernel_size, strides, dilation_rate: int or tuple of ``rank`` ints.
        padding: "valid" or "same".
        data_format: "channels_last", "channels_first" or None (global setting).
        activation, recurrent_activation, use_bias, initializers, unit_forget_bias,
            regularizers, constraints, dropout, recurrent_dropout, seed: as in `LSTMCell`.

    Returns:
        Called as ``cell(inputs, [h, c])``: ``(h, [h, c])``.

    Example:
    >>> from kbackend import ops
    >>> cell = ConvLSTMCell(2, 3, 3, padding="same", data_format="channels_last")
    >>> h, _ = cell(ops.ones((1, 4, 4, 2)), [ops.zeros((1, 4, 4, 3))] * 2)
    >>> tuple(h.shape)
    (1, 4, 4, 3)
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, activation="tanh",
                 recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        name = f"ConvLSTMCell {self.name}"
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(f"{name}: filters must be a positive integer, got {filters!r}.")
        self.rank = rank
        self.filters = filters
        self.kernel_size = _utils.standardize_tuple(kernel_size, rank, "kernel_size", name)
        self.strides = _utils.standardize_tuple(strides, rank, "strides", name)
        self.dilation_rate = _utils.standardize_tuple(dilation_rate, rank, "dilation_rate",
                                                      name)
        self.padding = _utils.standardize_padding(padding, name)
        self.data_format = _utils.standardize_data_format(data_format, name)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = check_rate(dropout, "dropout", self.name)
        self.recurrent_dropout = check_rate(recurrent_dropout, "recurrent_dropout", self.name)
        self.seed = seed
        self.seed_generator = make_seed_generator(self, seed)
        self.state_size = -1  # NOTE: spatial; computed from the input by `state_shape`.
        self._step_shape = None

    @property
    def _channel_axis(self):
        return -1 if self.data_format == "channels_last" else 1

    def state_shape(self, step_shape):
        """The (batch-less) shape of h and c for a step input shape (with batch)."""
        if self.data_format == "channels_last":
            spatial = step_shape[1:-1]
        else:
            spatial = step_shape[2:]
        out = tuple(
            conv_output_length(length, k, s, d, self.padding)
            for length, k, s, d in zip(spatial, self.kernel_size, self.strides,
                                       self.dilation_rate)
        )
        if self.data_format == "channels_last":
            return out + (self.filters,)
        return (self.filters,) + out

    def build(self, input_shape):
        self._step_shape = tuple(input_shape)
        channels = input_shape[self._channel_axis]
        if channels is None:
            raise ValueError(
                f"ConvLSTMCell {self.name}: the channel dimension of the inputs must be "
                f"known, got input shape {tuple(input_shape)}."
            )
        filters = self.filters
        self.kernel = self.add_weight(
            shape=self.kernel_size + (channels, 4 * filters),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, name="kernel")
        self.recurrent_kernel = self.add_weight(
            shape=self.kernel_size + (filters, 4 * filters),
            initializer=self.recurrent_initializer, regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint, name="recurrent_kernel")
        self.bias = None
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:
                base = self.bias_initializer

                def initializer(shape, dtype=None):
                    ones = initializers.get("ones")
                    return ops.concatenate([
                        base((filters,), dtype=dtype), ones((filters,), dtype=dtype),
                        base((2 * filters,), dtype=dtype),
                    ])

            self.bias = self.add_weight(
                shape=(4 * filters,), initializer=initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                name="bias")

    def get_initial_state(self, batch_size=None, step_shape=None):
        shape = self.state_shape(step_shape or self._step_shape)
        if any(d is None for d in shape):
            raise ValueError(
                f"ConvLSTMCell {self.name}: the spatial dimensions must be known to build "
                f"the initial state, got step input shape {step_shape or self._step_shape}."
            )
        zeros = ops.zeros((batch_size,) + shape, dtype=self.compute_dtype)
        return [zeros, zeros]

    def call(self, inputs, states, training=False):
        h_previous, c_previous = states[0], states[1]
        dtype = self.compute_dtype
        if training:
            dp_mask = self.get_dropout_mask(inputs)
            rec_mask = self.get_recurrent_dropout_mask(h_previous)
            if dp_mask is not None:
                inputs = ops.multiply(inputs, dp_mask)
            if rec_mask is not None:
                h_previous = ops.multiply(h_previous, rec_mask)
        z = ops.conv(inputs, cast_weight(self.kernel, dtype), strides=self.strides,
                     padding=self.padding, data_format=self.data_format,
                     dilation_rate=self.dilation_rate)
        if self.bias is not None:
            bias = cast_weight(self.bias, dtype)
            if self.data_format == "channels_first":
                bias = ops.reshape(bias, (-1,) + (1,) * self.rank)
            z = ops.add(z, bias)
        z = ops.add(z, ops.conv(h_previous, cast_weight(self.recurrent_kernel, dtype),
                                strides=1, padding="same", data_format=self.data_format))
        z_i, z_f, z_c, z_o = ops.split(z, 4, axis=self._channel_axis)
        i = self.recurrent_activation(z_i)
        f = self.recurrent_activation(z_f)
        c = ops.add(ops.multiply(f, c_previous), ops.multiply(i, self.activation(z_c)))
        o = self.recurrent_activation(z_o)
        h = ops.multiply(o, self.activation(c))
        return h, [h, c]

    def get_config(self):
        return {**super().get_config(), "rank": self.rank,
                **serialize_cell_arguments(self, CELL_ARGS), "seed": self.seed}
