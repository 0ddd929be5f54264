"""Every code example of note 001 (the Functional API, Turkish), run on kbackend.

Each test is the note's code with only the imports changed (``import kbackend as keras``,
``tf.*`` math -> ``kbackend.ops``) and sizes shrunk (fewer samples, epochs, sequence
lengths); architectures and the parameter counts the note prints are kept.
"""

import numpy as np
import pytest

import kbackend as keras
from kbackend import layers, ops
from tests.seeds._data import fake_cifar10, fake_mnist


def mnist_model():
    inputs = keras.Input(shape=(784,))
    dense = layers.Dense(64, activation="relu")
    x = dense(inputs)
    x = layers.Dense(64, activation="relu")(x)
    outputs = layers.Dense(10)(x)
    return keras.Model(inputs=inputs, outputs=outputs, name="mnist_model")


def test_input_node():
    inputs = keras.Input(shape=(784,))
    assert inputs.shape == (None, 784)
    assert inputs.dtype == "float32"
    image_inputs = keras.Input(shape=(32, 32, 3))
    assert image_inputs.shape == (None, 32, 32, 3)


def test_mnist_model_summary_and_plot(tmp_path, monkeypatch, capsys):
    model = mnist_model()
    model.summary()
    printed = capsys.readouterr().out
    assert "mnist_model" in printed and "55,050" in printed
    assert model.count_params() == 55_050
    assert [layer.count_params() for layer in model.layers] == [0, 50240, 4160, 650]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model_plot").mkdir()
    try:
        keras.utils.plot_model(model, "model_plot/my_first_model.png")
        keras.utils.plot_model(
            model, "model_plot/my_first_model_with_shape_info.png", show_shapes=True
        )
    except ImportError as error:  # pydot / Graphviz are optional dependencies
        pytest.skip(f"plot_model needs pydot and Graphviz: {error}")
    assert (tmp_path / "model_plot/my_first_model_with_shape_info.png").stat().st_size > 0


@pytest.mark.requires_trainable_backend
def test_mnist_training_evaluation_and_saving(tmp_path, monkeypatch):
    model = mnist_model()
    # NOTE: offline stand-in for keras.datasets.mnist.load_data() (same shapes/dtypes).
    (x_train, y_train), (x_test, y_test) = fake_mnist(num_train=80, num_test=20)
    x_train = x_train.reshape(80, 784).astype("float32") / 255
    x_test = x_test.reshape(20, 784).astype("float32") / 255
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.RMSprop(), metrics=["accuracy"])
    history = model.fit(x_train, y_train, batch_size=64, epochs=2, validation_split=0.2,
                        verbose=0)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert len(history.history["loss"]) == 2
    test_scores = model.evaluate(x_test, y_test, verbose=2)
    assert np.isfinite(test_scores[0]) and 0.0 <= test_scores[1] <= 1.0

    monkeypatch.chdir(tmp_path)
    # The note saves to a folder (TF SavedModel); Keras 3 and kbackend refuse a path
    # without an extension with an error that names the fix.
    with pytest.raises(ValueError, match=r"\.keras"):
        model.save("models/mnist_model")
    (tmp_path / "models").mkdir()
    model.save("models/mnist_model.keras")
    expected = model.predict(x_test, verbose=0)
    del model
    model = keras.models.load_model("models/mnist_model.keras")
    np.testing.assert_allclose(model.predict(x_test, verbose=0), expected, rtol=1e-5,
                               atol=1e-6)


def encoder_layers(name="img"):
    encoder_input = keras.Input(shape=(28, 28, 1), name=name)
    x = layers.Conv2D(16, 3, activation="relu")(encoder_input)
    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.MaxPooling2D(3)(x)
    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.Conv2D(16, 3, activation="relu")(x)
    encoder_output = layers.GlobalMaxPooling2D()(x)
    return encoder_input, encoder_output


def test_encoder_and_autoencoder_share_layers(capsys):
    encoder_input, encoder_output = encoder_layers()
    encoder = keras.Model(encoder_input, encoder_output, name="encoder")
    print(encoder.summary())

    x = layers.Reshape((4, 4, 1))(encoder_output)
    x = layers.Conv2DTranspose(16, 3, activation="relu")(x)
    x = layers.Conv2DTranspose(32, 3, activation="relu")(x)
    x = layers.UpSampling2D(3)(x)
    x = layers.Conv2DTranspose(16, 3, activation="relu")(x)
    decoder_output = layers.Conv2DTranspose(1, 3, activation="relu")(x)
    autoencoder = keras.Model(encoder_input, decoder_output, name="autoencoder")
    print(autoencoder.summary())

    printed = capsys.readouterr().out
    assert "18,672" in printed and "28,241" in printed
    assert encoder.count_params() == 18_672
    assert autoencoder.count_params() == 28_241
    assert [layer.output.shape for layer in autoencoder.layers[-5:]] == [
        (None, 6, 6, 16), (None, 8, 8, 32), (None, 24, 24, 32), (None, 26, 26, 16),
        (None, 28, 28, 1)]
    # The two models share the encoder's layers (and so its weights).
    assert encoder.layers[1] is autoencoder.layers[1]
    images = np.random.rand(2, 28, 28, 1).astype("float32")
    assert ops.convert_to_numpy(autoencoder(images)).shape == (2, 28, 28, 1)


