"""Shared pieces of the cell-backed layers (SimpleRNN, LSTM, GRU, ConvLSTM)."""

from kbackend import activations, constraints, initializers, regularizers


def serialize_cell_arguments(cell, names):
    """The cell's constructor arguments in a layer config (Keras's flat layout)."""
    config = {}
    for name in names:
        value = getattr(cell, name)
        if name.endswith("activation"):
            value = activations.serialize(value)
        elif name.endswith("initializer"):
            value = initializers.serialize(value)
        elif name.endswith("regularizer"):
            value = regularizers.serialize(value)
        elif name.endswith("constraint"):
            value = constraints.serialize(value)
        config[name] = value
    return config


def forward_cell_attributes(cls, names):
    """Adds read-only properties so ``layer.units`` etc. read the cell's value."""
    for name in names:
        if name in cls.__dict__:
            continue
        setattr(cls, name, property(lambda self, _n=name: getattr(self.cell, _n)))
    return cls


def rnn_layer_config(layer, cell_names):
    """A cell-backed layer's config: RNN arguments plus the cell's, without ``cell``."""
    from kbackend.layers.rnn.rnn import RNN

    config = RNN.get_config(layer)
    config.pop("cell", None)
    config.pop("zero_output_for_mask", None)
    config.update(serialize_cell_arguments(layer.cell, cell_names))
    config["activity_regularizer"] = regularizers.serialize(layer.activity_regularizer)
    config["seed"] = layer.cell.seed
    return config


def cast_weight(variable, dtype):
    from kbackend import ops

    return None if variable is None else ops.cast(variable, dtype)
