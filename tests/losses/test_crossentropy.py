"""Cross-entropy losses against NumPy and scikit-learn references."""

import warnings

import numpy as np
import pytest
import sklearn.metrics

from kbackend import losses, ops

from ._helpers import assert_close, one_hot, probabilities, sigmoid, softmax, to_np

# Module data is built at collection time, so it gets its own fixed seed.
RNG = np.random.RandomState(1)

EPS = 1e-7


def _bce(y_true, p):
    p = np.clip(p.astype("float64"), EPS, 1 - EPS)
    return -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))


def _cce(y_true, p, axis=-1):
    p = np.clip(p / p.sum(axis, keepdims=True), EPS, 1 - EPS)
    return -(y_true * np.log(p)).sum(axis)


# ------------------------------------------------------------------------- binary

LABELS = RNG.randint(0, 2, (6, 3)).astype("float32")
LOGITS = RNG.uniform(-3, 3, (6, 3)).astype("float32")
PROBS = sigmoid(LOGITS).astype("float32")


def test_binary_crossentropy_matches_scikit_learn():
    labels, probs = LABELS[:, 0], PROBS[:, 0]
    expected = sklearn.metrics.log_loss(labels, probs, labels=[0, 1])
    assert_close(losses.BinaryCrossentropy()(labels[:, None], probs[:, None]), expected)
    assert_close(losses.BinaryCrossentropy(from_logits=True)(labels[:, None],
                                                             LOGITS[:, :1]), expected)


@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.2])
def test_binary_crossentropy(from_logits, label_smoothing):
    smoothed = LABELS * (1 - label_smoothing) + 0.5 * label_smoothing
    expected = _bce(smoothed, PROBS).mean(-1)
    y_pred = LOGITS if from_logits else PROBS
    kwargs = {"from_logits": from_logits, "label_smoothing": label_smoothing}
    assert_close(losses.binary_crossentropy(LABELS, y_pred, **kwargs), expected, rtol=1e-4)
    weights = RNG.uniform(size=6).astype("float32")
    loss = losses.BinaryCrossentropy(reduction="sum", **kwargs)
    assert_close(loss(LABELS, y_pred, sample_weight=weights), (expected * weights).sum(),
                 rtol=1e-4)


def test_binary_crossentropy_axis():
    assert_close(losses.binary_crossentropy(LABELS, PROBS, axis=0), _bce(LABELS, PROBS).mean(0),
                 rtol=1e-4)


def _focal(y_true, p, gamma, alpha=None):
    p_t = y_true * p + (1 - y_true) * (1 - p)
    focal = (1 - p_t) ** gamma * _bce(y_true, p)
    if alpha is not None:
        focal = (y_true * alpha + (1 - y_true) * (1 - alpha)) * focal
    return focal.mean(-1)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"gamma": 0.0}, {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5},
     {"from_logits": True, "label_smoothing": 0.1}],
)
def test_binary_focal_crossentropy(kwargs):
    smoothing = kwargs.get("label_smoothing", 0.0)
    smoothed = LABELS * (1 - smoothing) + 0.5 * smoothing
    alpha = kwargs.get("alpha", 0.25) if kwargs.get("apply_class_balancing") else None
    expected = _focal(smoothed, PROBS, kwargs.get("gamma", 2.0), alpha)
    y_pred = LOGITS if kwargs.get("from_logits") else PROBS
    assert_close(losses.binary_focal_crossentropy(LABELS, y_pred, **kwargs), expected,
                 rtol=1e-4)
    loss = losses.BinaryFocalCrossentropy(**kwargs)
    assert_close(loss(LABELS, y_pred), expected.mean(), rtol=1e-4)
    assert losses.BinaryFocalCrossentropy.from_config(loss.get_config()).get_config() == \
        loss.get_config()
    if not kwargs.get("gamma", 2.0):
        assert_close(losses.binary_crossentropy(LABELS, y_pred), expected, rtol=1e-4)


# -------------------------------------------------------------------- categorical

CLASSES = RNG.randint(0, 4, 6)
TARGETS = one_hot(CLASSES, 4)
CAT_LOGITS = RNG.uniform(-3, 3, (6, 4)).astype("float32")
CAT_PROBS = softmax(CAT_LOGITS).astype("float32")


def test_categorical_and_sparse_match_scikit_learn():
    expected = sklearn.metrics.log_loss(CLASSES, CAT_PROBS, labels=np.arange(4))
    assert_close(losses.CategoricalCrossentropy()(TARGETS, CAT_PROBS), expected)
    assert_close(losses.SparseCategoricalCrossentropy()(CLASSES, CAT_PROBS), expected)
    assert_close(losses.SparseCategoricalCrossentropy(from_logits=True)(
        CLASSES[:, None], CAT_LOGITS), expected)


@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.3])
def test_categorical_crossentropy(from_logits, label_smoothing):
    smoothed = TARGETS * (1 - label_smoothing) + label_smoothing / 4
    expected = _cce(smoothed, CAT_PROBS)
    y_pred = CAT_LOGITS if from_logits else CAT_PROBS
    kwargs = {"from_logits": from_logits, "label_smoothing": label_smoothing}
    assert_close(losses.categorical_crossentropy(TARGETS, y_pred, **kwargs), expected,
                 rtol=1e-4)
    loss = losses.CategoricalCrossentropy(reduction=None, **kwargs)
    assert_close(loss(TARGETS, y_pred), expected, rtol=1e-4)


