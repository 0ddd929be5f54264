import numpy as np
import pytest

import kbackend as keras
from kbackend import layers, ops


def test_sequential_with_input_builds_a_graph():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(2)])
    assert model.built and model.output_shape == (None, 2)
    assert len(model.layers) == 2
    assert model(np.ones((3, 4), "float32")).shape == (3, 2)
    assert model.count_params() == 4 * 8 + 8 + 8 * 2 + 2


def test_deferred_build_add_and_pop():
    model = keras.Sequential()
    model.add(layers.Dense(8))
    model.add(layers.Dense(1))
    assert not model.built
    model(np.ones((2, 5), "float32"))
    assert model.built and model.count_params() == 5 * 8 + 8 + 9
    model.pop()
    assert len(model.layers) == 1
    assert model.output_shape == (None, 8)


def test_input_shape_argument_and_config_round_trip():
    model = keras.Sequential([layers.Dense(3, input_shape=(2,)), layers.Dense(1)])
    assert model.input_shape == (None, 2)
    clone = keras.Sequential.from_config(model.get_config())
    clone.set_weights(model.get_weights())
    x = np.random.rand(4, 2).astype("float32")
    np.testing.assert_allclose(ops.convert_to_numpy(clone(x)), ops.convert_to_numpy(model(x)),
                               rtol=1e-6)
    assert keras.models.model_from_json(model.to_json()).count_params() == 13


def test_clear_errors():
    model = keras.Sequential([layers.Dense(2)])
    with pytest.raises(ValueError, match="no inputs yet"):
        _ = model.inputs
    with pytest.raises(ValueError, match="only layers"):
        model.add("dense")
    with pytest.raises(ValueError, match="no layers to pop"):
        keras.Sequential().pop()
