"""EpochIterator: yields the batches of one epoch, whatever the data source."""

import warnings

from kbackend.trainers.data_adapters import data_adapter_utils, get_data_adapter, model_checks

_RAN_OUT = (
    "Your input ran out of data; interrupting the epoch. Make sure that your dataset or "
    "generator can generate at least `steps_per_epoch * epochs` batches (here "
    "steps_per_epoch={steps}). A Python generator is consumed once: for several epochs, "
    "make it loop forever and pass steps_per_epoch, or use a PyDataset."
)


class EpochIterator:
    """Iterates over the ``(x, y, sample_weight)`` batches of each epoch, for any source.

    The source is read by the `DataAdapter` that `get_data_adapter` picks (arrays,
    tensors, pandas, generators, PyDataset, tf.data.Dataset, torch DataLoader); batches
    come out as the engine's tensors, packed by ``pack_x_y_sample_weight``.

    Without ``steps_per_epoch`` each epoch is one full pass over the source. With it,
    each epoch takes that many batches, continuing where the previous epoch stopped;
    a finite re-startable source (arrays, PyDataset, tf.data, DataLoader) starts a new
    pass when it ends, while a source that cannot restart (a Python generator) ends the
    epoch early with a warning.

    Args:
        x, y, sample_weight: the data (``y`` and ``sample_weight`` only with arrays).
        batch_size: samples per batch for array data (default 32).
        steps_per_epoch: batches per epoch (default: one pass over the data).
        shuffle: shuffle array data each epoch (True / "batch"), or a PyDataset's order.
        class_weight: ``{class: weight}``, turned into sample weights (every source).
        steps_per_execution: batches per compiled call: `enumerate_executions` groups
            the batches by this count (`enumerate_epoch` still yields them one by one).
        **kwargs: ``workers``, ``use_multiprocessing``, ``max_queue_size`` for a PyDataset.

    Example:
    >>> import numpy as np
    >>> it = EpochIterator(np.zeros((5, 2)), np.zeros(5), batch_size=2)
    >>> it.num_batches, [tuple(batch[0].shape)[0] for _, batch in it.enumerate_epoch()]
    (3, [2, 2, 1])
    """

    def __init__(self, x=None, y=None, sample_weight=None, batch_size=None,
                 steps_per_epoch=None, shuffle=False, class_weight=None,
                 steps_per_execution=1, **kwargs):
        if steps_per_epoch is not None and int(steps_per_epoch) <= 0:
            raise ValueError(
                f"steps_per_epoch must be a positive integer or None, got {steps_per_epoch}."
            )
        self.data_adapter = get_data_adapter(
            x, y, sample_weight, batch_size=batch_size, shuffle=shuffle,
            class_weight=class_weight, **kwargs)
        if steps_per_epoch is None and getattr(self.data_adapter, "is_endless", False):
            raise ValueError(
                f"The {self.data_adapter.source_name} is endless (it has no length), so "
                "an epoch would never end. Pass steps_per_epoch (or steps= for evaluate "
                "and predict)."
            )
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.steps_per_epoch = None if steps_per_epoch is None else int(steps_per_epoch)
        self.steps_per_execution = int(steps_per_execution or 1)
        self._iterator = None
        self._exhausted = False

    @property
    def num_batches(self):
        """Batches per epoch: ``steps_per_epoch`` if given, else the source's count (None
        when unknown, e.g. for a generator)."""
        if self.steps_per_epoch is not None:
            return self.steps_per_epoch
        return self.data_adapter.num_batches

    def check_against_model(self, model):
        """Raises a clear error, before any step runs, when the data cannot feed ``model``.

        Looks at all the array data, or at the first batch of another source (which is
        kept, not lost).

        Args:
            model: the model about to consume the data.
        """
        x, _, _ = self.data_adapter.peek()
        model_checks.check_inputs(model, x)

    def reset(self):
        """Forgets the position kept between epochs (with ``steps_per_epoch``)."""
        self._iterator = None
        self._exhausted = False

    def enumerate_epoch(self):
        """Yields ``(step, batch)`` for one epoch; ``batch`` is packed engine tensors."""
        self.data_adapter.on_epoch_begin()
        try:
            if self.steps_per_epoch is None:
                yield from self._one_pass()
            else:
                yield from self._fixed_steps()
        finally:
            self.data_adapter.on_epoch_end()

    def enumerate_executions(self):
        """Yields ``(begin_step, end_step, batches)``: the epoch's batches grouped by
        ``steps_per_execution`` (the last group may be shorter).

        The trainer runs each group in one compiled call and calls the batch callbacks
        once per group, with ``begin_step`` and ``end_step``, as Keras 3 does.

        Example:
        >>> import numpy as np
        >>> it = EpochIterator(np.zeros((5, 2)), batch_size=1, steps_per_execution=2)
        >>> [(begin, end, len(group)) for begin, end, group in it.enumerate_executions()]
        [(0, 1, 2), (2, 3, 2), (4, 4, 1)]
        """
        group, begin = [], 0
        for step, batch in self.enumerate_epoch():
            if not group:
                begin = step
            group.append(batch)
            if len(group) == self.steps_per_execution:
                yield begin, step, group
                group = []
        if group:
            yield begin, begin + len(group) - 1, group

    def _one_pass(self):
        step = -1
        for step, batch in enumerate(self.data_adapter.iterate()):
            yield step, self._finish(batch)
        if step == -1 and not self.data_adapter.can_restart:
            warnings.warn(_RAN_OUT.format(steps=None), stacklevel=3)

    def _fixed_steps(self):
        step = 0
        fresh_pass = False
        while step < self.steps_per_epoch and not self._exhausted:
            if self._iterator is None:
                self._iterator = iter(self.data_adapter.iterate())
                fresh_pass = True
            try:
                batch = next(self._iterator)
            except StopIteration:
                self._iterator = None
                # An empty fresh pass, or a source that cannot restart: out of data.
                if fresh_pass or not self.data_adapter.can_restart:
                    self._exhausted = True
                    warnings.warn(_RAN_OUT.format(steps=self.steps_per_epoch), stacklevel=3)
                continue
            fresh_pass = False
            yield step, self._finish(batch)
            step += 1

    @staticmethod
    def _finish(batch):
        x, y, sample_weight = batch
        return data_adapter_utils.to_engine_batch(
            data_adapter_utils.pack_x_y_sample_weight(x, y, sample_weight))
