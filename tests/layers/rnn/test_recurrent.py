"""SimpleRNN / LSTM / GRU against NumPy step-by-step references."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.testing.layer_test import run_layer_test
from tests.layers.rnn import numpy_reference as ref

RNG = np.random.default_rng(0)
X = RNG.standard_normal((2, 5, 3)).astype("float32")
MASK = np.array([[True, True, True, False, False], [True, True, True, True, True]])

GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


def _weights(name, units=4, input_dim=3, reset_after=True):
    gates = GATES[name]
    rng = np.random.default_rng(1)
    kernel = rng.standard_normal((input_dim, gates * units)).astype("float32") * 0.5
    recurrent = rng.standard_normal((units, gates * units)).astype("float32") * 0.5
    bias_shape = (2, gates * units) if name == "GRU" and reset_after else (gates * units,)
    bias = rng.standard_normal(bias_shape).astype("float32") * 0.1
    return [kernel, recurrent, bias]


def _reference(name, weights, x, reset_after=True, **kwargs):
    step = {
        "SimpleRNN": ref.simple_rnn_step,
        "LSTM": ref.lstm_step,
        "GRU": lambda k, r, b: ref.gru_step(k, r, b, reset_after),
    }[name](*weights)
    units = weights[1].shape[0]
    states = [np.zeros((x.shape[0], units), "float32")] * (2 if name == "LSTM" else 1)
    if "initial_state" in kwargs:
        states = kwargs.pop("initial_state")
    return ref.run(step, x, states, **kwargs)


def _layer(name, weights, **kwargs):
    layer = getattr(layers, name)(4, **kwargs)
    layer(X[:, :1])
    # A stateful layer also holds its states (non-trainable, after the weights).
    layer.set_weights(weights + layer.get_weights()[len(weights):])
    return layer


def _np(x):
    return ops.convert_to_numpy(x)


@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
@pytest.mark.parametrize("go_backwards", [False, True])
def test_values_match_numpy_reference(name, go_backwards):
    weights = _weights(name)
    layer = _layer(name, weights, return_sequences=True, return_state=True,
                   go_backwards=go_backwards)
    outputs = layer(X)
    expected, states = _reference(name, weights, X, go_backwards=go_backwards)
    np.testing.assert_allclose(_np(outputs[0]), expected, rtol=1e-5, atol=1e-5)
    for got, want in zip(outputs[1:], states):
        np.testing.assert_allclose(_np(got), want, rtol=1e-5, atol=1e-5)


def test_gru_reset_before():
    weights = _weights("GRU", reset_after=False)
    layer = _layer("GRU", weights, reset_after=False)
    expected, _ = _reference("GRU", weights, X, reset_after=False)
    np.testing.assert_allclose(_np(layer(X)), expected[:, -1], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
def test_fused_and_generic_paths_agree(name):
    weights = _weights(name)
    fused = _layer(name, weights, return_sequences=True, return_state=True)
    generic = _layer(name, weights, return_sequences=True, return_state=True,
                     use_cudnn=False)
    for a, b in zip(fused(X), generic(X)):
        np.testing.assert_allclose(_np(a), _np(b), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
def test_masking_keeps_state_and_repeats_output(name):
    weights = _weights(name)
    layer = _layer(name, weights, return_sequences=True, return_state=True)
    outputs = layer(X, mask=MASK)
    expected, states = _reference(name, weights, X, mask=MASK)
    np.testing.assert_allclose(_np(outputs[0]), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(outputs[0])[0, 3], _np(outputs[0])[0, 2])
    for got, want in zip(outputs[1:], states):
        np.testing.assert_allclose(_np(got), want, rtol=1e-5, atol=1e-5)


def test_mask_from_embedding_propagates():
    tokens = np.array([[3, 1, 2, 0, 0], [1, 2, 3, 4, 2]])
    embedding = layers.Embedding(5, 3, mask_zero=True)
    lstm = layers.LSTM(4, return_sequences=True)
    sequence = lstm(embedding(tokens))
    last = layers.LSTM(4)
    last(embedding(tokens))
    last.set_weights(lstm.get_weights())
    # The last output of a padded row is its last unpadded output.
    np.testing.assert_allclose(_np(last(embedding(tokens)))[0], _np(sequence)[0, 2],
                               rtol=1e-5, atol=1e-6)


def test_zero_output_for_mask():
    layer = layers.RNN(layers.SimpleRNNCell(4), return_sequences=True,
                       zero_output_for_mask=True)
    out = _np(layer(X, mask=MASK))
    np.testing.assert_array_equal(out[0, 3:], 0.0)


def test_initial_state():
    weights = _weights("LSTM")
    layer = _layer("LSTM", weights)
    h0 = RNG.standard_normal((2, 4)).astype("float32")
    c0 = RNG.standard_normal((2, 4)).astype("float32")
    expected, _ = _reference("LSTM", weights, X, initial_state=[h0, c0])
    np.testing.assert_allclose(_np(layer(X, initial_state=[h0, c0])), expected[:, -1],
                               rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match="initial_state has 1 tensors"):
        layer(X, initial_state=[h0])


def test_stateful_carries_and_resets():
    weights = _weights("GRU")
    layer = _layer("GRU", weights, stateful=True, return_sequences=True)
    layer.reset_states()  # the build call above already advanced the state
    first = _np(layer(X[:, :2]))
    second = _np(layer(X[:, 2:]))
    whole, _ = _reference("GRU", weights, X)
    np.testing.assert_allclose(np.concatenate([first, second], 1), whole, rtol=1e-5,
                               atol=1e-5)
    layer.reset_states()
    np.testing.assert_allclose(_np(layer(X[:, :2])), first, rtol=1e-6, atol=1e-6)
    # As in Keras 3 the states are step state, not weights.
    assert layer.non_trainable_weights == []
    assert [v.name for v in layer.non_trainable_variables] == ["rnn_state"]


def test_stateful_needs_fixed_batch():
    from kbackend import Input

    with pytest.raises(ValueError, match="fixed batch size"):
        layers.LSTM(2, stateful=True)(Input((None, 3)))


def test_dropout_only_in_training():
    layer = layers.LSTM(4, dropout=0.5, recurrent_dropout=0.5, seed=3)
    inference = _np(layer(X))
    np.testing.assert_allclose(_np(layer(X)), inference)
    trained = _np(layer(X, training=True))
    assert not np.allclose(trained, inference)


@pytest.mark.parametrize("name,count,bias_shape", [
    ("SimpleRNN", 3, (4,)), ("LSTM", 3, (16,)), ("GRU", 3, (2, 12)),
])
def test_weight_names_and_shapes(name, count, bias_shape):
    layer = getattr(layers, name)(4)
    layer(X)
    assert [w.name for w in layer.weights] == ["kernel", "recurrent_kernel", "bias"]
    assert layer.weights[2].shape == bias_shape
    assert len(layer.weights) == count


def test_lstm_unit_forget_bias():
    layer = layers.LSTM(2)
    layer(X)
    np.testing.assert_array_equal(layer.get_weights()[2], [0, 0, 1, 1, 0, 0, 0, 0])


@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
def test_layer_harness(name):
    run_layer_test(getattr(layers, name), {"units": 3, "return_sequences": True},
                   input_shape=(2, 4, 3), expected_output_shape=(2, 4, 3),
                   expected_num_trainable_weights=3)


def test_harness_with_states_and_dropout():
    run_layer_test(layers.GRU, {"units": 2, "return_state": True, "dropout": 0.2,
                                "recurrent_dropout": 0.2, "seed": 1},
                   input_shape=(2, 4, 3), expected_output_shape=[(2, 2), (2, 2)])


def test_variable_length_symbolic():
    from kbackend import Input

    inputs = Input((None, 3))
    out, h, c = layers.LSTM(4, return_sequences=True, return_state=True)(inputs)
    assert out.shape == (None, None, 4)
    assert h.shape == c.shape == (None, 4)


def test_user_cell_and_stacked_cells():
    class MinimalCell(layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.state_size = units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units))

        def call(self, inputs, states):
            output = ops.add(ops.matmul(inputs, self.kernel), states[0])
            return output, [output]

    layer = layers.RNN(MinimalCell(2))
    kernel = _np(layer(X)) * 0 + 1  # build
    layer.set_weights([np.ones((3, 2), "float32")])
    np.testing.assert_allclose(_np(layer(X)), np.repeat(X.sum((1, 2))[:, None], 2, 1) * kernel,
                               rtol=1e-5, atol=1e-5)
    stacked = layers.RNN([layers.SimpleRNNCell(3), layers.LSTMCell(2)], return_state=True)
    outputs = stacked(X)
    assert [tuple(o.shape) for o in outputs] == [(2, 2), (2, 3), (2, 2), (2, 2)]


def test_errors():
    with pytest.raises(ValueError, match="units must be a positive integer"):
        layers.LSTM(0)
    with pytest.raises(ValueError, match="dropout"):
        layers.GRU(2, dropout=1.5)
    with pytest.raises(ValueError, match="state_size"):
        layers.RNN(object())
    with pytest.raises(ValueError, match="ndim|rank|dim"):
        layers.LSTM(2)(np.ones((2, 3), "float32"))
