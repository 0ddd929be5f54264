"""The Metric base, Mean/Sum/MeanMetricWrapper, the stateless API, get/serialize."""

import numpy as np
import pytest

from kbackend import backends, metrics, ops
from kbackend.backends.common.masking import set_keras_mask
from tests.metrics.helpers import to_numpy


def test_sum_and_mean_weighted_streaming_and_reset():
    values = np.random.rand(10).astype("float32")
    weights = np.random.rand(10).astype("float32")
    m = metrics.Mean()
    m.update_state(values[:4], sample_weight=weights[:4])
    m.update_state(values[4:], sample_weight=weights[4:])
    np.testing.assert_allclose(to_numpy(m.result()), np.average(values, weights=weights),
                               rtol=1e-6)
    m.reset_state()
    assert to_numpy(m.result()) == 0.0
    s = metrics.Sum()
    s.update_state(values, sample_weight=weights)
    np.testing.assert_allclose(to_numpy(s.result()), np.sum(values * weights), rtol=1e-6)
    assert [v.path for v in s.variables] == ["sum/total"]
    assert [v.path for v in m.variables] == ["mean/total", "mean/count"]
    assert all(not v.trainable for v in m.variables)
    assert m.dtype == "float32" and ops.dtype(m.result()) == "float32"


def test_mean_reduces_extra_axes_per_sample():
    values = np.random.rand(6, 3, 2).astype("float32")
    weights = np.random.rand(6).astype("float32")
    m = metrics.Mean()
    m.update_state(values, sample_weight=weights)
    per_sample = values.reshape(6, -1).mean(axis=1)
    np.testing.assert_allclose(to_numpy(m.result()),
                               np.average(per_sample, weights=weights), rtol=1e-5)
    # Element-wise weights: each sample's weight is the mean of its weights.
    full = np.random.rand(6, 3).astype("float32")
    m = metrics.Mean()
    m.update_state(values[..., 0], sample_weight=full)
    expected = (values[..., 0] * full).mean(axis=1).sum() / full.mean(axis=1).sum()
    np.testing.assert_allclose(to_numpy(m.result()), expected, rtol=1e-5)


def test_mean_metric_wrapper_with_mask_and_weights():
    def absolute_error(y_true, y_pred):
        return ops.abs(y_true - y_pred)

    y_true = np.random.rand(4, 5).astype("float32")
    y_pred = np.random.rand(4, 5).astype("float32")
    mask = np.random.rand(4, 5) > 0.3
    weights = np.random.rand(4).astype("float32")
    pred = ops.convert_to_tensor(y_pred)
    set_keras_mask(pred, ops.convert_to_tensor(mask))
    m = metrics.MeanMetricWrapper(absolute_error)
    assert m.name == "absolute_error"
    m.update_state(y_true, pred, sample_weight=weights)
    w = mask * weights[:, None]
    errors = np.abs(y_true - y_pred)
    expected = (errors * w).mean(axis=1).sum() / w.mean(axis=1).sum()
    np.testing.assert_allclose(to_numpy(m.result()), expected, rtol=1e-5)


def test_call_name_and_errors():
    m = metrics.Mean(name="loss")
    np.testing.assert_allclose(to_numpy(m([1.0, 3.0])), 2.0)
    m.name = "renamed"
    assert m.name == "renamed"
    with pytest.raises(TypeError, match="string"):
        m.name = 3
    with pytest.raises(ValueError, match="expected 2 values"):
        m.stateless_result([0.0])
    assert metrics.AUC().name != metrics.AUC().name  # unique default names


class _MinMax(metrics.Metric):
    def __init__(self, name="min_max"):
        super().__init__(name=name)
        self.low = self.add_variable((), "zeros", name="low")
        self.mean = metrics.Mean()

    def update_state(self, values):
        self.low.assign(ops.minimum(self.low.value, ops.min(values)))
        self.mean.update_state(values)

    def result(self):
        return self.low.value + self.mean.result()


def test_sub_metrics_are_tracked_and_reset():
    m = _MinMax()
    assert [v.name for v in m.variables] == ["low", "total", "count"]
    m.update_state(ops.convert_to_tensor([-1.0, 3.0]))
    np.testing.assert_allclose(to_numpy(m.result()), 0.0)
    m.reset_state()
    assert all(float(v.numpy()) == 0.0 for v in m.variables)


