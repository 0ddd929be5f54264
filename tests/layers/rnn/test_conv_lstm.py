"""ConvLSTM1D/2D/3D against a NumPy reference and by shape."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.testing.layer_test import run_layer_test
from tests.layers.rnn import numpy_reference as ref


def test_conv_lstm1d_matches_reference():
    x = np.random.default_rng(3).standard_normal((2, 3, 5, 2)).astype("float32")
    layer = layers.ConvLSTM1D(3, 3, padding="same", data_format="channels_last",
                              return_sequences=True)
    layer(x)
    rng = np.random.default_rng(4)
    weights = [rng.standard_normal(w.shape).astype("float32") * 0.3 for w in layer.weights]
    layer.set_weights(weights)
    zeros = np.zeros((2, 5, 3), "float32")
    expected, _ = ref.run(ref.conv_lstm1d_step(*weights), x, [zeros, zeros])
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), expected, rtol=1e-4, atol=1e-5)
    assert [w.name for w in layer.weights] == ["kernel", "recurrent_kernel", "bias"]
    assert [w.shape for w in layer.weights] == [(3, 2, 12), (3, 3, 12), (12,)]


def test_channels_first_matches_channels_last():
    x = np.random.default_rng(3).standard_normal((1, 2, 5, 5, 2)).astype("float32")
    last = layers.ConvLSTM2D(2, 3, data_format="channels_last")
    first = layers.ConvLSTM2D(2, 3, data_format="channels_first")
    out_last = last(x)
    first(np.moveaxis(x, -1, 2))
    first.set_weights(last.get_weights())
    out_first = ops.convert_to_numpy(first(np.moveaxis(x, -1, 2)))
    np.testing.assert_allclose(np.moveaxis(out_first, 1, -1), ops.convert_to_numpy(out_last),
                               rtol=1e-4, atol=1e-5)


def test_harness():
    run_layer_test(layers.ConvLSTM1D, {"filters": 2, "kernel_size": 3,
                                       "return_sequences": True,
                                       "data_format": "channels_last"},
                   input_shape=(2, 2, 6, 1), expected_output_shape=(2, 2, 4, 2),
                   expected_num_trainable_weights=3)


def test_conv_lstm3d_shape():
    layer = layers.ConvLSTM3D(2, 3, return_sequences=True, data_format="channels_last")
    assert tuple(layer(np.ones((1, 2, 3, 3, 3, 1), "float32")).shape) == (1, 2, 1, 1, 1, 2)


def test_return_state_shapes():
    out, h, c = layers.ConvLSTM2D(2, 3, strides=2, padding="same", return_state=True,
                                  data_format="channels_last")(np.ones((1, 2, 5, 5, 1)))
    assert tuple(out.shape) == tuple(h.shape) == tuple(c.shape) == (1, 3, 3, 2)


def test_errors():
    with pytest.raises(ValueError, match="padding"):
        layers.ConvLSTM2D(2, 3, padding="causal")
    with pytest.raises(ValueError, match="filters"):
        layers.ConvLSTM2D(0, 3)
