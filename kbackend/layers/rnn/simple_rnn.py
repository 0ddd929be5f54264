"""SimpleRNNCell and SimpleRNN: ``h_t = activation(x_t W + h_{t-1} U + b)``."""

from kbackend import activations, constraints, initializers, ops, regularizers
from kbackend.layers.layer import Layer
from kbackend.layers.rnn._cell_layer import (
    cast_weight,
    forward_cell_attributes,
    rnn_layer_config,
    serialize_cell_arguments,
)
from kbackend.layers.rnn.dropout_rnn_cell import (
    DropoutRNNCell,
    check_rate,
    check_units,
    make_seed_generator,
)
from kbackend.layers.rnn.rnn import RNN

_CELL_ARGS = (
    "units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer",
    "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
    "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
    "recurrent_dropout",
)


class SimpleRNNCell(Layer, DropoutRNNCell):
    """One step of a fully connected RNN.

    Weights: ``kernel`` (input_dim, units), ``recurrent_kernel`` (units, units),
    ``bias`` (units,).

    Args:
        units: size of the output and state.
        activation: activation (default "tanh").
        use_bias: whether to add a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: constraints.
        dropout: input dropout rate; recurrent_dropout: state dropout rate.
        seed: seed for the dropout masks.

    Returns:
        Called as ``cell(inputs, states)``: ``(output, [output])``.

    Example:
    >>> from kbackend import ops
    >>> cell = SimpleRNNCell(3)
    >>> out, states = cell(ops.ones((2, 4)), [ops.zeros((2, 3))])
    >>> tuple(out.shape)
    (2, 3)
    """

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.units = check_units(units, f"SimpleRNNCell {self.name}")
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
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
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape):
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.units), initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
            name="kernel")
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units), initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint,
            name="recurrent_kernel")
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(self.units,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                name="bias")

    def call(self, sequence, states, training=False):
        previous = states[0] if isinstance(states, (list, tuple)) else states
        dtype = self.compute_dtype
        if training:
            dp_mask = self.get_dropout_mask(sequence)
            rec_mask = self.get_recurrent_dropout_mask(previous)
            if dp_mask is not None:
                sequence = ops.multiply(sequence, dp_mask)
            if rec_mask is not None:
                previous = ops.multiply(previous, rec_mask)
        h = ops.matmul(sequence, cast_weight(self.kernel, dtype))
        if self.bias is not None:
            h = ops.add(h, cast_weight(self.bias, dtype))
        output = ops.add(h, ops.matmul(previous, cast_weight(self.recurrent_kernel, dtype)))
        if self.activation is not None:
            output = self.activation(output)
        new_state = [output] if isinstance(states, (list, tuple)) else output
        return output, new_state

    def get_initial_state(self, batch_size=None):
        return [ops.zeros((batch_size, self.units), dtype=self.compute_dtype)]

    def get_config(self):
        return {**super().get_config(), **serialize_cell_arguments(self, _CELL_ARGS),
                "seed": self.seed}


class SimpleRNN(RNN):
    """A fully connected RNN whose output is fed back as the next input state.

    Args:
        units, activation, use_bias, *_initializer, *_regularizer, *_constraint,
            dropout, recurrent_dropout, seed: as in `SimpleRNNCell`.
        activity_regularizer: regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll: as in `RNN`.

    Returns:
        (batch, units), or (batch, time, units) with ``return_sequences``; with
        ``return_state`` a list ``[output, final_state]``.

    Example:
    >>> from kbackend import ops
    >>> tuple(SimpleRNN(4)(ops.ones((2, 5, 3))).shape)
    (2, 4)
    """

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, seed=None, **kwargs):
        cell = SimpleRNNCell(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed,
            dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
            name="simple_rnn_cell",
        )
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)

    def get_config(self):
        return rnn_layer_config(self, _CELL_ARGS)


forward_cell_attributes(SimpleRNN, _CELL_ARGS)
