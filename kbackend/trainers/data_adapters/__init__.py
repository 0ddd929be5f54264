"""Data adapters: turn user data (arrays, generators, datasets) into batches.

`get_data_adapter` picks one adapter per kind of source; each yields NumPy batches
``(x, y, sample_weight)`` and the `EpochIterator` turns them into the engine's tensors.
"""

from kbackend import tree
from kbackend.trainers.data_adapters import array_data_adapter, data_adapter_utils
from kbackend.trainers.data_adapters.array_data_adapter import ArrayDataAdapter
from kbackend.trainers.data_adapters.data_adapter import DataAdapter
from kbackend.trainers.data_adapters.generator_data_adapter import GeneratorDataAdapter
from kbackend.trainers.data_adapters.py_dataset_adapter import PyDatasetAdapter
from kbackend.trainers.data_adapters.tf_dataset_adapter import TFDatasetAdapter, is_tf_dataset
from kbackend.trainers.data_adapters.torch_data_loader_adapter import (
    TorchDataLoaderAdapter,
    is_torch_data_loader,
)

__all__ = [
    "ArrayDataAdapter", "DataAdapter", "GeneratorDataAdapter", "PyDatasetAdapter",
    "TFDatasetAdapter", "TorchDataLoaderAdapter", "get_data_adapter",
]

_LEGACY_KWARGS = ("workers", "use_multiprocessing", "max_queue_size")

_UNRECOGNIZED = (
    "Unrecognized data type: x={x!r} (of type {type}). Expected NumPy arrays, tensors, "
    "pandas DataFrames/Series, or lists/tuples/dicts of them; a Python generator or "
    "iterator of batches; a kbackend.utils.PyDataset; a tf.data.Dataset; or a torch "
    "DataLoader. (A torch Dataset must be wrapped in a DataLoader.)"
)


def get_data_adapter(x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None,
                     shuffle=False, class_weight=None, **kwargs):
    """Returns the `DataAdapter` for ``x``'s kind of source.

    Args:
        x: the data (see the list in the error for the accepted kinds).
        y, sample_weight: targets and weights; only with array ``x`` (other sources
            carry them in their batches).
        batch_size: batch size for array data (other sources are already batched).
        steps_per_epoch: unused here (the EpochIterator applies it); accepted so that all
            iterator arguments can be forwarded.
        shuffle: shuffle array data (True / "batch") or a PyDataset's batch order.
        class_weight: optional ``{class_index: weight}`` turned into sample weights.
        **kwargs: ``workers``, ``use_multiprocessing``, ``max_queue_size`` (tf.keras 2
            style) for a PyDataset; ignored by other sources.

    Returns:
        A `DataAdapter`.

    Example:
    >>> import numpy as np
    >>> type(get_data_adapter(np.zeros((4, 2)), np.zeros(4))).__name__
    'ArrayDataAdapter'
    """
    del steps_per_epoch
    unknown = sorted(set(kwargs) - set(_LEGACY_KWARGS))
    if unknown:
        raise TypeError(
            f"Unexpected data arguments {unknown}; accepted extra arguments are "
            f"{list(_LEGACY_KWARGS)}."
        )
    if x is None:
        raise ValueError(
            "No input data was given (x is None). Pass arrays, a generator, a PyDataset, "
            "a tf.data.Dataset or a torch DataLoader."
        )
    if array_data_adapter.can_adapt(x):
        return ArrayDataAdapter(x, y, sample_weight, batch_size=batch_size, shuffle=shuffle,
                                class_weight=class_weight)
    _check_no_separate_targets(x, y, sample_weight)
    from kbackend.utils.py_dataset import PyDataset

    if isinstance(x, PyDataset):
        return PyDatasetAdapter(x, shuffle=shuffle, class_weight=class_weight, **kwargs)
    if is_tf_dataset(x):
        return TFDatasetAdapter(x, class_weight=class_weight)
    if is_torch_data_loader(x):
        return TorchDataLoaderAdapter(x, class_weight=class_weight)
    if _is_batch_iterable(x):
        return GeneratorDataAdapter(x, class_weight=class_weight)
    leaves = [leaf for leaf in tree.flatten(x) if leaf is not None]
    odd = [leaf for leaf in leaves if not data_adapter_utils.is_array_like(leaf)]
    raise TypeError(_UNRECOGNIZED.format(
        x=odd[0] if odd else x, type=type(odd[0] if odd else x).__name__))


def _is_batch_iterable(x):
    if isinstance(x, (str, bytes, list, tuple, dict)):
        return False
    try:
        iter(x)
    except TypeError:
        return False
    return True


def _check_no_separate_targets(x, y, sample_weight):
    for name, value in (("y", y), ("sample_weight", sample_weight)):
        if value is not None:
            raise ValueError(
                f"`{name}` can only be passed separately with array data; x is a "
                f"{type(x).__name__}, which must yield (x, y) or (x, y, sample_weight) "
                f"batches itself. Drop the `{name}` argument."
            )
