"""RNN: runs a recurrent cell over the time axis of a sequence.

Note [rnn loop]: the generic loop is one ``ops.scan`` over the time-major inputs (compiled
as ``lax.scan`` on jax, a ``tf.while_loop`` for dynamic lengths in tf graphs, a Python loop
eagerly). The carry is ``(states, previous_output)``; states keep the nested structure
the cell returned from `get_initial_state` (lists only, so compiled loops see the same
tree every step). A masked step keeps the previous states and repeats the previous output
(or emits zeros with ``zero_output_for_mask=True``). Layers such as LSTM may replace the
loop with a fused engine kernel (see `_fused_call`) when the result is identical.
"""

from kbackend import ops, tree
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer
from kbackend.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kbackend.layers.rnn.stacked_rnn_cells import StackedRNNCells
from kbackend.saving import serialization_lib


def _as_lists(structure):
    """Tuples -> lists, so the carry's tree type never changes between steps."""
    if isinstance(structure, (list, tuple)):
        return [_as_lists(s) for s in structure]
    return structure


def zero_state_for_size(state_size, batch_size, dtype):
    """Zero states for a ``state_size`` (int, shape tuple, or a list of those)."""
    if isinstance(state_size, int):
        return [ops.zeros((batch_size, state_size), dtype=dtype)]
    result = []
    for size in state_size:
        shape = (size,) if isinstance(size, int) else tuple(size)
        result.append(ops.zeros((batch_size,) + shape, dtype=dtype))
    return result


