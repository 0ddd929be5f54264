"""Dice and Tversky losses against NumPy references."""

import numpy as np
import pytest

from kbackend import losses

from ._helpers import assert_close

# Module data is built at collection time, so it gets its own fixed seed.
RNG = np.random.RandomState(7)

MASKS = RNG.randint(0, 2, (3, 4, 4, 1)).astype("float32")
PROBS = RNG.uniform(size=(3, 4, 4, 1)).astype("float32")


def _tversky(y_true, y_pred, alpha, beta, axis):
    tp = (y_true * y_pred).sum(axis)
    fp = ((1 - y_true) * y_pred).sum(axis)
    fn = (y_true * (1 - y_pred)).sum(axis)
    return 1 - tp / (tp + alpha * fp + beta * fn)


def _dice(y_true, y_pred, axis):
    return 1 - 2 * (y_true * y_pred).sum(axis) / (y_true.sum(axis) + y_pred.sum(axis))


@pytest.mark.parametrize("axis", [None, (1, 2, 3)])
def test_dice(axis):
    expected = _dice(MASKS, PROBS, axis)
    assert_close(losses.dice(MASKS, PROBS, axis=axis), expected, rtol=1e-5)
    assert_close(losses.Dice(axis=axis)(MASKS, PROBS), np.mean(expected), rtol=1e-5)
    if axis is not None:
        weights = np.array([1.0, 0.0, 2.0], "float32")
        assert_close(losses.Dice(axis=axis, reduction="sum")(MASKS, PROBS, weights),
                     (expected * weights).sum(), rtol=1e-5)


@pytest.mark.parametrize("alpha, beta, axis", [(0.5, 0.5, None), (0.3, 0.7, None),
                                               (0.8, 0.2, (1, 2, 3))])
def test_tversky(alpha, beta, axis):
    expected = _tversky(MASKS, PROBS, alpha, beta, axis)
    assert_close(losses.tversky(MASKS, PROBS, alpha=alpha, beta=beta, axis=axis), expected,
                 rtol=1e-5)
    loss = losses.Tversky(alpha=alpha, beta=beta, axis=axis)
    assert_close(loss(MASKS, PROBS), np.mean(expected), rtol=1e-5)
    if alpha == beta == 0.5:
        assert_close(loss(MASKS, PROBS), _dice(MASKS, PROBS, axis), rtol=1e-5)


def test_configs():
    assert losses.Tversky(alpha=0.1, beta=0.9, axis=(1, 2)).get_config() == {
        "name": "tversky", "reduction": "sum_over_batch_size", "dtype": None,
        "alpha": 0.1, "beta": 0.9, "axis": (1, 2)}
    assert losses.Dice().get_config() == {"name": "dice", "reduction": "sum_over_batch_size",
                                          "dtype": None, "axis": None}
    restored = losses.deserialize(losses.serialize(losses.Tversky(alpha=0.1, axis=(1, 2))))
    assert tuple(restored.get_config()["axis"]) == (1, 2)
