"""Tests of kbackend.ops.linalg against numpy.linalg / scipy.linalg, on the engine in use."""

import numpy as np
import pytest
import scipy.linalg

from kbackend import backends, ops
from kbackend.backends.common.keras_tensor import KerasTensor


def to_np(x):
    return ops.convert_to_numpy(x)


def rand(*shape, dtype="float32"):
    return np.random.uniform(-1, 1, size=shape).astype(dtype)


def spd(*batch, n=3, dtype="float32"):
    a = rand(*batch, n, n).astype("float64")
    return (a @ np.swapaxes(a, -1, -2) + n * np.eye(n)).astype(dtype)


def dtype_of(x):
    return backends.standardize_dtype(to_np(x).dtype)


TOL = {"rtol": 1e-4, "atol": 1e-5}


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_and_cholesky_inverse(upper):
    a = spd(2)
    factor = to_np(ops.cholesky(a, upper=upper))
    expected = np.linalg.cholesky(a)
    if upper:
        expected = np.swapaxes(expected, -1, -2)
    np.testing.assert_allclose(factor, expected, **TOL)
    np.testing.assert_allclose(to_np(ops.cholesky_inverse(factor, upper=upper)),
                               np.linalg.inv(a), **TOL)
    assert ops.cholesky(KerasTensor((None, 3, 3))).shape == (None, 3, 3)
    with pytest.raises(ValueError, match="cholesky"):
        ops.cholesky(KerasTensor((None, 3, 4)))


def test_det_inv_and_dtypes():
    a = spd(2)
    np.testing.assert_allclose(to_np(ops.det(a)), np.linalg.det(a), **TOL)
    np.testing.assert_allclose(to_np(ops.inv(a)), np.linalg.inv(a), **TOL)
    assert dtype_of(ops.inv(a)) == "float32"
    assert dtype_of(ops.det(np.eye(2, dtype="int32"))) == "float32"
    assert dtype_of(ops.inv(a.astype("float64"))) == "float64"
    assert ops.det(KerasTensor((None, 3, 3))).shape == (None,)
    assert ops.inv(KerasTensor((None, 3, 3))).shape == (None, 3, 3)


def test_eig_and_eigh():
    a = spd(n=4)
    w, v = ops.eigh(a)
    np.testing.assert_allclose(to_np(w), np.linalg.eigvalsh(a), **TOL)
    v = to_np(v)
    np.testing.assert_allclose(a @ v, v * to_np(w)[None, :], rtol=1e-3, atol=1e-4)
    w, v = ops.eig(a)
    w, v = to_np(w), to_np(v)
    np.testing.assert_allclose(np.sort(w.real), np.linalg.eigvalsh(a), **TOL)
    np.testing.assert_allclose(a @ v, v * w[None, :], rtol=1e-3, atol=1e-4)
    ws, vs = ops.eigh(KerasTensor((None, 4, 4)))
    assert ws.shape == (None, 4) and vs.shape == (None, 4, 4)


@pytest.mark.parametrize("b_shape", [(4,), (4, 2)])
def test_lstsq(b_shape):
    a, b = rand(4, 3), rand(*b_shape)
    expected = np.linalg.lstsq(a, b, rcond=None)[0]
    np.testing.assert_allclose(to_np(ops.lstsq(a, b)), expected, **TOL)
    assert ops.lstsq(KerasTensor((4, 3)), KerasTensor(b_shape)).shape == (3,) + b_shape[1:]


def test_lu_factor():
    a = rand(2, 4, 4)
    lu, pivots = ops.lu_factor(a)
    lu, pivots = to_np(lu), to_np(pivots)
    assert backends.standardize_dtype(pivots.dtype) == "int32"
    for i in range(2):
        expected_lu, expected_piv = scipy.linalg.lu_factor(a[i].astype("float64"))
        np.testing.assert_allclose(lu[i], expected_lu, **TOL)
        np.testing.assert_array_equal(pivots[i], expected_piv)
    lu_s, piv_s = ops.lu_factor(KerasTensor((None, 4, 3)))
    assert lu_s.shape == (None, 4, 3) and piv_s.shape == (None, 3)


def test_matrix_rank():
    a = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.0, 1.0, 0.0]], "float32")
    assert int(to_np(ops.matrix_rank(a))) == 2
    assert to_np(ops.matrix_rank(np.stack([a, np.eye(3, dtype="float32")]))).tolist() == [2, 3]
    assert ops.matrix_rank(KerasTensor((None, 3, 3))).shape == (None,)


