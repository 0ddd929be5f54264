import numpy as np
import tensorflow as tf

from kbackend import tree
from kbackend.backends.common import dtypes
from kbackend.backends.tensorflow.core import convert_to_tensor

_HALF = ("float16", "bfloat16")


def _float(x):
    """(tensor in its compute dtype, result dtype name).

    NOTE: tf's linear algebra kernels do not support half precision; those inputs are
    computed in float32 and cast back.
    """
    x = convert_to_tensor(x)
    dtype = dtypes.standardize_dtype(x.dtype)
    if not dtypes.is_complex_dtype(dtype):
        dtype = dtypes.float_result_type(dtype)
    compute = "float32" if dtype in _HALF else dtype
    if x.dtype.name != compute:
        x = tf.cast(x, compute)
    return x, dtype


def _floats(*xs):
    xs = [convert_to_tensor(x) for x in xs]
    dtype = dtypes.float_result_type(*[dtypes.standardize_dtype(x.dtype) for x in xs])
    compute = "float32" if dtype in _HALF else dtype
    return [tf.cast(x, compute) for x in xs], dtype


def _out(y, dtype):
    if y.dtype.is_complex or y.dtype.name == dtype:
        return y
    return tf.cast(y, dtype)


def _square(x, op):
    if x.shape.rank is not None and x.shape.rank < 2:
        raise ValueError(f"{op}: expected a (batch of) square matrices, got {tuple(x.shape)}.")
    if x.shape[-1] is not None and x.shape[-2] is not None and x.shape[-1] != x.shape[-2]:
        raise ValueError(f"{op}: expected a (batch of) square matrices, got {tuple(x.shape)}.")


def cholesky(x, upper=False):
    x, dtype = _float(x)
    _square(x, "cholesky")
    y = tf.linalg.cholesky(x)
    if upper:
        y = tf.linalg.adjoint(y)
    return _out(y, dtype)


def cholesky_inverse(x, upper=False):
    x, dtype = _float(x)
    _square(x, "cholesky_inverse")
    lower = tf.linalg.adjoint(x) if upper else x
    eye = tf.eye(tf.shape(x)[-1], batch_shape=tf.shape(x)[:-2], dtype=x.dtype)
    return _out(tf.linalg.cholesky_solve(lower, eye), dtype)


def det(x):
    x, dtype = _float(x)
    _square(x, "det")
    return _out(tf.linalg.det(x), dtype)


def eig(x):
    x, _ = _float(x)
    _square(x, "eig")
    return tf.linalg.eig(x)


def eigh(x):
    x, dtype = _float(x)
    _square(x, "eigh")
    w, v = tf.linalg.eigh(x)
    return _out(w, dtype), _out(v, dtype)


def inv(x):
    x, dtype = _float(x)
    _square(x, "inv")
    return _out(tf.linalg.inv(x), dtype)


def lu_factor(x):
    x, dtype = _float(x)
    _square(x, "lu_factor")
    lu, perm = tf.linalg.lu(x)
    n = x.shape[-1]
    if n is None:
        raise ValueError("lu_factor: the matrix size must be known.")
    # NOTE: tf returns the row permutation; scipy/jax return LAPACK pivots (row i was
    # swapped with row pivots[i], in order), which this replays.
    perm = tf.cast(perm, "int32")
    current = tf.broadcast_to(tf.range(n, dtype="int32"), tf.shape(perm))
    positions = tf.range(n, dtype="int32")
    pivots = []
    for i in range(n):
        wanted = perm[..., i : i + 1]
        j = tf.argmax(tf.cast(tf.equal(current, wanted), "int32"), axis=-1,
                      output_type="int32")
        pivots.append(j)
        value_i = current[..., i : i + 1]
        value_j = tf.gather(current, j[..., None], batch_dims=j.shape.rank)
        current = tf.where(
            tf.equal(positions, i), value_j,
            tf.where(tf.equal(positions, j[..., None]), value_i, current),
        )
    return _out(lu, dtype), tf.stack(pivots, axis=-1)


def _pinv(x, rcond):
    s, u, v = tf.linalg.svd(x, full_matrices=False)
    m, n = x.shape[-2], x.shape[-1]
    if rcond is None:
        rcond = np.finfo(x.dtype.as_numpy_dtype).eps * max(m, n)
    cutoff = rcond * tf.reduce_max(s, axis=-1, keepdims=True)
    s_inv = tf.where(s > cutoff, 1 / tf.where(s > cutoff, s, 1), tf.zeros_like(s))
    return tf.matmul(v * s_inv[..., None, :], u, adjoint_b=True)


def lstsq(a, b, rcond=None):
    (a, b), dtype = _floats(a, b)
    if a.shape.rank != 2:
        raise ValueError(f"lstsq: `a` must be a matrix, got shape {tuple(a.shape)}.")
    vector = b.shape.rank == 1
    if vector:
        b = b[:, None]
    y = tf.matmul(_pinv(a, rcond), b)
    if vector:
        y = y[:, 0]
    return _out(y, dtype)


def matrix_rank(x, tol=None):
    x, _ = _float(x)
    s = tf.linalg.svd(x, compute_uv=False)
    if tol is None:
        m, n = x.shape[-2], x.shape[-1]
        eps = np.finfo(x.dtype.as_numpy_dtype).eps
        tol = tf.reduce_max(s, axis=-1, keepdims=True) * max(m, n) * eps
    else:
        tol = tf.cast(tol, s.dtype)
        if tol.shape.rank:
            tol = tol[..., None]
    return tf.reduce_sum(tf.cast(s > tol, "int32"), axis=-1)


