"""The models of the user's notes (../shared/seeds/001_*): exact parameter counts, and a
training step on tiny data on every engine that can train."""

import numpy as np
import pytest

import kbackend as keras
from kbackend import layers


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


def conv_autoencoder():
    encoder_input = keras.Input(shape=(28, 28, 1), name="img")
    x = layers.Conv2D(16, 3, activation="relu")(encoder_input)
    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.MaxPooling2D(3)(x)
    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.Conv2D(16, 3, activation="relu")(x)
    encoder_output = layers.GlobalMaxPooling2D()(x)
    x = layers.Reshape((4, 4, 1))(encoder_output)
    x = layers.Conv2DTranspose(16, 3, activation="relu")(x)
    x = layers.Conv2DTranspose(32, 3, activation="relu")(x)
    x = layers.UpSampling2D(3)(x)
    x = layers.Conv2DTranspose(16, 3, activation="relu")(x)
    decoder_output = layers.Conv2DTranspose(1, 3, activation="relu")(x)
    return keras.Model(encoder_input, decoder_output, name="autoencoder")


def test_parameter_counts_match_the_notes():
    assert toy_resnet().count_params() == 223_242
    assert conv_autoencoder().count_params() == 28_241


@pytest.mark.requires_trainable_backend
def test_toy_resnet_and_autoencoder_train_a_step():
    keras.utils.set_random_seed(0)
    model = toy_resnet()
    model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
                  loss=keras.losses.CategoricalCrossentropy(from_logits=True), metrics=["acc"])
    x = np.random.rand(4, 32, 32, 3).astype("float32")
    y = keras.utils.to_categorical(np.arange(4) % 10, 10)
    history = model.fit(x, y, epochs=1, batch_size=4, verbose=0)
    assert set(history.history) == {"loss", "acc"}
    auto = conv_autoencoder()
    auto.compile(optimizer="adam", loss="mse")
    images = np.random.rand(2, 28, 28, 1).astype("float32")
    loss = auto.train_on_batch(images, images)
    assert np.isfinite(loss)
