"""Accuracy metrics: exact match, binary, categorical, sparse and top-k accuracy."""

from kbackend import ops
from kbackend.backends.common import config as backend_config
from kbackend.losses.loss import squeeze_or_expand_to_same_rank
from kbackend.metrics.reduction_metrics import MeanMetricWrapper


def accuracy(y_true, y_pred):
    """1.0 where ``y_true == y_pred`` element-wise, else 0.0.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(accuracy([1, 2], [1, 3])).tolist()
    [1.0, 0.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true, dtype=ops.dtype(y_pred))
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return ops.cast(ops.equal(y_true, y_pred), backend_config.floatx())


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where ``y_pred > threshold`` matches the binary label, else 0.0 (element-wise).

    Args:
        y_true: binary labels (0 or 1).
        y_pred: probabilities, same shape.
        threshold: the decision threshold.

    Returns:
        Float tensor of y_pred's shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(binary_accuracy([[1], [0]], [[0.7], [0.7]])).tolist()
    [[1.0], [0.0]]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true, dtype=ops.dtype(y_pred))
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    threshold = ops.cast(threshold, ops.dtype(y_pred))
    y_pred = ops.cast(ops.greater(y_pred, threshold), ops.dtype(y_true))
    return ops.cast(ops.equal(y_true, y_pred), backend_config.floatx())


def _sparse_matches(labels, y_pred):
    """1.0 where ``argmax(y_pred, -1)`` equals the integer label, else 0.0."""
    y_pred = ops.convert_to_tensor(y_pred)
    labels = ops.convert_to_tensor(labels)
    original_shape = tuple(ops.shape(labels))
    reshape = False
    if len(ops.shape(labels)) == len(ops.shape(y_pred)):
        labels = ops.squeeze(labels, axis=-1)
        reshape = True
    predicted = ops.argmax(y_pred, axis=-1)
    if ops.dtype(predicted) != ops.dtype(labels):
        predicted = ops.cast(predicted, ops.dtype(labels))
    matches = ops.cast(ops.equal(labels, predicted), backend_config.floatx())
    if reshape:
        matches = ops.reshape(matches, original_shape)
    return matches


def categorical_accuracy(y_true, y_pred):
    """1.0 where ``argmax(y_pred)`` equals ``argmax(y_true)`` (one-hot labels), else 0.0.

    Args:
        y_true: one-hot labels, shape ``(..., num_classes)``.
        y_pred: scores, same shape.

    Returns:
        Float tensor with the class axis removed.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(categorical_accuracy([[0, 1], [1, 0]], [[0.2, 0.8], [0.3, 0.7]]))
    array([1., 0.], dtype=float32)
    """
    return _sparse_matches(ops.argmax(ops.convert_to_tensor(y_true), axis=-1), y_pred)


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where ``argmax(y_pred)`` equals the integer label, else 0.0.

    Args:
        y_true: integer labels, shape ``(...)`` or ``(..., 1)``.
        y_pred: scores, shape ``(..., num_classes)``.

    Returns:
        Float tensor of y_true's shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(sparse_categorical_accuracy([1, 0], [[0.2, 0.8], [0.3, 0.7]]))
    array([1., 0.], dtype=float32)
    """
    return _sparse_matches(y_true, y_pred)


