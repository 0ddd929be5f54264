"""The native benchmark loops compute the same models as benchmarks/models.py."""

import os
import sys

import numpy as np
import pytest

import kbackend as keras
from kbackend import backends

ENGINES = ("jax", "tensorflow")
if backends.ENGINE not in ENGINES:
    pytest.skip("native loops are checked with KBACKEND=jax or tensorflow",
                allow_module_level=True)

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))

import models  # noqa: E402

loops = pytest.importorskip(f"native.{backends.ENGINE}_loops")

_JAX_TRANSFORMER_ORDER = [
    ("emb",), ("query", "w"), ("query", "b"), ("key", "w"), ("key", "b"), ("value", "w"),
    ("value", "b"), ("attention_out", "w"), ("attention_out", "b"), ("norm1", "gamma"),
    ("norm1", "beta"), ("ff1", "w"), ("ff1", "b"), ("ff2", "w"), ("ff2", "b"),
    ("norm2", "gamma"), ("norm2", "beta"), ("out", "w"), ("out", "b"),
]


def _native_params(name, weights):
    params = loops.init(name)
    if backends.ENGINE == "tensorflow":
        if name == "lstm":
            embedding, kernel, recurrent, bias, w_out, b_out = weights
            weights = [embedding, np.concatenate([kernel, recurrent]), bias, w_out, b_out]
        for variable, value in zip(params, weights):
            variable.assign(value)
        return params
    for path, value in zip(_JAX_TRANSFORMER_ORDER, weights):
        node = params
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return params


@pytest.mark.parametrize("name", ["lstm", "transformer"])
def test_native_forward_matches_kbackend(name):
    if name not in loops.SUPPORTED or (backends.ENGINE == "jax" and name == "lstm"):
        pytest.skip(f"checked on tensorflow only: {name}")
    keras.utils.set_random_seed(0)
    model = models.build(keras, name)
    x, _ = models.make_data(name, 4)
    expected = model.predict(x, verbose=0)
    params = _native_params(name, model.get_weights())
    np.testing.assert_allclose(np.asarray(loops.apply(name, params, x)), expected,
                               rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", ["lstm", "transformer"])
def test_native_fit_runs(name):
    x, y = models.make_data(name, 8)
    seconds, state = loops.fit(name, x, y, batch_size=4)
    seconds, _ = loops.fit(name, x, y, batch_size=4, state=state)
    assert seconds > 0


def test_native_lstm_gradients_match_kbackend():
    # The native tensorflow LSTM wires BlockLSTMGradV2 by hand (tf's registered gradient has
    # the wrong gate layout); its gradients must equal kbackend's for the same weights.
    if backends.ENGINE != "tensorflow":
        pytest.skip("the native BlockLSTMV2 loop is tensorflow's")
    import tensorflow as tf

    keras.utils.set_random_seed(0)
    model = models.build(keras, "lstm")
    x, y = models.make_data("lstm", 4)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    _, expected = keras.backend.compute_gradients(
        lambda: loss_fn(y, model(x, training=True)), model.trainable_variables)
    params = _native_params("lstm", model.get_weights())
    with tf.GradientTape() as tape:
        logits = loops.apply("lstm", params, x)
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(tf.cast(y, tf.int64), logits))
    grads = [tf.convert_to_tensor(g) for g in tape.gradient(loss, params)]
    embedding, kernel, recurrent, bias, w_out, b_out = [np.asarray(tf.convert_to_tensor(g))
                                                        for g in expected]
    want = [embedding, np.concatenate([kernel, recurrent]), bias, w_out, b_out]
    for got, ref in zip(grads, want):
        np.testing.assert_allclose(np.asarray(got), ref, rtol=1e-4, atol=1e-6)
