"""Intersection-over-union metrics: IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU.

All of them accumulate a ``(num_classes, num_classes)`` confusion matrix (rows: true
class, columns: predicted class) and compute, per target class,
``IoU = TP / (TP + FP + FN)``; classes that never appear (zero denominator) are left out
of the mean.
"""

from kbackend import ops
from kbackend.backends.common import config as backend_config
from kbackend.metrics.metric import Metric


def confusion_matrix(labels, predictions, num_classes, weights=None, dtype="float32"):
    """The weighted confusion matrix of integer labels and predictions.

    Args:
        labels: 1-D integer class ids.
        predictions: 1-D integer class ids, same length.
        num_classes: the number of classes.
        weights: optional 1-D weights.
        dtype: the result's dtype.

    Returns:
        A ``(num_classes, num_classes)`` tensor; entry ``[i, j]`` sums the weights of the
        samples of true class ``i`` predicted as ``j``.
    """
    labels = ops.one_hot(ops.cast(labels, "int32"), num_classes, dtype=dtype)
    predictions = ops.one_hot(ops.cast(predictions, "int32"), num_classes, dtype=dtype)
    if weights is not None:
        predictions = predictions * ops.expand_dims(ops.cast(weights, dtype), axis=-1)
    return ops.matmul(ops.transpose(labels), predictions)


