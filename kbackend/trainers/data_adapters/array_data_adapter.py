"""Adapter for in-memory arrays: NumPy, engine tensors, pandas, nested lists/dicts of them."""

import math

import numpy as np

from kbackend import tree
from kbackend.trainers.data_adapters import data_adapter_utils
from kbackend.trainers.data_adapters.data_adapter import DataAdapter


def can_adapt(x):
    """True when every leaf of ``x`` is an array-like (or x is a list of numbers)."""
    x = data_adapter_utils.numbers_to_arrays(x)
    leaves = [leaf for leaf in tree.flatten(x) if leaf is not None]
    return bool(leaves) and all(data_adapter_utils.is_array_like(leaf) for leaf in leaves)


class ArrayDataAdapter(DataAdapter):
    """Batches in-memory arrays, reshuffled each pass when asked.

    Args:
        x, y, sample_weight: arrays (NumPy, any engine's tensors, pandas) or nested
            lists / tuples / dicts of them, all with the same first dimension.
        batch_size: samples per batch (default 32); the last batch may be smaller.
        shuffle: True (shuffle samples each pass), "batch" (shuffle the order of
            batch-sized chunks and the samples inside each chunk) or False.
        class_weight: optional ``{class_index: weight}``.

    Example:
    >>> adapter = ArrayDataAdapter(np.arange(5), batch_size=2)
    >>> adapter.num_batches, [x.tolist() for x, _, _ in adapter.iterate()]
    (3, [[0, 1], [2, 3], [4]])
    """

    source_name = "array data"

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, shuffle=False,
                 class_weight=None):
        super().__init__(class_weight=None)
        self.x = data_adapter_utils.structure_to_numpy(x)
        self.y = data_adapter_utils.structure_to_numpy(y)
        self.sample_weight = data_adapter_utils.structure_to_numpy(sample_weight)
        self.num_samples = data_adapter_utils.check_sample_counts(
            self.x, self.y, self.sample_weight)
        if class_weight is not None:
            # Computed once for all samples (not per batch): same result, less work.
            self.sample_weight = data_adapter_utils.apply_class_weight(
                self.y, self.sample_weight, class_weight)
        self.batch_size = int(batch_size or 32)
        if self.batch_size <= 0:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size}.")
        if shuffle not in (True, False, "batch"):
            raise ValueError(f'shuffle must be True, False or "batch"; got {shuffle!r}.')
        self.shuffle = shuffle
        self.num_batches = math.ceil(self.num_samples / self.batch_size)
        self.partial_batch_size = self.num_samples % self.batch_size or None

    def _order(self):
        order = np.arange(self.num_samples)
        if self.shuffle is True:
            np.random.shuffle(order)
        elif self.shuffle == "batch":
            full = (self.num_samples // self.batch_size) * self.batch_size
            chunks = order[:full].reshape(-1, self.batch_size)
            chunks = chunks[np.random.permutation(len(chunks))]
            for chunk in chunks:
                np.random.shuffle(chunk)
            order = np.concatenate([chunks.reshape(-1), order[full:]])
        return order

    def _raw_batches(self):
        # NOTE: unshuffled batches are basic slices (NumPy views, no copy); a shuffled
        # order needs fancy indexing, which copies each batch.
        order = None if self.shuffle is False else self._order()
        for start in range(0, self.num_samples, self.batch_size):
            if order is None:
                index = slice(start, start + self.batch_size)
            else:
                index = order[start:start + self.batch_size]

            def take(a, index=index):
                return None if a is None else a[index]

            yield data_adapter_utils.pack_x_y_sample_weight(
                tree.map_structure(take, self.x),
                None if self.y is None else tree.map_structure(take, self.y),
                None if self.sample_weight is None
                else tree.map_structure(take, self.sample_weight),
            )

    def _standardize(self, element):
        # Batches are already NumPy slices: skip the generic conversion.
        return data_adapter_utils.unpack_x_y_sample_weight(element)

    def peek(self):
        """The whole data as ``(x, y, sample_weight)`` (its shapes are what checks need)."""
        return self.x, self.y, self.sample_weight
