"""Confusion-matrix metrics: TP/FP/TN/FN counts, Precision, Recall, the *At* metrics and AUC.

All of them accumulate weighted confusion counts per threshold with
`metrics_utils.update_confusion_matrix_variables` (see Note [confusion counts]).
"""

from kbackend import ops
from kbackend.metrics import metrics_utils
from kbackend.metrics.metric import Metric
from kbackend.metrics.metrics_utils import (
    FALSE_NEGATIVES,
    FALSE_POSITIVES,
    TRUE_NEGATIVES,
    TRUE_POSITIVES,
)


class _ConfusionMatrixConditionCount(Metric):
    """Counts one confusion condition at each threshold."""

    _condition = None

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = metrics_utils.parse_init_thresholds(thresholds, 0.5)
        self.accumulator = self.add_variable(shape=(len(self.thresholds),),
                                             initializer="zeros", name="accumulator")

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's (weighted) count at each threshold.

        Args:
            y_true: binary labels (non-zero is positive).
            y_pred: scores in [0, 1], same shape.
            sample_weight: optional weights.
        """
        metrics_utils.update_confusion_matrix_variables(
            {self._condition: self.accumulator}, y_true, y_pred, self.thresholds,
            sample_weight=sample_weight, dtype=self.dtype,
        )

    def result(self):
        if len(self.thresholds) == 1:
            return self.accumulator.value[0]
        return self.accumulator.value

    def get_config(self):
        config = super().get_config()
        config["thresholds"] = self.init_thresholds
        return config


_COUNT_DOC = """The (weighted) number of {what}.

    A prediction is positive when it is above the threshold; a label when it is non-zero.

    Args:
        thresholds: a float or list of floats in [0, 1] (default 0.5); with a list the
            result has one count per threshold.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = {cls}()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> float(m.result())
    {value}
    """


class TruePositives(_ConfusionMatrixConditionCount):
    _condition = TRUE_POSITIVES


class FalsePositives(_ConfusionMatrixConditionCount):
    _condition = FALSE_POSITIVES


class TrueNegatives(_ConfusionMatrixConditionCount):
    _condition = TRUE_NEGATIVES


class FalseNegatives(_ConfusionMatrixConditionCount):
    _condition = FALSE_NEGATIVES


for _cls, _what, _value in (
    (TruePositives, "true positives", "2.0"), (FalsePositives, "false positives", "1.0"),
    (TrueNegatives, "true negatives", "0.0"), (FalseNegatives, "false negatives", "1.0"),
):
    _cls.__doc__ = _COUNT_DOC.format(what=_what, cls=_cls.__name__, value=_value)
del _what, _value


class Precision(Metric):
    """Precision, ``true_positives / (true_positives + false_positives)``.

    Args:
        thresholds: a float or list of floats in [0, 1]; predictions above a threshold
            are positive (default 0.5, or "any of the top k" with ``top_k``). With a list,
            the result has one value per threshold.
        top_k: only the ``top_k`` highest predictions of each row may be positive.
        class_id: compute the metric for this class (last-axis index) only.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = Precision()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> round(float(m.result()), 4)
    0.6667
    """

    _counts = (TRUE_POSITIVES, FALSE_POSITIVES)

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else metrics_utils.NEG_INF
        self.thresholds = metrics_utils.parse_init_thresholds(thresholds, default)
        for count in self._counts:
            setattr(self, count, self.add_variable(shape=(len(self.thresholds),),
                                                   initializer="zeros", name=count))

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's confusion counts.

        Args:
            y_true: binary labels (non-zero is positive).
            y_pred: scores in [0, 1], same shape.
            sample_weight: optional weights.
        """
        metrics_utils.update_confusion_matrix_variables(
            {count: getattr(self, count) for count in self._counts}, y_true, y_pred,
            self.thresholds, top_k=self.top_k, class_id=self.class_id,
            sample_weight=sample_weight, dtype=self.dtype,
        )

    def _value(self, tp, other):
        return ops.divide_no_nan(tp, tp + other)

    def result(self):
        values = self._value(*(getattr(self, c).value for c in self._counts))
        return values[0] if len(self.thresholds) == 1 else values

    def get_config(self):
        config = super().get_config()
        config.update({"thresholds": self.init_thresholds, "top_k": self.top_k,
                       "class_id": self.class_id})
        return config


class Recall(Precision):
    """Recall, ``true_positives / (true_positives + false_negatives)``.

    Args:
        thresholds: a float or list of floats in [0, 1]; predictions above a threshold
            are positive (default 0.5, or "any of the top k" with ``top_k``). With a list,
            the result has one value per threshold.
        top_k: only the ``top_k`` highest predictions of each row may be positive.
        class_id: compute the metric for this class (last-axis index) only.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = Recall()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> round(float(m.result()), 4)
    0.6667
    """

    _counts = (TRUE_POSITIVES, FALSE_NEGATIVES)


