"""kbackend.ops.core: conversion, slicing/scattering and control flow."""

import numpy as np
import pytest

from kbackend import KerasTensor, ops
from kbackend.ops import core


def to_numpy(x):
    return ops.convert_to_numpy(x)


# --- conversion ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, dtype",
    [
        (1, "int32"),
        (1.5, "float32"),
        (True, "bool"),
        ([1, 2], "int32"),
        ([1, 2.5], "float32"),
        ([[True, False]], "bool"),
        (np.zeros(2, dtype="float64"), "float64"),
        (np.zeros(2, dtype="int64"), "int64"),
        (np.zeros(2, dtype="uint8"), "uint8"),
        (np.float16(1.0), "float16"),
    ],
)
def test_convert_to_tensor_dtypes(value, dtype):
    x = core.convert_to_tensor(value)
    assert core.is_tensor(x)
    assert core.dtype(x) == dtype
    np.testing.assert_array_equal(to_numpy(x), np.asarray(value))


def test_convert_to_tensor_with_dtype_shape_is_tensor():
    x = core.convert_to_tensor([1, 2, 3], dtype="float16")
    assert core.dtype(x) == "float16"
    assert core.shape(core.convert_to_tensor(np.zeros((2, 3)))) == (2, 3)
    assert not core.is_tensor([1, 2])
    k = KerasTensor((None, 3))
    assert core.shape(k) == (None, 3)
    assert core.convert_to_tensor(k) is k
    assert core.convert_to_tensor(k, dtype="int32").dtype == "int32"
    with pytest.raises(ValueError, match="symbolic"):
        core.convert_to_numpy(k)


def test_cast_and_saturate_cast():
    x = core.cast([1.7, -2.2], "int32")
    assert core.dtype(x) == "int32"
    y = core.saturate_cast(np.array([-10.0, 3.0, 300.0], dtype="float32"), "uint8")
    assert core.dtype(y) == "uint8"
    np.testing.assert_array_equal(to_numpy(y), [0, 3, 255])
    y = core.saturate_cast(np.array([-200, 5, 200], dtype="int32"), "int8")
    np.testing.assert_array_equal(to_numpy(y), [-128, 5, 127])
    y = core.saturate_cast(np.array([-1e10, 1e10], dtype="float32"), "int32")
    np.testing.assert_array_equal(to_numpy(y), [-(2**31), 2**31 - 1])
    spec = core.saturate_cast(KerasTensor((None, 2)), "uint8")
    assert spec.shape == (None, 2) and spec.dtype == "uint8"


# --- slicing and scattering -----------------------------------------------------------


def test_slice_and_slice_update():
    x = np.arange(20, dtype="float32").reshape(4, 5)
    np.testing.assert_array_equal(to_numpy(core.slice(x, [1, 2], [2, 3])), x[1:3, 2:5])
    # Start indices are clamped so that the slice fits (jax.lax.dynamic_slice).
    np.testing.assert_array_equal(to_numpy(core.slice(x, [3, 0], [2, 2])), x[2:4, 0:2])
    start = core.convert_to_tensor([0, 1])
    np.testing.assert_array_equal(to_numpy(core.slice(x, start, [1, 2])), x[0:1, 1:3])
    y = to_numpy(core.slice_update(x, [1, 1], np.ones((2, 2), dtype="float32")))
    expected = x.copy()
    expected[1:3, 1:3] = 1
    np.testing.assert_array_equal(y, expected)
    assert core.slice(KerasTensor((None, 5)), [0, 0], [2, 3]).shape == (2, 3)
    assert core.slice_update(KerasTensor((None, 5)), [0, 0], KerasTensor((1, 2))).shape == (
        None, 5)
    with pytest.raises(ValueError, match="slice"):
        core.slice(KerasTensor((4, 5)), [0, 0], [5, 1])