def test_models_are_callable_like_layers(capsys):
    encoder_input, encoder_output = encoder_layers(name="original_img")
    encoder = keras.Model(encoder_input, encoder_output, name="encoder")

    decoder_input = keras.Input(shape=(16,), name="encoded_img")
    x = layers.Reshape((4, 4, 1))(decoder_input)
    x = layers.Conv2DTranspose(16, 3, activation="relu")(x)
    x = layers.Conv2DTranspose(32, 3, activation="relu")(x)
    x = layers.UpSampling2D(3)(x)
    x = layers.Conv2DTranspose(16, 3, activation="relu")(x)
    decoder_output = layers.Conv2DTranspose(1, 3, activation="relu")(x)
    decoder = keras.Model(decoder_input, decoder_output, name="decoder")

    autoencoder_input = keras.Input(shape=(28, 28, 1), name="img")
    encoded_img = encoder(autoencoder_input)
    decoded_img = decoder(encoded_img)
    autoencoder = keras.Model(autoencoder_input, decoded_img, name="autoencoder")
    print(autoencoder.summary())

    assert "28,241" in capsys.readouterr().out
    assert [layer.name for layer in autoencoder.layers] == ["img", "encoder", "decoder"]
    assert encoder.count_params() == 18_672 and decoder.count_params() == 9_569
    assert autoencoder.count_params() == 28_241
    images = np.random.rand(2, 28, 28, 1).astype("float32")
    direct = decoder(encoder(images))
    np.testing.assert_allclose(ops.convert_to_numpy(autoencoder(images)),
                               ops.convert_to_numpy(direct), rtol=1e-5, atol=1e-6)


def test_ensemble_averages_three_models():
    def get_model():
        inputs = keras.Input(shape=(128,))
        outputs = layers.Dense(1)(inputs)
        return keras.Model(inputs, outputs)

    model1 = get_model()
    model2 = get_model()
    model3 = get_model()

    inputs = keras.Input(shape=(128,))
    y1 = model1(inputs)
    y2 = model2(inputs)
    y3 = model3(inputs)
    outputs = layers.average([y1, y2, y3])
    ensemble_model = keras.Model(inputs=inputs, outputs=outputs)

    data = np.random.rand(3, 128).astype("float32")
    members = [ops.convert_to_numpy(m(data)) for m in (model1, model2, model3)]
    np.testing.assert_allclose(ops.convert_to_numpy(ensemble_model(data)),
                               np.mean(members, axis=0), rtol=1e-5, atol=1e-6)
    assert ensemble_model.count_params() == 3 * 129


def ticket_model(num_tags, num_words, num_departments):
    title_input = keras.Input(shape=(None,), name="title")
    body_input = keras.Input(shape=(None,), name="body")
    tags_input = keras.Input((num_tags,), name="tags")
    title_features = layers.Embedding(num_words, 64)(title_input)
    body_features = layers.Embedding(num_words, 64)(body_input)
    title_features = layers.LSTM(128)(title_features)
    body_features = layers.LSTM(32)(body_features)
    x = layers.concatenate([title_features, body_features, tags_input])
    priority_pred = layers.Dense(1, name="priority")(x)
    department_pred = layers.Dense(num_departments, name="department")(x)
    return keras.Model(inputs=[title_input, body_input, tags_input],
                       outputs=[priority_pred, department_pred])


# Building the two LSTMs is the slow part of this note: both tests share one model.
@pytest.fixture(scope="module")
def ticket_model_of_the_note():
    return ticket_model(num_tags=12, num_words=10000, num_departments=4)


def test_multi_input_multi_output_model(tmp_path, ticket_model_of_the_note):
    num_tags = 12
    num_words = 10000
    num_departments = 4
    model = ticket_model_of_the_note
    # Embeddings 2 * 640,000; LSTM(128) on 64 features; LSTM(32); two heads on 172 features.
    lstm = lambda units, dim: 4 * units * (dim + units + 1)  # noqa: E731
    assert model.count_params() == (2 * num_words * 64 + lstm(128, 64) + lstm(32, 64)
                                    + 173 * 1 + 173 * num_departments)
    assert model.output_shape == [(None, 1), (None, num_departments)]
    assert model.input_shape == [(None, None), (None, None), (None, num_tags)]
    try:
        keras.utils.plot_model(model, str(tmp_path / "multi_input_and_output_model.png"),
                               show_shapes=True)
    except ImportError as error:
        pytest.skip(f"plot_model needs pydot and Graphviz: {error}")


