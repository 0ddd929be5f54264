"""Hinge losses against NumPy and scikit-learn references."""

import numpy as np
import pytest
import sklearn.metrics

from kbackend import losses

from ._helpers import assert_close, one_hot

# Module data is built at collection time, so it gets its own fixed seed.
RNG = np.random.RandomState(2)

LABELS01 = RNG.randint(0, 2, (6, 3)).astype("float32")
SCORES = RNG.uniform(-2, 2, (6, 3)).astype("float32")


@pytest.mark.parametrize("labels", [LABELS01, 2 * LABELS01 - 1], ids=["zero_one", "signed"])
def test_hinge_and_squared_hinge(labels):
    signed = 2 * LABELS01 - 1
    margin = np.maximum(1 - signed * SCORES, 0)
    assert_close(losses.hinge(labels, SCORES), margin.mean(-1))
    assert_close(losses.squared_hinge(labels, SCORES), (margin**2).mean(-1))
    assert_close(losses.Hinge()(labels, SCORES), margin.mean())
    assert_close(losses.SquaredHinge(reduction="sum")(labels, SCORES), (margin**2).mean(-1).sum())


def test_hinge_matches_scikit_learn():
    labels = RNG.choice([-1.0, 1.0], size=8).astype("float32")
    decision = RNG.uniform(-2, 2, 8).astype("float32")
    expected = sklearn.metrics.hinge_loss(labels, decision)
    assert_close(losses.Hinge()(labels[:, None], decision[:, None]), expected)
    # (batch,) vs (batch, 1): the ranks are aligned.
    assert_close(losses.Hinge()(labels, decision[:, None]), expected)


def test_non_binary_labels_are_kept():
    labels = np.array([[0.5, -1.0]], "float32")
    scores = np.array([[1.0, 2.0]], "float32")
    assert_close(losses.hinge(labels, scores), [np.maximum(1 - labels * scores, 0).mean()])


def test_categorical_hinge_matches_scikit_learn():
    labels = RNG.randint(0, 4, 10)
    # Positive scores: then the largest wrong-class score is the Crammer-Singer term.
    scores = RNG.uniform(0.1, 2, (10, 4)).astype("float32")
    expected = sklearn.metrics.hinge_loss(labels, scores, labels=np.arange(4))
    assert_close(losses.CategoricalHinge()(one_hot(labels, 4), scores), expected)
    targets = one_hot(labels, 4)
    per_sample = np.maximum(((1 - targets) * scores).max(-1) - (targets * scores).sum(-1) + 1, 0)
    assert_close(losses.categorical_hinge(targets, scores), per_sample)
    weights = RNG.uniform(size=10).astype("float32")
    loss = losses.CategoricalHinge(reduction="mean_with_sample_weight")
    assert_close(loss(targets, scores, weights), (per_sample * weights).sum() / weights.sum())


def test_names_and_configs():
    for cls, name in ((losses.Hinge, "hinge"), (losses.SquaredHinge, "squared_hinge"),
                      (losses.CategoricalHinge, "categorical_hinge")):
        config = cls().get_config()
        assert config == {"name": name, "reduction": "sum_over_batch_size", "dtype": None}
        assert cls.from_config(config).name == name
