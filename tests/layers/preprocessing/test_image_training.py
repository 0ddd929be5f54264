"""Image augmentation inside models: seeds, per-call draws, fit, predict, saving."""

import numpy as np
import pytest

import kbackend as keras
from kbackend import layers, ops
from kbackend.saving import serialization_lib


def n(x):
    return np.asarray(ops.convert_to_numpy(x))


rng = np.random.default_rng(0)
X = rng.random((6, 6, 8, 3)).astype("float32")
Y = rng.random((6, 1)).astype("float32")


def augmenters():
    return [
        layers.RandomFlip(seed=1),
        layers.RandomRotation(0.2, seed=2),
        layers.RandomZoom(0.3, seed=3),
        layers.RandomTranslation(0.3, 0.3, seed=4),
        layers.RandomCrop(4, 5, seed=5),
        layers.RandomContrast(0.5, value_range=(0, 1), seed=6),
        layers.RandomBrightness(0.3, value_range=(0, 1), seed=7),
    ]


@pytest.mark.parametrize("index", range(7))
def test_seeds_reproduce_and_calls_differ(index):
    layer, twin = augmenters()[index], augmenters()[index]
    first, second = n(layer(X, training=True)), n(layer(X, training=True))
    np.testing.assert_array_equal(first, n(twin(X, training=True)))
    assert not np.allclose(first, second)
    restored = serialization_lib.deserialize_keras_object(
        serialization_lib.serialize_keras_object(layer))
    assert restored.get_config() == layer.get_config()
    np.testing.assert_array_equal(n(restored(X, training=True)), first)


@pytest.mark.requires_trainable_backend
def test_fit_draws_new_augmentations_every_step():
    # One layer per code path (where, affine_transform, gather, add): zoom and translation
    # share rotation's path, and each extra layer costs compile time.
    augment = [augmenters()[i] for i in (0, 1, 4, 6)]
    model = keras.Sequential([keras.Input((6, 8, 3)), layers.Resizing(6, 8), *augment,
                              layers.CenterCrop(4, 4), layers.Flatten(), layers.Dense(1)])
    model.compile("sgd", "mse")
    # 6 samples in batches of 4: a full and a partial batch (an unknown batch size when
    # an engine relaxes its traced shapes).
    history = model.fit(X, Y, batch_size=4, epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    for layer in augment:
        counter = int(n(layer.seed_generator.state.value)[1])
        # Each layer draws once or twice per step; 4 steps ran.
        assert counter in (4, 8), (layer.name, counter)


def test_predict_is_identity_for_random_layers():
    model = keras.Sequential([keras.Input((6, 8, 3)), *augmenters()[:4],
                              *augmenters()[5:]])
    np.testing.assert_allclose(model.predict(X, verbose=0), X, rtol=1e-6)
