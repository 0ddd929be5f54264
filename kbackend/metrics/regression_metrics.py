"""Regression metrics: mean errors, root mean squared error, cosine similarity, R2."""

from kbackend import ops
from kbackend.losses import (
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)
from kbackend.losses.loss import squeeze_or_expand_to_same_rank
from kbackend.metrics.metric import Metric
from kbackend.metrics.reduction_metrics import Mean, MeanMetricWrapper


class MeanSquaredError(MeanMetricWrapper):
    """The mean of ``square(y_true - y_pred)``.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = MeanSquaredError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> float(m.result())
    0.25
    """

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(fn=mean_squared_error, name=name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    """The mean of ``abs(y_true - y_pred)``.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = MeanAbsoluteError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> float(m.result())
    0.25
    """

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(fn=mean_absolute_error, name=name, dtype=dtype)


class MeanAbsolutePercentageError(MeanMetricWrapper):
    """The mean of ``100 * abs((y_true - y_pred) / y_true)``.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = MeanAbsolutePercentageError()
    >>> m.update_state([[1.0, 2.0]], [[1.5, 2.0]])
    >>> float(m.result())
    25.0
    """

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(fn=mean_absolute_percentage_error, name=name, dtype=dtype)


class MeanSquaredLogarithmicError(MeanMetricWrapper):
    """The mean of ``square(log(y_true + 1) - log(y_pred + 1))``.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = MeanSquaredLogarithmicError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> round(float(m.result()), 4)
    0.1201
    """

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(fn=mean_squared_logarithmic_error, name=name, dtype=dtype)


class LogCoshError(MeanMetricWrapper):
    """The mean of ``log(cosh(y_pred - y_true))``.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = LogCoshError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> round(float(m.result()), 4)
    0.1084
    """

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(fn=log_cosh, name=name, dtype=dtype)


def cosine_similarity(y_true, y_pred, axis=-1):
    """Cosine similarity ``sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)``."""
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true, dtype=ops.dtype(y_pred))
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_pred = ops.normalize(y_pred, axis=axis)
    y_true = ops.normalize(y_true, axis=axis)
    return ops.sum(y_true * y_pred, axis=axis)


class CosineSimilarity(MeanMetricWrapper):
    """The mean cosine similarity between labels and predictions (1 = same direction).

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.
        axis: the axis along which the similarity is computed.

    Example:
    >>> m = CosineSimilarity(axis=1)
    >>> m.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
    >>> round(float(m.result()), 4)
    0.5
    """

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(fn=cosine_similarity, name=name, dtype=dtype, axis=axis)


