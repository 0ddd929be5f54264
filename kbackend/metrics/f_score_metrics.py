"""F-scores: `FBetaScore` and `F1Score` over 2-D multi-class / multi-label data."""

from kbackend import ops
from kbackend.backends.common import config as backend_config
from kbackend.metrics.metric import Metric

_AVERAGES = (None, "micro", "macro", "weighted")


class FBetaScore(Metric):
    """The F-beta score, ``(1 + beta^2) * P * R / (beta^2 * P + R)``, per class or averaged.

    Inputs are 2-D ``(batch, num_classes)``: one-hot or multi-hot labels and scores. The
    state is created on the first update, when the number of classes is known.

    Args:
        average: None (one score per class), "micro" (counts pooled over classes),
            "macro" (unweighted mean of the class scores) or "weighted" (mean weighted by
            each class's number of true instances).
        beta: how much more recall counts than precision (> 0).
        threshold: predictions above it are positive; None (default) makes the highest
            score of each row positive (``argmax``), for single-label data.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = FBetaScore(beta=2.0, threshold=0.5)
    >>> m.update_state([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
    ...                [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]])
    >>> [round(float(v), 4) for v in m.result()]
    [0.3846, 0.9091, 0.8333]
    """

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score",
                 dtype=None):
        super().__init__(name=name, dtype=dtype)
        if average not in _AVERAGES:
            raise ValueError(
                f"{type(self).__name__}: invalid `average`; expected one of "
                f"{list(_AVERAGES)}, received average={average!r}."
            )
        if not isinstance(beta, (int, float)) or isinstance(beta, bool) or beta <= 0.0:
            raise ValueError(
                f"{type(self).__name__}: `beta` must be a float > 0; received beta={beta!r}."
            )
        if threshold is not None and (
            not isinstance(threshold, (int, float)) or not 0.0 < threshold <= 1.0
        ):
            raise ValueError(
                f"{type(self).__name__}: `threshold` must be a float in (0, 1] or None; "
                f"received threshold={threshold!r}."
            )
        self.average = average
        self.beta = float(beta)
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                f"{type(self).__name__} expects 2-D inputs (batch, num_classes). Received: "
                f"y_true.shape={tuple(y_true_shape)}, y_pred.shape={tuple(y_pred_shape)}."
            )
        if y_pred_shape[-1] is None or y_true_shape[-1] is None:
            raise ValueError(
                f"{type(self).__name__} needs a known number of classes (last axis). "
                f"Received: y_true.shape={tuple(y_true_shape)}, "
                f"y_pred.shape={tuple(y_pred_shape)}."
            )
        shape = () if self.average == "micro" else (int(y_pred_shape[-1]),)
        for name in ("true_positives", "false_positives", "false_negatives",
                     "intermediate_weights"):
            setattr(self, name, self.add_variable(shape=shape, initializer="zeros",
                                                  name=name))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's (weighted) per-class counts.

        Args:
            y_true: one-hot / multi-hot labels, shape ``(batch, num_classes)``.
            y_pred: scores, same shape.
            sample_weight: optional per-sample weights, shape ``(batch,)``.
        """
        y_true = ops.convert_to_tensor(y_true, dtype=self.dtype)
        y_pred = ops.convert_to_tensor(y_pred, dtype=self.dtype)
        if not self._built:
            self._build(ops.shape(y_true), ops.shape(y_pred))
        if self.threshold is None:
            row_max = ops.max(y_pred, axis=-1, keepdims=True)
            # NOTE: an all-zero row must not make every class positive.
            predicted = ops.logical_and(ops.greater_equal(y_pred, row_max),
                                        ops.greater(ops.abs(y_pred), 1e-9))
        else:
            predicted = ops.greater(y_pred, self.threshold)
        y_pred = ops.cast(predicted, self.dtype)
        weights = None
        if sample_weight is not None:
            weights = ops.convert_to_tensor(sample_weight, dtype=self.dtype)
            if len(ops.shape(weights)) == 1:
                weights = ops.expand_dims(weights, axis=1)

        def weighted_sum(values):
            if weights is not None:
                values = values * weights
            return ops.sum(values, axis=self.axis)

        self.true_positives.assign_add(weighted_sum(y_pred * y_true))
        self.false_positives.assign_add(weighted_sum(y_pred * (1.0 - y_true)))
        self.false_negatives.assign_add(weighted_sum((1.0 - y_pred) * y_true))
        self.intermediate_weights.assign_add(weighted_sum(y_true))

    def result(self):
        if not self._built:
            return ops.convert_to_tensor(0.0, dtype=self.dtype)
        epsilon = backend_config.epsilon()
        tp = self.true_positives.value
        precision = tp / (tp + self.false_positives.value + epsilon)
        recall = tp / (tp + self.false_negatives.value + epsilon)
        beta_squared = self.beta**2
        score = (1.0 + beta_squared) * precision * recall / (
            beta_squared * precision + recall + epsilon)
        if self.average == "weighted":
            support = self.intermediate_weights.value
            score = ops.sum(score * support / (ops.sum(support) + epsilon))
        elif self.average is not None:
            score = ops.mean(score)
        return ops.cast(score, self.dtype)

    def get_config(self):
        config = super().get_config()
        config.update({"average": self.average, "beta": self.beta,
                       "threshold": self.threshold})
        return config


class F1Score(FBetaScore):
    """The F1 score, ``2 * P * R / (P + R)``: `FBetaScore` with ``beta=1``.

    Args:
        average: None (one score per class), "micro", "macro" or "weighted" (see
            `FBetaScore`).
        threshold: predictions above it are positive; None makes each row's highest
            score positive.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = F1Score(threshold=0.5)
    >>> m.update_state([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
    ...                [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]])
    >>> [round(float(v), 4) for v in m.result()]
    [0.5, 0.8, 0.6667]
    """

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name,
                         dtype=dtype)

    def get_config(self):
        config = super().get_config()
        del config["beta"]
        return config


FBetaScore.__module__ = "kbackend.metrics"
F1Score.__module__ = "kbackend.metrics"
