"""Adapter for Python generators, iterators and other iterables of batches."""

import itertools

from kbackend.trainers.data_adapters.data_adapter import DataAdapter


class GeneratorDataAdapter(DataAdapter):
    """Reads batches from a Python generator / iterator (one pass) or iterable (re-iterated).

    Each element is ``x``, ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``; arrays may be
    NumPy, any engine's tensors or lists. The number of batches is unknown (None) unless
    the object has a ``len()``.

    Args:
        source: a generator, an iterator, or an iterable whose ``iter()`` starts a new pass.
        class_weight: optional ``{class_index: weight}``.

    Example:
    >>> import numpy as np
    >>> gen = ((np.ones((2, 3)), np.zeros(2)) for _ in range(4))
    >>> adapter = GeneratorDataAdapter(gen)
    >>> adapter.num_batches, sum(1 for _ in adapter.iterate())
    (None, 4)
    """

    source_name = "generator"

    def __init__(self, source, class_weight=None):
        super().__init__(class_weight=class_weight)
        self.source = source
        # NOTE: an iterator is its own iterator: it is consumed once, so a second pass
        # is empty. Another iterable (e.g. a list-like object) starts afresh each time.
        self.is_iterator = iter(source) is source
        self.can_restart = not self.is_iterator
        try:
            self.num_batches = len(source)
        except TypeError:
            self.num_batches = None
        self._buffered = []

    def _raw_batches(self):
        if self.is_iterator:
            # A peeked first element is handed back before the rest of the stream.
            buffered, self._buffered = self._buffered, []
            return itertools.chain(buffered, self.source)
        return iter(self.source)

    def _first_raw_batch(self):
        if not self.is_iterator:
            return super()._first_raw_batch()
        if not self._buffered:
            try:
                self._buffered = [next(self.source)]
            except StopIteration:
                raise ValueError(
                    "The generator produced no batches (it is empty or already consumed)."
                ) from None
        return self._buffered[0]
