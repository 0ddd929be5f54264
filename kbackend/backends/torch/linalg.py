import warnings

import torch

from kbackend import tree
from kbackend.backends.common import dtypes
from kbackend.backends.torch.core import convert_to_tensor, to_torch_dtype


def _float(x):
    x = convert_to_tensor(x)
    dtype = to_torch_dtype(dtypes.float_result_type(dtypes.standardize_dtype(x.dtype)))
    return x if x.dtype == dtype else x.to(dtype)


def _floats(*xs):
    xs = [convert_to_tensor(x) for x in xs]
    dtype = to_torch_dtype(dtypes.float_result_type(*xs))
    return [x.to(dtype) for x in xs]


def _upcast(x):
    # NOTE: torch.linalg has no float16/bfloat16 kernels; compute in float32.
    if x.dtype in (torch.float16, torch.bfloat16):
        return x.float()
    return x


def _square(x, op_name):
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"{op_name}: expected a (batch of) square matrices, received shape {tuple(x.shape)}."
        )


def cholesky(x, upper=False):
    x = _float(x)
    _square(x, "cholesky")
    return torch.linalg.cholesky(_upcast(x), upper=upper).to(x.dtype)


def cholesky_inverse(x, upper=False):
    x = _float(x)
    _square(x, "cholesky_inverse")
    return torch.cholesky_inverse(_upcast(x), upper=upper).to(x.dtype)


def det(x):
    x = _float(x)
    _square(x, "det")
    return torch.linalg.det(_upcast(x)).to(x.dtype)


def eig(x):
    x = _float(x)
    _square(x, "eig")
    return torch.linalg.eig(_upcast(x))


def eigh(x):
    x = _float(x)
    _square(x, "eigh")
    w, v = torch.linalg.eigh(_upcast(x))
    return w.to(x.dtype), v.to(x.dtype)


def inv(x):
    x = _float(x)
    _square(x, "inv")
    return torch.linalg.inv(_upcast(x)).to(x.dtype)


def lu_factor(x):
    x = _float(x)
    lu, pivots = torch.linalg.lu_factor(_upcast(x))
    # NOTE: torch's pivots are 1-based (LAPACK); SciPy and jax use 0-based indices.
    return lu.to(x.dtype), (pivots - 1).to(torch.int32)


def norm(x, ord=None, axis=None, keepdims=False):
    x = _float(x)
    dtype = x.dtype
    x = _upcast(x)
    if isinstance(axis, int):
        axis = (axis,)
    if axis is not None:
        axis = tuple(a % x.ndim for a in axis)
    if axis is None:
        if ord is None:
            out = torch.linalg.vector_norm(x, 2, dim=None, keepdim=keepdims)
            return out.to(dtype)
        if x.ndim == 1:
            axis = (0,)
        elif x.ndim == 2:
            axis = (0, 1)
        else:
            raise ValueError(
                f"norm: `ord`={ord!r} needs a 1D or 2D input or an explicit `axis`, received "
                f"shape {tuple(x.shape)}."
            )
    if len(axis) == 1:
        if ord in ("fro", "nuc"):
            raise ValueError(f"norm: ord={ord!r} is only valid for matrices (two axes).")
        ord = 2 if ord is None else ord
        out = torch.linalg.vector_norm(x, ord, dim=axis, keepdim=keepdims)
    elif len(axis) == 2:
        ord = "fro" if ord is None else ord
        if ord not in ("fro", "nuc", 1, -1, 2, -2, float("inf"), float("-inf")):
            raise ValueError(f"norm: invalid ord {ord!r} for a matrix norm.")
        out = torch.linalg.matrix_norm(x, ord, dim=axis, keepdim=keepdims)
    else:
        raise ValueError(f"norm: `axis` must name one or two axes, received {axis}.")
    return out.to(dtype)


def qr(x, mode="reduced"):
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: `mode` must be 'reduced' or 'complete', received {mode!r}.")
    x = _float(x)
    if x.ndim < 2:
        raise ValueError(f"qr: expected a (batch of) matrices, received shape {tuple(x.shape)}.")
    q, r = torch.linalg.qr(_upcast(x), mode=mode)
    return q.to(x.dtype), r.to(x.dtype)


def solve(a, b):
    a, b = _floats(a, b)
    _square(a, "solve")
    dtype = a.dtype
    a, b = _upcast(a), _upcast(b)
    return torch.linalg.solve(a, b).to(dtype)


def solve_triangular(a, b, lower=False):
    a, b = _floats(a, b)
    _square(a, "solve_triangular")
    dtype = a.dtype
    a, b = _upcast(a), _upcast(b)
    vector = b.ndim == a.ndim - 1
    if vector:
        b = b.unsqueeze(-1)
    out = torch.linalg.solve_triangular(a, b, upper=not lower)
    if vector:
        out = out.squeeze(-1)
    return out.to(dtype)


def svd(x, full_matrices=True, compute_uv=True):
    x = _float(x)
    dtype = x.dtype
    x = _upcast(x)
    if not compute_uv:
        return torch.linalg.svdvals(x).to(dtype)
    u, s, vh = torch.linalg.svd(x, full_matrices=full_matrices)
    return u.to(dtype), s.to(dtype), vh.to(dtype)


def lstsq(a, b, rcond=None):
    a, b = _floats(a, b)
    dtype = a.dtype
    a, b = _upcast(a), _upcast(b)
    if a.ndim != 2:
        raise ValueError(f"lstsq: `a` must be a matrix, received shape {tuple(a.shape)}.")
    vector = b.ndim == 1
    if vector:
        b = b.unsqueeze(-1)
    if b.shape[0] != a.shape[0]:
        raise ValueError(
            f"lstsq: incompatible shapes a={tuple(a.shape)} and b={tuple(b.shape)}: their "
            "first dimensions must match."
        )
    # NOTE: computed through the pseudo-inverse (SVD) so that rank-deficient systems give
    # NumPy's minimum-norm solution on every device (torch's CUDA lstsq only has 'gels').
    if rcond is None:
        rcond = torch.finfo(a.dtype).eps * max(a.shape)
    out = torch.linalg.pinv(a, rtol=rcond) @ b
    if vector:
        out = out.squeeze(-1)
    return out.to(dtype)


def matrix_rank(x, tol=None):
    x = _float(x)
    x = _upcast(x)
    if tol is None:
        out = torch.linalg.matrix_rank(x)
    else:
        out = torch.linalg.matrix_rank(x, atol=float(tol), rtol=0.0)
    return out.to(torch.int32)


def pinv(x, rcond=None):
    x = _float(x)
    dtype = x.dtype
    x = _upcast(x)
    if rcond is None:
        rcond = torch.finfo(x.dtype).eps * max(x.shape[-2:])
    return torch.linalg.pinv(x, rtol=rcond, hermitian=False).to(dtype)


def jvp(fun, primals, tangents, has_aux=False):
    primals = tree.map_structure(convert_to_tensor, primals)
    tangents = tree.map_structure(convert_to_tensor, tangents)
    if not isinstance(primals, (tuple, list)):
        primals, tangents = (primals,), (tangents,)
    with warnings.catch_warnings():
        # NOTE: torch's first forward-mode AD call loads its jvp decompositions through
        # torch.jit.script, which emits a DeprecationWarning that is torch's, not ours.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="torch")
        return torch.func.jvp(fun, tuple(primals), tuple(tangents), has_aux=has_aux)
