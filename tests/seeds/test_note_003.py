"""Every code example of note 003 (Keras models, Korean), run on kbackend.

The note imports ``from keras.layers import Input, Dense`` / ``from keras.models import
Model``; here the same names come from kbackend. Its ``data``/``labels`` and the
``compile(...)``/``fit(...)`` placeholders are filled with small random arrays and the
documented defaults.
"""

import json

import h5py
import numpy as np
import pytest

import kbackend as keras
from kbackend import ops
from kbackend.layers import Dense, Input
from kbackend.models import Model


def note_model():
    # This returns a tensor
    inputs = Input(shape=(784,))

    # a layer instance is callable on a tensor, and returns a tensor
    output_1 = Dense(64, activation="relu")(inputs)
    output_2 = Dense(64, activation="relu")(output_1)
    predictions = Dense(10, activation="softmax")(output_2)

    # This creates a model that includes
    # the Input layer and three Dense layers
    return Model(inputs=inputs, outputs=predictions)


@pytest.mark.requires_trainable_backend
def test_functional_api_quick_start():
    model = note_model()
    model.compile(optimizer="rmsprop",
                  loss="categorical_crossentropy",
                  metrics=["accuracy"])
    data = np.random.random((32, 784)).astype("float32")
    labels = keras.utils.to_categorical(np.random.randint(10, size=(32,)), 10)
    history = model.fit(data, labels, verbose=0)  # starts training
    assert set(history.history) == {"loss", "accuracy"}
    assert model.count_params() == 55_050


def test_model_from_input_to_output():
    a = Input(shape=(32,))
    b = Dense(32)(a)
    model = Model(inputs=a, outputs=b)
    assert model.count_params() == 32 * 32 + 32
    assert model.output_shape == (None, 32)


@pytest.mark.requires_trainable_backend
def test_fit_arguments_of_the_note():
    model = note_model()
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    x = np.random.random((20, 784)).astype("float32")
    y = keras.utils.to_categorical(np.random.randint(10, size=(20,)), 10)
    # Every argument the note lists. max_queue_size, workers and use_multiprocessing
    # belong to PyDataset in Keras 3; on array data kbackend accepts them with a warning.
    with pytest.warns(UserWarning, match="no effect on array inputs"):
        history = model.fit(x=x, y=y, batch_size=8, epochs=2, verbose=0, callbacks=None,
                            validation_split=0.2, validation_data=None, shuffle=True,
                            class_weight=None, sample_weight=None, initial_epoch=1,
                            steps_per_epoch=None, validation_steps=None, validation_freq=1,
                            max_queue_size=10, workers=1, use_multiprocessing=False)
    assert len(history.history["loss"]) == 1  # epochs 1 -> 2
    assert "val_loss" in history.history


def test_model_attributes_and_methods(tmp_path, capsys):
    model = note_model()
    assert [type(layer).__name__ for layer in model.layers] == [
        "InputLayer", "Dense", "Dense", "Dense"]
    assert len(model.inputs) == 1 and model.inputs[0].shape == (None, 784)
    assert len(model.outputs) == 1 and model.outputs[0].shape == (None, 10)
    model.summary()
    assert "55,050" in capsys.readouterr().out
    config = model.get_config()
    assert isinstance(config, dict) and len(config["layers"]) == 4

    weights = model.get_weights()
    assert [w.shape for w in weights] == [(784, 64), (64,), (64, 64), (64,), (64, 10), (10,)]
    assert all(isinstance(w, np.ndarray) for w in weights)
    other = Model.from_config(config)
    other.set_weights(weights)
    data = np.random.random((2, 784)).astype("float32")
    np.testing.assert_allclose(other.predict(data, verbose=0), model.predict(data, verbose=0),
                               rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError):
        other.set_weights(weights[:-1])

    # HDF5 weights: Keras 3 names them *.weights.h5; a bare "*.h5" is refused clearly.
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        model.save_weights(str(tmp_path / "w.h5"))
    model.save_weights(str(tmp_path / "w.weights.h5"))
    fresh = note_model()
    fresh.load_weights(str(tmp_path / "w.weights.h5"))
    for a, b in zip(fresh.get_weights(), weights):
        np.testing.assert_array_equal(a, b)

    # to_json gives the config; to_yaml is refused with a pointer to to_json.
    assert json.loads(model.to_json())["config"]["layers"][1]["class_name"] == "Dense"
    with pytest.raises(RuntimeError, match="to_json"):
        model.to_yaml()


def test_load_weights_by_name_from_a_legacy_h5_file(tmp_path):
    # by_name=True reads tf.keras 2 HDF5 files: write one in that layout (a group per
    # layer, "layer_names"/"weight_names" attributes) holding only the last layer.
    model = note_model()
    head = model.layers[-1]
    kernel = np.full((64, 10), 0.5, "float32")
    bias = np.arange(10, dtype="float32")
    path = tmp_path / "legacy.h5"
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = [head.name.encode()]
        group = f.create_group(head.name)
        names = [f"{head.name}/kernel:0".encode(), f"{head.name}/bias:0".encode()]
        group.attrs["weight_names"] = names
        group.create_dataset(names[0].decode(), data=kernel)
        group.create_dataset(names[1].decode(), data=bias)
    before = model.layers[1].get_weights()
    model.load_weights(str(path), by_name=True)
    np.testing.assert_array_equal(head.get_weights()[0], kernel)
    np.testing.assert_array_equal(head.get_weights()[1], bias)
    np.testing.assert_array_equal(model.layers[1].get_weights()[0], before[0])


class SimpleMLP(keras.Model):
    def __init__(self, use_bn=False, use_dp=False, num_classes=10):
        super(SimpleMLP, self).__init__(name="mlp")  # noqa: UP008 (as in the note)
        self.use_bn = use_bn
        self.use_dp = use_dp
        self.num_classes = num_classes

        self.dense1 = keras.layers.Dense(32, activation="relu")
        self.dense2 = keras.layers.Dense(num_classes, activation="softmax")
        if self.use_dp:
            self.dp = keras.layers.Dropout(0.5)
        if self.use_bn:
            self.bn = keras.layers.BatchNormalization(axis=-1)

    def call(self, inputs):
        x = self.dense1(inputs)
        if self.use_dp:
            x = self.dp(x)
        if self.use_bn:
            x = self.bn(x)
        return self.dense2(x)


@pytest.mark.requires_trainable_backend
def test_subclassed_simple_mlp():
    model = SimpleMLP()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    x = np.random.random((16, 20)).astype("float32")
    y = np.random.randint(10, size=(16,))
    history = model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    assert model.name == "mlp"
    assert len(model.trainable_weights) == 4
    predictions = model.predict(x, verbose=0)
    np.testing.assert_allclose(predictions.sum(-1), 1.0, rtol=1e-5)


def test_subclassed_simple_mlp_with_batch_norm_and_dropout():
    model = SimpleMLP(use_bn=True, use_dp=True)
    x = np.random.random((4, 20)).astype("float32")
    predictions = ops.convert_to_numpy(model(x, training=False))
    np.testing.assert_allclose(predictions.sum(-1), 1.0, rtol=1e-5)
    assert len(model.trainable_weights) == 6 and len(model.non_trainable_weights) == 2
    model(x, training=True)
    assert np.any(model.bn.moving_mean.numpy() != 0)
