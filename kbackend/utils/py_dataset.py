"""PyDataset: a Python dataset of batches, read ahead by worker threads or processes."""


class PyDataset:
    """Base class for a dataset that returns whole batches by index (Keras 3 API).

    Subclass it and implement ``__getitem__(index)`` (returning a batch: ``x``, ``(x, y)``
    or ``(x, y, sample_weight)`` of NumPy arrays) and ``__len__`` (the number of batches),
    or instead override the ``num_batches`` property and return None for an endless
    dataset (then pass ``steps_per_epoch`` to ``fit``). ``on_epoch_begin`` and
    ``on_epoch_end`` are called around every epoch, e.g. to reshuffle. Call
    ``super().__init__(**kwargs)`` in your constructor.

    Args:
        workers: number of workers reading batches ahead (1: batches are read in the
            training loop's thread, in order).
        use_multiprocessing: read with worker processes instead of threads (for
            CPU-heavy Python code the GIL would serialize). The dataset must be picklable
            and its class importable (processes are spawned, not forked, because the
            engines run threads that do not survive a fork).
        max_queue_size: most batches read ahead of the training loop.

    Example:
    >>> import numpy as np
    >>> class Squares(PyDataset):
    ...     def __init__(self, n, batch_size, **kwargs):
    ...         super().__init__(**kwargs)
    ...         self.x = np.arange(n, dtype="float32")
    ...         self.batch_size = batch_size
    ...     def __len__(self):
    ...         return -(-len(self.x) // self.batch_size)
    ...     def __getitem__(self, index):
    ...         x = self.x[index * self.batch_size:(index + 1) * self.batch_size]
    ...         return x, x ** 2
    >>> dataset = Squares(5, batch_size=2, workers=2)
    >>> dataset.num_batches, dataset[2][1].tolist()
    (3, [16.0])
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        if int(workers) < 1:
            raise ValueError(f"workers must be at least 1, got {workers}.")
        if int(max_queue_size) < 1:
            raise ValueError(f"max_queue_size must be at least 1, got {max_queue_size}.")
        self._workers = int(workers)
        self._use_multiprocessing = bool(use_multiprocessing)
        self._max_queue_size = int(max_queue_size)

    # NOTE: read through getattr so that a subclass that forgot super().__init__() still
    # works, with the defaults.
    @property
    def workers(self):
        return getattr(self, "_workers", 1)

    @workers.setter
    def workers(self, value):
        self._workers = int(value)

    @property
    def use_multiprocessing(self):
        return getattr(self, "_use_multiprocessing", False)

    @use_multiprocessing.setter
    def use_multiprocessing(self, value):
        self._use_multiprocessing = bool(value)

    @property
    def max_queue_size(self):
        return getattr(self, "_max_queue_size", 10)

    @max_queue_size.setter
    def max_queue_size(self, value):
        self._max_queue_size = int(value)

    def __getitem__(self, index):
        """Returns batch number ``index``.

        Args:
            index: an int in ``[0, num_batches)``.

        Returns:
            A batch: ``x``, ``(x, y)`` or ``(x, y, sample_weight)``.
        """
        raise NotImplementedError(
            f"{type(self).__name__} must implement __getitem__(self, index), returning "
            "batch number `index`."
        )

    @property
    def num_batches(self):
        """The number of batches (``len(self)``), or None for an endless dataset."""
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError(
            f"{type(self).__name__} must implement __len__ (the number of batches), or "
            "override the `num_batches` property (return None for an endless dataset)."
        )

    def on_epoch_begin(self):
        """Called at the start of every epoch."""

    def on_epoch_end(self):
        """Called at the end of every epoch (e.g. to reshuffle)."""


PyDataset.__module__ = "kbackend.utils"

# Keras 2 name, kept as an alias as Keras 3 does.
Sequence = PyDataset
