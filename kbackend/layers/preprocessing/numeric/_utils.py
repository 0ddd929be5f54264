"""Helpers shared by the numeric preprocessing layers."""

import numpy as np

from kbackend import ops

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count")


def check_output_mode(mode, allowed, layer):
    if mode not in allowed:
        raise ValueError(
            f"{type(layer).__name__} {layer.name}: output_mode must be one of {allowed}, got "
            f"{mode!r}."
        )


def encode(inputs, output_mode, depth, dtype="float32", count_weights=None):
    """Turns integer indices into one_hot / multi_hot / count vectors of size ``depth``."""
    if output_mode == "int":
        return inputs
    inputs = ops.convert_to_tensor(inputs)
    if len(inputs.shape) == 0:
        inputs = ops.expand_dims(inputs, 0)
    if output_mode == "one_hot":
        if len(inputs.shape) > 1 and inputs.shape[-1] == 1:
            inputs = ops.squeeze(inputs, -1)
        return ops.one_hot(inputs, depth, dtype=dtype)
    squeeze = len(inputs.shape) == 1
    if squeeze:
        inputs = ops.expand_dims(inputs, 0)
    if output_mode == "multi_hot":
        result = ops.multi_hot(inputs, depth, dtype=dtype)
    else:
        result = ops.bincount(inputs, weights=count_weights, minlength=depth)
        result = ops.cast(result, dtype)
    return ops.squeeze(result, 0) if squeeze else result


def to_numpy(data):
    if isinstance(data, np.ndarray):
        return data
    if hasattr(data, "numpy") and not hasattr(data, "__array_interface__"):
        try:
            return np.asarray(data.numpy())
        except Exception:  # noqa: BLE001 - fall back to the generic conversion
            pass
    try:
        return np.asarray(ops.convert_to_numpy(data))
    except Exception:  # noqa: BLE001 - plain Python data
        return np.asarray(data)


def iterate_batches(data):
    """Yields NumPy batches from an array (one batch) or an iterable of batches."""
    if isinstance(data, (np.ndarray, list, tuple)) or hasattr(data, "shape"):
        yield to_numpy(data)
        return
    for batch in data:
        if isinstance(batch, tuple):
            batch = batch[0]
        yield to_numpy(batch)
