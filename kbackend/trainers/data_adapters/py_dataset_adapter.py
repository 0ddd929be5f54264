"""Adapter for `kbackend.utils.PyDataset`: batches by index, read ahead by workers."""

import collections
import concurrent.futures
import itertools
import multiprocessing

import numpy as np

from kbackend.trainers.data_adapters.data_adapter import DataAdapter

# The dataset held by each worker process (set once per pool, not sent with every task).
_WORKER_DATASET = None


def _init_worker(dataset):
    global _WORKER_DATASET
    _WORKER_DATASET = dataset


def _worker_getitem(index):
    return _WORKER_DATASET[index]


class PyDatasetAdapter(DataAdapter):
    """Reads a PyDataset's batches in order (or shuffled order), with its workers.

    With ``workers > 1`` or ``use_multiprocessing``, up to ``max_queue_size`` batches are
    read ahead by a thread pool (a process pool when ``use_multiprocessing``); batches
    still come out in index order. ``workers``, ``use_multiprocessing`` and
    ``max_queue_size`` given to ``fit`` (tf.keras 2 style) override the dataset's own.

    Args:
        dataset: a `kbackend.utils.PyDataset`.
        shuffle: shuffle the order of batch indices each epoch (endless datasets are never
            shuffled).
        class_weight: optional ``{class_index: weight}``.
        workers, use_multiprocessing, max_queue_size: optional overrides.

    Example:
    >>> from kbackend.utils import PyDataset
    >>> class Ones(PyDataset):
    ...     def __len__(self):
    ...         return 3
    ...     def __getitem__(self, i):
    ...         return np.full((2, 1), i), np.zeros(2)
    >>> adapter = PyDatasetAdapter(Ones(workers=2))
    >>> [int(x[0, 0]) for x, _, _ in adapter.iterate()]
    [0, 1, 2]
    """

    source_name = "PyDataset"

    def __init__(self, dataset, shuffle=False, class_weight=None, workers=None,
                 use_multiprocessing=None, max_queue_size=None):
        super().__init__(class_weight=class_weight)
        self.dataset = dataset
        self.shuffle = bool(shuffle)
        self.workers = int(workers if workers is not None else dataset.workers)
        self.use_multiprocessing = bool(
            use_multiprocessing if use_multiprocessing is not None
            else dataset.use_multiprocessing)
        self.max_queue_size = int(
            max_queue_size if max_queue_size is not None else dataset.max_queue_size)
        self.num_batches = dataset.num_batches
        if self.num_batches is not None:
            self.num_batches = int(self.num_batches)
        self.is_endless = self.num_batches is None

    def _indices(self):
        if self.num_batches is None:
            return itertools.count()
        order = np.arange(self.num_batches)
        if self.shuffle:
            np.random.shuffle(order)
        return (int(i) for i in order)

    def _raw_batches(self):
        if self.workers <= 1 and not self.use_multiprocessing:
            for index in self._indices():
                yield self.dataset[index]
            return
        yield from self._read_ahead(self._indices())

    def _make_pool(self):
        if self.use_multiprocessing:
            # NOTE: spawn, not fork: jax, torch and tensorflow run threads, and a forked
            # child of a threaded process can deadlock.
            return concurrent.futures.ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker, initargs=(self.dataset,))
        return concurrent.futures.ThreadPoolExecutor(
            max_workers=self.workers, thread_name_prefix="kbackend_pydataset")

    def _read_ahead(self, indices):
        pool = self._make_pool()
        read = _worker_getitem if self.use_multiprocessing else self.dataset.__getitem__
        pending = collections.deque()
        try:
            for index in itertools.islice(indices, self.max_queue_size):
                pending.append(pool.submit(read, index))
            while pending:
                batch = pending.popleft().result()
                for index in itertools.islice(indices, 1):
                    pending.append(pool.submit(read, index))
                yield batch
        finally:
            # Also runs when the consumer stops early (steps_per_epoch, stop_training).
            for future in pending:
                future.cancel()
            pool.shutdown(wait=True)

    def _first_raw_batch(self):
        if self.num_batches == 0:
            raise ValueError(f"The PyDataset {type(self.dataset).__name__} has 0 batches.")
        return self.dataset[0]

    def on_epoch_begin(self):
        self.dataset.on_epoch_begin()

    def on_epoch_end(self):
        self.dataset.on_epoch_end()
