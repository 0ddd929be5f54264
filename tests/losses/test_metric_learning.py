"""Circle loss against a NumPy reference written from the paper's formula."""

import numpy as np
import pytest
import scipy.special

from kbackend import losses

from ._helpers import assert_close, to_np

# Module data is built at collection time, so it gets its own fixed seed.
RNG = np.random.RandomState(4)


def _circle(labels, embeddings, ref_labels, ref_embeddings, gamma, margin, remove_diagonal):
    distances = np.maximum(1 - embeddings @ ref_embeddings.T, 0).astype("float64")
    same = labels[:, None] == ref_labels[None, :]
    positive = same & ~np.eye(len(labels), len(ref_labels), dtype=bool) if remove_diagonal \
        else same
    negative = ~same
    result = []
    for i in range(len(labels)):
        d_p, d_n = distances[i][positive[i]], distances[i][negative[i]]
        # similarity s = 1 - d; optimum O_p = 1 + m, O_n = -m; deltas 1 - m and m.
        s_p, s_n = 1 - d_p, 1 - d_n
        a_p = np.maximum(1 + margin - s_p, 0)
        a_n = np.maximum(s_n + margin, 0)
        term_p = scipy.special.logsumexp(-gamma * a_p * (s_p - (1 - margin))) if len(d_p) \
            else -np.inf
        term_n = scipy.special.logsumexp(gamma * a_n * (s_n - margin)) if len(d_n) \
            else -np.inf
        result.append(np.logaddexp(0.0, term_p + term_n))
    return np.array(result)


def _normalized(*shape):
    x = RNG.normal(size=shape)
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype("float32")


LABELS = np.array([0, 0, 1, 1, 2, 2])
EMBEDDINGS = _normalized(6, 4)


@pytest.mark.parametrize("gamma, margin", [(80.0, 0.4), (2.0, 0.25)])
def test_circle(gamma, margin):
    expected = _circle(LABELS, EMBEDDINGS, LABELS, EMBEDDINGS, gamma, margin, True)
    assert_close(losses.circle(LABELS, EMBEDDINGS, gamma=gamma, margin=margin), expected,
                 rtol=1e-4, atol=1e-4)
    loss = losses.Circle(gamma=gamma, margin=margin)
    positive = expected > 0
    assert_close(loss(LABELS, EMBEDDINGS), expected[positive].mean(), rtol=1e-4, atol=1e-4)
    assert_close(losses.Circle(gamma=gamma, margin=margin, reduction="sum")(LABELS, EMBEDDINGS),
                 expected.sum(), rtol=1e-4, atol=1e-4)


def test_circle_with_references_and_lonely_samples():
    ref_labels = np.array([0, 1, 3])
    ref_embeddings = _normalized(3, 4)
    labels = np.array([0, 1, 2])  # label 2 has no positive among the references
    expected = _circle(labels, EMBEDDINGS[:3], ref_labels, ref_embeddings, 10.0, 0.4, False)
    result = losses.circle(labels, EMBEDDINGS[:3], ref_labels=ref_labels,
                           ref_embeddings=ref_embeddings, remove_diagonal=False, gamma=10.0)
    assert np.all(np.isfinite(to_np(result)))
    assert_close(result, expected, rtol=1e-4, atol=1e-5)


def test_circle_config():
    loss = losses.Circle(gamma=10.0, margin=0.2, remove_diagonal=False)
    assert loss.get_config() == {"name": "circle", "reduction": "sum_over_batch_size",
                                 "dtype": None, "gamma": 10.0, "margin": 0.2,
                                 "remove_diagonal": False}
