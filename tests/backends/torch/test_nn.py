"""torch-specific behaviour of the nn ops (KBACKEND=torch only)."""

import numpy as np
import pytest
import scipy.special

from kbackend import backends

if backends.ENGINE != "torch":
    pytest.skip("torch op tests run with KBACKEND=torch", allow_module_level=True)

import torch  # noqa: E402

from kbackend import ops  # noqa: E402


@pytest.mark.parametrize("from_logits", [True, False])
def test_sparse_crossentropy_gradient_matches_the_one_hot_formula(from_logits):
    # Note [sparse cross-entropy by gather]: the gathered loss must have the one-hot
    # product's gradient, including none at all for a label outside the classes.
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4, 3)).astype("float32")
    labels = np.array([0, 2, 5, -1])
    one_hot = np.zeros((4, 3), "float32")
    one_hot[[0, 1], [0, 2]] = 1.0
    probs = scipy.special.softmax(logits, -1)
    scores = torch.tensor(logits if from_logits else probs, requires_grad=True)
    loss = ops.sparse_categorical_crossentropy(labels, scores, from_logits=from_logits)
    loss.sum().backward()
    if from_logits:
        expected = (probs - one_hot) * one_hot.sum(-1, keepdims=True)
    else:
        # d/dp of -log(p_y / sum(p)) = -1/p_y on the label, + 1/sum(p) everywhere.
        totals = probs.sum(-1, keepdims=True)
        expected = (1.0 / totals - one_hot / probs) * one_hot.sum(-1, keepdims=True)
    np.testing.assert_allclose(scores.grad.numpy(), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(loss.detach().numpy()[2:], 0.0)


def test_sparse_crossentropy_runs_under_vmap():
    # The CPU range check reads the labels on the host, which torch.vmap forbids; there
    # the in-graph mask takes over (out-of-range labels still give 0).
    from kbackend.backends.torch import nn as torch_nn

    logits = torch.tensor(np.random.default_rng(0).normal(size=(5, 4, 3)), dtype=torch.float32)
    labels = torch.tensor([[0, 1, 2, 3]] * 5)
    mapped = torch.vmap(lambda t, o: torch_nn.sparse_categorical_crossentropy(
        t, o, from_logits=True))(labels, logits)
    direct = torch_nn.sparse_categorical_crossentropy(labels, logits, from_logits=True)
    np.testing.assert_allclose(mapped.numpy(), direct.numpy(), rtol=1e-6)
    assert (mapped[:, 3] == 0).all()
