"""get_source_inputs: the Input tensors a symbolic tensor was computed from."""

from kbackend.backends.common.keras_tensor import KerasTensor


def get_source_inputs(tensor):
    """Returns the list of input KerasTensors that ``tensor`` depends on.

    Example:
    >>> import kbackend
    >>> from kbackend import layers
    >>> x = layers.Input((2,))
    >>> get_source_inputs(layers.Dense(1)(x))[0] is x
    True
    """
    if not isinstance(tensor, KerasTensor) or tensor._keras_history is None:
        raise ValueError(f"get_source_inputs expects a symbolic KerasTensor, got {tensor!r}.")
    found, seen, stack = [], set(), [tensor]
    while stack:
        x = stack.pop()
        operation, node_index, _ = x._keras_history
        node = operation._inbound_nodes[node_index]
        if node.is_input:
            if id(x) not in seen:
                seen.add(id(x))
                found.append(x)
            continue
        stack.extend(reversed(node.input_tensors))
    return found
