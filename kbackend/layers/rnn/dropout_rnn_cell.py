"""DropoutRNNCell: the per-sequence dropout masks shared by the recurrent cells.

Note [rnn dropout masks]: one mask is drawn per sequence (not per step), as Keras does.
`RNN.call` asks the cell for its masks *before* the time loop starts, so the random draw
(and the seed generator's state update) happens outside ``ops.scan`` — inside a compiled
loop body (lax.scan, tf.while_loop) a state update could not escape. The cell then reads
the cached masks at every step, and `RNN` clears them when the sequence is done.
"""

from kbackend import ops, random


class DropoutRNNCell:
    """Mixin giving a cell cached input / recurrent dropout masks.

    The cell must define ``dropout``, ``recurrent_dropout`` and ``seed_generator``.

    Example:
    >>> from kbackend import layers, ops
    >>> cell = layers.LSTMCell(2, dropout=0.5, seed=1)
    >>> mask = cell.get_dropout_mask(ops.ones((1, 3)))
    >>> tuple(mask.shape)
    (1, 3)
    """

    def get_dropout_mask(self, step_input):
        """The input dropout mask for this sequence (None when ``dropout`` is 0)."""
        if getattr(self, "_dropout_mask", None) is None and self.dropout > 0:
            self._dropout_mask = random.dropout(
                ops.ones_like(step_input), rate=self.dropout, seed=self.seed_generator
            )
        return getattr(self, "_dropout_mask", None)

    def get_recurrent_dropout_mask(self, step_state):
        """The recurrent dropout mask for this sequence (None when it is 0)."""
        if getattr(self, "_recurrent_dropout_mask", None) is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_mask = random.dropout(
                ops.ones_like(step_state), rate=self.recurrent_dropout,
                seed=self.seed_generator,
            )
        return getattr(self, "_recurrent_dropout_mask", None)

    # NOTE: the resets assign only when a mask is cached: a cell is a Layer (an
    # nn.Module on torch), whose tracked __setattr__ costs more than the check, and an
    # absent attribute reads as None everywhere above.
    def reset_dropout_mask(self):
        """Forgets the input mask so the next sequence draws a new one."""
        if getattr(self, "_dropout_mask", None) is not None:
            self._dropout_mask = None

    def reset_recurrent_dropout_mask(self):
        """Forgets the recurrent mask so the next sequence draws a new one."""
        if getattr(self, "_recurrent_dropout_mask", None) is not None:
            self._recurrent_dropout_mask = None


def check_rate(value, name, layer_name):
    """Checks a dropout rate: a float in [0, 1)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value < 1:
        raise ValueError(
            f"{layer_name}: `{name}` must be a float in [0, 1), got {value!r}."
        )
    return float(value)


def check_units(value, layer_name):
    """Checks ``units``: a positive int."""
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(
            f"{layer_name}: units must be a positive integer, got {value!r}."
        )
    return value


def make_seed_generator(cell, seed):
    """A SeedGenerator only when the cell uses dropout.

    NOTE: a seed generator's state counts as a layer weight in kbackend; creating it only
    when needed keeps a plain LSTM's weights exactly Keras's (kernel, recurrent_kernel,
    bias) so weight files interoperate.
    """
    if cell.dropout > 0 or cell.recurrent_dropout > 0:
        return random.SeedGenerator(seed)
    return None
