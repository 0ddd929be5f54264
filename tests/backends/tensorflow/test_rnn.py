"""The tensorflow fused LSTM path (a tf.while_loop) against the generic scan (KBACKEND=tensorflow).

Outputs, final states and gradients (inputs and every weight) must match the generic loop
(``use_cudnn=False``) eagerly, inside ``tf.function`` and under ``jit_compile=True``
(Note [lstm while loop]), and fit must work with and without XLA.
"""

import numpy as np
import pytest

from kbackend import backends

if backends.ENGINE != "tensorflow":
    pytest.skip("tensorflow fused LSTM tests run with KBACKEND=tensorflow",
                allow_module_level=True)

import tensorflow as tf  # noqa: E402

import kbackend as keras  # noqa: E402
from kbackend import layers  # noqa: E402
from kbackend.backends.tensorflow import rnn as tf_rnn  # noqa: E402

UNITS, FEATURES = 4, 3
RNG = np.random.default_rng(0)
X = RNG.standard_normal((2, 5, FEATURES)).astype("float32") * 2.0
H0 = RNG.standard_normal((2, UNITS)).astype("float32")
C0 = RNG.standard_normal((2, UNITS)).astype("float32") * 2.0


def _pair(**kwargs):
    fused = layers.LSTM(UNITS, **kwargs)
    fused(X)
    # A nonzero bias, so a gate-order or forget-bias mismatch would show.
    weights = fused.get_weights()
    weights[2] = weights[2] + np.random.default_rng(1).standard_normal(
        weights[2].shape).astype("float32") * 0.5
    fused.set_weights(weights)
    generic = layers.LSTM(UNITS, use_cudnn=False, **kwargs)
    generic(X)
    generic.set_weights(weights)
    return fused, generic


def _values_and_grads(layer, initial_state, wrap):
    variables = [layer.cell.kernel.value, layer.cell.recurrent_kernel.value,
                 layer.cell.bias.value]

    def run(x, h0, c0):
        with tf.GradientTape() as tape:
            tape.watch([x, h0, c0])
            kwargs = {"initial_state": [h0, c0]} if initial_state else {}
            outputs = layer(x, training=True, **kwargs)
            flat = outputs if isinstance(outputs, list) else [outputs]
            weights = [tf.constant(np.random.default_rng(2 + i).standard_normal(
                tuple(o.shape)).astype("float32")) for i, o in enumerate(flat)]
            loss = tf.add_n([tf.reduce_sum(o * w) for o, w in zip(flat, weights)])
        grads = tape.gradient(loss, [x, h0, c0] + variables,
                              unconnected_gradients=tf.UnconnectedGradients.ZERO)
        return flat, grads

    if wrap:
        run = tf.function(run, autograph=False, jit_compile=wrap == "xla")
    flat, grads = run(tf.constant(X), tf.constant(H0), tf.constant(C0))
    return [np.asarray(o) for o in flat], [np.asarray(g) for g in grads]


@pytest.mark.parametrize("wrap", [False, "tf_function", "xla"])
@pytest.mark.parametrize("initial_state", [False, True])
@pytest.mark.parametrize("go_backwards", [False, True])
@pytest.mark.parametrize("return_sequences", [False, True])
def test_fused_matches_generic_values_states_and_gradients(
        return_sequences, go_backwards, initial_state, wrap):
    fused, generic = _pair(return_sequences=return_sequences, go_backwards=go_backwards,
                           return_state=True)
    got, got_grads = _values_and_grads(fused, initial_state, wrap)
    want, want_grads = _values_and_grads(generic, initial_state, wrap)
    assert len(got) == len(want) == 3  # output, h, c
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)
    # inputs, h0, c0, kernel, recurrent_kernel, bias
    for a, b in zip(got_grads, want_grads):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)


def test_fused_kernel_is_used_and_returns_keras_layout(monkeypatch):
    calls = []
    original = tf_rnn.lstm

    def spy(*args, **kwargs):
        result = original(*args, **kwargs)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(tf_rnn, "lstm", spy)
    fused, _ = _pair(return_sequences=True)
    calls.clear()
    outputs = fused(X)
    assert calls == [True]
    assert tuple(outputs.shape) == (2, 5, UNITS)


def test_fused_under_xla_and_for_float64():
    kernel = np.zeros((FEATURES, 4 * UNITS), "float32")
    recurrent = np.zeros((UNITS, 4 * UNITS), "float32")
    bias = np.zeros((4 * UNITS,), "float32")
    states = [H0, C0]

    @tf.function(jit_compile=True, autograph=False)
    def under_xla(x):
        return tf_rnn.lstm(x, states, kernel, recurrent, bias)[0]

    @tf.function(jit_compile=True, autograph=False)
    def nested(x):
        return tf.function(lambda y: under_xla(y), autograph=False)(x)

    assert tuple(under_xla(tf.constant(X)).shape) == (2, 5, UNITS)
    assert tuple(nested(tf.constant(X)).shape) == (2, 5, UNITS)
    assert tf_rnn.lstm(X.astype("int32"), [s.astype("int32") for s in states],
                       kernel.astype("int32"), recurrent.astype("int32"),
                       bias.astype("int32")) is None


def test_float64_matches_generic():
    fused, generic = _pair(return_sequences=True, return_state=True, dtype="float64")
    x = X.astype("float64")
    got = [np.asarray(o) for o in fused(x)]
    want = [np.asarray(o) for o in generic(x)]
    assert got[0].dtype == np.float64
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def _model(jit_compile):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((5, FEATURES)), layers.LSTM(UNITS),
                              layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.Adam(1e-2), jit_compile=jit_compile,
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    x = np.random.default_rng(3).standard_normal((16, 5, FEATURES)).astype("float32")
    y = (x[:, -1, 0] > 0).astype("int32")
    return model, x, y


@pytest.mark.parametrize("jit_compile", [False, "auto", True])
def test_fit_trains_with_and_without_xla(jit_compile):
    def train(jit_compile):
        model, x, y = _model(jit_compile)
        history = model.fit(x, y, batch_size=8, epochs=3, verbose=0, shuffle=False)
        return history.history["loss"], model.get_weights()

    losses, weights = train(jit_compile)
    assert np.all(np.isfinite(losses)) and losses[-1] < losses[0]
    if jit_compile is not True:
        return
    # The loop compiled by XLA gives the same training run as without XLA.
    auto_losses, auto_weights = train("auto")
    np.testing.assert_allclose(losses, auto_losses, rtol=1e-4, atol=1e-5)
    for a, b in zip(weights, auto_weights):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_xla_predict_and_evaluate_match():
    xla_model, x, y = _model(True)
    model, _, _ = _model("auto")
    np.testing.assert_allclose(xla_model.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(xla_model.evaluate(x, y, verbose=0),
                               model.evaluate(x, y, verbose=0), rtol=1e-5, atol=1e-6)
