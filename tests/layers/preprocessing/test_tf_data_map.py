"""Preprocessing layers inside tf.data.Dataset.map, on every engine where tensorflow exists."""

import numpy as np
import pytest

import kbackend as keras

tf = pytest.importorskip("tensorflow")


def _images(n=8):
    return np.random.rand(n, 6, 6, 3).astype("float32") * 255


def test_image_layers_map_over_a_dataset():
    rescale = keras.layers.Rescaling(1 / 255.0)
    resize = keras.layers.Resizing(4, 4)
    images = _images()
    dataset = tf.data.Dataset.from_tensor_slices(images).batch(4)
    mapped = dataset.map(lambda x: resize(rescale(x)))
    out = np.concatenate([batch.numpy() for batch in mapped])
    expected = keras.ops.convert_to_numpy(resize(rescale(images)))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_random_layer_augments_in_map_and_keeps_shape():
    flip = keras.layers.RandomFlip("horizontal", seed=3)
    images = _images(16)
    dataset = tf.data.Dataset.from_tensor_slices(images).batch(16)
    out = next(iter(dataset.map(lambda x: flip(x, training=True)))).numpy()
    assert out.shape == images.shape
    flipped = images[:, :, ::-1, :]
    for got, original, mirrored in zip(out, images, flipped):
        assert np.allclose(got, original) or np.allclose(got, mirrored)


def test_normalization_and_category_encoding_in_map():
    norm = keras.layers.Normalization(mean=2.0, variance=4.0)
    encode = keras.layers.CategoryEncoding(num_tokens=4, output_mode="one_hot")
    values = np.array([[1.0], [3.0], [5.0]], "float32")
    out = next(iter(tf.data.Dataset.from_tensors(values).map(norm))).numpy()
    np.testing.assert_allclose(out, (values - 2.0) / 2.0, rtol=1e-6)
    ids = np.array([0, 2, 3], "int32")
    out = next(iter(tf.data.Dataset.from_tensors(ids).map(encode))).numpy()
    np.testing.assert_array_equal(out, np.eye(4, dtype="float32")[ids])