class RNN(Layer):
    """Base class for recurrent layers: applies ``cell`` to every timestep.

    Args:
        cell: an RNN cell (a layer with ``call(inputs, states)`` returning
            ``(output, new_states)`` and a ``state_size`` attribute, optionally
            ``output_size`` and ``get_initial_state(batch_size)``), or a list of cells
            (stacked with `StackedRNNCells`).
        return_sequences: return the whole output sequence instead of the last output.
        return_state: also return the final states (after the output).
        go_backwards: process the sequence backwards (outputs come in processing order).
        stateful: keep the final states of a batch as the initial states of the next
            (the batch size must be fixed); `reset_states` clears them.
        unroll: unroll the time loop (compiled engines; needs a known length).
        zero_output_for_mask: emit zeros (instead of the previous output) at masked steps.

    Call arguments: ``sequences`` (batch, time, ...), ``initial_state`` (a list of tensors),
    ``mask`` (batch, time) booleans, ``training``.

    Returns:
        The output (batch, units) or (batch, time, units); with ``return_state`` a list
        ``[output, *final_states]``.

    Example:
    >>> from kbackend import layers, ops
    >>> layer = RNN(layers.SimpleRNNCell(4), return_sequences=True)
    >>> tuple(layer(ops.ones((2, 5, 3))).shape)
    (2, 5, 4)
    """

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, zero_output_for_mask=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
            raise ValueError(
                f"RNN: `cell` must have a `call` method and a `state_size` attribute, got "
                f"{cell!r}. Pass a cell such as layers.LSTMCell(units), or a list of cells."
            )
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.states = None
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=3)

    # --- building ------------------------------------------------------------------------
    def build(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        if len(sequences_shape) < 3:
            raise ValueError(
                f"RNN {self.name}: inputs must be at least 3D (batch, time, features), got "
                f"shape {sequences_shape}."
            )
        step_shape = (sequences_shape[0],) + sequences_shape[2:]
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell.build(step_shape)
        if self.stateful and self.states is None:
            if sequences_shape[0] is None:
                raise ValueError(
                    f"RNN {self.name}: stateful=True needs a fixed batch size, got input "
                    f"shape {sequences_shape}. Pass `batch_size=` to Input (or "
                    "`batch_input_shape`)."
                )
            zeros = tree.flatten(self.get_initial_state(sequences_shape[0]))
            self.states = [
                self.add_weight(shape=tuple(z.shape), initializer="zeros", trainable=False,
                                name="rnn_state")
                for z in zeros
            ]
            for state in self.states:
                state._is_seed_state = True  # step state, not a weight (as in Keras 3)

    # --- states --------------------------------------------------------------------------
    def get_initial_state(self, batch_size):
        """Zero initial states, nested like the cell's ``state_size``."""
        dtype = self.compute_dtype
        get_state = getattr(self.cell, "get_initial_state", None)
        if callable(get_state):
            return _as_lists(get_state(batch_size=batch_size))
        return zero_state_for_size(self.cell.state_size, batch_size, dtype)

    def reset_states(self, states=None):
        """Resets a stateful layer's states to zeros (or to the given arrays)."""
        if not self.stateful:
            raise ValueError(
                f"RNN {self.name}: reset_states() needs stateful=True; this layer is not "
                "stateful."
            )
        if self.states is None:
            return
        if states is None:
            for variable in self.states:
                variable.assign(ops.zeros(variable.shape, dtype=variable.dtype))
            return
        states = tree.flatten(states)
        if len(states) != len(self.states):
            raise ValueError(
                f"RNN {self.name}: reset_states expected {len(self.states)} arrays, got "
                f"{len(states)}."
            )
        for variable, value in zip(self.states, states):
            if tuple(ops.shape(value)) != tuple(variable.shape):
                raise ValueError(
                    f"RNN {self.name}: state shape {tuple(variable.shape)} does not match "
                    f"the given value's shape {tuple(ops.shape(value))}."
                )
            variable.assign(value)

    reset_state = reset_states

    def _initial_states(self, sequences, initial_state):
        structure = self.get_initial_state(ops.shape(sequences)[0])
        if initial_state is None:
            if self.stateful:
                flat = [ops.cast(v.value, self.compute_dtype) for v in self.states]
                return tree.unflatten_as(structure, flat)
            return structure
        flat = tree.flatten(initial_state)
        expected = tree.flatten(structure)
        if len(flat) != len(expected):
            raise ValueError(
                f"RNN {self.name}: initial_state has {len(flat)} tensors, but the cell "
                f"expects {len(expected)} (state_size={self.cell.state_size!r}). Pass one "
                "tensor per state, e.g. [h, c] for an LSTM."
            )
        flat = [ops.cast(ops.convert_to_tensor(s), self.compute_dtype) for s in flat]
        for given, wanted in zip(flat, expected):
            if tuple(ops.shape(given))[1:] != tuple(ops.shape(wanted))[1:]:
                raise ValueError(
                    f"RNN {self.name}: an initial state has shape {tuple(ops.shape(given))}, "
                    f"expected (batch,) + {tuple(ops.shape(wanted))[1:]}."
                )
        return tree.unflatten_as(structure, flat)

    # --- calling -------------------------------------------------------------------------
    def call(self, sequences, initial_state=None, mask=None, training=False):
        states = self._initial_states(sequences, initial_state)
        if mask is not None:
            mask = ops.cast(mask, "bool")
            if isinstance(mask, (list, tuple)):
                mask = mask[0]
        cell = self.cell
        try:
            self._prepare_dropout(cell, sequences, states, training)
            result = None
            if mask is None:
                result = self._fused_call(sequences, states, training)
            if result is None:
                result = self._scan(sequences, states, mask, training)
        finally:
            _reset_dropout(cell)
        last_output, outputs, final_states = result
        if self.stateful:
            for variable, value in zip(self.states, tree.flatten(final_states)):
                variable.assign(ops.cast(value, variable.dtype))
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return [output] + tree.flatten(final_states)
        return output

    def _fused_call(self, sequences, states, training):
        """Engine-fused loop for subclasses; None means use the generic scan."""
        return None

    def _prepare_dropout(self, cell, sequences, states, training):
        # Note [rnn dropout masks]: draw the masks before the loop starts.
        cells = cell.cells if isinstance(cell, StackedRNNCells) else [cell]
        if not training or not any(_has_dropout(one) for one in cells):
            return
        first_step = sequences[:, 0]
        for index, one in enumerate(cells):
            if isinstance(one, DropoutRNNCell):
                if index == 0:
                    one.get_dropout_mask(first_step)
                elif one.dropout > 0:
                    # The input of a stacked cell is the previous cell's output.
                    prev_state = tree.flatten(states[index - 1])[0]
                    one.get_dropout_mask(prev_state)
                own = states[index] if len(cells) > 1 else states
                one.get_recurrent_dropout_mask(tree.flatten(own)[0])

    def _cell_kwargs(self, training):
        cell = self.cell
        if isinstance(cell, Layer) and cell._call_takes_training:
            return {"training": training}
        return {}

    def _initial_output(self, states):
        size = getattr(self.cell, "output_size", None)
        first = tree.flatten(states)[0]
        if isinstance(size, int):
            return ops.zeros((ops.shape(first)[0], size), dtype=first.dtype)
        return ops.zeros_like(first)

    def _scan(self, sequences, states, mask, training):
        cell_kwargs = self._cell_kwargs(training)
        cell = self.cell
        inputs = ops.moveaxis(sequences, 1, 0)
        if mask is not None:
            mask = ops.moveaxis(mask, 1, 0)
        if self.go_backwards:
            inputs = ops.flip(inputs, axis=0)
            if mask is not None:
                mask = ops.flip(mask, axis=0)
        structure = states

        def run_cell(x, step_states):
            output, new_states = cell(x, step_states, **cell_kwargs)
            flat = tree.flatten(new_states)
            return output, tree.unflatten_as(structure, flat)

        if mask is None:
            def step(carry, x):
                output, new_states = run_cell(x, carry)
                return new_states, output

            final_states, outputs = ops.scan(step, states, inputs, unroll=self.unroll)
            last_output = outputs[-1]
        else:
            zero_output = self.zero_output_for_mask

            def step(carry, xs):
                step_states, previous = carry
                x, keep = xs
                output, new_states = run_cell(x, step_states)
                new_states = tree.map_structure(
                    lambda new, old: ops.where(_expand(keep, new), new, old),
                    new_states, step_states,
                )
                kept = ops.where(_expand(keep, output), output, previous)
                emitted = (
                    ops.where(_expand(keep, output), output, ops.zeros_like(output))
                    if zero_output else kept
                )
                return (new_states, kept), emitted

            init = (states, self._initial_output(states))
            (final_states, last_output), outputs = ops.scan(
                step, init, (inputs, mask), unroll=self.unroll
            )
        outputs = ops.moveaxis(outputs, 0, 1)
        return last_output, outputs, final_states

    def compute_mask(self, inputs, previous_mask=None):
        if isinstance(previous_mask, (list, tuple)):
            previous_mask = previous_mask[0]
        output_mask = previous_mask if self.return_sequences else None
        if self.return_state:
            num_states = len(tree.flatten(self.get_initial_state(1))) if self.built else 0
            return [output_mask] + [None] * num_states
        return output_mask

    def get_config(self):
        config = {
            **super().get_config(),
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
            "cell": serialization_lib.serialize_keras_object(self.cell),
        }
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if "cell" in config:
            config["cell"] = serialization_lib.deserialize_keras_object(
                config["cell"], custom_objects=custom_objects)
        return super().from_config(config)


def _expand(keep, like):
    """Broadcasts a (batch,) step mask against a (batch, ...) tensor."""
    for _ in range(len(ops.shape(like)) - 1):
        keep = ops.expand_dims(keep, -1)
    return keep


def _has_dropout(cell):
    # A DropoutRNNCell with both rates 0 draws no mask (its getters return None).
    return isinstance(cell, DropoutRNNCell) and (
        cell.dropout > 0 or cell.recurrent_dropout > 0)


def _reset_dropout(cell):
    cells = cell.cells if isinstance(cell, StackedRNNCells) else [cell]
    for one in cells:
        if isinstance(one, DropoutRNNCell):
            one.reset_dropout_mask()
            one.reset_recurrent_dropout_mask()
