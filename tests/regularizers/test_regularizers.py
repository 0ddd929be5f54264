"""Regularizers against NumPy formulas, names, configs and errors."""

import numpy as np
import pytest

from kbackend import layers, ops, regularizers


def _np(x):
    return float(ops.convert_to_numpy(x))


X = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.5]], dtype="float32")


@pytest.mark.parametrize("regularizer,expected", [
    (regularizers.L1(0.1), 0.1 * np.abs(X).sum()),
    (regularizers.L2(0.2), 0.2 * np.square(X).sum()),
    (regularizers.L1L2(l1=0.1, l2=0.2), 0.1 * np.abs(X).sum() + 0.2 * np.square(X).sum()),
    (regularizers.L1L2(), 0.0),
])
def test_values(regularizer, expected):
    np.testing.assert_allclose(_np(regularizer(ops.convert_to_tensor(X))), expected, rtol=1e-5)


def _orthogonal_reference(x, factor, mode):
    x = x.astype("float64")
    if mode == "columns":
        x = x.T
    x = x / np.linalg.norm(x, axis=1, keepdims=True)
    product = x @ x.T
    n = product.shape[0]
    pairs = [abs(product[i, j]) for i in range(n) for j in range(i + 1, n)]
    return factor * np.mean(pairs)


@pytest.mark.parametrize("mode", ["rows", "columns"])
def test_orthogonal_regularizer(mode):
    x = np.random.default_rng(0).standard_normal((3, 4)).astype("float32")
    value = regularizers.OrthogonalRegularizer(0.5, mode)(ops.convert_to_tensor(x))
    np.testing.assert_allclose(_np(value), _orthogonal_reference(x, 0.5, mode), rtol=1e-5)


@pytest.mark.parametrize("name,cls", [("l1", regularizers.L1), ("l2", regularizers.L2),
                                      ("l1_l2", regularizers.L1L2), ("L2", regularizers.L2),
                                      ("orthogonal_regularizer",
                                       regularizers.OrthogonalRegularizer)])
def test_get_names_and_round_trip(name, cls):
    regularizer = regularizers.get(name)
    assert type(regularizer) is cls
    config = regularizers.serialize(regularizer)
    assert config["module"] == "keras.regularizers" and config["class_name"] == cls.__name__
    clone = regularizers.deserialize(config)
    assert type(clone) is cls and clone.get_config() == regularizer.get_config()


def test_defaults_and_config_layout():
    assert regularizers.L1().l1 == 0.01 and regularizers.L2().l2 == 0.01
    assert regularizers.L1L2().get_config() == {"l1": 0.0, "l2": 0.0}
    assert regularizers.serialize(regularizers.L2(0.5)) == {
        "module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.5},
        "registered_name": None}
    assert regularizers.get(None) is None
    fn = lambda x: ops.sum(x)  # noqa: E731
    assert regularizers.get(fn) is fn
    assert float(regularizers.Regularizer()(X)) == 0.0


def test_weight_regularizer_reaches_layer_losses():
    layer = layers.Dense(2, kernel_regularizer="l2", kernel_initializer="ones")
    layer(ops.ones((1, 3)))
    np.testing.assert_allclose(_np(layer.losses[0]), 0.01 * 6, rtol=1e-6)


def test_errors():
    with pytest.raises(ValueError, match="l1"):
        regularizers.L1(-1.0)
    with pytest.raises(ValueError, match="l2"):
        regularizers.L2(float("nan"))
    with pytest.raises(ValueError, match="mode"):
        regularizers.OrthogonalRegularizer(mode="diag")
    with pytest.raises(ValueError, match="rank-2"):
        regularizers.OrthogonalRegularizer()(ops.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="l1_l2"):
        regularizers.get("l1l2")
