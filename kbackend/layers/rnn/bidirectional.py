"""Bidirectional: runs a recurrent layer forwards and backwards and merges the results."""

import difflib

from kbackend import ops
from kbackend.layers.core.wrapper import Wrapper
from kbackend.layers.layer import Layer
from kbackend.saving import serialization_lib

MERGE_MODES = ("concat", "sum", "mul", "ave", None)


class Bidirectional(Wrapper):
    """Bidirectional wrapper for RNNs.

    Weights: the forward layer's, then the backward layer's.

    Args:
        layer: a recurrent layer (e.g. `LSTM`); its copy with ``go_backwards`` flipped
            runs the other direction unless ``backward_layer`` is given.
        merge_mode: "concat" (default), "sum", "mul", "ave" or None (return both
            outputs as a list).
        weights: optional initial weights (forward then backward).
        backward_layer: optional explicit recurrent layer for the backward direction.

    Returns:
        The merged output; with ``return_state`` a list ``[output, *forward_states,
        *backward_states]`` (``[forward, backward, *states]`` when merge_mode is None).

    Example:
    >>> from kbackend import layers, ops
    >>> layer = Bidirectional(layers.LSTM(3, return_sequences=True))
    >>> tuple(layer(ops.ones((2, 5, 4))).shape)
    (2, 5, 6)
    """

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None,
                 **kwargs):
        if not isinstance(layer, Layer) or not hasattr(layer, "go_backwards"):
            raise ValueError(
                f"Bidirectional: `layer` must be a recurrent Layer instance (with "
                f"`go_backwards`), got {layer!r}."
            )
        if merge_mode not in MERGE_MODES:
            close = difflib.get_close_matches(str(merge_mode), [m for m in MERGE_MODES if m])
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ValueError(
                f"Bidirectional: merge_mode must be one of {MERGE_MODES}, got "
                f"{merge_mode!r}.{hint}"
            )
        super().__init__(layer, **kwargs)
        config = serialization_lib.serialize_keras_object(layer)
        config["config"] = dict(config["config"], name="forward_" + layer.name)
        self.forward_layer = serialization_lib.deserialize_keras_object(config)
        if backward_layer is None:
            config = serialization_lib.serialize_keras_object(layer)
            config["config"] = dict(config["config"], name="backward_" + layer.name,
                                    go_backwards=not layer.go_backwards)
            self.backward_layer = serialization_lib.deserialize_keras_object(config)
        else:
            if not isinstance(backward_layer, Layer):
                raise ValueError(
                    f"Bidirectional: `backward_layer` must be a Layer instance, got "
                    f"{backward_layer!r}."
                )
            for attribute in ("return_sequences", "return_state", "stateful"):
                if getattr(backward_layer, attribute) != getattr(layer, attribute):
                    raise ValueError(
                        f"Bidirectional: forward and backward layers must agree on "
                        f"`{attribute}`; got {getattr(layer, attribute)} and "
                        f"{getattr(backward_layer, attribute)}."
                    )
            self.backward_layer = backward_layer
        # NOTE: `layer` itself is only a template (Keras keeps it untracked as well).
        self._tracked.pop("layer", None)
        self.merge_mode = merge_mode
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.stateful = layer.stateful
        self.supports_masking = True
        self._initial_weights = weights

    def build(self, sequences_shape, initial_state_shape=None):
        if not self.forward_layer.built:
            self.forward_layer.build(sequences_shape)
        if not self.backward_layer.built:
            self.backward_layer.build(sequences_shape)
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def call(self, sequences, initial_state=None, mask=None, training=False):
        kwargs = {"training": training}
        if mask is not None:
            kwargs["mask"] = mask
        forward_state = backward_state = None
        if initial_state is not None:
            states = list(initial_state)
            half = len(states) // 2
            if len(states) % 2:
                raise ValueError(
                    f"Bidirectional {self.name}: initial_state must hold the forward states "
                    f"then the backward states (an even count), got {len(states)} tensors."
                )
            forward_state, backward_state = states[:half], states[half:]
        forward = self.forward_layer(sequences, initial_state=forward_state, **kwargs)
        backward = self.backward_layer(sequences, initial_state=backward_state, **kwargs)
        if self.return_state:
            forward_states, backward_states = forward[1:], backward[1:]
            forward, backward = forward[0], backward[0]
        if self.return_sequences:
            # The backward layer emits outputs in processing order; align them in time.
            backward = ops.flip(backward, axis=1)
        if self.merge_mode == "concat":
            output = ops.concatenate([forward, backward], axis=-1)
        elif self.merge_mode == "sum":
            output = ops.add(forward, backward)
        elif self.merge_mode == "ave":
            output = ops.multiply(ops.add(forward, backward), 0.5)
        elif self.merge_mode == "mul":
            output = ops.multiply(forward, backward)
        else:
            output = [forward, backward]
        if self.return_state:
            outputs = output if isinstance(output, list) else [output]
            return outputs + list(forward_states) + list(backward_states)
        return output

    def reset_states(self, states=None):
        """Resets both directions' states (stateful layers only)."""
        if states is None:
            self.forward_layer.reset_states()
            self.backward_layer.reset_states()
            return
        half = len(states) // 2
        self.forward_layer.reset_states(states[:half])
        self.backward_layer.reset_states(states[half:])

    reset_state = reset_states

    def compute_mask(self, inputs, previous_mask=None):
        if isinstance(previous_mask, (list, tuple)):
            previous_mask = previous_mask[0]
        output_mask = previous_mask if self.return_sequences else None
        masks = [output_mask, output_mask] if self.merge_mode is None else [output_mask]
        if self.return_state:
            num_states = len(self.forward_layer.get_initial_state(1)) if self.built else 0
            return masks + [None] * (2 * num_states)
        return masks if self.merge_mode is None else output_mask

    def get_config(self):
        config = {**super().get_config(), "merge_mode": self.merge_mode}
        config["backward_layer"] = serialization_lib.serialize_keras_object(
            self.backward_layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if config.get("backward_layer") is not None:
            config["backward_layer"] = serialization_lib.deserialize_keras_object(
                config["backward_layer"], custom_objects=custom_objects)
        return super().from_config(config, custom_objects=custom_objects)