@pytest.mark.requires_trainable_backend
def test_multi_input_multi_output_training(ticket_model_of_the_note):
    num_tags = 12
    num_words = 10000
    num_departments = 4
    model = ticket_model_of_the_note
    model.compile(
        optimizer=keras.optimizers.RMSprop(1e-3),
        loss={
            "priority": keras.losses.BinaryCrossentropy(from_logits=True),
            "department": keras.losses.CategoricalCrossentropy(from_logits=True),
        },
        loss_weights={"priority": 1.0, "department": 0.2},
    )
    # Dummy data as in the note, with 16 samples and shorter texts (10 and 12 words).
    title_data = np.random.randint(num_words, size=(16, 10))
    body_data = np.random.randint(num_words, size=(16, 12))
    tags_data = np.random.randint(2, size=(16, num_tags)).astype("float32")
    priority_targets = np.random.random(size=(16, 1))
    dept_targets = np.random.randint(2, size=(16, num_departments))

    history = model.fit(
        {"title": title_data, "body": body_data, "tags": tags_data},
        {"priority": priority_targets, "department": dept_targets},
        epochs=2,
        batch_size=8,
        verbose=0,
    )
    assert {"loss", "priority_loss", "department_loss"} <= set(history.history)
    logs = history.history
    np.testing.assert_allclose(
        logs["loss"][-1], logs["priority_loss"][-1] + 0.2 * logs["department_loss"][-1],
        rtol=1e-3)


def toy_resnet():
    inputs = keras.Input(shape=(32, 32, 3), name="img")
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    block_1_output = layers.MaxPooling2D(3)(x)

    x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_1_output)
    x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
    block_2_output = layers.add([x, block_1_output])

    x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_2_output)
    x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
    block_3_output = layers.add([x, block_2_output])

    x = layers.Conv2D(64, 3, activation="relu")(block_3_output)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dense(256, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(10)(x)
    return keras.Model(inputs, outputs, name="toy_resnet")


@pytest.fixture(scope="module")
def toy_resnet_of_the_note():
    return toy_resnet()


def test_toy_resnet_summary(capsys, toy_resnet_of_the_note):
    model = toy_resnet_of_the_note
    model.summary()
    printed = capsys.readouterr().out
    assert "223,242" in printed and "Connected to" in printed
    assert model.count_params() == 223_242


@pytest.mark.requires_trainable_backend
def test_toy_resnet_training_on_cifar10_shapes(toy_resnet_of_the_note):
    model = toy_resnet_of_the_note
    # NOTE: offline stand-in for keras.datasets.cifar10.load_data() (same shapes/dtypes).
    (x_train, y_train), (x_test, y_test) = fake_cifar10(num_train=10, num_test=4)
    x_train = x_train.astype("float32") / 255
    x_test = x_test.astype("float32") / 255
    y_train = keras.utils.to_categorical(y_train, 10)
    y_test = keras.utils.to_categorical(y_test, 10)
    assert y_train.shape == (10, 10)

    model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
                  loss=keras.losses.CategoricalCrossentropy(from_logits=True),
                  metrics=["acc"])
    history = model.fit(x_train[:10], y_train[:10], batch_size=8, epochs=1,
                        validation_split=0.2, verbose=0)
    assert set(history.history) == {"loss", "acc", "val_loss", "val_acc"}


def test_shared_embedding():
    sharred_embedding = layers.Embedding(1000, 128)

    text_input_a = keras.Input(shape=(None,), dtype="int32")
    text_input_b = keras.Input(shape=(None,), dtype="int32")

    encoded_input_a = sharred_embedding(text_input_a)
    encodded_input_b = sharred_embedding(text_input_b)

    assert encoded_input_a.shape == encodded_input_b.shape == (None, None, 128)
    assert len(sharred_embedding._inbound_nodes) == 2
    model = keras.Model([text_input_a, text_input_b], [encoded_input_a, encodded_input_b])
    assert model.count_params() == 128_000
    tokens = np.array([[1, 2, 3]], dtype="int32")
    first, second = model([tokens, tokens])
    np.testing.assert_array_equal(ops.convert_to_numpy(first), ops.convert_to_numpy(second))


