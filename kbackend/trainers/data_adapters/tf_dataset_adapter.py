"""Adapter for ``tf.data.Dataset`` (recognised by module name; tensorflow is not imported)."""

from kbackend.trainers.data_adapters.data_adapter import DataAdapter

# tf.data's cardinality codes for "endless" and "unknown".
_INFINITE = -1
_UNKNOWN = -2


def is_tf_dataset(x):
    """True for a ``tf.data.Dataset`` (checked without importing tensorflow)."""
    return any(
        (cls.__module__ or "").startswith("tensorflow.python.data.ops")
        and cls.__name__ in ("DatasetV2", "DatasetV1")
        for cls in type(x).__mro__
    )


class TFDatasetAdapter(DataAdapter):
    """Reads a batched ``tf.data.Dataset``; its elements become NumPy batches.

    The dataset must already be batched (``dataset.batch(n)``); each element is ``x``,
    ``(x, y)`` or ``(x, y, sample_weight)``. ``num_batches`` is the dataset's cardinality
    (None when endless or unknown). Every pass re-iterates the dataset, so any
    ``shuffle()`` in it reshuffles each epoch.

    Args:
        dataset: a ``tf.data.Dataset``.
        class_weight: optional ``{class_index: weight}``.

    Example:
    >>> import tensorflow as tf  # doctest: +SKIP
    >>> ds = tf.data.Dataset.range(5).batch(2)  # doctest: +SKIP
    >>> TFDatasetAdapter(ds).num_batches  # doctest: +SKIP
    3
    """

    source_name = "tf.data.Dataset"

    def __init__(self, dataset, class_weight=None):
        super().__init__(class_weight=class_weight)
        self.dataset = dataset
        cardinality = int(dataset.cardinality())
        self.num_batches = None if cardinality in (_INFINITE, _UNKNOWN) else cardinality
        self.is_endless = cardinality == _INFINITE

    def _raw_batches(self):
        # Elements are converted leaf by leaf (data_adapter_utils.to_numpy), which also
        # handles string tensors; as_numpy_iterator would refuse ragged elements anyway.
        return iter(self.dataset)
