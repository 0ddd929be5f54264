"""EpochIterator: yields the batches of one epoch, whatever the data source."""

import numpy as np

from kbackend import tree
from kbackend.trainers.data_adapters import data_adapter_utils


class EpochIterator:
    """Iterates over ``(x, y, sample_weight)`` batches of array data.

    Args:
        x, y, sample_weight: arrays or nested structures (lists/dicts) of arrays.
        batch_size: samples per batch (default 32).
        steps_per_epoch: batches per epoch (default: all the data).
        shuffle: shuffle sample order each epoch.
        class_weight: ``{class: weight}``, turned into sample weights.
        steps_per_execution: batches per compiled call (engines group them).

    Example:
    >>> it = EpochIterator(np.zeros((5, 2)), np.zeros(5), batch_size=2)
    >>> [np.shape(batch[0])[0] for _, batch in it.enumerate_epoch()]
    [2, 2, 1]
    """

    def __init__(self, x=None, y=None, sample_weight=None, batch_size=None,
                 steps_per_epoch=None, shuffle=False, class_weight=None,
                 steps_per_execution=1, **kwargs):
        if x is None:
            raise ValueError("No input data was given (x is None).")
        self.batch_size = batch_size or 32
        self.shuffle = shuffle
        if class_weight is not None and y is not None:
            if sample_weight is not None:
                raise ValueError("Pass either class_weight or sample_weight, not both.")
            sample_weight = data_adapter_utils.class_weight_to_sample_weights(y, class_weight)
        self.x = tree.map_structure(_as_array, x)
        self.y = tree.map_structure(_as_array, y) if y is not None else None
        self.sample_weight = _as_array(sample_weight) if sample_weight is not None else None
        self.num_samples = data_adapter_utils._length((self.x, self.y, self.sample_weight))
        full = int(np.ceil(self.num_samples / self.batch_size))
        self.num_batches = min(full, steps_per_epoch) if steps_per_epoch else full

    def check_against_model(self, model):
        """Raises a clear error when the data's structure cannot feed the model."""
        inputs = getattr(model, "_flat_inputs", None)
        if inputs is None:
            return
        if isinstance(self.x, dict):
            names = model.input_names
            unknown = [k for k in self.x if k not in names]
            if unknown:
                raise ValueError(
                    f"Unknown input names {unknown} in the data; the model's inputs are "
                    f"{names}."
                )
            return
        count = len(tree.flatten(self.x))
        if count != len(inputs):
            raise ValueError(
                f"The model {model.name!r} expects {len(inputs)} input(s) "
                f"{model.input_names}, but the data has {count} array(s)."
            )
        for array, tensor in zip(tree.flatten(self.x), inputs):
            if array.ndim != len(tensor.shape):
                raise ValueError(
                    f"Input {tensor._keras_history.operation.name!r} expects rank "
                    f"{len(tensor.shape)} (shape {tensor.shape}), but the data has shape "
                    f"{array.shape}."
                )

    def enumerate_epoch(self):
        order = np.arange(self.num_samples)
        if self.shuffle:
            np.random.shuffle(order)
        for step in range(self.num_batches):
            index = order[step * self.batch_size:(step + 1) * self.batch_size]
            if index.size == 0:
                return

            def take(a, index=index):
                return None if a is None else a[index]

            x = tree.map_structure(take, self.x)
            y = tree.map_structure(take, self.y) if self.y is not None else None
            sw = take(self.sample_weight)
            yield step, data_adapter_utils.pack_x_y_sample_weight(x, y, sw)


def _as_array(value):
    if value is None:
        return None
    if isinstance(value, np.ndarray):
        return value
    if hasattr(value, "numpy") and not isinstance(value, (list, tuple, dict)):
        return np.asarray(value.numpy() if callable(value.numpy) else value)
    return np.asarray(value)