class RootMeanSquaredError(Mean):
    """The square root of the mean of ``square(y_true - y_pred)``.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = RootMeanSquaredError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the squared errors of one batch (optionally weighted)."""
        y_true = ops.convert_to_tensor(y_true, dtype=self.dtype)
        y_pred = ops.convert_to_tensor(y_pred, dtype=self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        super().update_state(ops.square(y_pred - y_true), sample_weight=sample_weight)

    def result(self):
        return ops.sqrt(super().result())


_AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


class R2Score(Metric):
    """The coefficient of determination, ``1 - SS_res / SS_tot``, per output or averaged.

    Inputs are 2-D ``(batch, num_outputs)``; the state variables are created on the first
    update, when the number of outputs is known.

    Args:
        class_aggregation: "uniform_average" (mean of the per-output scores, default),
            "variance_weighted_average" (weighted by each output's variance) or None
            (one score per output).
        num_regressors: the number of independent regressors, for the adjusted R2
            ``1 - (1 - R2) * (n - 1) / (n - p - 1)`` (0 disables it).
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = R2Score()
    >>> m.update_state([[1.0], [4.0], [3.0]], [[2.0], [4.0], [4.0]])
    >>> round(float(m.result()), 4)
    0.5714
    """

    def __init__(self, class_aggregation="uniform_average", num_regressors=0,
                 name="r2_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if class_aggregation not in _AGGREGATIONS:
            raise ValueError(
                f"R2Score: invalid `class_aggregation`; expected one of {list(_AGGREGATIONS)}, "
                f"received class_aggregation={class_aggregation!r}."
            )
        if num_regressors < 0:
            raise ValueError(
                "R2Score: `num_regressors` must be a non-negative integer; received "
                f"num_regressors={num_regressors}."
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable(shape=(), initializer="zeros", dtype="int32",
                                             name="num_samples")
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2-D inputs (batch, num_outputs). Received: "
                f"y_true.shape={tuple(y_true_shape)}, y_pred.shape={tuple(y_pred_shape)}. "
                "Reshape 1-D targets to (batch, 1)."
            )
        if y_pred_shape[-1] is None or y_true_shape[-1] is None:
            raise ValueError(
                "R2Score needs a known last dimension. Received: "
                f"y_true.shape={tuple(y_true_shape)}, y_pred.shape={tuple(y_pred_shape)}."
            )
        num_outputs = int(y_pred_shape[-1])
        for name in ("squared_sum", "sum", "total_mse", "count"):
            setattr(self, name, self.add_variable(shape=(num_outputs,), initializer="zeros",
                                                  name=name))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Accumulates the sums R2 needs, optionally weighted per sample."""
        y_true = ops.convert_to_tensor(y_true, dtype=self.dtype)
        y_pred = ops.convert_to_tensor(y_pred, dtype=self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        if not self._built:
            self._build(ops.shape(y_true), ops.shape(y_pred))
        if sample_weight is None:
            sample_weight = 1.0
        sample_weight = ops.convert_to_tensor(sample_weight, dtype=self.dtype)
        if len(ops.shape(sample_weight)) == 1:
            sample_weight = ops.expand_dims(sample_weight, axis=1)
        sample_weight = ops.broadcast_to(sample_weight, ops.shape(y_true))
        weighted_y_true = y_true * sample_weight
        self.sum.assign_add(ops.sum(weighted_y_true, axis=0))
        self.squared_sum.assign_add(ops.sum(y_true * weighted_y_true, axis=0))
        self.total_mse.assign_add(ops.sum(ops.square(y_true - y_pred) * sample_weight, axis=0))
        self.count.assign_add(ops.sum(sample_weight, axis=0))
        self.num_samples.assign_add(ops.cast(ops.shape(y_true)[0], "int32"))

    def result(self):
        if not self._built:
            return ops.convert_to_tensor(0.0, dtype=self.dtype)
        total_sum, count = self.sum.value, self.count.value
        mean = ops.divide_no_nan(total_sum, count)
        total = self.squared_sum.value - total_sum * mean
        raw_scores = 1.0 - ops.divide_no_nan(self.total_mse.value, total)
        # A constant target (total == 0) has no defined score: report 0 as Keras does.
        raw_scores = ops.where(ops.equal(total, 0.0), 0.0, raw_scores)
        if self.class_aggregation == "uniform_average":
            score = ops.mean(raw_scores)
        elif self.class_aggregation == "variance_weighted_average":
            score = ops.divide_no_nan(ops.sum(total * raw_scores), ops.sum(total))
        else:
            score = raw_scores
        if self.num_regressors:
            n = ops.cast(self.num_samples.value, self.dtype)
            p = float(self.num_regressors)
            # NOTE: with too few samples (n - p - 1 <= 0) the adjustment is undefined and
            # the plain score is returned.
            adjusted = 1.0 - (1.0 - score) * ops.divide_no_nan(n - 1.0, n - p - 1.0)
            score = ops.where(ops.greater(n - p - 1.0, 0.0), adjusted, score)
        return ops.cast(score, self.dtype)

    def get_config(self):
        config = super().get_config()
        config.update({"class_aggregation": self.class_aggregation,
                       "num_regressors": self.num_regressors})
        return config


for _obj in (MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
             MeanSquaredLogarithmicError, LogCoshError, CosineSimilarity, RootMeanSquaredError,
             R2Score):
    _obj.__module__ = "kbackend.metrics"
del _obj
