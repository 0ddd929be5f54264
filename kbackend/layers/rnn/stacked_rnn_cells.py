"""StackedRNNCells: several cells run as one (each feeds the next)."""

from kbackend import tree
from kbackend.layers.layer import Layer
from kbackend.saving import serialization_lib


class StackedRNNCells(Layer):
    """Wraps a list of RNN cells so they behave as one cell.

    At each step the input goes through the cells in order; each cell's output is the
    next cell's input. States are a list with one entry (the cell's own state list) per
    cell.

    Args:
        cells: a list of RNN cells.

    Returns:
        As a cell: ``(last_cell_output, [states_of_cell_0, states_of_cell_1, ...])``.

    Example:
    >>> from kbackend import layers, ops
    >>> cells = [layers.SimpleRNNCell(3), layers.LSTMCell(2)]
    >>> layer = layers.RNN(StackedRNNCells(cells))
    >>> tuple(layer(ops.ones((2, 4, 5))).shape)
    (2, 2)
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        for cell in cells:
            if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
                raise ValueError(
                    f"StackedRNNCells: every cell needs a `call` method and a `state_size` "
                    f"attribute, got {cell!r}."
                )
        self.cells = list(cells)

    @property
    def state_size(self):
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self):
        last = self.cells[-1]
        size = getattr(last, "output_size", None)
        if size is not None:
            return size
        state_size = last.state_size
        return state_size if isinstance(state_size, int) else state_size[0]

    def get_initial_state(self, batch_size=None):
        from kbackend.layers.rnn.rnn import zero_state_for_size

        states = []
        for cell in self.cells:
            get_state = getattr(cell, "get_initial_state", None)
            if callable(get_state):
                cell_states = get_state(batch_size=batch_size)
            else:
                cell_states = zero_state_for_size(cell.state_size, batch_size,
                                                  self.compute_dtype)
            states.append(list(tree.flatten(cell_states)))
        return states

    def build(self, input_shape):
        shape = tuple(input_shape)
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell.build(shape)
            size = getattr(cell, "output_size", None)
            if size is None:
                state_size = cell.state_size
                size = state_size if isinstance(state_size, int) else state_size[0]
            shape = (shape[0],) + ((size,) if isinstance(size, int) else tuple(size))

    def call(self, inputs, states, training=False):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            kwargs = {}
            if isinstance(cell, Layer) and cell._call_takes_training:
                kwargs["training"] = training
            inputs, cell_new = cell(inputs, list(cell_states), **kwargs)
            new_states.append(list(tree.flatten(cell_new)))
        return inputs, new_states

    def get_config(self):
        return {**super().get_config(),
                "cells": [serialization_lib.serialize_keras_object(c) for c in self.cells]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["cells"] = [serialization_lib.deserialize_keras_object(
            c, custom_objects=custom_objects) for c in config["cells"]]
        return cls(**config)