class _IoUBase(Metric):
    """Accumulates the confusion matrix; subclasses compute `result`."""

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1):
        super().__init__(name=name, dtype=dtype)
        if not isinstance(num_classes, int) or num_classes < 1:
            raise ValueError(
                f"{type(self).__name__}: `num_classes` must be a positive integer; received "
                f"num_classes={num_classes!r}."
            )
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(shape=(num_classes, num_classes),
                                          initializer="zeros",
                                          name="total_confusion_matrix")

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's (weighted) confusion matrix.

        Args:
            y_true: class ids (or one-hot with ``sparse_y_true=False``).
            y_pred: class ids (or scores with ``sparse_y_pred=False``).
            sample_weight: optional weights, broadcastable to the class ids.
        """
        if not self.sparse_y_true:
            y_true = ops.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = ops.argmax(y_pred, axis=self.axis)
        y_true = ops.reshape(ops.convert_to_tensor(y_true, dtype=self.dtype), (-1,))
        y_pred = ops.reshape(ops.convert_to_tensor(y_pred, dtype=self.dtype), (-1,))
        if sample_weight is None:
            sample_weight = 1.0
        sample_weight = ops.convert_to_tensor(sample_weight, dtype=self.dtype)
        if len(ops.shape(sample_weight)) > 1:
            sample_weight = ops.reshape(sample_weight, (-1,))
        sample_weight = ops.broadcast_to(sample_weight, ops.shape(y_true))
        if self.ignore_class is not None:
            valid = ops.cast(ops.not_equal(y_true, float(self.ignore_class)), self.dtype)
            # NOTE: ignored entries are mapped to class 0 with weight 0, so that no
            # out-of-range class id reaches one_hot.
            y_true = y_true * valid
            y_pred = y_pred * valid
            sample_weight = sample_weight * valid
        self.total_cm.assign_add(confusion_matrix(y_true, y_pred, self.num_classes,
                                                  weights=sample_weight, dtype=self.dtype))

    def _iou_of(self, target_class_ids):
        cm = self.total_cm.value
        predicted = ops.sum(cm, axis=0)
        actual = ops.sum(cm, axis=1)
        true_positives = ops.diagonal(cm)
        denominator = predicted + actual - true_positives
        ids = ops.convert_to_tensor(list(target_class_ids), dtype="int32")
        true_positives = ops.take(true_positives, ids)
        denominator = ops.take(denominator, ids)
        num_valid = ops.sum(ops.cast(ops.greater(denominator, 1e-9), self.dtype))
        iou = true_positives / (denominator + backend_config.epsilon())
        return ops.sum(iou) / (num_valid + backend_config.epsilon())

    def get_config(self):
        config = super().get_config()
        config.update({"num_classes": self.num_classes, "ignore_class": self.ignore_class,
                       "sparse_y_true": self.sparse_y_true,
                       "sparse_y_pred": self.sparse_y_pred, "axis": self.axis})
        return config


class IoU(_IoUBase):
    """Intersection over union, averaged over the given target classes.

    Args:
        num_classes: the number of classes.
        target_class_ids: the class ids whose IoU is averaged.
        name: the metric's name.
        dtype: the dtype of the state and result.
        ignore_class: a class id whose entries (in ``y_true``) are ignored.
        sparse_y_true: whether labels are class ids (else one-hot along ``axis``).
        sparse_y_pred: whether predictions are class ids (else scores along ``axis``).
        axis: the class axis for non-sparse inputs.

    Example:
    >>> m = IoU(num_classes=2, target_class_ids=[0])
    >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    >>> round(float(m.result()), 4)
    0.3333
    """

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None,
                 ignore_class=None, sparse_y_true=True, sparse_y_pred=True, axis=-1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=sparse_y_true, sparse_y_pred=sparse_y_pred,
                         axis=axis)
        target_class_ids = list(target_class_ids)
        invalid = [i for i in target_class_ids if not 0 <= int(i) < num_classes]
        if invalid:
            raise ValueError(
                f"{type(self).__name__}: target class ids {invalid} are out of range for "
                f"num_classes={num_classes}; they must lie in [0, {num_classes - 1}]."
            )
        self.target_class_ids = [int(i) for i in target_class_ids]

    def result(self):
        return self._iou_of(self.target_class_ids)

    def get_config(self):
        config = super().get_config()
        config["target_class_ids"] = list(self.target_class_ids)
        return config


class BinaryIoU(IoU):
    """IoU of binary labels and thresholded predictions (``y_pred >= threshold`` is 1).

    Args:
        target_class_ids: which of the classes 0 and 1 to average (default both).
        threshold: predictions at or above it are class 1.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = BinaryIoU(target_class_ids=[0, 1], threshold=0.3)
    >>> m.update_state([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7])
    >>> round(float(m.result()), 4)
    0.3333
    """

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name,
                         dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = ops.convert_to_tensor(y_pred, dtype=self.dtype)
        y_pred = ops.cast(ops.greater_equal(y_pred, self.threshold), self.dtype)
        super().update_state(y_true, y_pred, sample_weight)

    def get_config(self):
        return {"target_class_ids": list(self.target_class_ids),
                "threshold": self.threshold, "name": self.name,
                "dtype": Metric.get_config(self)["dtype"]}


class MeanIoU(IoU):
    """The mean IoU over all classes.

    Args:
        num_classes: the number of classes.
        name: the metric's name.
        dtype: the dtype of the state and result.
        ignore_class: a class id whose entries (in ``y_true``) are ignored.
        sparse_y_true: whether labels are class ids (else one-hot along ``axis``).
        sparse_y_pred: whether predictions are class ids (else scores along ``axis``).
        axis: the class axis for non-sparse inputs.

    Example:
    >>> m = MeanIoU(num_classes=2)
    >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    >>> round(float(m.result()), 4)
    0.3333
    """

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1):
        super().__init__(num_classes, target_class_ids=list(range(num_classes)), name=name,
                         dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=sparse_y_true, sparse_y_pred=sparse_y_pred,
                         axis=axis)

    def get_config(self):
        config = super().get_config()
        del config["target_class_ids"]
        return config


class OneHotIoU(IoU):
    """IoU of one-hot labels and score predictions (argmax along ``axis``).

    Args:
        num_classes: the number of classes.
        target_class_ids: the class ids whose IoU is averaged.
        name: the metric's name.
        dtype: the dtype of the state and result.
        ignore_class: a class id whose entries are ignored.
        sparse_y_pred: whether predictions are already class ids.
        axis: the class axis.

    Example:
    >>> m = OneHotIoU(num_classes=3, target_class_ids=[0, 2])
    >>> m.update_state([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
    ...                [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1],
    ...                 [0.1, 0.4, 0.5]])
    >>> round(float(m.result()), 4)
    0.1667
    """

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None,
                 ignore_class=None, sparse_y_pred=False, axis=-1):
        super().__init__(num_classes, target_class_ids=target_class_ids, name=name,
                         dtype=dtype, ignore_class=ignore_class, sparse_y_true=False,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self):
        config = super().get_config()
        del config["sparse_y_true"]
        return config


class OneHotMeanIoU(MeanIoU):
    """The mean IoU over all classes, for one-hot labels and score predictions.

    Args:
        num_classes: the number of classes.
        name: the metric's name.
        dtype: the dtype of the state and result.
        ignore_class: a class id whose entries are ignored.
        sparse_y_pred: whether predictions are already class ids.
        axis: the class axis.

    Example:
    >>> m = OneHotMeanIoU(num_classes=3)
    >>> m.update_state([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
    ...                [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1],
    ...                 [0.1, 0.4, 0.5]])
    >>> round(float(m.result()), 4)
    0.1111
    """

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None,
                 sparse_y_pred=False, axis=-1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self):
        config = super().get_config()
        del config["sparse_y_true"]
        return config


for _cls in (IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU):
    _cls.__module__ = "kbackend.metrics"
del _cls