def test_feature_extraction_from_vgg19():
    # The note's code with weights=None (no download), no top and 32x32 images: the
    # note's VGG19() downloads ImageNet weights and runs 224x224 images.
    vgg19 = keras.applications.VGG19(weights=None, include_top=False, input_shape=(32, 32, 3))
    feature_list = [layer.output for layer in vgg19.layers]
    feat_extraction_model = keras.Model(inputs=vgg19.input, outputs=feature_list)
    img = np.random.random((1, 32, 32, 3)).astype("float32")
    extracted_features = feat_extraction_model(img)
    assert len(extracted_features) == len(vgg19.layers) == 22
    assert tuple(extracted_features[vgg19.layers.index(
        vgg19.get_layer("block4_pool"))].shape) == (1, 2, 2, 512)


def test_feature_extraction_from_intermediate_layers(toy_resnet_of_the_note):
    # The VGG19 example's pattern, on the note's toy ResNet (no pretrained weights).
    base = toy_resnet_of_the_note
    feature_list = [layer.output for layer in base.layers]
    feat_extraction_model = keras.Model(inputs=base.input, outputs=feature_list)
    img = np.random.random((1, 32, 32, 3)).astype("float32")
    extracted_features = feat_extraction_model(img)
    assert len(extracted_features) == len(base.layers)
    assert tuple(extracted_features[3].shape) == (1, 9, 9, 64)  # block_1_output
    np.testing.assert_allclose(ops.convert_to_numpy(extracted_features[-1]),
                               ops.convert_to_numpy(base(img)), rtol=1e-5, atol=1e-6)


class CustomDense(layers.Layer):
    def __init__(self, units=32):
        super(CustomDense, self).__init__()  # noqa: UP008 (as in the note)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units),
                                 initializer="random_normal",
                                 trainable=True)
        self.b = self.add_weight(shape=(self.units,), initializer="random_normal",
                                 trainable=True)

    def call(self, inputs):
        return ops.matmul(inputs, self.w) + self.b

    def get_config(self):
        return {"units": self.units}


def test_custom_dense_get_config_and_from_config():
    inputs = keras.Input((4,))
    outputs = CustomDense(10)(inputs)
    model = keras.Model(inputs, outputs)
    config = model.get_config()

    new_model = keras.Model.from_config(config, custom_objects={"CustomDense": CustomDense})
    assert isinstance(new_model.layers[-1], CustomDense)
    assert new_model.layers[-1].units == 10
    assert new_model.count_params() == model.count_params() == 50
    new_model.set_weights(model.get_weights())
    data = np.random.rand(2, 4).astype("float32")
    w, b = model.get_weights()
    np.testing.assert_allclose(ops.convert_to_numpy(new_model(data)), data @ w + b,
                               rtol=1e-5, atol=1e-6)


def test_functional_and_subclassed_mlp():
    inputs = keras.Input(shape=(32,))
    x = layers.Dense(64, activation="relu")(inputs)
    outputs = layers.Dense(10)(x)
    mlp = keras.Model(inputs, outputs)
    functional_params = mlp.count_params()

    class MLP(keras.Model):
        def __init__(self, **kwargs):
            super(MLP, self).__init__(**kwargs)  # noqa: UP008 (as in the note)
            self.dense_1 = layers.Dense(64, activation="relu")
            self.dense_2 = layers.Dense(10)

        def call(self, inputs):
            x = self.dense_1(inputs)
            return self.dense_2(x)

    mlp = MLP()
    _ = mlp(ops.zeros((1, 32)))
    assert tuple(_.shape) == (1, 10)
    assert mlp.count_params() == functional_params == 2762


def test_custom_rnn_calls_a_functional_model(capsys):
    units = 32
    timesteps = 10
    input_dim = 5

    inputs = keras.Input((None, units))
    x = layers.GlobalAveragePooling1D()(inputs)
    outputs = layers.Dense(1)(x)
    model = keras.Model(inputs, outputs)

    class CustomRNN(layers.Layer):
        def __init__(self):
            super(CustomRNN, self).__init__()  # noqa: UP008 (as in the note)
            self.units = units
            self.projection_1 = layers.Dense(units=units, activation="tanh")
            self.projection_2 = layers.Dense(units=units, activation="tanh")
            self.classifier = model

        def call(self, inputs):
            outputs = []
            state = ops.zeros(shape=(inputs.shape[0], self.units))
            for t in range(inputs.shape[1]):
                x = inputs[:, t, :]
                h = self.projection_1(x)
                y = h + self.projection_2(state)
                state = y
                outputs.append(y)
            features = ops.stack(outputs, axis=1)
            print(features.shape)
            return self.classifier(features)

    rnn_model = CustomRNN()
    _ = rnn_model(ops.zeros((1, timesteps, input_dim)))
    assert "1, 10, 32" in capsys.readouterr().out  # torch prints torch.Size([1, 10, 32])
    assert tuple(_.shape) == (1, 1)
    assert rnn_model.classifier is model
    assert len(rnn_model.trainable_weights) == 6
