"""`BatchDataset`: the dataset the ``*_dataset_from_*`` utilities return without tf.data.

Note [datasets without tensorflow]: Keras 3's ``image_dataset_from_directory``,
``text_dataset_from_directory`` and ``timeseries_dataset_from_array`` return a
``tf.data.Dataset``. kbackend must also work with only jax or torch installed, so the
utilities always build a `BatchDataset` (a `PyDataset` of NumPy batches, read lazily from
files or arrays, so ``fit``/``evaluate``/``predict`` accept it on every engine). With
``KBACKEND=tensorflow`` (where tensorflow is importable by definition) it is then wrapped
into a real ``tf.data.Dataset`` (``backends/tensorflow/datasets.py``, via
``from_generator`` with its cardinality asserted), with ``class_names`` / ``file_paths``
set on it, as Keras does. Both forms yield the same values in the same order for a seed.
The decision is made once, in `finalize`. A `BatchDataset` supports the tf.data-style
methods the users' notes call: ``map`` (on each batch, tuple elements unpacked as
arguments), ``prefetch`` (a no-op: PyDataset workers read ahead instead), ``take``,
``as_numpy_iterator``, plus ``len()`` and iteration (reshuffled after each full pass when
``shuffle=True``).
"""

import importlib
import math

import numpy as np

from kbackend import backends
from kbackend.utils.py_dataset import PyDataset


class BatchDataset(PyDataset):
    """A `PyDataset` of NumPy batches with a few ``tf.data.Dataset``-style methods.

    Returned by `image_dataset_from_directory`, `text_dataset_from_directory` and
    `timeseries_dataset_from_array` on engines other than tensorflow (see Note [datasets
    without tensorflow]); not usually built directly.

    Args:
        load: function of an int NumPy array of sample indices returning the batch (an
            array or a tuple of arrays, each with those samples along the first axis).
        num_samples: the number of samples.
        batch_size: samples per batch, or None for single samples (no batch axis).
        shuffle: shuffle the samples, again after every full pass.
        seed: seed of the shuffle.
        class_names: list of class names (or None).
        file_paths: list of the samples' file paths (or None).

    Example:
    >>> ds = BatchDataset(lambda i: (i * 10, i), num_samples=5, batch_size=2)
    >>> len(ds), [x.tolist() for x, _ in ds]
    (3, [[0, 10], [20, 30], [40]])
    >>> [x.tolist() for x in ds.map(lambda x, y: x + y).take(1)]
    [[0, 11]]
    """

    def __init__(self, load, num_samples, batch_size=32, shuffle=False, seed=None,
                 class_names=None, file_paths=None, **kwargs):
        super().__init__(**kwargs)
        self._load = load
        self._num_samples = int(num_samples)
        self._batch_size = None if batch_size is None else int(batch_size)
        self._shuffle = bool(shuffle)
        self._rng = np.random.default_rng(seed)
        self._order = np.arange(self._num_samples)
        if self._shuffle:
            self._order = self._rng.permutation(self._num_samples)
        self.class_names = class_names
        self.file_paths = file_paths

    def __len__(self):
        if self._batch_size is None:
            return self._num_samples
        return math.ceil(self._num_samples / self._batch_size)

    def __getitem__(self, index):
        if not 0 <= index < len(self):
            raise IndexError(f"batch index {index} out of range for {len(self)} batches.")
        if self._batch_size is None:
            element = self._load(self._order[index:index + 1])
            if isinstance(element, tuple):
                return tuple(a[0] for a in element)
            return element[0]
        start = index * self._batch_size
        return self._load(self._order[start:start + self._batch_size])

    def on_epoch_end(self):
        if self._shuffle:
            self._order = self._rng.permutation(self._num_samples)

    def __iter__(self):
        for index in range(len(self)):
            yield self[index]
        self.on_epoch_end()

    def as_numpy_iterator(self):
        """Returns an iterator over the batches (NumPy arrays), as tf.data's does."""
        return iter(self)

    def map(self, map_func):
        """Returns a dataset whose batches are ``map_func(*batch)`` (or ``map_func(batch)``).

        Args:
            map_func: function of the batch's parts (unpacked when the batch is a tuple).

        Returns:
            A new dataset; engine tensors in the results are turned into NumPy arrays.
        """
        return _Derived(self, len(self), lambda i: _to_numpy(_apply(map_func, self[i])))

    def prefetch(self, buffer_size=None):
        """A no-op kept for tf.data compatibility: returns this dataset.

        Args:
            buffer_size: ignored (set ``workers`` on the dataset to read ahead).

        Returns:
            This dataset.
        """
        del buffer_size
        return self

    def take(self, count):
        """Returns a dataset of the first ``count`` batches (all of them when ``count < 0``).

        Args:
            count: the number of batches.

        Returns:
            A new dataset.
        """
        count = len(self) if count < 0 else min(int(count), len(self))
        return _Derived(self, count, self.__getitem__)


class _Derived(BatchDataset):
    """The result of ``map`` / ``take``: batches computed from a parent dataset."""

    def __init__(self, parent, length, get):
        PyDataset.__init__(self, workers=parent.workers,
                           use_multiprocessing=parent.use_multiprocessing,
                           max_queue_size=parent.max_queue_size)
        self._parent, self._length, self._get = parent, length, get
        self.class_names = parent.class_names
        self.file_paths = parent.file_paths

    def __len__(self):
        return self._length

    def __getitem__(self, index):
        if not 0 <= index < self._length:
            raise IndexError(f"batch index {index} out of range for {self._length} batches.")
        return self._get(index)

    def on_epoch_end(self):
        self._parent.on_epoch_end()


def _apply(function, element):
    return function(*element) if isinstance(element, tuple) else function(element)


def _to_numpy(element):
    from kbackend import ops, tree

    def convert(x):
        if isinstance(x, np.ndarray) or x is None:
            return x
        return np.asarray(ops.convert_to_numpy(x))

    return tree.map_structure(convert, element)


def finalize(dataset):
    """Returns ``dataset``, or on the tensorflow engine the ``tf.data.Dataset`` for it.

    Args:
        dataset: a `BatchDataset`.

    Returns:
        The dataset to hand to the user (Note [datasets without tensorflow]).
    """
    if backends.ENGINE != "tensorflow":
        return dataset
    tf_datasets = importlib.import_module("kbackend.backends.tensorflow.datasets")
    return tf_datasets.to_tf_dataset(dataset, batched=dataset._batch_size is not None)


BatchDataset.__module__ = "kbackend.utils"
