"""The DataAdapter base: one data source seen as a re-startable stream of NumPy batches."""

from kbackend.trainers.data_adapters import data_adapter_utils


class DataAdapter:
    """Turns one kind of user data into batches ``(x, y, sample_weight)`` of NumPy arrays.

    Subclasses implement `_raw_batches` (one pass over the source, each element a batch in
    any of the ``x`` / ``(x,)`` / ``(x, y)`` / ``(x, y, sample_weight)`` forms) and set
    ``num_batches`` (None when unknown) and ``can_restart`` (whether a new pass is possible
    after one ends: False for a Python generator, which is consumed once).

    Args:
        class_weight: optional ``{class_index: weight}``, turned into each batch's sample
            weights.

    Example:
    >>> import numpy as np
    >>> class Two(DataAdapter):
    ...     num_batches = 2
    ...     def _raw_batches(self):
    ...         yield from (np.ones(2), (np.zeros(2), np.ones(2)))
    >>> [(x.tolist(), y) for x, y, _ in Two().iterate()][0]
    ([1.0, 1.0], None)
    """

    num_batches = None
    can_restart = True
    # True when the source never ends (an epoch then needs steps_per_epoch).
    is_endless = False

    def __init__(self, class_weight=None):
        self.class_weight = class_weight
        self._peeked = None

    def _raw_batches(self):
        raise NotImplementedError

    def iterate(self):
        """Yields one pass of ``(x, y, sample_weight)`` NumPy batches (class weights applied)."""
        for element in self._raw_batches():
            yield self._standardize(element)

    def _standardize(self, element):
        x, y, sample_weight = data_adapter_utils.unpack_x_y_sample_weight(element)
        x = data_adapter_utils.structure_to_numpy(x)
        y = data_adapter_utils.structure_to_numpy(y)
        sample_weight = data_adapter_utils.structure_to_numpy(sample_weight)
        sample_weight = data_adapter_utils.apply_class_weight(
            y, sample_weight, self.class_weight)
        return x, y, sample_weight

    def peek(self):
        """The first batch as ``(x, y, sample_weight)`` NumPy arrays, without losing it."""
        if self._peeked is None:
            self._peeked = self._standardize(self._first_raw_batch())
        return self._peeked

    def _first_raw_batch(self):
        for element in self._raw_batches():
            return element
        raise ValueError(f"The {self.source_name} produced no batches.")

    source_name = "data"

    def on_epoch_begin(self):
        """Called before each epoch of the EpochIterator."""

    def on_epoch_end(self):
        """Called after each epoch of the EpochIterator."""