def test_scatter_and_scatter_update():
    y = core.scatter([[0], [2], [0]], np.array([1.0, 2.0, 3.0], dtype="float32"), (4,))
    assert core.dtype(y) == "float32"
    np.testing.assert_array_equal(to_numpy(y), [4.0, 0.0, 2.0, 0.0])
    y = core.scatter([[0, 1], [1, 0]], np.array([5, 6], dtype="int32"), (2, 3))
    np.testing.assert_array_equal(to_numpy(y), [[0, 5, 0], [6, 0, 0]])
    x = np.zeros((3, 2), dtype="float32")
    y = core.scatter_update(x, [[1]], np.ones((1, 2), dtype="float32"))
    np.testing.assert_array_equal(to_numpy(y), [[0, 0], [1, 1], [0, 0]])
    y = core.scatter_update(np.ones((2, 2), dtype="float32"), [[0, 0], [1, 1]],
                            np.array([2.0, 3.0], dtype="float32"), reduction="add")
    np.testing.assert_array_equal(to_numpy(y), [[3, 1], [1, 4]])
    assert core.scatter(KerasTensor((None, 1), dtype="int32"), KerasTensor((None,)),
                        (5,)).shape == (5,)
    assert core.scatter_update(KerasTensor((3, 2)), KerasTensor((1, 1), dtype="int32"),
                               KerasTensor((1, 2))).shape == (3, 2)
    with pytest.raises(ValueError, match="reduction"):
        core.scatter_update(x, [[1]], np.ones((1, 2)), reduction="median")


def test_unstack():
    x = np.arange(6, dtype="float32").reshape(2, 3)
    parts = core.unstack(x, axis=1)
    assert len(parts) == 3
    np.testing.assert_array_equal(to_numpy(parts[2]), x[:, 2])
    specs = core.unstack(KerasTensor((None, 3)), axis=1)
    assert [s.shape for s in specs] == [(None,)] * 3
    assert len(core.unstack(KerasTensor((None, 3)), num=4)) == 4
    with pytest.raises(ValueError, match="num"):
        core.unstack(KerasTensor((None, 3)))


def test_stop_gradient_and_custom_gradient():
    x = core.convert_to_tensor([1.0, 2.0])
    np.testing.assert_array_equal(to_numpy(core.stop_gradient(x)), [1.0, 2.0])
    assert core.stop_gradient(KerasTensor((None, 2))).shape == (None, 2)

    @core.custom_gradient
    def double(v):
        return ops.add(v, v), lambda upstream: ops.add(upstream, upstream)

    np.testing.assert_array_equal(to_numpy(double(x)), [2.0, 4.0])
    assert double(KerasTensor((None, 2))).shape == (None, 2)


# --- control flow -------------------------------------------------------------------


def test_cond():
    x = core.convert_to_tensor(3.0)
    for pred, expected in ((True, 6.0), (False, 3.0)):
        out = core.cond(core.convert_to_tensor(pred), lambda: ops.add(x, x), lambda: x)
        assert float(to_numpy(out)) == expected
    k = KerasTensor((None, 2))
    out = core.cond(KerasTensor((), dtype="bool"), lambda: ops.add(k, 1.0), lambda: k)
    assert out.shape == (None, 2) and out.dtype == "float32"
    with pytest.raises(ValueError, match="cond"):
        core.cond(KerasTensor((), dtype="bool"), lambda: k, lambda: KerasTensor((None, 3)))


def test_switch():
    branches = [lambda a: ops.add(a, 1.0), lambda a: ops.add(a, a), lambda a: a]
    x = core.convert_to_tensor([1.0, 2.0])
    np.testing.assert_allclose(to_numpy(core.switch(1, branches, x)), [2.0, 4.0])
    np.testing.assert_allclose(to_numpy(core.switch(core.convert_to_tensor(0), branches, x)),
                               [2.0, 3.0])
    # Out-of-range indices are clamped.
    np.testing.assert_allclose(to_numpy(core.switch(7, branches, x)), [1.0, 2.0])
    out = core.switch(KerasTensor((), dtype="int32"), branches, KerasTensor((None, 2)))
    assert out.shape == (None, 2)


