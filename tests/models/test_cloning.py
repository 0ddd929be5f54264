import numpy as np

import kbackend as keras
from kbackend import layers, ops


def test_clone_functional_has_new_weights_same_graph():
    x = keras.Input((3,))
    model = keras.Model(x, layers.Dense(2)(layers.Dense(4, activation="relu")(x)))
    clone = keras.models.clone_model(model)
    assert clone.count_params() == model.count_params()
    assert all(a is not b for a, b in zip(clone.weights, model.weights))
    clone.set_weights(model.get_weights())
    data = np.random.rand(2, 3).astype("float32")
    np.testing.assert_allclose(ops.convert_to_numpy(clone(data)),
                               ops.convert_to_numpy(model(data)), rtol=1e-6)


def test_clone_with_function_and_input_tensors():
    x = keras.Input((3,))
    model = keras.Model(x, layers.Dense(2, name="out")(x))

    def widen(layer):
        config = layer.get_config()
        config["units"] = 5
        return layer.__class__.from_config(config)

    new_input = keras.Input((3,), name="new")
    clone = keras.models.clone_model(model, input_tensors=new_input, clone_function=widen)
    assert clone.output_shape == (None, 5)
    assert clone.inputs[0] is new_input


def test_clone_sequential_and_source_inputs():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dense(1)])
    assert keras.models.clone_model(model).count_params() == model.count_params()
    x = keras.Input((2,))
    y = keras.Input((2,))
    z = layers.Dense(1)(ops.add(x, y))
    sources = keras.utils.get_source_inputs(z)
    assert {id(s) for s in sources} == {id(x), id(y)}
