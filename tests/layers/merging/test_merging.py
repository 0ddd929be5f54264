import numpy as np
import pytest

import kbackend
from kbackend import layers, ops
from kbackend.backends.common.masking import get_keras_mask
from kbackend.testing.layer_test import run_layer_test

RNG = np.random.default_rng(0)
A = RNG.standard_normal((2, 3, 4)).astype("float32")
B = RNG.standard_normal((2, 3, 4)).astype("float32")
C = RNG.standard_normal((2, 3, 4)).astype("float32")

CASES = [
    (layers.Add, layers.add, lambda *xs: sum(xs)),
    (layers.Multiply, layers.multiply, lambda *xs: np.prod(xs, axis=0)),
    (layers.Average, layers.average, lambda *xs: np.mean(xs, axis=0)),
    (layers.Maximum, layers.maximum, lambda *xs: np.max(xs, axis=0)),
    (layers.Minimum, layers.minimum, lambda *xs: np.min(xs, axis=0)),
]


@pytest.mark.parametrize("cls,function,reference", CASES)
def test_elementwise(cls, function, reference):
    run_layer_test(cls, {}, input_data=[A, B, C], expected_output=reference(A, B, C),
                   expected_output_shape=(2, 3, 4))
    np.testing.assert_allclose(ops.convert_to_numpy(function([A, B])), reference(A, B),
                               rtol=1e-6)


def test_subtract():
    run_layer_test(layers.Subtract, {}, input_data=[A, B], expected_output=A - B)
    np.testing.assert_allclose(ops.convert_to_numpy(layers.subtract([A, B])), A - B)
    with pytest.raises(ValueError, match="exactly 2 inputs"):
        layers.Subtract()([A, B, C])


def test_broadcasting_and_rank_expansion():
    row = RNG.standard_normal((2, 1, 4)).astype("float32")
    np.testing.assert_allclose(ops.convert_to_numpy(layers.add([A, row])), A + row)
    vector = RNG.standard_normal((2, 4)).astype("float32")
    # A lower-rank input gets size-1 axes inserted after the batch axis.
    np.testing.assert_allclose(ops.convert_to_numpy(layers.add([A, vector])),
                               A + vector[:, None, :])
    out = layers.Add()([kbackend.Input((3, 4)), kbackend.Input((1, 4))])
    assert out.shape == (None, 3, 4)


def test_merge_errors_name_shapes():
    with pytest.raises(ValueError, match=r"\(3, 4\) and \(3, 5\)"):
        layers.Add()([A, np.ones((2, 3, 5), "float32")])
    with pytest.raises(ValueError, match="different batch sizes"):
        layers.Add()([A, np.ones((3, 3, 4), "float32")])
    with pytest.raises(ValueError, match="list of inputs"):
        layers.Add()(A)


def test_merge_masks():
    mask_a = np.array([[True, True, False], [True, False, False]])
    mask_b = np.array([[True, False, True], [True, True, False]])
    layer = layers.Add()
    np.testing.assert_array_equal(
        ops.convert_to_numpy(layer.compute_mask([A, B], [mask_a, mask_b])), mask_a & mask_b)
    np.testing.assert_array_equal(
        ops.convert_to_numpy(layer.compute_mask([A, B], [mask_a, None])), mask_a)
    assert layer.compute_mask([A, B], [None, None]) is None
    masked = layers.Masking()(np.where(mask_a[..., None], A, 0.0).astype("float32"))
    out = layers.Add()([masked, B])
    np.testing.assert_array_equal(ops.convert_to_numpy(get_keras_mask(out)), mask_a)


@pytest.mark.parametrize("axis", [-1, 1])
def test_concatenate(axis):
    other = RNG.standard_normal((2, 3, 2) if axis == -1 else (2, 5, 4)).astype("float32")
    layer, _ = run_layer_test(layers.Concatenate, {"axis": axis}, input_data=[A, other],
                              expected_output=np.concatenate([A, other], axis=axis))
    assert layer.get_config()["axis"] == axis
    out = layers.concatenate([kbackend.Input((3, 4)), kbackend.Input((3, None))], axis=-1)
    assert out.shape == (None, 3, None)


def test_concatenate_errors_and_mask():
    with pytest.raises(ValueError, match=r"matching shapes.*\(2, 3, 4\).*\(2, 5, 2\)"):
        layers.Concatenate()([A, np.ones((2, 5, 2), "float32")])
    mask = np.array([[True, False, True], [False, False, True]])
    result = layers.Concatenate(axis=1).compute_mask([A, B], [mask, None])
    np.testing.assert_array_equal(ops.convert_to_numpy(result),
                                  np.concatenate([mask, np.ones((2, 3), bool)], axis=1))


def test_dot():
    x = RNG.standard_normal((2, 4)).astype("float32")
    y = RNG.standard_normal((2, 4)).astype("float32")
    run_layer_test(layers.Dot, {"axes": 1}, input_data=[x, y],
                   expected_output=(x * y).sum(-1, keepdims=True))
    normed = layers.Dot(axes=1, normalize=True)([x, y])
    cosine = (x * y).sum(-1) / np.linalg.norm(x, axis=-1) / np.linalg.norm(y, axis=-1)
    np.testing.assert_allclose(ops.convert_to_numpy(normed)[:, 0], cosine, rtol=1e-5)
    p = RNG.standard_normal((2, 3, 4)).astype("float32")
    q = RNG.standard_normal((2, 5, 4)).astype("float32")
    run_layer_test(layers.Dot, {"axes": (2, 2)}, input_data=[p, q],
                   expected_output=np.einsum("bik,bjk->bij", p, q), expected_output_shape=(2, 3, 5))
    out = layers.dot([p, q], axes=-1)
    np.testing.assert_allclose(ops.convert_to_numpy(out), np.einsum("bik,bjk->bij", p, q),
                               rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match=r"axis values 3 \(at axis 1\) != 5"):
        layers.Dot(axes=1)([p, q])
