"""The notes' ticket-routing model: Embedding + two LSTMs + concatenate + two heads."""

import numpy as np
import pytest

import kbackend as keras
from kbackend import layers


def _model():
    text = keras.Input((6,), dtype="int32", name="text")
    embedded = layers.Embedding(20, 8, mask_zero=True)(text)
    long_view = layers.LSTM(128)(embedded)
    short_view = layers.LSTM(32)(embedded)
    merged = layers.concatenate([long_view, short_view])
    priority = layers.Dense(1, activation="sigmoid", name="priority")(merged)
    department = layers.Dense(3, activation="softmax", name="department")(merged)
    return keras.Model(text, [priority, department])


def test_builds_with_expected_shapes():
    model = _model()
    priority, department = model(np.ones((2, 6), "int32"))
    assert tuple(priority.shape) == (2, 1)
    assert tuple(department.shape) == (2, 3)


@pytest.mark.requires_trainable_backend
def test_one_fit_epoch_on_tiny_data():
    rng = np.random.default_rng(0)
    tokens = rng.integers(0, 20, size=(8, 6)).astype("int32")
    model = _model()
    model.compile(optimizer="adam",
                  loss=["binary_crossentropy", "sparse_categorical_crossentropy"])
    history = model.fit(tokens, [rng.integers(0, 2, (8, 1)).astype("float32"),
                                 rng.integers(0, 3, (8,))],
                        epochs=1, batch_size=4, verbose=0)
    assert np.isfinite(history.history["loss"][0])
