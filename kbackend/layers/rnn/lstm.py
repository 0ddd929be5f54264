"""LSTMCell and LSTM (gate order i, f, c, o, as Keras)."""

from kbackend import activations, constraints, initializers, ops, regularizers
from kbackend.layers.layer import Layer
from kbackend.layers.rnn._cell_layer import (
    cast_weight,
    forward_cell_attributes,
    rnn_layer_config,
    serialize_cell_arguments,
)
from kbackend.layers.rnn._fused import fused_loop
from kbackend.layers.rnn.dropout_rnn_cell import (
    DropoutRNNCell,
    check_rate,
    check_units,
    make_seed_generator,
)
from kbackend.layers.rnn.rnn import RNN

_CELL_ARGS = (
    "units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
    "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
    "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout",
)


class LSTMCell(Layer, DropoutRNNCell):
    """One step of a Long Short-Term Memory layer.

    Weights: ``kernel`` (input_dim, 4 * units), ``recurrent_kernel`` (units, 4 * units),
    ``bias`` (4 * units,), each with the gates in the order input, forget, cell, output.

    Args:
        units: size of the output and of each state.
        activation: cell/output activation (default "tanh").
        recurrent_activation: gate activation (default "sigmoid").
        use_bias: whether to add a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers.
        unit_forget_bias: add 1 to the forget gate's bias at initialization.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: constraints.
        dropout: input dropout rate; recurrent_dropout: dropout rate of ``h``.
        seed: seed for the dropout masks.

    Returns:
        Called as ``cell(inputs, [h, c])``: ``(h, [h, c])``.

    Example:
    >>> from kbackend import ops
    >>> cell = LSTMCell(3)
    >>> h, (h2, c) = cell(ops.ones((2, 4)), [ops.zeros((2, 3)), ops.zeros((2, 3))])
    >>> tuple(c.shape)
    (2, 3)
    """

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        kwargs.pop("implementation", None)
        super().__init__(**kwargs)
        self.units = check_units(units, f"LSTMCell {self.name}")
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
        self.state_size = [self.units, self.units]
        self.output_size = self.units

    def build(self, input_shape):
        units = self.units
        self.kernel = self.add_weight(
            shape=(input_shape[-1], 4 * units), initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
            name="kernel")
        self.recurrent_kernel = self.add_weight(
            shape=(units, 4 * units), initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint,
            name="recurrent_kernel")
        self.bias = None
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:
                base = self.bias_initializer

                def initializer(shape, dtype=None):
                    ones = initializers.get("ones")
                    return ops.concatenate([
                        base((units,), dtype=dtype), ones((units,), dtype=dtype),
                        base((2 * units,), dtype=dtype),
                    ])

            self.bias = self.add_weight(
                shape=(4 * units,), initializer=initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                name="bias")

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
        z = ops.add(ops.matmul(inputs, cast_weight(self.kernel, dtype)),
                    ops.matmul(h_previous, cast_weight(self.recurrent_kernel, dtype)))
        if self.bias is not None:
            z = ops.add(z, cast_weight(self.bias, dtype))
        z_i, z_f, z_c, z_o = ops.split(z, 4, axis=-1)
        i = self.recurrent_activation(z_i)
        f = self.recurrent_activation(z_f)
        c = ops.add(ops.multiply(f, c_previous), ops.multiply(i, self.activation(z_c)))
        o = self.recurrent_activation(z_o)
        h = ops.multiply(o, self.activation(c))
        return h, [h, c]

    def get_initial_state(self, batch_size=None):
        return [ops.zeros((batch_size, self.units), dtype=self.compute_dtype)
                for _ in range(2)]

    def get_config(self):
        return {**super().get_config(), **serialize_cell_arguments(self, _CELL_ARGS),
                "seed": self.seed}


class LSTM(RNN):
    """Long Short-Term Memory layer (Hochreiter & Schmidhuber, 1997).

    Uses a fused engine kernel when nothing requires the generic loop (default
    activations, no masking, no dropout while training, ``use_cudnn`` not False); the
    results are the same.

    Args:
        units ... seed: as in `LSTMCell`.
        activity_regularizer: regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll: as in `RNN`.
        use_cudnn: "auto" (use a fused kernel when possible), True or False.

    Returns:
        (batch, units), or (batch, time, units) with ``return_sequences``; with
        ``return_state`` a list ``[output, h, c]``.

    Example:
    >>> from kbackend import ops
    >>> outputs, h, c = LSTM(4, return_sequences=True, return_state=True)(
    ...     ops.ones((2, 5, 3)))
    >>> tuple(outputs.shape), tuple(c.shape)
    ((2, 5, 4), (2, 4))
    """

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, use_cudnn="auto",
                 **kwargs):
        cell = LSTMCell(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed,
            dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
            name="lstm_cell",
        )
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        if use_cudnn not in ("auto", True, False):
            raise ValueError(
                f"LSTM {self.name}: use_cudnn must be 'auto', True or False, got "
                f"{use_cudnn!r}."
            )
        self.use_cudnn = use_cudnn

    def _fused_call(self, sequences, states, training):
        return fused_loop("lstm", self, sequences, states, training)

    def get_config(self):
        return {**rnn_layer_config(self, _CELL_ARGS), "use_cudnn": self.use_cudnn}


forward_cell_attributes(LSTM, _CELL_ARGS)
