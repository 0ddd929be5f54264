"""Regression losses against NumPy and scikit-learn references."""

import numpy as np
import pytest
import sklearn.metrics

from kbackend import losses

from ._helpers import assert_close

# Module data is built at collection time, so it gets its own fixed seed.
RNG = np.random.RandomState(6)

Y_TRUE = RNG.uniform(0.5, 2.0, (5, 4)).astype("float32")
Y_PRED = RNG.uniform(-1.0, 3.0, (5, 4)).astype("float32")
POSITIVE_PRED = RNG.uniform(0.0, 3.0, (5, 4)).astype("float32")


def _per_sample(metric, y_true, y_pred):
    # scikit-learn averages over samples; transposing makes each sample one "output".
    return metric(y_true.T, y_pred.T, multioutput="raw_values")


def _huber(y_true, y_pred, delta):
    error = np.abs(y_pred - y_true)
    return np.where(error <= delta, 0.5 * error**2, delta * (error - 0.5 * delta)).mean(-1)


def _cosine(y_true, y_pred):
    return -np.diag(sklearn.metrics.pairwise.cosine_similarity(y_true, y_pred))


# (function, class, constructor kwargs, y_pred, NumPy/scikit-learn reference)
CASES = {
    "mse": (losses.mean_squared_error, losses.MeanSquaredError, {}, Y_PRED,
            lambda t, p: _per_sample(sklearn.metrics.mean_squared_error, t, p)),
    "mae": (losses.mean_absolute_error, losses.MeanAbsoluteError, {}, Y_PRED,
            lambda t, p: _per_sample(sklearn.metrics.mean_absolute_error, t, p)),
    "mape": (losses.mean_absolute_percentage_error, losses.MeanAbsolutePercentageError, {},
             Y_PRED,
             lambda t, p: 100 * _per_sample(sklearn.metrics.mean_absolute_percentage_error,
                                            t, p)),
    "msle": (losses.mean_squared_logarithmic_error, losses.MeanSquaredLogarithmicError, {},
             POSITIVE_PRED,
             lambda t, p: _per_sample(sklearn.metrics.mean_squared_log_error, t, p)),
    "huber": (losses.huber, losses.Huber, {}, Y_PRED, lambda t, p: _huber(t, p, 1.0)),
    "huber_delta": (losses.huber, losses.Huber, {"delta": 0.3}, Y_PRED,
                    lambda t, p: _huber(t, p, 0.3)),
    "log_cosh": (losses.log_cosh, losses.LogCosh, {}, Y_PRED,
                 lambda t, p: np.log(np.cosh(p.astype("float64") - t)).mean(-1)),
    "cosine": (losses.cosine_similarity, losses.CosineSimilarity, {}, Y_PRED, _cosine),
}


@pytest.mark.parametrize("case", list(CASES))
def test_function_class_and_reference(case):
    function, cls, kwargs, y_pred, reference = CASES[case]
    expected = reference(Y_TRUE, y_pred)
    assert_close(function(Y_TRUE, y_pred, **kwargs), expected, rtol=1e-4)
    assert_close(cls(**kwargs)(Y_TRUE, y_pred), expected.mean(), rtol=1e-4)
    weights = np.arange(5, dtype="float32")
    assert_close(cls(reduction="sum", **kwargs)(Y_TRUE, y_pred, sample_weight=weights),
                 (expected * weights).sum(), rtol=1e-4)
    config = cls(name="custom", reduction="none", **kwargs).get_config()
    assert config["name"] == "custom" and config["reduction"] == "none"
    for key, value in kwargs.items():
        assert config[key] == value
    assert_close(cls.from_config(config)(Y_TRUE, y_pred), expected, rtol=1e-4)


def test_default_names():
    names = {cls().name for cls in (losses.MeanSquaredError, losses.MeanAbsoluteError,
                                    losses.MeanAbsolutePercentageError,
                                    losses.MeanSquaredLogarithmicError, losses.Huber,
                                    losses.LogCosh, losses.CosineSimilarity)}
    assert names == {"mean_squared_error", "mean_absolute_error",
                     "mean_absolute_percentage_error", "mean_squared_logarithmic_error",
                     "huber_loss", "log_cosh", "cosine_similarity"}


def test_mape_guards_zero_targets():
    result = losses.mean_absolute_percentage_error([[0.0, 1.0]], [[1.0, 1.0]])
    assert_close(result, [100 * (1.0 / 1e-7) / 2], rtol=1e-4)


def test_log_cosh_is_finite_for_large_errors():
    assert_close(losses.log_cosh([[0.0]], [[200.0]]), [200.0 - np.log(2.0)], rtol=1e-5)


def test_cosine_similarity_axis_and_zero_vector():
    y_true = RNG.uniform(size=(2, 3, 4)).astype("float32")
    y_pred = RNG.uniform(size=(2, 3, 4)).astype("float32")
    expected = -(y_true * y_pred).sum(1) / (
        np.linalg.norm(y_true, axis=1) * np.linalg.norm(y_pred, axis=1))
    assert_close(losses.cosine_similarity(y_true, y_pred, axis=1), expected)
    assert_close(losses.CosineSimilarity(axis=1, reduction=None)(y_true, y_pred), expected)
    assert_close(losses.cosine_similarity([[0.0, 0.0]], [[1.0, 2.0]]), [0.0])