def test_while_loop():
    out = core.while_loop(lambda i: i < 10, lambda i: ops.add(i, 1), 0)
    assert int(to_numpy(out)) == 10
    x, y = core.while_loop(lambda a, b: a < 5, lambda a, b: (ops.add(a, 1), ops.add(b, 2.0)),
                           (0, 1.0))
    assert int(to_numpy(x)) == 5 and float(to_numpy(y)) == 11.0
    assert core.dtype(y) == "float32"
    out = core.while_loop(lambda i: i < 10, lambda i: ops.add(i, 1), 0, maximum_iterations=3)
    assert int(to_numpy(out)) == 3
    state = (KerasTensor((), dtype="int32"), KerasTensor((None, 3)))
    specs = core.while_loop(lambda i, v: i < 3, lambda i, v: (ops.add(i, 1), v), state)
    assert isinstance(specs, tuple) and specs[1].shape == (None, 3)


def test_fori_loop():
    out = core.fori_loop(0, 5, lambda i, v: ops.add(v, i), 0)
    assert int(to_numpy(out)) == 10
    out = core.fori_loop(2, 4, lambda i, v: ops.add(v, 1.0), np.zeros(3, dtype="float32"))
    np.testing.assert_allclose(to_numpy(out), [2.0, 2.0, 2.0])
    assert core.dtype(out) == "float32"
    spec = core.fori_loop(0, 3, lambda i, v: ops.add(v, 1.0), KerasTensor((None, 2)))
    assert spec.shape == (None, 2)


@pytest.mark.parametrize("reverse", [False, True])
def test_scan(reverse):
    xs = np.arange(1, 6, dtype="float32")

    def step(carry, x):
        carry = ops.add(carry, x)
        return carry, carry

    carry, ys = core.scan(step, np.float32(0.0), xs, reverse=reverse)
    expected = np.cumsum(xs[::-1])[::-1] if reverse else np.cumsum(xs)
    assert float(to_numpy(carry)) == 15.0
    np.testing.assert_allclose(to_numpy(ys), expected)
    carry, ys = core.scan(lambda c, _: (ops.add(c, 1), None), 0, length=4)
    assert int(to_numpy(carry)) == 4 and ys is None
    carry, ys = core.scan(
        lambda c, x: (c, {"a": x["a"], "b": ops.add(x["b"], c)}),
        np.float32(1.0),
        {"a": np.zeros((3, 2), "float32"), "b": np.ones(3, "float32")},
    )
    np.testing.assert_allclose(to_numpy(ys["b"]), [2.0, 2.0, 2.0])
    assert tuple(to_numpy(ys["a"]).shape) == (3, 2)
    c, y = core.scan(step, KerasTensor((2,)), KerasTensor((7, 2)))
    assert c.shape == (2,) and y.shape == (7, 2)
    c, y = core.scan(step, KerasTensor((2,)), KerasTensor((None, 2)))
    assert y.shape == (None, 2)


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("axis", [0, 1])
def test_associative_scan_is_cumsum(reverse, axis):
    x = np.arange(12, dtype="float32").reshape(3, 4)
    out = to_numpy(core.associative_scan(ops.add, x, reverse=reverse, axis=axis))
    flipped = np.flip(x, axis) if reverse else x
    expected = np.cumsum(flipped, axis=axis)
    expected = np.flip(expected, axis) if reverse else expected
    np.testing.assert_allclose(out, expected)
    pair = core.associative_scan(
        lambda a, b: (ops.add(a[0], b[0]), ops.add(a[1], b[1])),
        (x, np.ones_like(x)),
        axis=axis,
    )
    np.testing.assert_allclose(to_numpy(pair[1]), np.cumsum(np.ones_like(x), axis=axis))
    spec = core.associative_scan(ops.add, KerasTensor((None, 4)), axis=axis)
    assert spec.shape == (None, 4)


def test_map_and_vectorized_map():
    x = np.arange(6, dtype="float32").reshape(3, 2)
    for fn in (core.map, core.vectorized_map):
        out = fn(lambda row: ops.add(row, row), x)
        np.testing.assert_allclose(to_numpy(out), 2 * x)
        out = fn(lambda d: {"s": ops.add(d["a"], d["b"])}, {"a": x, "b": x})
        np.testing.assert_allclose(to_numpy(out["s"]), 2 * x)
        spec = fn(lambda row: ops.add(row, 1.0), KerasTensor((None, 2)))
        assert spec.shape == (None, 2)
