import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.testing.layer_test import run_layer_test


def n(x):
    return np.asarray(ops.convert_to_numpy(x))


rng = np.random.default_rng(0)
X = (rng.random((8, 3)) * 5).astype("float32")


def test_rescaling():
    run_layer_test(layers.Rescaling, {"scale": 0.5, "offset": 1.0}, input_data=X,
                   expected_output=X * 0.5 + 1.0, expected_output_shape=(8, 3))


def test_normalization_adapt_array_and_batches():
    layer = layers.Normalization()
    layer.adapt(X)
    expected = (X - X.mean(0)) / X.std(0)
    np.testing.assert_allclose(n(layer(X)), expected, rtol=1e-4, atol=1e-5)
    assert [w.name for w in layer.weights] == ["mean", "variance"]
    batched = layers.Normalization()
    batched.adapt(iter([X[:3], X[3:]]))
    np.testing.assert_allclose(n(batched(X)), expected, rtol=1e-4, atol=1e-5)
    clone = layers.Normalization.from_config(layer.get_config())
    clone.build((None, 3))
    clone.set_weights(layer.get_weights())
    np.testing.assert_allclose(n(clone(X)), expected, rtol=1e-4, atol=1e-5)


def test_normalization_given_stats_axis_none_and_invert():
    layer = layers.Normalization(mean=[1.0, 2.0, 3.0], variance=[4.0, 4.0, 4.0])
    np.testing.assert_allclose(n(layer(X)), (X - [1, 2, 3]) / 2, rtol=1e-5, atol=1e-6)
    inverse = layers.Normalization(mean=[1.0, 2.0, 3.0], variance=[4.0, 4.0, 4.0], invert=True)
    np.testing.assert_allclose(n(inverse(layer(X))), X, rtol=1e-5, atol=1e-5)
    scalar = layers.Normalization(axis=None)
    scalar.adapt(X)
    np.testing.assert_allclose(n(scalar(X)), (X - X.mean()) / X.std(), rtol=1e-4, atol=1e-5)
    config = layers.Normalization.from_config(layer.get_config()).get_config()
    assert config["mean"] == [1.0, 2.0, 3.0]


def test_normalization_errors():
    with pytest.raises(ValueError, match="adapt"):
        layers.Normalization()(X)
    layer = layers.Normalization()
    layer.adapt(X)
    with pytest.raises(ValueError, match="rank"):
        layer(X[None])
    with pytest.raises(ValueError, match="both"):
        layers.Normalization(mean=1.0)


def test_discretization():
    x = np.array([[-1.0, 0.5], [2.0, 1.0]], "float32")
    layer = layers.Discretization(bin_boundaries=[0.0, 1.0])
    np.testing.assert_array_equal(n(layer(x)), np.digitize(x, [0.0, 1.0]))
    adapted = layers.Discretization(num_bins=4, output_mode="one_hot")
    data = np.arange(100, dtype="float32")
    adapted.adapt(data)
    np.testing.assert_allclose(adapted.bin_boundaries, np.quantile(data, [0.25, 0.5, 0.75]))
    np.testing.assert_array_equal(n(adapted(np.array([10.0, 60.0]))), np.eye(4)[[0, 2]])
    clone = layers.Discretization.from_config(layer.get_config())
    assert clone.bin_boundaries == [0.0, 1.0]
    with pytest.raises(ValueError, match="output_mode"):
        layers.Discretization(bin_boundaries=[0.0], output_mode="tf_idf")


def test_category_encoding():
    np.testing.assert_array_equal(
        n(layers.CategoryEncoding(3, "one_hot")(np.array([0, 2]))), np.eye(3)[[0, 2]])
    x = np.array([[0, 1, 1], [3, 3, 3]])
    expected = np.stack([np.bincount(r, minlength=4) for r in x])
    np.testing.assert_array_equal(n(layers.CategoryEncoding(4, "count")(x)), expected)
    np.testing.assert_array_equal(n(layers.CategoryEncoding(4, "multi_hot")(x)),
                                  (expected > 0).astype("float32"))
    run_layer_test(layers.CategoryEncoding, {"num_tokens": 4}, input_data=x,
                   expected_output_shape=(2, 4))
    with pytest.raises(ValueError, match="rank"):
        layers.CategoryEncoding(4)(np.zeros((1, 1, 1), "int32"))


def test_normalization_in_model():
    norm = layers.Normalization(mean=2.0, variance=4.0)
    inputs = layers.Input((3,))
    outputs = layers.Dense(2)(norm(inputs))
    assert outputs.shape == (None, 2)
