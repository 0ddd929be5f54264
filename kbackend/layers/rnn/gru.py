"""GRUCell and GRU (gate order z, r, h, as Keras; ``reset_after=True`` by default)."""

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
    "recurrent_initializer", "bias_initializer", "kernel_regularizer",
    "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout", "reset_after",
)


class GRUCell(Layer, DropoutRNNCell):
    """One step of a Gated Recurrent Unit.

    Weights: ``kernel`` (input_dim, 3 * units), ``recurrent_kernel`` (units, 3 * units)
    with the gates in the order update (z), reset (r), candidate (h); ``bias`` of shape
    (2, 3 * units) with ``reset_after=True`` (row 0 the input bias, row 1 the recurrent
    bias) or (3 * units,) otherwise.

    Args:
        units: size of the output and state.
        activation: candidate activation (default "tanh").
        recurrent_activation: gate activation (default "sigmoid").
        use_bias: whether to add biases.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: constraints.
        dropout: input dropout rate; recurrent_dropout: state dropout rate.
        reset_after: apply the reset gate after the recurrent matrix product.
        seed: seed for the dropout masks.

    Returns:
        Called as ``cell(inputs, [h])``: ``(h, [h])``.

    Example:
    >>> from kbackend import ops
    >>> cell = GRUCell(3)
    >>> h, _ = cell(ops.ones((2, 4)), [ops.zeros((2, 3))])
    >>> tuple(h.shape)
    (2, 3)
    """

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, reset_after=True, seed=None, **kwargs):
        kwargs.pop("implementation", None)
        super().__init__(**kwargs)
        self.units = check_units(units, f"GRUCell {self.name}")
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
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
        self.reset_after = bool(reset_after)
        self.seed = seed
        self.seed_generator = make_seed_generator(self, seed)
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape):
        units = self.units
        self.kernel = self.add_weight(
            shape=(input_shape[-1], 3 * units), initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
            name="kernel")
        self.recurrent_kernel = self.add_weight(
            shape=(units, 3 * units), initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint,
            name="recurrent_kernel")
        self.bias = None
        if self.use_bias:
            shape = (2, 3 * units) if self.reset_after else (3 * units,)
            self.bias = self.add_weight(
                shape=shape, initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                name="bias")

    def call(self, inputs, states, training=False):
        h_previous = states[0] if isinstance(states, (list, tuple)) else states
        dtype = self.compute_dtype
        if training:
            dp_mask = self.get_dropout_mask(inputs)
            rec_mask = self.get_recurrent_dropout_mask(h_previous)
            if dp_mask is not None:
                inputs = ops.multiply(inputs, dp_mask)
            if rec_mask is not None:
                h_previous = ops.multiply(h_previous, rec_mask)
        h_dropped = h_previous
        kernel = cast_weight(self.kernel, dtype)
        recurrent_kernel = cast_weight(self.recurrent_kernel, dtype)
        bias = cast_weight(self.bias, dtype)
        if bias is not None and self.reset_after:
            input_bias, recurrent_bias = bias[0], bias[1]
        else:
            input_bias, recurrent_bias = bias, None
        x = ops.matmul(inputs, kernel)
        if input_bias is not None:
            x = ops.add(x, input_bias)
        x_z, x_r, x_h = ops.split(x, 3, axis=-1)
        if self.reset_after:
            recurrent = ops.matmul(h_dropped, recurrent_kernel)
            if recurrent_bias is not None:
                recurrent = ops.add(recurrent, recurrent_bias)
            r_z, r_r, r_h = ops.split(recurrent, 3, axis=-1)
            z = self.recurrent_activation(ops.add(x_z, r_z))
            r = self.recurrent_activation(ops.add(x_r, r_r))
            candidate = ops.multiply(r, r_h)
        else:
            u_z, u_r, u_h = ops.split(recurrent_kernel, 3, axis=-1)
            z = self.recurrent_activation(ops.add(x_z, ops.matmul(h_dropped, u_z)))
            r = self.recurrent_activation(ops.add(x_r, ops.matmul(h_dropped, u_r)))
            candidate = ops.matmul(ops.multiply(r, h_dropped), u_h)
        hh = self.activation(ops.add(x_h, candidate))
        h = ops.add(ops.multiply(z, h_previous), ops.multiply(ops.subtract(1.0, z), hh))
        new_state = [h] if isinstance(states, (list, tuple)) else h
        return h, new_state

    def get_initial_state(self, batch_size=None):
        return [ops.zeros((batch_size, self.units), dtype=self.compute_dtype)]

    def get_config(self):
        return {**super().get_config(), **serialize_cell_arguments(self, _CELL_ARGS),
                "seed": self.seed}


class GRU(RNN):
    """Gated Recurrent Unit layer (Cho et al., 2014).

    Uses a fused engine kernel when nothing requires the generic loop (default
    activations, ``reset_after=True``, no masking, no dropout while training); the results
    are the same.

    Args:
        units ... seed: as in `GRUCell`.
        activity_regularizer: regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll: as in `RNN`.
        use_cudnn: "auto" (use a fused kernel when possible), True or False.

    Returns:
        (batch, units), or (batch, time, units) with ``return_sequences``; with
        ``return_state`` a list ``[output, h]``.

    Example:
    >>> from kbackend import ops
    >>> tuple(GRU(4)(ops.ones((2, 5, 3))).shape)
    (2, 4)
    """

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, reset_after=True, use_cudnn="auto", **kwargs):
        cell = GRUCell(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, reset_after=reset_after,
            seed=seed, dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
            name="gru_cell",
        )
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        if use_cudnn not in ("auto", True, False):
            raise ValueError(
                f"GRU {self.name}: use_cudnn must be 'auto', True or False, got "
                f"{use_cudnn!r}."
            )
        self.use_cudnn = use_cudnn

    def _fused_call(self, sequences, states, training):
        return fused_loop("gru", self, sequences, states, training)

    def get_config(self):
        return {**rnn_layer_config(self, _CELL_ARGS), "use_cudnn": self.use_cudnn}


forward_cell_attributes(GRU, _CELL_ARGS)
