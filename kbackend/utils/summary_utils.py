"""model.summary(): the table of layers, output shapes and parameter counts."""

import numpy as np

from kbackend import tree
from kbackend.backends.common import dtypes

_HEAVY = {"top": "┏━┳┓", "header_sep": "┡━╇┩"}
_LIGHT = {"row_sep": "├─┼┤", "bottom": "└─┴┘"}


def readable_memory_size(num_bytes):
    """Formats a byte count like Keras: ``"215.04 KB"``.

    Example:
    >>> readable_memory_size(220200)
    '215.04 KB'
    """
    units = ["B", "KB", "MB", "GB", "TB"]
    size = float(num_bytes)
    for unit in units:
        if size < 1024 or unit == units[-1]:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} TB"


def _weights_size(variables):
    count, size = 0, 0
    for v in variables:
        n = int(np.prod(v.shape)) if v.shape else 1
        count += n
        size += n * np.dtype(dtypes.numpy_dtype(v.dtype)).itemsize
    return count, size


def _format_shape(shape):
    if isinstance(shape, tuple) and all(d is None or isinstance(d, int) for d in shape):
        return "(" + ", ".join("None" if d is None else str(d) for d in shape) + (
            ",)" if len(shape) == 1 else ")")
    if isinstance(shape, dict):
        return "{" + ", ".join(f"{k}: {_format_shape(v)}" for k, v in shape.items()) + "}"
    if isinstance(shape, (list, tuple)):
        return "[" + ", ".join(_format_shape(s) for s in shape) + "]"
    return str(shape)


def _output_shape(layer, model):
    nodes = layer._inbound_nodes
    if model is not None and hasattr(model, "_nodes"):
        own = [n for n in nodes if n in model._nodes or n.is_input]
        nodes = own or nodes
    if not nodes:
        return "?"
    outputs = nodes[0].outputs
    shapes = [x.shape for x in outputs if hasattr(x, "shape")]
    if not shapes:
        return "?"
    return _format_shape(shapes[0] if len(shapes) == 1 else shapes)


def _connections(layer, model):
    from kbackend.backends.common.keras_tensor import KerasTensor

    refs = []
    for node in layer._inbound_nodes:
        if node not in model._nodes:
            continue
        for x in tree.flatten(node.arguments_structure):
            if isinstance(x, KerasTensor) and x._keras_history is not None:
                operation, node_index, tensor_index = x._keras_history
                refs.append(f"{operation.name}[{node_index}][{tensor_index}]")
    return refs or ["-"]


def _is_sequential_like(model):
    nodes = getattr(model, "_nodes", None)
    if nodes is None:
        return True
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        return False
    for node in nodes:
        if len(node.input_tensors) != 1 or len(node.outputs) != 1:
            return False
        if len(node.operation._inbound_nodes) > 1:
            return False
    return True


def _fit(text, width, align_right=False):
    text = str(text)
    if len(text) > width:
        return text[: max(width - 1, 0)] + "…"
    return text.rjust(width) if align_right else text.ljust(width)


def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False,
                  show_trainable=False, layer_range=None):
    """Prints (or sends to ``print_fn``) the summary table of ``model``."""
    print_fn = print_fn or print
    sequential_like = _is_sequential_like(model)
    headers = ["Layer (type)", "Output Shape", "Param #"]
    if sequential_like:
        line_length = line_length or 88
        positions = positions or [0.45, 0.84, 1.0]
    else:
        line_length = line_length or 108
        positions = positions or [0.3, 0.55, 0.67, 1.0]
        headers.append("Connected to")
    if show_trainable:
        line_length += 11
        positions = [p * (line_length - 11) / line_length for p in positions] + [1.0]
        headers.append("Trainable")
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    widths = [b - a - 3 for a, b in zip([0] + positions[:-1], positions)]
    right = {2}

    def row(cells, chars):
        left, _, middle, end = chars
        parts = [" " + _fit(c, w, i in right) + " " for i, (c, w) in enumerate(zip(cells, widths))]
        return left + middle.join(parts) + end

    def rule(chars):
        left, fill, middle, end = chars
        return left + middle.join(fill * (w + 2) for w in widths) + end

    layers = list(getattr(model, "operations", model.layers))
    if layer_range is not None:
        names = [layer.name for layer in layers]
        if len(layer_range) != 2 or any(n not in names for n in layer_range):
            raise ValueError(
                f"summary: layer_range must name two layers of the model, got {layer_range}; "
                f"layers are {names}."
            )
        layers = layers[names.index(layer_range[0]): names.index(layer_range[1]) + 1]

    rows = []

    def add_rows(owner, layer_list, prefix=""):
        for layer in layer_list:
            if not hasattr(layer, "count_params"):
                params = "0"
            else:
                params = f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"
            cells = [f"{prefix}{layer.name} ({type(layer).__name__})",
                     _output_shape(layer, owner), params]
            if not sequential_like:
                cells.append(", ".join(_connections(layer, owner)) if hasattr(
                    owner, "_nodes") else "-")
            if show_trainable:
                cells.append("Y" if getattr(layer, "trainable", False) else "-")
            rows.append(cells)
            if expand_nested and getattr(layer, "layers", None):
                add_rows(layer, layer.layers, prefix + "  ")

    add_rows(model, layers)
    print_fn(f'Model: "{model.name}"')
    print_fn(rule(_HEAVY["top"]))
    print_fn(row(headers, ("┃", " ", "┃", "┃")))
    print_fn(rule(_HEAVY["header_sep"]))
    for i, cells in enumerate(rows):
        print_fn(row(cells, ("│", " ", "│", "│")))
        if i < len(rows) - 1:
            print_fn(rule(_LIGHT["row_sep"]))
    print_fn(rule(_LIGHT["bottom"]))
    trainable_count, trainable_size = _weights_size(model.trainable_weights)
    frozen_count, frozen_size = _weights_size(model.non_trainable_weights)
    optimizer = getattr(model, "optimizer", None)
    optimizer_count, optimizer_size = (0, 0)
    if optimizer is not None and getattr(optimizer, "built", False):
        optimizer_count, optimizer_size = _weights_size(optimizer.variables)
    total = trainable_count + frozen_count + optimizer_count
    total_size = trainable_size + frozen_size + optimizer_size
    print_fn(f" Total params: {total:,} ({readable_memory_size(total_size)})")
    print_fn(f" Trainable params: {trainable_count:,} ({readable_memory_size(trainable_size)})")
    print_fn(f" Non-trainable params: {frozen_count:,} ({readable_memory_size(frozen_size)})")
    if optimizer_count:
        print_fn(
            f" Optimizer params: {optimizer_count:,} ({readable_memory_size(optimizer_size)})"
        )
