import jax
import jax.numpy as jnp
import jax.scipy.linalg as jsl

from kbackend.backends.common import dtypes
from kbackend.backends.jax.core import convert_to_tensor


def _float(x):
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(x.dtype)
    if x.dtype == dtype:
        return x
    return x.astype(dtype)


def _square(x, op):
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(f"{op} expects (..., N, N) matrices, got shape {tuple(x.shape)}.")


def _promote_float(a, b):
    a, b = convert_to_tensor(a), convert_to_tensor(b)
    dtype = dtypes.float_result_type(a.dtype, b.dtype)
    return a.astype(dtype), b.astype(dtype)


def cholesky(x, upper=False):
    x = _float(x)
    _square(x, "cholesky")
    lower = jnp.linalg.cholesky(x)
    return jnp.conj(jnp.swapaxes(lower, -1, -2)) if upper else lower


def cholesky_inverse(x, upper=False):
    x = _float(x)
    _square(x, "cholesky_inverse")
    factor = jnp.swapaxes(x, -1, -2) if upper else x
    identity = jnp.broadcast_to(jnp.eye(x.shape[-1], dtype=x.dtype), x.shape)
    inv_lower = jsl.solve_triangular(factor, identity, lower=True)
    return jnp.swapaxes(inv_lower, -1, -2) @ inv_lower


def det(x):
    x = _float(x)
    _square(x, "det")
    return jnp.linalg.det(x)


def eig(x):
    x = _float(x)
    _square(x, "eig")
    # NOTE: jax only implements eig on CPU; it returns complex values.
    return jnp.linalg.eig(x)


def eigh(x):
    x = _float(x)
    _square(x, "eigh")
    return jnp.linalg.eigh(x)


def inv(x):
    x = _float(x)
    _square(x, "inv")
    return jnp.linalg.inv(x)


def jvp(fun, primals, tangents, has_aux=False):
    return jax.jvp(fun, primals, tangents, has_aux=has_aux)


def lstsq(a, b, rcond=None):
    a, b = _promote_float(a, b)
    return jnp.linalg.lstsq(a, b, rcond=rcond)[0]


def lu_factor(x):
    x = _float(x)
    lu, pivots = jsl.lu_factor(x)
    return lu, pivots.astype("int32")


def matrix_rank(x, tol=None):
    x = _float(x)
    return jnp.linalg.matrix_rank(x, rtol=None, tol=tol).astype("int32")


def norm(x, ord=None, axis=None, keepdims=False):
    x = _float(x)
    if isinstance(axis, list):
        axis = tuple(axis)
    return jnp.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims).astype(
        jnp.real(x).dtype
    )


def pinv(x, rcond=None):
    x = _float(x)
    if rcond is None:
        return jnp.linalg.pinv(x)
    return jnp.linalg.pinv(x, rtol=rcond)


def qr(x, mode="reduced"):
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: mode must be 'reduced' or 'complete', got {mode!r}.")
    x = _float(x)
    return jnp.linalg.qr(x, mode=mode)


def solve(a, b):
    a, b = _promote_float(a, b)
    _square(a, "solve")
    if b.ndim == a.ndim - 1:
        return jnp.linalg.solve(a, b[..., None])[..., 0]
    return jnp.linalg.solve(a, b)


def solve_triangular(a, b, lower=False):
    a, b = _promote_float(a, b)
    _square(a, "solve_triangular")
    if b.ndim == a.ndim - 1:
        return jsl.solve_triangular(a, b[..., None], lower=lower)[..., 0]
    return jsl.solve_triangular(a, b, lower=lower)


def svd(x, full_matrices=True, compute_uv=True):
    x = _float(x)
    return jnp.linalg.svd(x, full_matrices=full_matrices, compute_uv=compute_uv)
