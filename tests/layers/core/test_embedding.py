import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.backends.common.masking import get_keras_mask
from kbackend.testing.layer_test import run_layer_test


def test_basics_and_values():
    ids = np.array([[0, 3, 1], [4, 2, 0]], "int32")
    layer, _ = run_layer_test(layers.Embedding, {"input_dim": 5, "output_dim": 3},
                              input_data=ids, expected_output_shape=(2, 3, 3),
                              expected_output_dtype="float32",
                              expected_num_trainable_weights=1)
    assert [w.name for w in layer.weights] == ["embeddings"]
    assert layer.weights[0].shape == (5, 3)
    table = np.arange(15, dtype="float32").reshape(5, 3)
    layer.set_weights([table])
    np.testing.assert_allclose(ops.convert_to_numpy(layer(ids)), table[ids])
    # Float ids are cast to integers.
    np.testing.assert_allclose(ops.convert_to_numpy(layer(ids.astype("float32"))), table[ids])


def test_default_initializer_is_small_uniform():
    layer = layers.Embedding(50, 20)
    layer.build()
    values = layer.get_weights()[0]
    assert values.min() >= -0.05 and values.max() <= 0.05 and values.std() > 0.01
    config = layer.get_config()
    assert config["embeddings_initializer"]["class_name"] == "RandomUniform"
    clone = layers.Embedding.from_config(config)
    assert type(clone.embeddings_initializer).__name__ == "RandomUniform"


def test_mask_zero():
    layer = layers.Embedding(5, 2, mask_zero=True)
    ids = np.array([[0, 1, 2], [3, 0, 0]])
    out = layer(ids)
    np.testing.assert_array_equal(ops.convert_to_numpy(get_keras_mask(out)), ids != 0)
    np.testing.assert_array_equal(ops.convert_to_numpy(layer.compute_mask(ids)), ids != 0)
    assert layers.Embedding(5, 2).compute_mask(ids) is None


def test_initial_weights_and_errors():
    table = np.ones((4, 2), "float32")
    layer = layers.Embedding(4, 2, weights=[table])
    np.testing.assert_allclose(layer.get_weights()[0], table)
    with pytest.raises(ValueError, match="input_dim"):
        layers.Embedding(0, 2)
    with pytest.raises(ValueError, match="output_dim"):
        layers.Embedding(3, -1)
