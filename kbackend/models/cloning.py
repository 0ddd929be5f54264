"""clone_model: a new model with the same architecture and fresh weights."""

from kbackend import tree
from kbackend.layers.core.input_layer import Input, InputLayer
from kbackend.saving import serialization_lib


def _default_clone(layer):
    return layer.__class__.from_config(layer.get_config())


def clone_model(model, input_tensors=None, clone_function=None, call_function=None,
                recursive=False, **kwargs):
    """Clones a Functional or Sequential model (new layers, newly initialized weights).

    Args:
        model: the model to clone.
        input_tensors: optional new input tensors (from `kbackend.Input`) to build on.
        clone_function: ``f(layer) -> new_layer`` used for every layer (default: rebuild
            from the layer's config).
        call_function: ``f(layer, *args, **kwargs) -> outputs`` to change how each cloned
            layer is called (Functional models).
        recursive: also clone nested models with clone_function.

    Returns:
        The new model.

    Example:
    >>> import kbackend
    >>> from kbackend import layers
    >>> x = layers.Input((3,))
    >>> m = kbackend.Model(x, layers.Dense(2)(x))
    >>> clone_model(m).count_params()
    8
    """
    from kbackend.models.functional import Functional
    from kbackend.models.sequential import Sequential

    clone_function = clone_function or _default_clone
    if isinstance(model, Sequential):
        layers = [clone_function(layer) if not (recursive and hasattr(layer, "_nodes"))
                  else clone_model(layer, clone_function=clone_function, recursive=True)
                  for layer in model.layers]
        clone = Sequential(name=model.name, trainable=model.trainable)
        if input_tensors is not None:
            clone.add(tree.flatten(input_tensors)[0])
        elif model._input_layer is not None:
            clone.add(Input(batch_shape=model._input_layer.batch_shape,
                            dtype=model._input_layer.dtype))
        for layer in layers:
            clone.add(layer)
        return clone
    if not isinstance(model, Functional):
        if hasattr(model, "get_config"):
            return serialization_lib.deserialize_keras_object(
                serialization_lib.serialize_keras_object(model))
        raise ValueError(
            f"clone_model expects a Functional or Sequential model, got {type(model).__name__}."
        )
    new_layers = {}
    for operation in model.operations:
        if isinstance(operation, InputLayer):
            continue
        if recursive and isinstance(operation, Functional):
            new_layers[id(operation)] = clone_model(
                operation, clone_function=clone_function, call_function=call_function,
                recursive=True)
        elif hasattr(operation, "built"):
            new_layers[id(operation)] = clone_function(operation)
        else:
            new_layers[id(operation)] = operation.__class__.from_config(operation.get_config())
    if input_tensors is None:
        new_inputs = [Input(batch_shape=x.shape, dtype=x.dtype,
                            name=x._keras_history.operation.name) for x in model.inputs]
    else:
        new_inputs = tree.flatten(input_tensors)
        if len(new_inputs) != len(model.inputs):
            raise ValueError(
                f"clone_model: the model has {len(model.inputs)} inputs but "
                f"{len(new_inputs)} input_tensors were given."
            )
    values = {id(old): new for old, new in zip(model.inputs, new_inputs)}

    def lookup(x):
        return values[id(x)] if id(x) in values else x

    for node in model._nodes:
        args, kwargs_ = tree.map_structure(lookup, node.arguments_structure)
        layer = new_layers[id(node.operation)]
        outputs = call_function(layer, *args, **kwargs_) if call_function else layer(
            *args, **kwargs_)
        for old, new in zip(node.outputs, tree.flatten(outputs)):
            values[id(old)] = new
    inputs = tree.pack_sequence_as(model._inputs_struct, new_inputs)
    outputs = tree.pack_sequence_as(model._outputs_struct,
                                    [values[id(x)] for x in model.outputs])
    return Functional(inputs, outputs, name=model.name)
