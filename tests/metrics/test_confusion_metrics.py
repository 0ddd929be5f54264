"""Confusion-matrix metrics against scikit-learn and NumPy references."""

import numpy as np
import pytest
from sklearn.metrics import (
    confusion_matrix,
    precision_score,
    recall_score,
    roc_auc_score,
)

from kbackend import metrics
from tests.metrics.helpers import check_streaming, to_numpy

N = 24


def _binary_data(shape=(N,), grid=None):
    y_true = (np.random.rand(*shape) > 0.5).astype("float32")
    y_pred = np.random.rand(*shape).astype("float32")
    if grid:
        # Scores on a coarse grid (with ties) that no threshold coincides with.
        y_pred = (np.floor(y_pred * grid) / grid + 0.5 / grid).astype("float32")
    return y_true, y_pred


def _counts(y_true, y_pred, weights, thresholds):
    """Weighted (tp, fp, tn, fn), each of shape (len(thresholds), ...)."""
    w = np.ones_like(y_pred) if weights is None else np.broadcast_to(weights, y_pred.shape)
    positive = y_true != 0
    result = []
    for label, pred in ((True, True), (False, True), (False, False), (True, False)):
        rows = []
        for t in thresholds:
            predicted = y_pred > t
            hits = (positive == label) & (predicted == pred)
            rows.append((hits * w).sum(axis=0))
        result.append(np.array(rows, dtype=np.float64))
    return result


@pytest.mark.parametrize("cls, index", [
    (metrics.TruePositives, (1, 1)), (metrics.FalsePositives, (0, 1)),
    (metrics.TrueNegatives, (0, 0)), (metrics.FalseNegatives, (1, 0)),
])
def test_condition_counts_against_sklearn(cls, index):
    y_true, y_pred = _binary_data()
    weights = np.random.rand(N).astype("float32")
    thresholds = [0.3, 0.5, 0.8]
    expected = [
        confusion_matrix(y_true, y_pred > t, labels=[0, 1], sample_weight=weights)[index]
        for t in thresholds
    ]
    check_streaming(lambda: cls(thresholds=thresholds), y_true, y_pred, weights, expected,
                    rtol=1e-5)
    single = cls()
    single.update_state(y_true, y_pred)
    assert to_numpy(single.result()).shape == ()
    np.testing.assert_allclose(
        to_numpy(single.result()), confusion_matrix(y_true, y_pred > 0.5)[index])


@pytest.mark.parametrize("cls, sklearn_fn", [
    (metrics.Precision, precision_score), (metrics.Recall, recall_score),
])
def test_precision_recall_against_sklearn(cls, sklearn_fn):
    y_true, y_pred = _binary_data()
    weights = np.random.rand(N).astype("float32")
    expected = sklearn_fn(y_true, y_pred > 0.5, sample_weight=weights)
    check_streaming(cls, y_true, y_pred, weights, expected, rtol=1e-5)
    thresholds = [0.2, 0.7]
    expected = [sklearn_fn(y_true, y_pred > t, sample_weight=weights) for t in thresholds]
    check_streaming(lambda: cls(thresholds=thresholds), y_true, y_pred, weights, expected,
                    rtol=1e-5)


@pytest.mark.parametrize("cls, sklearn_fn", [
    (metrics.Precision, precision_score), (metrics.Recall, recall_score),
])
def test_precision_recall_class_id_and_top_k(cls, sklearn_fn):
    y_true, y_pred = _binary_data((N, 4))
    weights = np.random.rand(N).astype("float32")
    expected = sklearn_fn(y_true[:, 2], y_pred[:, 2] > 0.5, sample_weight=weights)
    check_streaming(lambda: cls(class_id=2), y_true, y_pred, weights, expected, rtol=1e-5)
    # top_k=2: the two highest scores of each row are positive, whatever their value.
    top = np.argsort(-y_pred, axis=-1)[:, :2]
    predicted = np.zeros_like(y_pred, dtype=bool)
    np.put_along_axis(predicted, top, True, axis=-1)
    expected = sklearn_fn(y_true.ravel(), predicted.ravel(),
                          sample_weight=np.repeat(weights, 4))
    check_streaming(lambda: cls(top_k=2), y_true, y_pred, weights, expected, rtol=1e-5)


@pytest.mark.parametrize("weighted", [False, True])
def test_roc_auc_against_sklearn(weighted):
    y_true, y_pred = _binary_data(grid=20)
    weights = np.random.rand(N).astype("float32") if weighted else None
    expected = roc_auc_score(y_true, y_pred, sample_weight=weights)
    check_streaming(metrics.AUC, y_true, y_pred, weights, expected, rtol=1e-5)
    logits = np.log(y_pred / (1 - y_pred)).astype("float32")
    check_streaming(lambda: metrics.AUC(from_logits=True), y_true, logits, weights,
                    expected, rtol=1e-4)


