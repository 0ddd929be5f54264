"""Accuracy, probabilistic, regression and hinge metrics against NumPy / scikit-learn."""

import numpy as np
import pytest
from sklearn.metrics import r2_score

from kbackend import metrics
from tests.metrics.helpers import check_streaming

EPS = 1e-7
N, C = 24, 4


def _weighted(per_sample, weights):
    per_sample = per_sample.reshape(len(per_sample), -1).mean(axis=1)
    return np.average(per_sample, weights=weights)


def _probs():
    logits = np.random.randn(N, C)
    return (np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)).astype("float32")


def _onehot():
    return np.eye(C, dtype="float32")[np.random.randint(0, C, N)]


def _labels_binary():
    return (np.random.rand(N, C) > 0.5).astype("float32")


def _top_k(labels, scores, k):
    ranks = np.argsort(-scores, axis=-1)[:, :k]
    return np.array([label in row for label, row in zip(labels, ranks)], dtype=float)


def _clip(p):
    return np.clip(p, EPS, 1 - EPS)


def _signed(y):
    return 2 * y - 1


def _normalize(x):
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-6)


# (name, make_metric, data() -> (y_true, y_pred), per-sample numpy reference)
CASES = [
    ("accuracy", metrics.Accuracy,
     lambda: (np.random.randint(0, 3, (N, 1)), np.random.randint(0, 3, (N, 1))),
     lambda y, p: (y == p).astype(float)),
    ("binary_accuracy", lambda: metrics.BinaryAccuracy(threshold=0.4),
     lambda: (_labels_binary(), np.random.rand(N, C).astype("float32")),
     lambda y, p: ((p > 0.4) == y).astype(float)),
    ("categorical_accuracy", metrics.CategoricalAccuracy, lambda: (_onehot(), _probs()),
     lambda y, p: (y.argmax(-1) == p.argmax(-1)).astype(float)),
    ("sparse_categorical_accuracy", metrics.SparseCategoricalAccuracy,
     lambda: (np.random.randint(0, C, (N, 1)), _probs()),
     lambda y, p: (y[:, 0] == p.argmax(-1)).astype(float)),
    ("sparse_categorical_accuracy_1d", metrics.SparseCategoricalAccuracy,
     lambda: (np.random.randint(0, C, (N,)), _probs()),
     lambda y, p: (y == p.argmax(-1)).astype(float)),
    ("top_k", lambda: metrics.TopKCategoricalAccuracy(k=2), lambda: (_onehot(), _probs()),
     lambda y, p: _top_k(y.argmax(-1), p, 2)),
    ("sparse_top_k", lambda: metrics.SparseTopKCategoricalAccuracy(k=3),
     lambda: (np.random.randint(0, C, (N,)), _probs()),
     lambda y, p: _top_k(y, p, 3)),
    ("sparse_top_k_sorted_ids",
     lambda: metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True),
     lambda: (np.random.randint(0, C, (N,)),
              np.argsort(-_probs(), axis=-1).astype("int32")),
     lambda y, p: np.array([label in row[:2] for label, row in zip(y, p)], dtype=float)),
    ("binary_crossentropy", metrics.BinaryCrossentropy,
     lambda: (_labels_binary(), np.random.rand(N, C).astype("float32")),
     lambda y, p: -(y * np.log(_clip(p)) + (1 - y) * np.log(1 - _clip(p))).mean(-1)),
    ("binary_crossentropy_logits", lambda: metrics.BinaryCrossentropy(from_logits=True),
     lambda: (_labels_binary(), np.random.randn(N, C).astype("float32")),
     lambda y, p: (np.maximum(p, 0) - p * y + np.log1p(np.exp(-np.abs(p)))).mean(-1)),
    ("categorical_crossentropy", metrics.CategoricalCrossentropy,
     lambda: (_onehot(), _probs()), lambda y, p: -(y * np.log(_clip(p))).sum(-1)),
    ("sparse_categorical_crossentropy", metrics.SparseCategoricalCrossentropy,
     lambda: (np.random.randint(0, C, (N,)), _probs()),
     lambda y, p: -np.log(_clip(p[np.arange(N), y.astype(int)]))),
    ("kl_divergence", metrics.KLDivergence, lambda: (_probs(), _probs()),
     lambda y, p: (y * np.log(_clip(y) / _clip(p))).sum(-1)),
    ("poisson", metrics.Poisson,
     lambda: (np.random.poisson(2.0, (N, C)).astype("float32"),
              np.random.rand(N, C).astype("float32") + 0.5),
     lambda y, p: (p - y * np.log(p + EPS)).mean(-1)),
    ("mse", metrics.MeanSquaredError,
     lambda: (np.random.randn(N, C), np.random.randn(N, C)),
     lambda y, p: ((y - p) ** 2).mean(-1)),
    ("mae", metrics.MeanAbsoluteError,
     lambda: (np.random.randn(N, C), np.random.randn(N, C)),
     lambda y, p: np.abs(y - p).mean(-1)),
    ("mape", metrics.MeanAbsolutePercentageError,
     lambda: (np.random.rand(N, C) + 0.5, np.random.randn(N, C)),
     lambda y, p: 100 * (np.abs(y - p) / np.abs(y)).mean(-1)),
    ("msle", metrics.MeanSquaredLogarithmicError,
     lambda: (np.random.rand(N, C) * 3, np.random.rand(N, C) * 3),
     lambda y, p: ((np.log1p(y) - np.log1p(p)) ** 2).mean(-1)),
    ("logcosh", metrics.LogCoshError,
     lambda: (np.random.randn(N, C), np.random.randn(N, C)),
     lambda y, p: np.log(np.cosh(p - y)).mean(-1)),
    ("cosine_similarity", metrics.CosineSimilarity,
     lambda: (np.random.randn(N, C), np.random.randn(N, C)),
     lambda y, p: (_normalize(y) * _normalize(p)).sum(-1)),
    ("hinge", metrics.Hinge,
     lambda: (_labels_binary(), np.random.randn(N, C)),
     lambda y, p: np.maximum(1 - _signed(y) * p, 0).mean(-1)),
    ("squared_hinge", metrics.SquaredHinge,
     lambda: (_labels_binary(), np.random.randn(N, C)),
     lambda y, p: (np.maximum(1 - _signed(y) * p, 0) ** 2).mean(-1)),
    ("categorical_hinge", metrics.CategoricalHinge,
     lambda: (_onehot(), np.random.randn(N, C)),
     lambda y, p: np.maximum(((1 - y) * p).max(-1) - (y * p).sum(-1) + 1, 0)),
]


