import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.layers.attention import (
    AdditiveAttention,
    Attention,
    GroupedQueryAttention,
    GroupQueryAttention,
    MultiHeadAttention,
)
from kbackend.testing.layer_test import run_layer_test


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def reference_attention(q, k, v, mask=None, scale=1.0):
    scores = q @ np.swapaxes(k, -1, -2) * scale
    if mask is not None:
        scores = np.where(mask, scores, -1e9)
    weights = softmax(scores)
    return weights @ v, weights


def n(x):
    return ops.convert_to_numpy(x)


rng = np.random.default_rng(0)
Q = rng.normal(size=(2, 3, 4)).astype("float32")
V = rng.normal(size=(2, 5, 4)).astype("float32")
K = rng.normal(size=(2, 5, 4)).astype("float32")


@pytest.mark.parametrize("use_scale", [False, True])
def test_dot_attention_matches_numpy(use_scale):
    layer = Attention(use_scale=use_scale)
    out, scores = layer([Q, V, K], return_attention_scores=True)
    expected, expected_w = reference_attention(Q, K, V)
    np.testing.assert_allclose(n(out), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(n(scores), expected_w, rtol=1e-5, atol=1e-5)
    assert [w.name for w in layer.trainable_weights] == (["scale"] if use_scale else [])


def test_attention_masks_and_causal():
    value_mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], bool)
    query_mask = np.array([[1, 1, 0], [1, 1, 1]], bool)
    layer = Attention()
    out = layer([Q, V, K], mask=[query_mask, value_mask])
    expected, _ = reference_attention(Q, K, V, value_mask[:, None, :])
    expected = expected * query_mask[..., None]
    np.testing.assert_allclose(n(out), expected, rtol=1e-5, atol=1e-5)
    causal = np.tril(np.ones((3, 3), bool))
    out = layer([Q, Q], use_causal_mask=True)
    np.testing.assert_allclose(n(out), reference_attention(Q, Q, Q, causal)[0],
                               rtol=1e-5, atol=1e-5)


def test_concat_and_additive_scores():
    layer = Attention(score_mode="concat")
    out = layer([Q, V, K])
    scores = np.tanh(Q[:, :, None, :] + K[:, None, :, :]).sum(-1)
    np.testing.assert_allclose(n(out), softmax(scores) @ V, rtol=1e-5, atol=1e-5)
    additive = AdditiveAttention()
    additive([Q, V, K])
    scale = rng.normal(size=(4,)).astype("float32")
    additive.set_weights([scale] + additive.get_weights()[1:])
    scores = (scale * np.tanh(Q[:, :, None, :] + K[:, None, :, :])).sum(-1)
    np.testing.assert_allclose(n(additive([Q, V, K])), softmax(scores) @ V,
                               rtol=1e-5, atol=1e-5)


def test_attention_harness_and_errors():
    run_layer_test(Attention, {"use_scale": True, "score_mode": "concat", "dropout": 0.1},
                   input_data=[Q, V], expected_output_shape=(2, 3, 4),
                   expected_num_trainable_weights=2)
    run_layer_test(AdditiveAttention, {}, input_data=[Q, V], expected_output_shape=(2, 3, 4),
                   expected_num_trainable_weights=1)
    with pytest.raises(ValueError, match="score_mode"):
        Attention(score_mode="add")
    with pytest.raises(ValueError, match="list"):
        Attention()(Q)


def test_attention_dropout_training_only():
    layer = Attention(dropout=0.5, seed=1)
    np.testing.assert_allclose(n(layer([Q, V], training=False)), reference_attention(Q, V, V)[0],
                               rtol=1e-5, atol=1e-5)
    _, w = layer([Q, V], training=True, return_attention_scores=True)
    assert (n(w) == 0).any()


def mha_reference(layer, q, v, mask=None):
    wq, bq, wk, bk, wv, bv, wo, bo = [w for w in layer.get_weights()[:8]]
    pq = np.einsum("btd,dnh->btnh", q, wq) + bq
    pk = np.einsum("bsd,dnh->bsnh", v, wk) + bk
    pv = np.einsum("bsd,dnh->bsnh", v, wv) + bv
    scores = np.einsum("btnh,bsnh->bnts", pq, pk) / np.sqrt(pq.shape[-1])
    if mask is not None:
        scores = np.where(mask[:, None], scores, -1e9)
    probs = softmax(scores)
    out = np.einsum("bnts,bsnh->btnh", probs, pv)
    return np.einsum("btnh,nho->bto", out, wo) + bo, probs