def test_multi_label_roc_auc_against_sklearn():
    y_true, y_pred = _binary_data((N, 4), grid=20)
    weights = np.random.rand(N).astype("float32")
    per_label = roc_auc_score(y_true, y_pred, sample_weight=weights, average=None)
    check_streaming(lambda: metrics.AUC(multi_label=True), y_true, y_pred, weights,
                    per_label.mean(), rtol=1e-5)
    label_weights = np.array([1.0, 3.0, 0.5, 2.0])
    check_streaming(
        lambda: metrics.AUC(multi_label=True, num_labels=4, label_weights=label_weights),
        y_true, y_pred, weights, np.average(per_label, weights=label_weights), rtol=1e-5)
    # Without multi_label, all entries are pooled (label weights weigh entries).
    pooled_weights = weights[:, None] * label_weights[None, :]
    expected = roc_auc_score(y_true.ravel(), y_pred.ravel(),
                             sample_weight=pooled_weights.ravel())
    check_streaming(lambda: metrics.AUC(label_weights=label_weights), y_true, y_pred,
                    weights, expected, rtol=1e-5)


def _reference_auc(tp, fp, tn, fn, curve, summation):
    """The Riemann sums of the documented AUC definition, in NumPy."""
    if curve == "PR" and summation == "interpolation":
        total = 0.0
        for i in range(len(tp) - 1):
            dtp = tp[i] - tp[i + 1]
            p0, p1 = tp[i] + fp[i], tp[i + 1] + fp[i + 1]
            dp = p0 - p1
            slope = dtp / dp if dp > 0 else 0.0
            intercept = tp[i + 1] - slope * p1
            ratio = p0 / p1 if p0 > 0 and p1 > 0 else 1.0
            denominator = tp[i + 1] + fn[i + 1]
            if denominator > 0:
                total += slope * (dtp + intercept * np.log(ratio)) / denominator
        return total

    def rate(a, b):
        return np.where(a + b > 0, a / np.maximum(a + b, 1e-30), 0.0)

    recall = rate(tp, fn)
    x, y = (rate(fp, tn), recall) if curve == "ROC" else (recall, rate(tp, fp))
    pick = {"interpolation": lambda a, b: (a + b) / 2, "minoring": np.minimum,
            "majoring": np.maximum}[summation]
    return float(np.sum((x[:-1] - x[1:]) * pick(y[:-1], y[1:])))


@pytest.mark.parametrize("curve, summation", [
    ("PR", "interpolation"), ("PR", "minoring"), ("PR", "majoring"),
    ("ROC", "minoring"), ("ROC", "majoring"),
])
def test_auc_curves_and_summations(curve, summation):
    y_true, y_pred = _binary_data()
    weights = np.random.rand(N).astype("float32")
    num_thresholds = 13
    thresholds = ([-1e-7] + [(i + 1) / (num_thresholds - 1)
                             for i in range(num_thresholds - 2)] + [1 + 1e-7])
    counts = _counts(y_true, y_pred, weights, thresholds)
    expected = _reference_auc(*counts, curve, summation)
    make = lambda: metrics.AUC(num_thresholds=num_thresholds, curve=curve,  # noqa: E731
                               summation_method=summation)
    check_streaming(make, y_true, y_pred, weights, expected, rtol=1e-4, atol=1e-6)
    explicit = lambda: metrics.AUC(thresholds=thresholds[1:-1], curve=curve,  # noqa: E731
                                   summation_method=summation)
    check_streaming(explicit, y_true, y_pred, weights, expected, rtol=1e-4, atol=1e-6)


_AT_CASES = [
    (metrics.SensitivityAtSpecificity, 0.6, "specificity", "sensitivity"),
    (metrics.SpecificityAtSensitivity, 0.6, "sensitivity", "specificity"),
    (metrics.PrecisionAtRecall, 0.7, "sensitivity", "precision"),
    (metrics.RecallAtPrecision, 0.6, "precision", "sensitivity"),
]


@pytest.mark.parametrize("cls, value, constrained, dependent", _AT_CASES,
                         ids=[case[0].__name__ for case in _AT_CASES])
def test_at_metrics_against_numpy(cls, value, constrained, dependent):
    y_true, y_pred = _binary_data((N, 4))
    y_true[:, 1] = (y_pred[:, 1] + 0.3 * np.random.rand(N) > 0.6)  # an informative class
    weights = np.random.rand(N).astype("float32")
    num_thresholds = 21
    thresholds = [0.0] + [(i + 1) / (num_thresholds - 1)
                          for i in range(num_thresholds - 2)] + [1.0]
    tp, fp, tn, fn = _counts(y_true[:, 1], y_pred[:, 1], weights, thresholds)

    def rate(a, b):
        return np.where(a + b > 0, a / np.maximum(a + b, 1e-30), 0.0)

    rates = {"sensitivity": rate(tp, fn), "specificity": rate(tn, fp),
             "precision": rate(tp, fp)}
    feasible = rates[constrained] >= value
    expected = rates[dependent][feasible].max() if feasible.any() else 0.0
    check_streaming(lambda: cls(value, num_thresholds=num_thresholds, class_id=1), y_true,
                    y_pred, weights, expected, rtol=1e-5)


def test_argument_errors():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        metrics.Precision(thresholds=[0.5, 1.5])
    with pytest.raises(ValueError, match="curve"):
        metrics.AUC(curve="XYZ")
    with pytest.raises(ValueError, match="num_thresholds"):
        metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match="specificity"):
        metrics.SensitivityAtSpecificity(1.5)
    with pytest.raises(ValueError, match="num_labels"):
        metrics.AUC(num_labels=3)