@pytest.mark.parametrize("name, make_metric, data, reference", CASES,
                         ids=[case[0] for case in CASES])
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
def test_mean_metrics_against_numpy(name, make_metric, data, reference, weighted):
    y_true, y_pred = data()
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    weights = np.random.rand(N).astype("float32") if weighted else None
    expected = _weighted(reference(y_true.astype(np.float64), y_pred.astype(np.float64)),
                         weights)
    metric = check_streaming(make_metric, y_true, y_pred, weights, expected, rtol=1e-4,
                             atol=1e-5)
    assert metric.dtype == "float32"


def test_metric_functions():
    y_true = _onehot()
    y_pred = _probs()
    np.testing.assert_allclose(
        np.asarray(metrics.categorical_accuracy(y_true, y_pred)),
        (y_true.argmax(-1) == y_pred.argmax(-1)).astype(float))
    np.testing.assert_allclose(
        np.asarray(metrics.top_k_categorical_accuracy(y_true, y_pred, k=2)),
        _top_k(y_true.argmax(-1), y_pred, 2))
    labels = y_true.argmax(-1)
    np.testing.assert_allclose(
        np.asarray(metrics.sparse_top_k_categorical_accuracy(labels, y_pred, k=1)),
        (labels == y_pred.argmax(-1)).astype(float))
    np.testing.assert_allclose(np.asarray(metrics.binary_accuracy([1.0, 0.0], [0.7, 0.7])),
                               [1.0, 0.0])


def test_root_mean_squared_error():
    y_true, y_pred = np.random.randn(N, 3), np.random.randn(N, 3)
    weights = np.random.rand(N)
    expected = np.sqrt(_weighted((y_true - y_pred) ** 2, weights))
    check_streaming(metrics.RootMeanSquaredError, y_true, y_pred, weights, expected,
                    rtol=1e-5)


@pytest.mark.parametrize("aggregation, multioutput", [
    ("uniform_average", "uniform_average"),
    ("variance_weighted_average", "variance_weighted"),
    (None, "raw_values"),
])
def test_r2_score_against_sklearn(aggregation, multioutput):
    y_true = np.random.randn(N, 3)
    y_pred = y_true + 0.5 * np.random.randn(N, 3)
    weights = np.random.rand(N)
    expected = r2_score(y_true, y_pred, sample_weight=weights, multioutput=multioutput)
    check_streaming(lambda: metrics.R2Score(class_aggregation=aggregation), y_true, y_pred,
                    weights, expected, rtol=1e-4, atol=1e-5)


def test_adjusted_r2_score():
    y_true = np.random.randn(N, 1)
    y_pred = y_true + 0.5 * np.random.randn(N, 1)
    r2 = r2_score(y_true, y_pred)
    expected = 1 - (1 - r2) * (N - 1) / (N - 3 - 1)
    check_streaming(lambda: metrics.R2Score(num_regressors=3), y_true, y_pred, None,
                    expected, rtol=1e-4)
    with pytest.raises(ValueError, match="2-D"):
        metrics.R2Score().update_state(np.zeros(3), np.zeros(3))
