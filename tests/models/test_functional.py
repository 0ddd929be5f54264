import numpy as np
import pytest

import kbackend as keras
from kbackend import layers, ops


def _np(x):
    return ops.convert_to_numpy(x)


def mnist_mlp():
    inputs = keras.Input(shape=(784,))
    x = layers.Dense(64, activation="relu")(inputs)
    x = layers.Dense(64, activation="relu")(x)
    outputs = layers.Dense(10)(x)
    return keras.Model(inputs=inputs, outputs=outputs, name="mnist_model")


def test_notes_mnist_model_summary_and_count():
    model = mnist_mlp()
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert model.count_params() == 55_050
    assert 'Model: "mnist_model"' in text
    assert "Total params: 55,050 (215.04 KB)" in text
    assert "(Dense)" in text and "(None, 64)" in text and "(InputLayer)" in text
    assert "Layer (type)" in text and "Output Shape" in text and "Param #" in text


def test_call_matches_manual_computation():
    model = mnist_mlp()
    x = np.random.rand(3, 784).astype("float32")
    w = model.get_weights()
    h = np.maximum(x @ w[0] + w[1], 0)
    h = np.maximum(h @ w[2] + w[3], 0)
    expected = h @ w[4] + w[5]
    np.testing.assert_allclose(_np(model(x)), expected, rtol=1e-5, atol=1e-5)
    assert model.output_shape == (None, 10)


def test_multi_input_multi_output_dict_inputs_and_connected_to():
    a = keras.Input((3,), name="a")
    b = keras.Input((2,), name="b")
    shared = layers.Dense(4, name="shared")
    x = shared(a)
    y = layers.Dense(4)(b)
    out1 = layers.Dense(1, name="out1")(ops.add(x, y))
    out2 = layers.Dense(2, name="out2")(x)
    model = keras.Model([a, b], [out1, out2])
    xa, xb = np.ones((5, 3), "float32"), np.ones((5, 2), "float32")
    r1, r2 = model([xa, xb])
    assert r1.shape == (5, 1) and r2.shape == (5, 2)
    d1, _ = model({"a": xa, "b": xb})
    np.testing.assert_allclose(_np(d1), _np(r1))
    lines = []
    model.summary(print_fn=lines.append)
    assert "Connected to" in "\n".join(lines)
    with pytest.raises(ValueError, match="expects inputs named"):
        model({"a": xa, "c": xb})
    with pytest.raises(ValueError, match="expects 2 input"):
        model(xa)


def test_nested_model_shares_weights_and_feature_extraction():
    inner = mnist_mlp()
    outer_in = keras.Input((784,))
    outer = keras.Model(outer_in, layers.Dense(1)(inner(outer_in)))
    assert outer.count_params() == 55_050 + 11
    x = np.random.rand(2, 784).astype("float32")
    np.testing.assert_allclose(_np(outer.layers[1](x)), _np(inner(x)), rtol=1e-6)
    features = keras.Model(inner.input, [layer.output for layer in inner.layers[1:]])
    outs = features(x)
    assert [o.shape[-1] for o in outs] == [64, 64, 10]


def test_ensemble_of_models_called_as_layers():
    def member():
        inputs = keras.Input(shape=(8,))
        return keras.Model(inputs, layers.Dense(1)(inputs))

    models = [member() for _ in range(3)]
    inputs = keras.Input(shape=(8,))
    outs = [m(inputs) for m in models]
    mean = ops.divide(ops.add(ops.add(outs[0], outs[1]), outs[2]), 3.0)
    ensemble = keras.Model(inputs, mean)
    x = np.random.rand(4, 8).astype("float32")
    expected = sum(_np(m(x)) for m in models) / 3
    np.testing.assert_allclose(_np(ensemble(x)), expected, rtol=1e-5)


def test_config_round_trip_gives_identical_outputs_with_custom_layer():
    class CustomDense(layers.Layer):
        def __init__(self, units=32, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], self.units), name="w")
            self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b")

        def call(self, inputs):
            return ops.matmul(inputs, self.w) + self.b

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    inputs = keras.Input((4,))
    outputs = CustomDense(10)(inputs)
    model = keras.Model(inputs, outputs)
    config = model.get_config()
    with pytest.raises(TypeError, match="CustomDense"):
        keras.Model.from_config(config)
    new_model = keras.Model.from_config(config, custom_objects={"CustomDense": CustomDense})
    new_model.set_weights(model.get_weights())
    x = np.random.rand(2, 4).astype("float32")
    np.testing.assert_allclose(_np(new_model(x)), _np(model(x)), rtol=1e-6)
    json_model = keras.models.model_from_json(
        model.to_json(), custom_objects={"CustomDense": CustomDense})
    assert json_model.output_shape == (None, 10)


def test_shared_layer_round_trip_keeps_sharing():
    shared = layers.Dense(3, name="shared_dense")
    a, b = keras.Input((2,), name="in_a"), keras.Input((2,), name="in_b")
    model = keras.Model([a, b], ops.add(shared(a), shared(b)))
    rebuilt = keras.Model.from_config(model.get_config())
    assert len(rebuilt.weights) == 2
    rebuilt.set_weights(model.get_weights())
    x = [np.ones((1, 2), "float32"), np.full((1, 2), 2.0, "float32")]
    np.testing.assert_allclose(_np(rebuilt(x)), _np(model(x)), rtol=1e-6)


def test_clear_errors():
    a = keras.Input((2,))
    b = keras.Input((2,))
    out = layers.Dense(1)(ops.add(a, b))
    with pytest.raises(ValueError, match="Graph disconnected"):
        keras.Model(a, out)
    with pytest.raises(ValueError, match="KerasTensors"):
        keras.Model(a, np.ones(2))
    x = keras.Input((2,))
    y = layers.Dense(1, name="same")(x)
    z = layers.Dense(1, name="same")(y)
    with pytest.raises(ValueError, match="unique"):
        keras.Model(x, z)
    model = keras.Model(x, y)
    with pytest.raises(ValueError, match="No such layer"):
        model.get_layer("nope")
    assert model.get_layer(index=1).name == "same"


def test_subclassed_model_mixed_with_functional():
    class MLP(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense_1 = layers.Dense(16, activation="relu")
            self.dense_2 = layers.Dense(4)

        def call(self, inputs):
            return self.dense_2(self.dense_1(inputs))

    inputs = keras.Input((8,))
    outputs = MLP()(inputs)
    model = keras.Model(inputs, outputs)
    assert model.output_shape == (None, 4)
    assert model.count_params() == 8 * 16 + 16 + 16 * 4 + 4
    assert model(np.ones((3, 8), "float32")).shape == (3, 4)
