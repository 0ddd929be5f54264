"""Bidirectional: merges match the forward/backward layers run by hand."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.testing.layer_test import run_layer_test
from tests.layers.rnn import numpy_reference as ref

X = np.random.default_rng(2).standard_normal((2, 4, 3)).astype("float32")


def _np(x):
    return ops.convert_to_numpy(x)


def _directions(layer):
    rng = np.random.default_rng(5)
    weights = [rng.standard_normal(w.shape).astype("float32") * 0.4 for w in layer.weights]
    layer.set_weights(weights)
    forward, _ = ref.run(ref.lstm_step(*weights[:3]), X, [np.zeros((2, 2), "float32")] * 2)
    backward, states = ref.run(ref.lstm_step(*weights[3:]), X,
                               [np.zeros((2, 2), "float32")] * 2, go_backwards=True)
    return forward, backward[:, ::-1], states


@pytest.mark.parametrize("mode", ["concat", "sum", "mul", "ave", None])
def test_merge_modes(mode):
    layer = layers.Bidirectional(layers.LSTM(2, return_sequences=True), merge_mode=mode)
    layer(X)
    forward, backward, _ = _directions(layer)
    expected = {
        "concat": lambda: np.concatenate([forward, backward], -1),
        "sum": lambda: forward + backward,
        "mul": lambda: forward * backward,
        "ave": lambda: (forward + backward) / 2,
        None: lambda: None,
    }[mode]()
    output = layer(X)
    if mode is None:
        np.testing.assert_allclose(_np(output[0]), forward, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(_np(output[1]), backward, rtol=1e-5, atol=1e-5)
    else:
        np.testing.assert_allclose(_np(output), expected, rtol=1e-5, atol=1e-5)


def test_return_state_and_weight_order():
    layer = layers.Bidirectional(layers.LSTM(2, return_state=True))
    layer(X)
    _, _, backward_states = _directions(layer)
    outputs = layer(X)
    assert len(outputs) == 5
    np.testing.assert_allclose(_np(outputs[3]), backward_states[0], rtol=1e-5, atol=1e-5)
    assert [w.path.split("/")[1].split("_")[0] for w in layer.weights] == (
        ["forward"] * 3 + ["backward"] * 3)


def test_backward_layer_and_harness():
    backward = layers.GRU(2, go_backwards=True)
    layer = layers.Bidirectional(layers.GRU(2), backward_layer=backward)
    assert layer.backward_layer is backward
    run_layer_test(layers.Bidirectional, {"layer": layers.SimpleRNN(2), "merge_mode": "sum"},
                   input_shape=(2, 4, 3), expected_output_shape=(2, 2),
                   expected_num_trainable_weights=6)


def test_errors():
    with pytest.raises(ValueError, match="merge_mode"):
        layers.Bidirectional(layers.LSTM(2), merge_mode="concatenate")
    with pytest.raises(ValueError, match="recurrent"):
        layers.Bidirectional(layers.Dense(2))