@pytest.mark.parametrize("ord,axis,keepdims", [
    (None, None, False), (None, -1, True), (1, 0, False), (np.inf, 1, False),
    ("fro", (0, 1), False), ("nuc", (0, 1), True), (2, (0, 1), False), (-1, (0, 1), False),
])
def test_norm(ord, axis, keepdims):
    x = rand(3, 4)
    expected = np.linalg.norm(x.astype("float64"), ord=ord, axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(to_np(ops.norm(x, ord, axis, keepdims)), expected, **TOL)
    spec = ops.norm(KerasTensor((3, 4)), ord, axis, keepdims)
    assert spec.shape == expected.shape


def test_norm_of_ints_is_float():
    assert dtype_of(ops.norm(np.array([3, 4], "int32"))) == "float32"
    np.testing.assert_allclose(to_np(ops.norm(np.array([3, 4], "int32"))), 5.0)


def test_pinv():
    a = rand(2, 4, 3)
    np.testing.assert_allclose(to_np(ops.pinv(a)), np.linalg.pinv(a), rtol=1e-3, atol=1e-4)
    assert ops.pinv(KerasTensor((None, 4, 3))).shape == (None, 3, 4)


@pytest.mark.parametrize("mode", ["reduced", "complete"])
def test_qr(mode):
    a = rand(2, 5, 3)
    q, r = ops.qr(a, mode)
    q, r = to_np(q), to_np(r)
    expected_q, expected_r = np.linalg.qr(a, mode=mode)
    assert q.shape == expected_q.shape and r.shape == expected_r.shape
    np.testing.assert_allclose(q @ r, a, **TOL)
    np.testing.assert_allclose(np.abs(r), np.abs(expected_r), **TOL)
    np.testing.assert_allclose(np.triu(r), r, atol=1e-6)
    qs, rs = ops.qr(KerasTensor((None, 5, 3)), mode)
    assert qs.shape == (None,) + expected_q.shape[1:]
    assert rs.shape == (None,) + expected_r.shape[1:]


@pytest.mark.parametrize("b_shape", [(3,), (2, 3, 2)])
def test_solve(b_shape):
    a, b = spd(2), rand(*b_shape)
    expected = np.linalg.solve(a.astype("float64"), b)
    np.testing.assert_allclose(to_np(ops.solve(a, b)), expected, **TOL)
    b_spec = KerasTensor(b_shape if len(b_shape) == 1 else (None,) + b_shape[1:])
    assert ops.solve(KerasTensor((None, 3, 3)), b_spec).shape == (None,) + expected.shape[1:]
    with pytest.raises(ValueError, match="solve"):
        ops.solve(KerasTensor((3, 3)), KerasTensor((4, 2)))


@pytest.mark.parametrize("lower", [False, True])
def test_solve_triangular(lower):
    a = rand(3, 3) + 3 * np.eye(3, dtype="float32")
    b = rand(3, 2)
    expected = scipy.linalg.solve_triangular(a, b, lower=lower)
    np.testing.assert_allclose(to_np(ops.solve_triangular(a, b, lower)), expected, **TOL)
    assert ops.solve_triangular(KerasTensor((3, 3)), KerasTensor((3, None))).shape == (3, None)


@pytest.mark.parametrize("full_matrices", [True, False])
def test_svd(full_matrices):
    a = rand(2, 5, 3)
    u, s, vh = ops.svd(a, full_matrices)
    u, s, vh = to_np(u), to_np(s), to_np(vh)
    eu, es, evh = np.linalg.svd(a, full_matrices=full_matrices)
    assert u.shape == eu.shape and vh.shape == evh.shape
    np.testing.assert_allclose(s, es, **TOL)
    k = s.shape[-1]
    np.testing.assert_allclose((u[..., :k] * s[..., None, :]) @ vh[..., :k, :], a, **TOL)
    np.testing.assert_allclose(to_np(ops.svd(a, compute_uv=False)), es, **TOL)
    us, ss, vhs = ops.svd(KerasTensor((None, 5, 3)), full_matrices)
    assert us.shape == (None,) + eu.shape[1:] and ss.shape == (None, 3)
    assert vhs.shape == (None,) + evh.shape[1:]
    assert ops.svd(KerasTensor((None, 5, 3)), compute_uv=False).shape == (None, 3)


@pytest.mark.requires_trainable_backend
def test_jvp():
    x = ops.convert_to_tensor(np.array([1.0, 2.0], "float32"))
    t = ops.convert_to_tensor(np.array([1.0, 0.5], "float32"))
    out, tangent = ops.jvp(lambda v: v * v, (x,), (t,))
    np.testing.assert_allclose(to_np(out), [1.0, 4.0])
    np.testing.assert_allclose(to_np(tangent), [2.0, 2.0])
    out, tangent, aux = ops.jvp(lambda v: (v * 3, v), (x,), (t,), has_aux=True)
    np.testing.assert_allclose(to_np(tangent), [3.0, 1.5])
    np.testing.assert_allclose(to_np(aux), [1.0, 2.0])