def test_categorical_crossentropy_axis():
    probs = probabilities(2, 3, 5, axis=1, rng=RNG)
    targets = np.moveaxis(one_hot(RNG.randint(0, 3, (2, 5)), 3), -1, 1)
    expected = _cce(targets, probs, axis=1)
    assert_close(losses.categorical_crossentropy(targets, probs, axis=1), expected, rtol=1e-4)
    loss = losses.CategoricalCrossentropy(axis=1, reduction="sum")
    assert_close(loss(targets, probs), expected.sum(), rtol=1e-4)
    with pytest.raises(ValueError, match="axis"):
        losses.categorical_crossentropy(targets, probs, axis=True)


def test_categorical_crossentropy_single_class_warns():
    with pytest.warns(SyntaxWarning, match="binary_crossentropy"):
        losses.categorical_crossentropy([[1.0]], [[1.0]])


def _categorical_focal(y_true, p, alpha, gamma):
    p = np.clip(p / p.sum(-1, keepdims=True), EPS, 1 - EPS)
    return (alpha * (1 - p) ** gamma * -y_true * np.log(p)).sum(-1)


@pytest.mark.parametrize(
    "kwargs", [{}, {"alpha": 0.5, "gamma": 1.0}, {"from_logits": True, "label_smoothing": 0.2}]
)
def test_categorical_focal_crossentropy(kwargs):
    smoothing = kwargs.get("label_smoothing", 0.0)
    smoothed = TARGETS * (1 - smoothing) + smoothing / 4
    expected = _categorical_focal(smoothed, CAT_PROBS, kwargs.get("alpha", 0.25),
                                  kwargs.get("gamma", 2.0))
    y_pred = CAT_LOGITS if kwargs.get("from_logits") else CAT_PROBS
    assert_close(losses.categorical_focal_crossentropy(TARGETS, y_pred, **kwargs), expected,
                 rtol=1e-4)
    loss = losses.CategoricalFocalCrossentropy(**kwargs)
    assert_close(loss(TARGETS, y_pred), expected.mean(), rtol=1e-4)
    assert loss.get_config()["alpha"] == kwargs.get("alpha", 0.25)


# ---------------------------------------------------------------- sparse + ignore_class

SEQ_LOGITS = RNG.uniform(-2, 2, (2, 5, 3)).astype("float32")
SEQ_LABELS = np.array([[0, 1, 2, 1, 1], [2, 1, 0, 0, 1]])


def _sparse(labels, logits):
    probs = softmax(logits.astype("float64"))
    return -np.log(np.take_along_axis(probs, labels[..., None], -1)[..., 0])


def test_sparse_categorical_crossentropy_sequences():
    expected = _sparse(SEQ_LABELS, SEQ_LOGITS)
    assert_close(losses.sparse_categorical_crossentropy(SEQ_LABELS, SEQ_LOGITS,
                                                        from_logits=True), expected, rtol=1e-4)
    assert_close(losses.sparse_categorical_crossentropy(SEQ_LABELS[..., None], SEQ_LOGITS,
                                                        from_logits=True), expected, rtol=1e-4)


@pytest.mark.parametrize(
    "reduction", ["sum_over_batch_size", "sum", "none", "mean_with_sample_weight"]
)
def test_sparse_ignore_class(reduction):
    valid = SEQ_LABELS != 1
    values = np.where(valid, _sparse(SEQ_LABELS, SEQ_LOGITS), 0.0)
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=1,
                                                reduction=reduction)
    result = loss(SEQ_LABELS, SEQ_LOGITS)
    expected = {"sum_over_batch_size": values.sum() / valid.sum(), "sum": values.sum(),
                "none": values, "mean_with_sample_weight": values.sum() / valid.sum()}
    assert_close(result, expected[reduction], rtol=1e-4)


def test_sparse_ignore_class_with_probabilities_and_weights():
    probs = softmax(SEQ_LOGITS).astype("float32")
    weights = np.array([1.0, 2.0], "float32")
    valid = SEQ_LABELS != 0
    values = np.where(valid, _sparse(SEQ_LABELS, SEQ_LOGITS), 0.0) * weights[:, None]
    loss = losses.SparseCategoricalCrossentropy(ignore_class=0)
    assert_close(loss(SEQ_LABELS, probs, sample_weight=weights), values.sum() / valid.sum(),
                 rtol=1e-4)
    function_result = losses.sparse_categorical_crossentropy(SEQ_LABELS, probs,
                                                             ignore_class=0)
    assert np.all(to_np(function_result)[~valid] == 0)


def test_sparse_rejects_one_hot_labels():
    with pytest.raises(ValueError, match=r"y_true.shape=\(6, 4\).*y_pred.shape=\(6, 4\)"):
        losses.sparse_categorical_crossentropy(TARGETS, CAT_PROBS)


def test_configs_and_names():
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
    assert loss.get_config() == {"name": "sparse_categorical_crossentropy",
                                 "reduction": "sum_over_batch_size", "dtype": None,
                                 "from_logits": True, "ignore_class": -1}
    loss = losses.CategoricalCrossentropy(label_smoothing=0.1, axis=1)
    assert loss.get_config() == {"name": "categorical_crossentropy",
                                 "reduction": "sum_over_batch_size", "dtype": None,
                                 "from_logits": False, "label_smoothing": 0.1, "axis": 1}
    assert losses.BinaryCrossentropy().name == "binary_crossentropy"
    assert losses.BinaryFocalCrossentropy().name == "binary_focal_crossentropy"
    assert losses.CategoricalFocalCrossentropy().name == "categorical_focal_crossentropy"


def test_integer_and_list_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = losses.BinaryCrossentropy()([[1, 0]], [[0.5, 0.5]])
    assert_close(result, np.log(2.0))
    assert to_np(ops.convert_to_tensor(result)).dtype == np.float32