@pytest.mark.parametrize("make_metric, args", [
    (metrics.Mean, ([1.0, 2.0, 6.0],)),
    (lambda: metrics.AUC(num_thresholds=20), ([0, 1, 1, 0], [0.1, 0.8, 0.4, 0.3])),
    (metrics.Precision, ([0, 1, 1, 0], [0.9, 0.8, 0.4, 0.3])),
    (lambda: metrics.MeanIoU(num_classes=3), ([0, 1, 2, 2], [0, 2, 2, 1])),
    (lambda: metrics.BinaryAccuracy(threshold=0.3), ([[1], [0]], [[0.4], [0.6]])),
    (lambda: metrics.PrecisionAtRecall(0.5, num_thresholds=7),
     ([0, 1, 1, 0], [0.9, 0.8, 0.4, 0.3])),
])
def test_stateless_api_matches_stateful(make_metric, args):
    metric = make_metric()
    initial = [to_numpy(v.value) for v in metric.variables]
    state = metric.stateless_update_state([v.value for v in metric.variables], *args)
    # The metric's own variables are unchanged.
    for variable, value in zip(metric.variables, initial):
        np.testing.assert_array_equal(to_numpy(variable.value), value)
    stateless = to_numpy(metric.stateless_result(state))
    reference = make_metric()
    reference.update_state(*args)
    np.testing.assert_allclose(stateless, to_numpy(reference.result()), rtol=1e-6)
    for new, variable in zip(state, reference.variables):
        np.testing.assert_allclose(to_numpy(new), to_numpy(variable.value), rtol=1e-6)
    reset = metric.stateless_reset_state()
    reference.reset_state()
    for value, variable in zip(reset, reference.variables):
        np.testing.assert_array_equal(to_numpy(value), to_numpy(variable.value))


@pytest.mark.requires_trainable_backend
# NOTE: where torch.compile is unavailable the torch trainer runs eagerly, with a warning.
@pytest.mark.filterwarnings("ignore:torch.compile is not available")
def test_update_inside_compiled_step():
    metric = metrics.AUC(num_thresholds=50)
    mean = metrics.Mean()
    variables = metric.variables + mean.variables

    def step(data):
        y_true, y_pred = data
        metric.update_state(y_true, y_pred)
        mean.update_state(y_pred)
        return {"auc": metric.result(), "mean": mean.result()}

    run = backends.trainer().make_function(step, variables, True)
    y_true = (np.random.rand(2, 16) > 0.5).astype("float32")
    y_pred = np.random.rand(2, 16).astype("float32")
    for i in range(2):
        logs = run((ops.convert_to_tensor(y_true[i]), ops.convert_to_tensor(y_pred[i])))
    reference = metrics.AUC(num_thresholds=50)
    reference.update_state(y_true.ravel(), y_pred.ravel())
    np.testing.assert_allclose(to_numpy(logs["auc"]), to_numpy(reference.result()),
                               rtol=1e-5)
    np.testing.assert_allclose(to_numpy(metric.result()), to_numpy(reference.result()),
                               rtol=1e-5)
    np.testing.assert_allclose(to_numpy(mean.result()), y_pred.mean(), rtol=1e-5)


def test_get_strings_functions_and_errors():
    assert isinstance(metrics.get("mse"), metrics.MeanSquaredError)
    assert isinstance(metrics.get("mae"), metrics.MeanAbsoluteError)
    assert isinstance(metrics.get("accuracy"), metrics.Accuracy)
    assert isinstance(metrics.get("AUC"), metrics.AUC)
    assert isinstance(metrics.get("binary_accuracy"), metrics.BinaryAccuracy)
    assert metrics.get(metrics.categorical_accuracy) is metrics.categorical_accuracy
    instance = metrics.Recall()
    assert metrics.get(instance) is instance
    assert metrics.get(None) is None
    with pytest.raises(ValueError, match="mean_absolute_error"):
        metrics.get("mean_absolute_eror")
    with pytest.raises(ValueError, match="metric identifier"):
        metrics.get(3)