class SensitivitySpecificityBase(Metric):
    """Base of the metrics that maximize one rate subject to a bound on another.

    Args:
        value: the bound on the constrained rate, in [0, 1].
        num_thresholds: how many thresholds (evenly spread over [0, 1]) are tried.
        class_id: compute the metric for this class (last-axis index) only.
        name: the metric's name.
        dtype: the dtype of the state and result.
    """

    _value_name = "value"

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if not isinstance(num_thresholds, int) or num_thresholds <= 0:
            raise ValueError(
                f"{type(self).__name__}: `num_thresholds` must be an integer > 0; received "
                f"num_thresholds={num_thresholds!r}."
            )
        if not 0 <= value <= 1:
            raise ValueError(
                f"{type(self).__name__}: `{self._value_name}` must lie in [0, 1]; received "
                f"{self._value_name}={value}."
            )
        self.value = value
        self.class_id = class_id
        self.num_thresholds = num_thresholds
        if num_thresholds == 1:
            self.thresholds = [0.5]
        else:
            inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds = [0.0] + inner + [1.0]
        for count in (TRUE_POSITIVES, FALSE_POSITIVES, TRUE_NEGATIVES, FALSE_NEGATIVES):
            setattr(self, count, self.add_variable(shape=(num_thresholds,),
                                                   initializer="zeros", name=count))

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's confusion counts at every threshold.

        Args:
            y_true: binary labels (non-zero is positive).
            y_pred: scores in [0, 1], same shape.
            sample_weight: optional weights.
        """
        metrics_utils.update_confusion_matrix_variables(
            {c: getattr(self, c) for c in (TRUE_POSITIVES, FALSE_POSITIVES, TRUE_NEGATIVES,
                                           FALSE_NEGATIVES)},
            y_true, y_pred, self.thresholds, class_id=self.class_id,
            sample_weight=sample_weight, dtype=self.dtype,
        )

    def _rates(self):
        tp, fp = self.true_positives.value, self.false_positives.value
        tn, fn = self.true_negatives.value, self.false_negatives.value
        return {
            "sensitivity": ops.divide_no_nan(tp, tp + fn),
            "specificity": ops.divide_no_nan(tn, tn + fp),
            "precision": ops.divide_no_nan(tp, tp + fp),
        }

    def _max_under_constraint(self, constrained, dependent):
        """The largest ``dependent`` where ``constrained >= value`` (0 if none)."""
        feasible = ops.greater_equal(constrained, self.value)
        best = ops.max(ops.where(feasible, dependent, 0.0))
        return ops.where(ops.any(feasible), best, 0.0)

    def get_config(self):
        config = super().get_config()
        config.update({self._value_name: self.value, "num_thresholds": self.num_thresholds,
                       "class_id": self.class_id})
        return config


class SensitivityAtSpecificity(SensitivitySpecificityBase):
    """The best sensitivity (recall) reachable with specificity >= ``specificity``.

    Counts are taken at ``num_thresholds`` thresholds evenly spread over [0, 1]; the result
    is the largest sensitivity over the thresholds that meet the constraint (0 if none).

    Args:
        specificity: the required specificity, in [0, 1].
        num_thresholds: how many thresholds are tried.
        class_id: compute the metric for this class (last-axis index) only.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = SensitivityAtSpecificity(0.5)
    >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> float(m.result())
    0.5
    """

    _value_name = "specificity"

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None,
                 dtype=None):
        super().__init__(specificity, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def result(self):
        rates = self._rates()
        return self._max_under_constraint(rates["specificity"], rates["sensitivity"])


class SpecificityAtSensitivity(SensitivitySpecificityBase):
    """The best specificity reachable with sensitivity (recall) >= ``sensitivity``.

    Counts are taken at ``num_thresholds`` thresholds evenly spread over [0, 1]; the result
    is the largest specificity over the thresholds that meet the constraint (0 if none).

    Args:
        sensitivity: the required sensitivity, in [0, 1].
        num_thresholds: how many thresholds are tried.
        class_id: compute the metric for this class (last-axis index) only.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = SpecificityAtSensitivity(0.5)
    >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> round(float(m.result()), 4)
    0.6667
    """

    _value_name = "sensitivity"

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None,
                 dtype=None):
        super().__init__(sensitivity, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def result(self):
        rates = self._rates()
        return self._max_under_constraint(rates["sensitivity"], rates["specificity"])


class PrecisionAtRecall(SensitivitySpecificityBase):
    """The best precision reachable with recall >= ``recall``.

    Counts are taken at ``num_thresholds`` thresholds evenly spread over [0, 1]; the result
    is the largest precision over the thresholds that meet the constraint (0 if none).

    Args:
        recall: the required recall, in [0, 1].
        num_thresholds: how many thresholds are tried.
        class_id: compute the metric for this class (last-axis index) only.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = PrecisionAtRecall(0.5)
    >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> float(m.result())
    0.5
    """

    _value_name = "recall"

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(recall, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def result(self):
        rates = self._rates()
        return self._max_under_constraint(rates["sensitivity"], rates["precision"])


class RecallAtPrecision(SensitivitySpecificityBase):
    """The best recall reachable with precision >= ``precision``.

    Counts are taken at ``num_thresholds`` thresholds evenly spread over [0, 1]; the result
    is the largest recall over the thresholds that meet the constraint (0 if none).

    Args:
        precision: the required precision, in [0, 1].
        num_thresholds: how many thresholds are tried.
        class_id: compute the metric for this class (last-axis index) only.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = RecallAtPrecision(0.5)
    >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> float(m.result())
    1.0
    """

    _value_name = "precision"

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(precision, num_thresholds=num_thresholds, class_id=class_id,
                         name=name, dtype=dtype)

    def result(self):
        rates = self._rates()
        return self._max_under_constraint(rates["precision"], rates["sensitivity"])


_CURVES = ("ROC", "PR")
_SUMMATIONS = ("interpolation", "minoring", "majoring")


class AUC(Metric):
    """Area under the ROC or precision-recall curve, from confusion counts at thresholds.

    The curve is sampled at ``num_thresholds`` thresholds; the area is a Riemann sum
    ("interpolation": trapezoids for ROC, and the Davis & Goadrich interpolation for PR;
    "minoring"/"majoring": the lower/upper step). More thresholds give a closer value.

    Args:
        num_thresholds: how many thresholds (> 1) to use, evenly spread over [0, 1] with
            the endpoints just outside it.
        curve: "ROC" (default) or "PR".
        summation_method: "interpolation" (default), "minoring" or "majoring".
        name: the metric's name.
        dtype: the dtype of the state and result.
        thresholds: an explicit list of thresholds in [0, 1] (then ``num_thresholds`` is
            ``len(thresholds) + 2``: the endpoints are added).
        multi_label: with 2-D ``(batch, num_labels)`` data, compute one AUC per label and
            average them (weighted by ``label_weights``), instead of one AUC over all
            flattened entries.
        num_labels: the number of labels when ``multi_label`` (else found on the first
            update).
        label_weights: optional per-label weights: how much each label's entries count
            (flattened mode) or each label's AUC counts (``multi_label``).
        from_logits: whether predictions are logits (a sigmoid is applied first).

    Example:
    >>> m = AUC(num_thresholds=3)
    >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    >>> float(m.result())
    0.75
    """

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation",
                 name=None, dtype=None, thresholds=None, multi_label=False, num_labels=None,
                 label_weights=None, from_logits=False):
        super().__init__(name=name, dtype=dtype)
        curve = str(curve).upper()
        if curve not in _CURVES:
            raise ValueError(
                f"AUC: invalid `curve`; expected one of {list(_CURVES)}, received "
                f"curve={curve!r}."
            )
        summation_method = str(summation_method).lower()
        if summation_method not in _SUMMATIONS:
            raise ValueError(
                f"AUC: invalid `summation_method`; expected one of {list(_SUMMATIONS)}, "
                f"received summation_method={summation_method!r}."
            )
        self.curve = curve
        self.summation_method = summation_method
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            inner = sorted(metrics_utils.parse_init_thresholds(thresholds))
            self.num_thresholds = len(inner) + 2
        else:
            if not isinstance(num_thresholds, int) or num_thresholds <= 1:
                raise ValueError(
                    f"AUC: `num_thresholds` must be an integer > 1; received "
                    f"num_thresholds={num_thresholds!r}."
                )
            self.num_thresholds = num_thresholds
            inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        # NOTE: the endpoints lie just outside [0, 1] so that predictions of exactly 0 or 1
        # are on the expected side of the first and last thresholds.
        epsilon = 1e-7
        self._thresholds = [0.0 - epsilon] + inner + [1.0 + epsilon]
        self.multi_label = bool(multi_label)
        self.num_labels = num_labels
        if label_weights is not None:
            self.label_weights = ops.convert_to_tensor(label_weights, dtype=self.dtype)
        else:
            self.label_weights = None
        self._label_weights_argument = label_weights
        self._from_logits = bool(from_logits)
        self._built = False
        if self.multi_label:
            if num_labels:
                self._build((None, num_labels))
        else:
            if num_labels:
                raise ValueError(
                    "AUC: `num_labels` is only used with multi_label=True; received "
                    f"num_labels={num_labels} with multi_label=False."
                )
            self._build(None)

    @property
    def thresholds(self):
        """The thresholds, endpoints included."""
        return list(self._thresholds)

    def _build(self, shape):
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(
                    "AUC(multi_label=True) expects 2-D predictions (batch, num_labels); "
                    f"received shape {tuple(shape)}."
                )
            self._num_labels = int(shape[1])
            variable_shape = (self.num_thresholds, self._num_labels)
        else:
            variable_shape = (self.num_thresholds,)
        for count in (TRUE_POSITIVES, FALSE_POSITIVES, TRUE_NEGATIVES, FALSE_NEGATIVES):
            setattr(self, count, self.add_variable(shape=variable_shape, initializer="zeros",
                                                   name=count))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's confusion counts at every threshold.

        Args:
            y_true: binary labels (non-zero is positive).
            y_pred: scores in [0, 1] (or logits with ``from_logits``), same shape.
            sample_weight: optional weights.
        """
        y_pred = ops.convert_to_tensor(y_pred, dtype=self.dtype)
        if not self._built:
            self._build(ops.shape(y_pred))
        if self._from_logits:
            y_pred = ops.sigmoid(y_pred)
        metrics_utils.update_confusion_matrix_variables(
            {c: getattr(self, c) for c in (TRUE_POSITIVES, FALSE_POSITIVES, TRUE_NEGATIVES,
                                           FALSE_NEGATIVES)},
            y_true, y_pred, self._thresholds, sample_weight=sample_weight,
            multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
            dtype=self.dtype,
        )

    def _average_labels(self, by_label):
        if self.label_weights is None:
            return ops.mean(by_label)
        return ops.divide_no_nan(ops.sum(by_label * self.label_weights),
                                 ops.sum(self.label_weights))

    def _interpolate_pr_auc(self, tp, fp, fn):
        """PR-AUC with the Davis & Goadrich (2006) interpolation between thresholds.

        Between two thresholds, precision is interpolated along the line of
        ``(true positives, predicted positives)``, which integrates in closed form.
        """
        dtp = tp[:-1] - tp[1:]
        predicted = tp + fp
        dp = predicted[:-1] - predicted[1:]
        precision_slope = ops.divide_no_nan(dtp, ops.maximum(dp, 0.0))
        intercept = tp[1:] - precision_slope * predicted[1:]
        both_positive = ops.logical_and(predicted[:-1] > 0, predicted[1:] > 0)
        safe_ratio = ops.where(
            both_positive,
            ops.divide_no_nan(predicted[:-1], ops.maximum(predicted[1:], 0.0)),
            ops.ones_like(predicted[1:]),
        )
        increments = ops.divide_no_nan(
            precision_slope * (dtp + intercept * ops.log(safe_ratio)),
            ops.maximum(tp[1:] + fn[1:], 0.0),
        )
        if self.multi_label:
            return self._average_labels(ops.sum(increments, axis=0))
        return ops.sum(increments)

    def result(self):
        if not self._built:
            return ops.convert_to_tensor(0.0, dtype=self.dtype)
        tp, fp = self.true_positives.value, self.false_positives.value
        tn, fn = self.true_negatives.value, self.false_negatives.value
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._interpolate_pr_auc(tp, fp, fn)
        recall = ops.divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = ops.divide_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, ops.divide_no_nan(tp, tp + fp)
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = ops.minimum(y[:-1], y[1:])
        else:
            heights = ops.maximum(y[:-1], y[1:])
        # Thresholds increase, so x decreases: x[:-1] - x[1:] are the widths.
        terms = (x[:-1] - x[1:]) * heights
        if self.multi_label:
            return self._average_labels(ops.sum(terms, axis=0))
        return ops.sum(terms)

    def get_config(self):
        label_weights = self._label_weights_argument
        if label_weights is not None and not isinstance(label_weights, (list, tuple)):
            label_weights = ops.convert_to_numpy(label_weights).tolist()
        config = super().get_config()
        config.update({
            "num_thresholds": self.num_thresholds, "curve": self.curve,
            "summation_method": self.summation_method, "multi_label": self.multi_label,
            "num_labels": self.num_labels, "label_weights": label_weights,
            "from_logits": self._from_logits,
        })
        if self._init_from_thresholds:
            config["thresholds"] = self._thresholds[1:-1]
        return config


for _cls in (TruePositives, FalsePositives, TrueNegatives, FalseNegatives, Precision, Recall,
             SensitivitySpecificityBase, SensitivityAtSpecificity, SpecificityAtSensitivity,
             PrecisionAtRecall, RecallAtPrecision, AUC):
    _cls.__module__ = "kbackend.metrics"
del _cls
