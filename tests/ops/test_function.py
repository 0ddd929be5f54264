"""kbackend.Function: graphs of ops/layers replayed on real and symbolic tensors."""

import numpy as np
import pytest

import kbackend as keras
from kbackend import layers, ops


def _np(x):
    return ops.convert_to_numpy(x)


def test_ops_graph_matches_numpy():
    x = keras.KerasTensor((None, 3))
    y = keras.KerasTensor((None, 3))
    z = ops.add(ops.multiply(x, 2.0), ops.exp(y))
    fn = keras.Function([x, y], z, name="f")
    a = np.random.rand(2, 3).astype("float32")
    b = np.random.rand(2, 3).astype("float32")
    np.testing.assert_allclose(_np(fn([a, b])), 2 * a + np.exp(b), rtol=1e-5)
    assert fn.name == "f"
    assert fn.inputs == [x, y] and fn.outputs == [z]
    assert [type(op).__name__ for op in fn.operations] == ["Multiply", "Exp", "Add"]


def test_nested_structures_and_layers():
    inputs = {"a": keras.Input((4,), name="a"), "b": keras.Input((4,), name="b")}
    dense = layers.Dense(2, kernel_initializer="ones", bias_initializer="zeros")
    hidden = dense(ops.subtract(inputs["a"], inputs["b"]))
    fn = keras.Function(inputs, [hidden, ops.sum(hidden, axis=-1)])
    a = np.random.rand(3, 4).astype("float32")
    b = np.random.rand(3, 4).astype("float32")
    first, second = fn({"b": b, "a": a})
    expected = (a - b).sum(-1, keepdims=True) * np.ones((1, 2))
    np.testing.assert_allclose(_np(first), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(_np(second), expected.sum(-1), rtol=1e-5, atol=1e-6)
    assert dense in fn.operations


def test_compute_output_spec_and_symbolic_call():
    x = keras.KerasTensor((None, 5))
    y = ops.reshape(ops.concatenate([x, x], axis=-1), (-1, 2, 5))
    fn = keras.Function(x, y)
    spec = fn.compute_output_spec(keras.KerasTensor((7, 5)))
    assert spec.shape == (7, 2, 5) and spec.dtype == "float32"
    out = fn(keras.KerasTensor((None, 5)))
    assert isinstance(out, keras.KerasTensor) and out.shape == (None, 2, 5)


def test_errors_name_the_problem():
    x = keras.KerasTensor((None, 3))
    other = keras.KerasTensor((None, 3))
    y = ops.add(x, other)
    with pytest.raises(ValueError, match="Graph disconnected"):
        keras.Function(x, y)
    with pytest.raises(ValueError, match="must be KerasTensors"):
        keras.Function(np.ones(3), y)
    fn = keras.Function([x, other], y)
    with pytest.raises(ValueError, match="expects 2 input"):
        fn(np.ones((1, 3), "float32"))


def test_public_path():
    assert keras.Function.__module__ == "kbackend"
    assert keras.Function.__doc__.splitlines()[0]