def _in_top_k(labels, y_pred, k):
    y_pred = ops.convert_to_tensor(y_pred)
    labels = ops.cast(ops.convert_to_tensor(labels), "int32")
    labels_shape = tuple(ops.shape(labels))
    if len(ops.shape(labels)) == len(ops.shape(y_pred)):
        labels = ops.squeeze(labels, axis=-1)
        labels_shape = tuple(ops.shape(labels))
    # in_top_k works on (batch, classes); fold any extra leading axes into the batch.
    num_classes = ops.shape(y_pred)[-1]
    flat_pred = ops.reshape(y_pred, (-1, num_classes))
    flat_labels = ops.reshape(labels, (-1,))
    matches = ops.cast(ops.in_top_k(flat_labels, flat_pred, k), backend_config.floatx())
    return ops.reshape(matches, labels_shape)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the true class (one-hot) is among the ``k`` highest scores, else 0.0.

    Args:
        y_true: one-hot labels, shape ``(..., num_classes)``.
        y_pred: scores, same shape.
        k: how many top scores count as a hit.

    Returns:
        Float tensor with the class axis removed.

    Example:
    >>> from kbackend import ops
    >>> y_pred = [[0.1, 0.5, 0.4], [0.6, 0.3, 0.1]]
    >>> ops.convert_to_numpy(top_k_categorical_accuracy([[0, 0, 1], [0, 0, 1]], y_pred, k=2))
    array([1., 0.], dtype=float32)
    """
    return _in_top_k(ops.argmax(ops.convert_to_tensor(y_true), axis=-1), y_pred, k)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1.0 where the integer label is among the ``k`` highest scores, else 0.0.

    Args:
        y_true: integer labels, shape ``(...)`` or ``(..., 1)``.
        y_pred: scores ``(..., num_classes)``; or, with ``from_sorted_ids=True``, class ids
            sorted by decreasing score ``(..., N)`` with ``N >= k``.
        k: how many top scores count as a hit.
        from_sorted_ids: whether ``y_pred`` holds sorted class ids instead of scores.

    Returns:
        Float tensor of the labels' shape (without a trailing axis of size 1).

    Example:
    >>> from kbackend import ops
    >>> y_pred = [[0.1, 0.5, 0.4], [0.6, 0.3, 0.1]]
    >>> ops.convert_to_numpy(sparse_top_k_categorical_accuracy([2, 2], y_pred, k=2))
    array([1., 0.], dtype=float32)
    """
    if not from_sorted_ids:
        return _in_top_k(y_true, y_pred, k)
    y_pred = ops.convert_to_tensor(y_pred)
    labels = ops.convert_to_tensor(y_true)
    if len(ops.shape(labels)) == len(ops.shape(y_pred)):
        labels = ops.squeeze(labels, axis=-1)
    top_ids = ops.cast(y_pred[..., :k], "int32")
    hits = ops.equal(top_ids, ops.expand_dims(ops.cast(labels, "int32"), axis=-1))
    return ops.cast(ops.any(hits, axis=-1), backend_config.floatx())


class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = Accuracy()
    >>> m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    >>> float(m.result())
    0.75
    """

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(fn=accuracy, name=name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often thresholded predictions match binary labels.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.
        threshold: predictions above it count as 1.

    Example:
    >>> m = BinaryAccuracy()
    >>> m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
    >>> float(m.result())
    0.75
    """

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        if threshold is not None and not 0 <= threshold <= 1:
            raise ValueError(
                f"BinaryAccuracy: `threshold` must lie in [0, 1]; received "
                f"threshold={threshold}."
            )
        super().__init__(fn=binary_accuracy, name=name, dtype=dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    """How often ``argmax(y_pred)`` matches the one-hot label.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = CategoricalAccuracy()
    >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(fn=categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often ``argmax(y_pred)`` matches the integer label.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = SparseCategoricalAccuracy()
    >>> m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(fn=sparse_categorical_accuracy, name=name, dtype=dtype)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label is among the top ``k`` predictions.

    Args:
        k: how many top predictions count.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = TopKCategoricalAccuracy(k=1)
    >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(fn=top_k_categorical_accuracy, name=name, dtype=dtype, k=k)


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is among the top ``k`` predictions.

    Args:
        k: how many top predictions count.
        name: the metric's name.
        dtype: the dtype of the state and result.
        from_sorted_ids: whether ``y_pred`` holds class ids sorted by decreasing score.

    Example:
    >>> m = SparseTopKCategoricalAccuracy(k=1)
    >>> m.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None,
                 from_sorted_ids=False):
        kwargs = {"from_sorted_ids": True} if from_sorted_ids else {}
        super().__init__(fn=sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k,
                         **kwargs)


_PUBLIC = (
    accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
    top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, Accuracy, BinaryAccuracy,
    CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
)
for _obj in _PUBLIC:
    _obj.__module__ = "kbackend.metrics"
del _obj