def norm(x, ord=None, axis=None, keepdims=False):
    x, dtype = _float(x)
    rank = x.shape.rank
    if axis is None:
        if ord is None:
            y = tf.sqrt(tf.reduce_sum(tf.square(tf.abs(x))))
            if keepdims:
                y = tf.reshape(y, [1] * rank)
            return _out(y, dtype)
        axis = tuple(range(rank))
        if rank not in (1, 2):
            raise ValueError(
                f"norm: with ord={ord!r} and axis=None the input must be 1-D or 2-D, got "
                f"shape {tuple(x.shape)}."
            )
    axis = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    axis = tuple(a % rank for a in axis)
    a = tf.abs(x)
    if len(axis) == 1:
        if ord is None or ord == 2:
            y = tf.sqrt(tf.reduce_sum(tf.square(a), axis=axis, keepdims=keepdims))
        elif ord == np.inf:
            y = tf.reduce_max(a, axis=axis, keepdims=keepdims)
        elif ord == -np.inf:
            y = tf.reduce_min(a, axis=axis, keepdims=keepdims)
        elif ord == 0:
            y = tf.reduce_sum(tf.cast(tf.not_equal(x, 0), a.dtype), axis=axis,
                              keepdims=keepdims)
        elif isinstance(ord, str):
            raise ValueError(f"norm: invalid ord {ord!r} for a vector norm.")
        else:
            y = tf.pow(tf.reduce_sum(tf.pow(a, ord), axis=axis, keepdims=keepdims), 1.0 / ord)
        return _out(y, dtype)
    if len(axis) != 2 or axis[0] == axis[1]:
        raise ValueError(f"norm: axis must be an int or a pair of distinct ints, got {axis}.")
    row, col = axis
    if ord is None or ord == "fro":
        y = tf.sqrt(tf.reduce_sum(tf.square(a), axis=axis, keepdims=keepdims))
    elif ord in (1, -1):
        sums = tf.reduce_sum(a, axis=row, keepdims=True)
        reduce = tf.reduce_max if ord == 1 else tf.reduce_min
        y = reduce(sums, axis=col, keepdims=True)
        if not keepdims:
            y = tf.squeeze(y, axis=axis)
    elif ord in (np.inf, -np.inf):
        sums = tf.reduce_sum(a, axis=col, keepdims=True)
        reduce = tf.reduce_max if ord == np.inf else tf.reduce_min
        y = reduce(sums, axis=row, keepdims=True)
        if not keepdims:
            y = tf.squeeze(y, axis=axis)
    elif ord in (2, -2, "nuc"):
        rest = [i for i in range(rank) if i not in axis]
        moved = tf.transpose(x, rest + [row, col])
        s = tf.linalg.svd(moved, compute_uv=False)
        if ord == 2:
            y = tf.reduce_max(s, axis=-1)
        elif ord == -2:
            y = tf.reduce_min(s, axis=-1)
        else:
            y = tf.reduce_sum(s, axis=-1)
        if keepdims:
            for i in sorted(axis):
                y = tf.expand_dims(y, i)
    else:
        raise ValueError(f"norm: invalid ord {ord!r} for a matrix norm.")
    return _out(y, dtype)


def pinv(x, rcond=None):
    x, dtype = _float(x)
    return _out(_pinv(x, rcond), dtype)


def qr(x, mode="reduced"):
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: mode must be 'reduced' or 'complete', got {mode!r}.")
    x, dtype = _float(x)
    q, r = tf.linalg.qr(x, full_matrices=mode == "complete")
    return _out(q, dtype), _out(r, dtype)


def solve(a, b):
    (a, b), dtype = _floats(a, b)
    _square(a, "solve")
    vector = b.shape.rank == 1
    if vector:
        b = b[:, None]
    if a.shape.rank != b.shape.rank:
        b = tf.broadcast_to(b, tf.concat([tf.shape(a)[:-2], tf.shape(b)[-2:]], 0))
    y = tf.linalg.solve(a, b)
    if vector:
        y = y[..., 0]
    return _out(y, dtype)


def solve_triangular(a, b, lower=False):
    (a, b), dtype = _floats(a, b)
    _square(a, "solve_triangular")
    vector = b.shape.rank == a.shape.rank - 1
    if vector:
        b = b[..., None]
    y = tf.linalg.triangular_solve(a, b, lower=lower)
    if vector:
        y = y[..., 0]
    return _out(y, dtype)


def svd(x, full_matrices=True, compute_uv=True):
    x, dtype = _float(x)
    if not compute_uv:
        return _out(tf.linalg.svd(x, compute_uv=False), dtype)
    s, u, v = tf.linalg.svd(x, full_matrices=full_matrices)
    return _out(u, dtype), _out(s, dtype), _out(tf.linalg.adjoint(v), dtype)


def jvp(fun, primals, tangents, has_aux=False):
    primals = tree.map_structure(convert_to_tensor, primals)
    tangents = tree.map_structure(
        lambda t, p: tf.cast(convert_to_tensor(t), p.dtype), tangents, primals
    )
    with tf.autodiff.ForwardAccumulator(
        tree.flatten(primals), tree.flatten(tangents)
    ) as accumulator:
        outputs = fun(*primals)
    if has_aux:
        outputs, aux = outputs
    tangents_out = tree.map_structure(
        lambda o: _zeros_if_none(accumulator.jvp(o), o), outputs
    )
    if has_aux:
        return outputs, tangents_out, aux
    return outputs, tangents_out


def _zeros_if_none(tangent, output):
    if tangent is None:
        return tf.zeros_like(output)
    return tangent