_CONFIG_CASES = [
    (metrics.Mean, {"name": "m"}), (metrics.Sum, {}),
    (metrics.Accuracy, {}), (metrics.BinaryAccuracy, {"threshold": 0.7}),
    (metrics.CategoricalAccuracy, {}), (metrics.SparseCategoricalAccuracy, {}),
    (metrics.TopKCategoricalAccuracy, {"k": 3}),
    (metrics.SparseTopKCategoricalAccuracy, {"k": 2, "from_sorted_ids": True}),
    (metrics.BinaryCrossentropy, {"from_logits": True, "label_smoothing": 0.1}),
    (metrics.CategoricalCrossentropy, {"axis": -1, "label_smoothing": 0.2}),
    (metrics.SparseCategoricalCrossentropy, {"from_logits": True}),
    (metrics.KLDivergence, {}), (metrics.Poisson, {}),
    (metrics.MeanSquaredError, {}), (metrics.RootMeanSquaredError, {}),
    (metrics.MeanAbsoluteError, {}), (metrics.MeanAbsolutePercentageError, {}),
    (metrics.MeanSquaredLogarithmicError, {}), (metrics.LogCoshError, {}),
    (metrics.CosineSimilarity, {"axis": 1}),
    (metrics.R2Score, {"class_aggregation": None, "num_regressors": 2}),
    (metrics.AUC, {"num_thresholds": 10, "curve": "PR", "summation_method": "majoring",
                   "multi_label": True, "num_labels": 3, "label_weights": [1.0, 2.0, 0.5],
                   "from_logits": True}),
    (metrics.AUC, {"thresholds": [0.2, 0.5, 0.7]}),
    (metrics.Precision, {"thresholds": [0.3, 0.6], "class_id": 1}),
    (metrics.Recall, {"top_k": 2}),
    (metrics.TruePositives, {"thresholds": 0.4}), (metrics.FalsePositives, {}),
    (metrics.TrueNegatives, {"thresholds": [0.1, 0.9]}), (metrics.FalseNegatives, {}),
    (metrics.PrecisionAtRecall, {"recall": 0.4, "num_thresholds": 9}),
    (metrics.RecallAtPrecision, {"precision": 0.8, "class_id": 2}),
    (metrics.SensitivityAtSpecificity, {"specificity": 0.3}),
    (metrics.SpecificityAtSensitivity, {"sensitivity": 0.6, "num_thresholds": 1}),
    (metrics.F1Score, {"average": "macro", "threshold": 0.4}),
    (metrics.FBetaScore, {"average": "weighted", "beta": 2.0}),
    (metrics.Hinge, {}), (metrics.SquaredHinge, {}), (metrics.CategoricalHinge, {}),
    (metrics.IoU, {"num_classes": 3, "target_class_ids": [0, 2], "ignore_class": 1}),
    (metrics.BinaryIoU, {"target_class_ids": [1], "threshold": 0.3}),
    (metrics.MeanIoU, {"num_classes": 4, "sparse_y_pred": False}),
    (metrics.OneHotIoU, {"num_classes": 3, "target_class_ids": [1]}),
    (metrics.OneHotMeanIoU, {"num_classes": 3, "ignore_class": 0}),
]


@pytest.mark.parametrize("cls, kwargs", _CONFIG_CASES,
                         ids=[f"{c.__name__}-{i}" for i, (c, _) in enumerate(_CONFIG_CASES)])
def test_config_round_trip(cls, kwargs):
    metric = cls(**kwargs)
    config = metric.get_config()
    for key, value in kwargs.items():
        if key != "thresholds" or cls is not metrics.AUC:
            assert config[key] == value, key
    restored = metrics.deserialize(metrics.serialize(metric))
    assert type(restored) is cls
    assert restored.get_config() == config
    assert cls.from_config(config).get_config() == config
    assert type(metric).__module__ == "kbackend.metrics"


def test_mean_metric_wrapper_config_round_trip():
    m = metrics.MeanMetricWrapper(metrics.binary_accuracy, name="acc", threshold=0.2)
    restored = metrics.deserialize(metrics.serialize(m))
    assert restored.get_config() == m.get_config()
    restored.update_state([[1.0, 0.0]], [[0.3, 0.1]])
    assert to_numpy(restored.result()) == 1.0