@pytest.mark.parametrize("causal", [False, True])
def test_mha_matches_numpy(causal):
    layer = MultiHeadAttention(num_heads=2, key_dim=3, value_dim=2)
    q = rng.normal(size=(2, 4, 6)).astype("float32")
    out, probs = layer(q, q, return_attention_scores=True, use_causal_mask=causal)
    fused = layer(q, q, use_causal_mask=causal)
    mask = np.tril(np.ones((1, 4, 4), bool)) if causal else None
    expected, expected_probs = mha_reference(layer, q, q, mask)
    np.testing.assert_allclose(n(out), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(n(fused), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(n(probs), expected_probs, rtol=1e-4, atol=1e-5)


def test_mha_attention_mask_and_weights():
    layer = MultiHeadAttention(num_heads=2, key_dim=4)
    mask = rng.random((2, 3, 5)) > 0.3
    mask[..., 0] = True
    out = layer(Q, V, attention_mask=mask)
    np.testing.assert_allclose(n(out), mha_reference(layer, Q, V, mask)[0], rtol=1e-4,
                               atol=1e-5)
    names = [w.path for w in layer.trainable_weights]
    assert [p.split("/", 1)[1] for p in names] == [
        "query/kernel", "query/bias", "key/kernel", "key/bias", "value/kernel", "value/bias",
        "attention_output/kernel", "attention_output/bias"]
    assert [tuple(w.shape) for w in layer.trainable_weights] == [
        (4, 2, 4), (2, 4), (4, 2, 4), (2, 4), (4, 2, 4), (2, 4), (2, 4, 4), (4,)]


def test_mha_shapes_axes_and_config():
    layer = MultiHeadAttention(num_heads=2, key_dim=2, output_shape=5, use_bias=False)
    assert tuple(layer(Q, V).shape) == (2, 3, 5)
    assert len(layer.trainable_weights) == 4
    layer = MultiHeadAttention(num_heads=2, key_dim=2, attention_axes=(1, 2))
    x = rng.normal(size=(2, 3, 2, 4)).astype("float32")
    out, scores = layer(x, x, return_attention_scores=True)
    assert tuple(out.shape) == (2, 3, 2, 4) and tuple(scores.shape) == (2, 2, 3, 2, 3, 2)
    clone = MultiHeadAttention.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    query, value = layers.Input((3, 4)), layers.Input((5, 6))
    out, scores = MultiHeadAttention(2, 3)(query, value, return_attention_scores=True)
    assert out.shape == (None, 3, 4) and scores.shape == (None, 2, 3, 5)
    with pytest.raises(ValueError, match="num_heads"):
        MultiHeadAttention(num_heads=0, key_dim=2)


def test_gqa_matches_repeated_mha():
    layer = GroupedQueryAttention(head_dim=2, num_query_heads=4, num_key_value_heads=2)
    assert GroupQueryAttention is GroupedQueryAttention
    q = rng.normal(size=(2, 3, 4)).astype("float32")
    out, probs = layer(q, V, return_attention_scores=True)
    wq, bq, wk, bk, wv, bv, wo, bo = layer.get_weights()[:8]
    assert wq.shape == (4, 4, 2) and wk.shape == (4, 2, 2) and wo.shape == (4, 2, 4)
    pq = np.einsum("btd,dnh->btnh", q, wq) + bq
    pk = np.repeat(np.einsum("bsd,dnh->bsnh", V, wk) + bk, 2, axis=2)
    pv = np.repeat(np.einsum("bsd,dnh->bsnh", V, wv) + bv, 2, axis=2)
    p = softmax(np.einsum("btnh,bsnh->bnts", pq, pk) / np.sqrt(2))
    expected = np.einsum("btnh,nho->bto", np.einsum("bnts,bsnh->btnh", p, pv), wo) + bo
    np.testing.assert_allclose(n(out), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(n(layer(q, V)), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(n(probs), p, rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match="multiple"):
        GroupedQueryAttention(2, 3, 2)


@pytest.mark.requires_trainable_backend
def test_mha_gradients():
    from kbackend.backend import compute_gradients

    layer = MultiHeadAttention(num_heads=2, key_dim=2, dropout=0.1)
    layer(Q, V)

    def loss():
        return ops.mean(ops.square(layer(Q, V, training=True)))

    _, grads = compute_gradients(loss, layer.trainable_weights)
    assert all(np.abs(n(g)).sum() > 0 for g in grads)
