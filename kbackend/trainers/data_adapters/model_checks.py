"""Checks, before training starts, that the data's inputs can feed the model's inputs."""

import difflib

import numpy as np

from kbackend import tree


def model_input_spec(model):
    """``(input_structure, flat_input_tensors)`` of a Functional/Sequential model, or None.

    A subclassed model (or a Sequential not built yet) declares no inputs: nothing to check.
    """
    for candidate in (model, getattr(model, "_functional", None)):
        if candidate is None:
            continue
        flat = candidate.__dict__.get("_flat_inputs")
        if flat:
            return candidate.__dict__.get("_inputs_struct", flat), list(flat)
    return None


def _input_name(tensor, index):
    history = getattr(tensor, "_keras_history", None)
    operation = getattr(history, "operation", None)
    return getattr(operation, "name", None) or f"input_{index}"


def check_inputs(model, x):
    """Raises a clear ValueError when ``x`` (NumPy, a batch or all the data) cannot feed
    ``model``: wrong number of inputs, unknown or missing dict keys, wrong rank or size.

    Args:
        model: the model about to be trained / evaluated / run.
        x: the inputs of one batch, or of all the data (NumPy leaves).

    Returns:
        None.

    Example:
    >>> import kbackend
    >>> from kbackend import layers
    >>> model = kbackend.Sequential([layers.Input((3,)), layers.Dense(1)])
    >>> check_inputs(model, np.zeros((2, 3)))
    """
    spec = model_input_spec(model)
    if spec is None:
        return
    structure, tensors = spec
    names = [_input_name(t, i) for i, t in enumerate(tensors)]
    model_name = getattr(model, "name", type(model).__name__)
    if isinstance(x, dict):
        keys = list(structure) if isinstance(structure, dict) else names
        by_key = (
            dict(zip(sorted(structure), tree.flatten(structure)))
            if isinstance(structure, dict) else dict(zip(names, tensors))
        )
        unknown = [k for k in x if k not in keys]
        if unknown:
            hints = {
                k: difflib.get_close_matches(str(k), [str(n) for n in keys], n=1)
                for k in unknown
            }
            hint = "; ".join(f"{k!r}: did you mean {v[0]!r}?" for k, v in hints.items() if v)
            raise ValueError(
                f"The data has input key(s) {unknown} that model {model_name!r} does not "
                f"have; its inputs are named {keys}. {hint}".rstrip()
            )
        missing = [k for k in keys if k not in x]
        if missing:
            raise ValueError(
                f"Model {model_name!r} expects inputs {keys}, but the data has no "
                f"{missing}; it has keys {list(x)}."
            )
        pairs = [(k, x[k], by_key[k]) for k in keys]
    else:
        flat = tree.flatten(x)
        if len(flat) != len(tensors):
            raise ValueError(
                f"Model {model_name!r} expects {len(tensors)} input(s) {names}, but the "
                f"data's x has {len(flat)} array(s). Pass one array per input (a list in "
                "input order, or a dict keyed by input name)."
            )
        pairs = list(zip(names, flat, tensors))
    for name, array, tensor in pairs:
        _check_shape(name, array, tensor)


def _check_shape(name, array, tensor):
    if array is None:
        return
    data_shape = tuple(np.shape(array))
    expected = tuple(tensor.shape)
    # Keras 3 accepts a rank one lower or higher when the odd dimension is 1
    # (data (n,) for Input((1,)), or (n, 1) for Input(())).
    if len(data_shape) == len(expected) + 1 and data_shape[-1] == 1:
        data_shape = data_shape[:-1]
    elif len(data_shape) + 1 == len(expected) and expected[-1] == 1:
        expected = expected[:-1]
    if len(data_shape) != len(expected):
        raise ValueError(
            f"Input {name!r} expects rank {len(tensor.shape)} data (shape "
            f"{tuple(tensor.shape)}, None = any size), but the data for it has rank "
            f"{len(np.shape(array))} (shape {tuple(np.shape(array))}). Reshape the data "
            "or change the model's Input shape."
        )
    for axis, (got, want) in enumerate(zip(data_shape[1:], expected[1:]), start=1):
        if want is not None and got != want:
            raise ValueError(
                f"Input {name!r} expects shape {tuple(tensor.shape)} (None = any size), "
                f"but the data for it has shape {tuple(np.shape(array))} (axis {axis}: "
                f"{got} instead of {want})."
            )
