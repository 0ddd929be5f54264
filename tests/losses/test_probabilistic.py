"""KL divergence, Poisson, CTC and generalized cross-entropy against NumPy/SciPy references."""

import numpy as np
import pytest
import scipy.special
import scipy.stats

from kbackend import losses

from ._helpers import assert_close, probabilities

# Module data is built at collection time, so it gets its own fixed seed.
RNG = np.random.RandomState(5)

P = probabilities(5, 4, rng=RNG)
Q = probabilities(5, 4, rng=RNG)


def test_kl_divergence_matches_scipy():
    expected = scipy.stats.entropy(P, Q, axis=-1)
    assert_close(losses.kl_divergence(P, Q), expected, rtol=1e-4)
    assert_close(losses.KLDivergence()(P, Q), expected.mean(), rtol=1e-4)
    assert_close(losses.kld(P, Q), expected, rtol=1e-4)


def test_kl_divergence_clips_zeros():
    y_true = np.array([[0.0, 1.0]], "float32")
    y_pred = np.array([[0.5, 0.5]], "float32")
    expected = 1e-7 * np.log(1e-7 / 0.5) + np.log(2.0)
    assert_close(losses.kl_divergence(y_true, y_pred), [expected], rtol=1e-5)


def test_poisson():
    counts = RNG.poisson(2.0, (5, 3)).astype("float32")
    rates = RNG.uniform(0.5, 3.0, (5, 3)).astype("float32")
    expected = (rates - counts * np.log(rates + 1e-7)).mean(-1)
    assert_close(losses.poisson(counts, rates), expected, rtol=1e-4)
    weights = RNG.uniform(size=5).astype("float32")
    assert_close(losses.Poisson(reduction="sum")(counts, rates, weights),
                 (expected * weights).sum(), rtol=1e-4)
    # Poisson deviance identity: the loss is the negative log-likelihood up to a constant.
    nll = -scipy.stats.poisson.logpmf(counts, rates).mean(-1)
    constant = scipy.special.gammaln(counts + 1).mean(-1)
    assert_close(losses.poisson(counts, rates), nll - constant, rtol=1e-3, atol=1e-4)


def _ctc_reference(labels, logits):
    """Negative log-likelihood by the CTC forward recursion (blank = 0, padding = 0)."""
    log_probs = scipy.special.log_softmax(logits.astype("float64"), axis=-1)
    result = []
    for sample_labels, sample_log_probs in zip(labels, log_probs):
        sequence = [int(c) for c in sample_labels if c != 0]
        extended = [0]
        for c in sequence:
            extended += [c, 0]
        alpha = np.full(len(extended), -np.inf)
        alpha[0] = sample_log_probs[0, 0]
        if len(extended) > 1:
            alpha[1] = sample_log_probs[0, extended[1]]
        for t in range(1, len(sample_log_probs)):
            previous = alpha.copy()
            for s, c in enumerate(extended):
                terms = [previous[s]]
                if s >= 1:
                    terms.append(previous[s - 1])
                if s >= 2 and c != 0 and c != extended[s - 2]:
                    terms.append(previous[s - 2])
                alpha[s] = np.logaddexp.reduce(terms) + sample_log_probs[t, c]
        result.append(-np.logaddexp.reduce(alpha[-2:]))
    return np.array(result)


def test_ctc():
    labels = np.array([[1, 2, 0], [3, 3, 1], [2, 0, 0]], "int32")
    logits = RNG.uniform(-1, 1, (3, 7, 4)).astype("float32")
    expected = _ctc_reference(labels, logits)
    assert_close(losses.ctc(labels, logits), expected, rtol=1e-4)
    assert_close(losses.CTC()(labels, logits), expected.mean(), rtol=1e-4)
    assert_close(losses.CTC(reduction="none")(labels, logits), expected, rtol=1e-4)
    assert losses.CTC().get_config()["name"] == "ctc"


def test_ctc_rejects_bad_ranks():
    with pytest.raises(ValueError, match=r"y_true.shape=\(3,\)"):
        losses.ctc(np.zeros(3, "int32"), np.zeros((3, 2, 2), "float32"))
    with pytest.raises(ValueError, match=r"y_pred.shape=\(3, 2\)"):
        losses.ctc(np.zeros((3, 1), "int32"), np.zeros((3, 2), "float32"))


@pytest.mark.parametrize("q", [0.1, 0.5, 0.9])
def test_categorical_generalized_cross_entropy(q):
    labels = RNG.randint(0, 4, 5)
    expected = (1 - P[np.arange(5), labels] ** q) / q
    assert_close(losses.categorical_generalized_cross_entropy(labels, P, q=q), expected,
                 rtol=1e-4)
    loss = losses.CategoricalGeneralizedCrossEntropy(q=q)
    assert_close(loss(labels, P), expected.mean(), rtol=1e-4)
    assert_close(loss(labels[:, None], P), expected.mean(), rtol=1e-4)
    assert loss.get_config()["q"] == q
    assert loss.name == "categorical_generalized_cross_entropy"


def test_generalized_cross_entropy_limits():
    labels = RNG.randint(0, 4, 5)
    p_true = P[np.arange(5), labels]
    # q -> 0 approaches cross-entropy.
    assert_close(losses.categorical_generalized_cross_entropy(labels, P, q=1e-4),
                 -np.log(p_true), rtol=1e-3)
    with pytest.raises(ValueError, match=r"interval \(0, 1\).*q=1.5"):
        losses.CategoricalGeneralizedCrossEntropy(q=1.5)
