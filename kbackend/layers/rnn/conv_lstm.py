"""ConvLSTM1D/2D/3D: convolutional LSTM layers over sequences of 1D/2D/3D inputs."""

from kbackend import ops
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.rnn._cell_layer import forward_cell_attributes, rnn_layer_config
from kbackend.layers.rnn.conv_lstm_cell import CELL_ARGS, ConvLSTMCell
from kbackend.layers.rnn.rnn import RNN


class ConvLSTM(RNN):
    """Shared body of ConvLSTM1D/2D/3D (``rank`` spatial dims).

    Args:
        rank: number of spatial dims.
        filters ... seed: as in `ConvLSTMCell`.
        return_sequences, return_state, go_backwards, stateful: as in `RNN`.

    Returns:
        (batch, *spatial_out, filters) for channels_last (with a time axis after the batch
        when ``return_sequences``); with ``return_state`` a list ``[output, h, c]``.

    Example:
    >>> from kbackend import ops
    >>> layer = ConvLSTM(1, filters=2, kernel_size=3, data_format="channels_last")
    >>> tuple(layer(ops.ones((1, 4, 6, 3))).shape)
    (1, 4, 2)
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, activation="tanh",
                 recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, **kwargs):
        cell = ConvLSTMCell(
            rank, filters, kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation,
            recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, seed=seed,
            dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
            name="conv_lstm_cell",
        )
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.input_spec = InputSpec(ndim=rank + 3)
        self._sequences_shape = None

    def build(self, sequences_shape, initial_state_shape=None):
        self._sequences_shape = tuple(sequences_shape)
        super().build(sequences_shape)

    def get_initial_state(self, batch_size):
        shape = self._sequences_shape
        step_shape = (shape[0],) + tuple(shape[2:]) if shape is not None else None
        return self.cell.get_initial_state(batch_size=batch_size, step_shape=step_shape)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        # NOTE: the state's spatial size follows the actual input (None dims at build).
        self._sequences_shape = tuple(ops.shape(sequences))
        return super().call(sequences, initial_state=initial_state, mask=mask,
                            training=training)

    def get_config(self):
        config = rnn_layer_config(self, CELL_ARGS)
        config.pop("unroll", None)
        return config


forward_cell_attributes(ConvLSTM, CELL_ARGS)


class ConvLSTM1D(ConvLSTM):
    """1D convolutional LSTM.

    Input: (batch, time, dim, channels) for channels_last, (batch, time, channels,
    dim) for channels_first.

    Args:
        filters, kernel_size, strides, padding, data_format, dilation_rate, activation,
            recurrent_activation, use_bias, initializers, unit_forget_bias, regularizers,
            constraints, dropout, recurrent_dropout, seed, return_sequences, return_state,
            go_backwards, stateful: as in `ConvLSTM`.

    Returns:
        The last output (or the sequence, or ``[output, h, c]``).

    Example:
    >>> from kbackend import ops
    >>> layer = ConvLSTM1D(2, 3, padding="same", data_format="channels_last")
    >>> tuple(layer(ops.ones((1, 2, 4, 1))).shape)
    (1, 4, 2)
    """

    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(1, filters, kernel_size, **kwargs)


class ConvLSTM2D(ConvLSTM):
    """2D convolutional LSTM.

    Input: (batch, time, dim, dim, channels) for channels_last, (batch, time, channels,
    dim, dim) for channels_first.

    Args:
        filters, kernel_size, strides, padding, data_format, dilation_rate, activation,
            recurrent_activation, use_bias, initializers, unit_forget_bias, regularizers,
            constraints, dropout, recurrent_dropout, seed, return_sequences, return_state,
            go_backwards, stateful: as in `ConvLSTM`.

    Returns:
        The last output (or the sequence, or ``[output, h, c]``).

    Example:
    >>> from kbackend import ops
    >>> layer = ConvLSTM2D(2, 3, padding="same", data_format="channels_last")
    >>> tuple(layer(ops.ones((1, 2, 4, 4, 1))).shape)
    (1, 4, 4, 2)
    """

    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(2, filters, kernel_size, **kwargs)


class ConvLSTM3D(ConvLSTM):
    """3D convolutional LSTM.

    Input: (batch, time, dim, dim, dim, channels) for channels_last, (batch, time, channels,
    dim, dim, dim) for channels_first.

    Args:
        filters, kernel_size, strides, padding, data_format, dilation_rate, activation,
            recurrent_activation, use_bias, initializers, unit_forget_bias, regularizers,
            constraints, dropout, recurrent_dropout, seed, return_sequences, return_state,
            go_backwards, stateful: as in `ConvLSTM`.

    Returns:
        The last output (or the sequence, or ``[output, h, c]``).

    Example:
    >>> from kbackend import ops
    >>> layer = ConvLSTM3D(2, 3, padding="same", data_format="channels_last")
    >>> tuple(layer(ops.ones((1, 2, 4, 4, 4, 1))).shape)
    (1, 4, 4, 4, 2)
    """

    def __init__(self, filters, kernel_size, **kwargs):
        super().__init__(3, filters, kernel_size, **kwargs)
