import numpy as np

from kbackend.backends.common import dtypes
from kbackend.backends.numpy.core import convert_to_tensor

_HALF = ("float16", "bfloat16")


def _floats(*xs):
    xs = [convert_to_tensor(x) for x in xs]
    dtype = dtypes.float_result_type(*[dtypes.standardize_dtype(x.dtype) for x in xs])
    # NOTE: LAPACK has no half precision; compute in float32 and cast back.
    compute = dtypes.numpy_dtype("float32" if dtype in _HALF else dtype)
    return [x.astype(compute, copy=False) for x in xs], dtype


def _out(y, dtype):
    return np.asarray(y).astype(dtypes.numpy_dtype(dtype), copy=False)


def _square(x, op):
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"{op}: expected a (batch of) square matrices of shape (..., M, M), got {x.shape}."
        )


def cholesky(x, upper=False):
    (x,), dtype = _floats(x)
    _square(x, "cholesky")
    try:
        lower = np.linalg.cholesky(x)
    except np.linalg.LinAlgError as e:
        raise ValueError(f"cholesky: the input is not positive definite ({e}).") from None
    return _out(np.swapaxes(lower, -1, -2).conj() if upper else lower, dtype)


def cholesky_inverse(x, upper=False):
    (x,), dtype = _floats(x)
    _square(x, "cholesky_inverse")
    factor = np.swapaxes(x, -1, -2).conj() if upper else x
    inverse_factor = np.linalg.inv(factor)
    return _out(np.swapaxes(inverse_factor, -1, -2).conj() @ inverse_factor, dtype)


def det(x):
    (x,), dtype = _floats(x)
    _square(x, "det")
    return _out(np.linalg.det(x), dtype)


def eig(x):
    (x,), dtype = _floats(x)
    _square(x, "eig")
    w, v = np.linalg.eig(x)
    complex_dtype = np.complex128 if dtype == "float64" else np.complex64
    return w.astype(complex_dtype), v.astype(complex_dtype)


def eigh(x):
    (x,), dtype = _floats(x)
    _square(x, "eigh")
    w, v = np.linalg.eigh(x)
    return _out(w, dtype), _out(v, dtype)


def inv(x):
    (x,), dtype = _floats(x)
    _square(x, "inv")
    return _out(np.linalg.inv(x), dtype)


def jvp(fun, primals, tangents, has_aux=False):
    raise NotImplementedError(
        "jvp needs automatic differentiation, which the numpy engine does not have. "
        "Use the jax, torch or tensorflow engine (KBACKEND=jax)."
    )


def lstsq(a, b, rcond=None):
    (a, b), dtype = _floats(a, b)
    if a.ndim != 2 or b.ndim not in (1, 2) or a.shape[0] != b.shape[0]:
        raise ValueError(
            f"lstsq: expected a of shape (M, N) and b of shape (M,) or (M, K), got {a.shape} "
            f"and {b.shape}."
        )
    return _out(np.linalg.lstsq(a, b, rcond=rcond)[0], dtype)


def _lu_single(a):
    a = a.copy()
    m, n = a.shape
    pivots = np.zeros(min(m, n), dtype=np.int32)
    for k in range(min(m, n)):
        p = k + int(np.argmax(np.abs(a[k:, k])))
        pivots[k] = p
        if p != k:
            a[[k, p]] = a[[p, k]]
        if a[k, k] != 0:
            a[k + 1 :, k] /= a[k, k]
            a[k + 1 :, k + 1 :] -= np.outer(a[k + 1 :, k], a[k, k + 1 :])
    return a, pivots


def lu_factor(x):
    (x,), dtype = _floats(x)
    if x.ndim < 2:
        raise ValueError(f"lu_factor: expected a (batch of) matrices, got shape {x.shape}.")
    batch = x.shape[:-2]
    flat = x.reshape((-1,) + x.shape[-2:])
    results = [_lu_single(m) for m in flat]
    lu = np.stack([r[0] for r in results]).reshape(x.shape)
    pivots = np.stack([r[1] for r in results]).reshape(batch + (min(x.shape[-2:]),))
    return _out(lu, dtype), pivots


def matrix_rank(x, tol=None):
    (x,), dtype = _floats(x)
    if x.ndim < 2:
        raise ValueError(f"matrix_rank: expected a (batch of) matrices, got shape {x.shape}.")
    return np.asarray(np.linalg.matrix_rank(x, tol=tol)).astype(np.int32)


def norm(x, ord=None, axis=None, keepdims=False):
    (x,), dtype = _floats(x)
    if isinstance(axis, list):
        axis = tuple(axis)
    if axis is None and ord is not None and x.ndim > 2:
        raise ValueError(
            f"norm: `ord={ord!r}` needs `axis` for a tensor of rank {x.ndim} (shape {x.shape})."
        )
    return _out(np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims), dtype)


def pinv(x, rcond=None):
    (x,), dtype = _floats(x)
    rcond = 1e-15 if rcond is None else rcond
    return _out(np.linalg.pinv(x, rcond=rcond), dtype)


def qr(x, mode="reduced"):
    (x,), dtype = _floats(x)
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: mode must be 'reduced' or 'complete', got {mode!r}.")
    if x.ndim < 2:
        raise ValueError(f"qr: expected a (batch of) matrices, got shape {x.shape}.")
    q, r = np.linalg.qr(x, mode=mode)
    return _out(q, dtype), _out(r, dtype)


def solve(a, b):
    (a, b), dtype = _floats(a, b)
    _square(a, "solve")
    # NOTE: as in NumPy 2, b is a vector only when it is 1-D; else (..., M, K).
    if b.ndim == 1:
        return _out(np.linalg.solve(a, b[:, None])[..., 0], dtype)
    return _out(np.linalg.solve(a, b), dtype)


def solve_triangular(a, b, lower=False):
    (a, b), dtype = _floats(a, b)
    _square(a, "solve_triangular")
    a = np.tril(a) if lower else np.triu(a)
    return solve(a, b).astype(dtypes.numpy_dtype(dtype), copy=False)


def svd(x, full_matrices=True, compute_uv=True):
    (x,), dtype = _floats(x)
    if x.ndim < 2:
        raise ValueError(f"svd: expected a (batch of) matrices, got shape {x.shape}.")
    if not compute_uv:
        return _out(np.linalg.svd(x, compute_uv=False), dtype)
    u, s, vh = np.linalg.svd(x, full_matrices=full_matrices)
    return _out(u, dtype), _out(s, dtype), _out(vh, dtype)
