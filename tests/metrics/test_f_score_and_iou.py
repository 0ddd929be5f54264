"""F-scores and IoU metrics against scikit-learn."""

import numpy as np
import pytest
from sklearn.metrics import fbeta_score, jaccard_score

from kbackend import metrics
from tests.metrics.helpers import check_streaming

N, C = 24, 4


def _multi_label_data():
    y_true = (np.random.rand(N, C) > 0.5).astype("float32")
    y_pred = np.random.rand(N, C).astype("float32")
    return y_true, y_pred


@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
@pytest.mark.parametrize("beta", [1.0, 2.0])
def test_fbeta_with_threshold_against_sklearn(average, beta):
    y_true, y_pred = _multi_label_data()
    weights = np.random.rand(N).astype("float32")
    expected = fbeta_score(y_true, y_pred > 0.4, beta=beta, average=average,
                           sample_weight=weights, zero_division=0)
    if beta == 1.0:
        make = lambda: metrics.F1Score(average=average, threshold=0.4)  # noqa: E731
    else:
        make = lambda: metrics.FBetaScore(average=average, beta=beta,  # noqa: E731
                                          threshold=0.4)
    check_streaming(make, y_true, y_pred, weights, expected, rtol=1e-4, atol=1e-5)


def test_f1_argmax_when_no_threshold():
    labels = np.random.randint(0, C, N)
    labels[:C] = np.arange(C)
    y_true = np.eye(C, dtype="float32")[labels]
    y_pred = np.random.rand(N, C).astype("float32")
    y_pred[np.arange(C), np.arange(C)] = 2.0  # every class is predicted at least once
    predicted = np.eye(C)[y_pred.argmax(-1)]
    expected = fbeta_score(y_true, predicted, beta=1.0, average="macro", zero_division=0)
    check_streaming(lambda: metrics.F1Score(average="macro"), y_true, y_pred, None,
                    expected, rtol=1e-4)
    with pytest.raises(ValueError, match="2-D"):
        metrics.F1Score().update_state(np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match="average"):
        metrics.F1Score(average="median")


def _jaccard(y_true, y_pred, num_classes, weights=None):
    return jaccard_score(y_true, y_pred, labels=list(range(num_classes)), average=None,
                         sample_weight=weights, zero_division=0)


def _class_data(shape=(N,), num_classes=C):
    y_true = np.random.randint(0, num_classes, shape)
    y_pred = np.random.randint(0, num_classes, shape)
    return y_true, y_pred


def test_iou_and_mean_iou_against_sklearn():
    y_true, y_pred = _class_data((N, 2))
    weights = np.random.rand(N, 2).astype("float32")
    per_class = _jaccard(y_true.ravel(), y_pred.ravel(), C, weights.ravel())
    check_streaming(lambda: metrics.IoU(C, target_class_ids=[0, 3]), y_true, y_pred,
                    weights, per_class[[0, 3]].mean(), rtol=1e-5)
    check_streaming(lambda: metrics.MeanIoU(C), y_true, y_pred, weights, per_class.mean(),
                    rtol=1e-5)


def test_mean_iou_ignore_class_and_absent_classes():
    y_true, y_pred = _class_data(num_classes=3)
    y_true[:3] = [0, 1, 2]
    keep = y_true != 1
    per_class = _jaccard(y_true[keep], y_pred[keep], 4)
    present = [c for c in range(4) if ((y_true[keep] == c) | (y_pred[keep] == c)).any()]
    check_streaming(lambda: metrics.MeanIoU(4, ignore_class=1), y_true, y_pred, None,
                    per_class[present].mean(), rtol=1e-5)


def test_binary_iou_against_sklearn():
    y_true = np.random.randint(0, 2, N)
    y_pred = np.random.rand(N).astype("float32")
    weights = np.random.rand(N).astype("float32")
    per_class = _jaccard(y_true, (y_pred >= 0.3).astype(int), 2, weights)
    check_streaming(lambda: metrics.BinaryIoU(threshold=0.3), y_true, y_pred, weights,
                    per_class.mean(), rtol=1e-5)
    check_streaming(lambda: metrics.BinaryIoU(target_class_ids=[1], threshold=0.3), y_true,
                    y_pred, weights, per_class[1], rtol=1e-5)


def test_one_hot_iou_against_sklearn():
    labels = np.random.randint(0, C, N)
    y_true = np.eye(C, dtype="float32")[labels]
    y_pred = np.random.rand(N, C).astype("float32")
    weights = np.random.rand(N).astype("float32")
    per_class = _jaccard(labels, y_pred.argmax(-1), C, weights)
    check_streaming(lambda: metrics.OneHotIoU(C, target_class_ids=[1, 2]), y_true, y_pred,
                    weights, per_class[[1, 2]].mean(), rtol=1e-5)
    check_streaming(lambda: metrics.OneHotMeanIoU(C), y_true, y_pred, weights,
                    per_class.mean(), rtol=1e-5)
    with pytest.raises(ValueError, match="out of range"):
        metrics.IoU(3, target_class_ids=[3])
