"""Linear-algebra ops (``kbackend.ops.linalg``, also re-exported by ``kbackend.ops``).

Dtypes: every result is ``float_result_type`` of the inputs (ints become ``floatx()``;
float16/bfloat16 are computed in float32 by engines without half-precision LAPACK and
cast back), except ``eig`` (complex64, complex128 for float64 inputs), the pivots of
``lu_factor`` and ``matrix_rank`` (int32).
"""

from kbackend import backends
from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor, any_symbolic_tensors
from kbackend.ops.operation import Operation
from kbackend.ops.shape_utils import broadcast_shapes, canonicalize_axis, reduce_shape


def _shape(x):
    shape = getattr(x, "shape", None)
    if shape is None:
        import numpy as np

        return np.shape(x)
    return tuple(None if d is None else int(d) for d in shape)


def _float_dtype(*xs):
    return dtypes.float_result_type(*[dtypes.infer_dtype(x) for x in xs if x is not None])


def _matrix(x, op, square=False):
    shape = _shape(x)
    if len(shape) < 2:
        raise ValueError(f"{op}: expected a (batch of) matrices (..., M, N), got {shape}.")
    if square and None not in shape[-2:] and shape[-1] != shape[-2]:
        raise ValueError(
            f"{op}: expected a (batch of) square matrices (..., M, M), got {shape}."
        )
    return shape


class _SquareSameShape(Operation):
    function = None

    def __init__(self, name=None, **params):
        super().__init__(name=name)
        self.params = params

    def call(self, x):
        return getattr(backends.linalg, self.function)(x, **self.params)

    def compute_output_spec(self, x):
        return KerasTensor(_matrix(x, self.function, square=True), dtype=_float_dtype(x))


class Cholesky(_SquareSameShape):
    function = "cholesky"


class CholeskyInverse(_SquareSameShape):
    function = "cholesky_inverse"


class Inv(_SquareSameShape):
    function = "inv"


def cholesky(x, upper=False):
    """Cholesky factor of (a batch of) symmetric positive-definite matrices.

    Args:
        x: ``(..., M, M)``.
        upper: return the upper factor ``U`` (``x = U^T U``) instead of ``L`` (``x = L L^T``).

    Returns:
        ``(..., M, M)`` triangular factor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.cholesky([[4.0, 0.0], [0.0, 9.0]])).tolist()
    [[2.0, 0.0], [0.0, 3.0]]
    """
    if isinstance(x, KerasTensor):
        return Cholesky(upper=upper).symbolic_call(x)
    return backends.linalg.cholesky(x, upper)


def cholesky_inverse(x, upper=False):
    """Inverse of ``A`` from its Cholesky factor (``A = L L^T``, or ``U^T U`` if ``upper``).

    Args:
        x: ``(..., M, M)`` triangular factor.
        upper: whether ``x`` is the upper factor.

    Returns:
        ``(..., M, M)``, the inverse of ``A``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.cholesky_inverse([[2.0, 0.0], [0.0, 1.0]])).tolist()
    [[0.25, 0.0], [0.0, 1.0]]
    """
    if isinstance(x, KerasTensor):
        return CholeskyInverse(upper=upper).symbolic_call(x)
    return backends.linalg.cholesky_inverse(x, upper)


def inv(x):
    """Inverse of (a batch of) square matrices.

    Args:
        x: ``(..., M, M)``.

    Returns:
        ``(..., M, M)``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.inv([[2.0, 0.0], [0.0, 4.0]])).tolist()
    [[0.5, 0.0], [0.0, 0.25]]
    """
    if isinstance(x, KerasTensor):
        return Inv().symbolic_call(x)
    return backends.linalg.inv(x)


class Det(Operation):
    def call(self, x):
        return backends.linalg.det(x)

    def compute_output_spec(self, x):
        return KerasTensor(_matrix(x, "det", square=True)[:-2], dtype=_float_dtype(x))


def det(x):
    """Determinant of (a batch of) square matrices.

    Args:
        x: ``(..., M, M)``.

    Returns:
        ``(...)``.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(ops.det([[2.0, 0.0], [0.0, 3.0]])))
    6.0
    """
    if isinstance(x, KerasTensor):
        return Det().symbolic_call(x)
    return backends.linalg.det(x)


class Eig(Operation):
    def call(self, x):
        return backends.linalg.eig(x)

    def compute_output_spec(self, x):
        shape = _matrix(x, "eig", square=True)
        dtype = "complex128" if _float_dtype(x) == "float64" else "complex64"
        return KerasTensor(shape[:-1], dtype=dtype), KerasTensor(shape, dtype=dtype)


class Eigh(Operation):
    def call(self, x):
        return backends.linalg.eigh(x)

    def compute_output_spec(self, x):
        shape = _matrix(x, "eigh", square=True)
        dtype = _float_dtype(x)
        return KerasTensor(shape[:-1], dtype=dtype), KerasTensor(shape, dtype=dtype)


def eig(x):
    """Eigenvalues and right eigenvectors of (a batch of) general square matrices.

    Args:
        x: ``(..., M, M)``.

    Returns:
        ``(eigenvalues (..., M), eigenvectors (..., M, M))``, complex.

    Example:
    >>> from kbackend import ops
    >>> w, v = ops.eig([[2.0, 0.0], [0.0, 3.0]])
    >>> sorted(ops.convert_to_numpy(w).real.tolist())
    [2.0, 3.0]
    """
    if isinstance(x, KerasTensor):
        return Eig().symbolic_call(x)
    return backends.linalg.eig(x)


def eigh(x):
    """Eigenvalues (ascending) and eigenvectors of (a batch of) symmetric matrices.

    Args:
        x: ``(..., M, M)`` symmetric (Hermitian).

    Returns:
        ``(eigenvalues (..., M), eigenvectors (..., M, M))``.

    Example:
    >>> from kbackend import ops
    >>> w, v = ops.eigh([[2.0, 0.0], [0.0, 1.0]])
    >>> ops.convert_to_numpy(w).tolist()
    [1.0, 2.0]
    """
    if isinstance(x, KerasTensor):
        return Eigh().symbolic_call(x)
    return backends.linalg.eigh(x)


class Jvp(Operation):
    def __init__(self, fun, has_aux=False, name=None):
        super().__init__(name=name)
        self.fun = fun
        self.has_aux = has_aux

    def call(self, primals, tangents):
        return backends.linalg.jvp(self.fun, primals, tangents, self.has_aux)


def jvp(fun, primals, tangents, has_aux=False):
    """Jacobian-vector product: ``fun(*primals)`` and its derivative along ``tangents``.

    Needs an engine with automatic differentiation (not numpy).

    Args:
        fun: a function of tensors.
        primals: tuple or list of the point.
        tangents: tuple or list of the direction, same structure as ``primals``.
        has_aux: ``fun`` returns ``(output, aux)``.

    Returns:
        ``(primals_out, tangents_out)``, plus ``aux`` if ``has_aux``.

    Example:
    >>> from kbackend import backends, ops
    >>> if backends.CAN_TRAIN:
    ...     out, tangent = ops.jvp(lambda x: x * x, (ops.convert_to_tensor(3.0),),
    ...                            (ops.convert_to_tensor(1.0),))
    ...     assert float(ops.convert_to_numpy(tangent)) == 6.0
    """
    if any_symbolic_tensors((primals, tangents)):
        return Jvp(fun, has_aux).symbolic_call(primals, tangents)
    return backends.linalg.jvp(fun, primals, tangents, has_aux)


class Lstsq(Operation):
    def __init__(self, rcond=None, name=None):
        super().__init__(name=name)
        self.rcond = rcond

    def call(self, a, b):
        return backends.linalg.lstsq(a, b, self.rcond)

    def compute_output_spec(self, a, b):
        ashape, bshape = _shape(a), _shape(b)
        if len(ashape) != 2 or len(bshape) not in (1, 2) or (
            None not in (ashape[0], bshape[0]) and ashape[0] != bshape[0]
        ):
            raise ValueError(
                f"lstsq: expected a of shape (M, N) and b of shape (M,) or (M, K), got "
                f"{ashape} and {bshape}."
            )
        return KerasTensor((ashape[1],) + bshape[1:], dtype=_float_dtype(a, b))


def lstsq(a, b, rcond=None):
    """Least-squares solution ``x`` minimizing ``||a @ x - b||``.

    Args:
        a: ``(M, N)``.
        b: ``(M,)`` or ``(M, K)``.
        rcond: cutoff for small singular values.

    Returns:
        ``(N,)`` or ``(N, K)``.

    Example:
    >>> from kbackend import ops
    >>> x = ops.lstsq([[1.0, 0.0], [0.0, 2.0]], [1.0, 4.0])
    >>> [round(v, 4) for v in ops.convert_to_numpy(x).tolist()]
    [1.0, 2.0]
    """
    if any_symbolic_tensors((a, b)):
        return Lstsq(rcond).symbolic_call(a, b)
    return backends.linalg.lstsq(a, b, rcond)


class LuFactor(Operation):
    def call(self, x):
        return backends.linalg.lu_factor(x)

    def compute_output_spec(self, x):
        shape = _matrix(x, "lu_factor")
        m, n = shape[-2:]
        k = None if None in (m, n) else min(m, n)
        return KerasTensor(shape, dtype=_float_dtype(x)), KerasTensor(shape[:-2] + (k,),
                                                                       dtype="int32")


def lu_factor(x):
    """LU factorization with partial pivoting, packed as in ``scipy.linalg.lu_factor``.

    Args:
        x: ``(..., M, N)``.

    Returns:
        ``(lu, pivots)``: ``L`` (unit diagonal, below) and ``U`` in one matrix, and int32
        pivots ``(..., min(M, N))``: row ``i`` was swapped with row ``pivots[i]`` (0-based).

    Example:
    >>> from kbackend import ops
    >>> lu, pivots = ops.lu_factor([[1.0, 2.0], [3.0, 4.0]])
    >>> ops.convert_to_numpy(pivots).tolist()
    [1, 1]
    """
    if isinstance(x, KerasTensor):
        return LuFactor().symbolic_call(x)
    return backends.linalg.lu_factor(x)


class MatrixRank(Operation):
    def __init__(self, tol=None, name=None):
        super().__init__(name=name)
        self.tol = tol

    def call(self, x):
        return backends.linalg.matrix_rank(x, self.tol)

    def compute_output_spec(self, x):
        return KerasTensor(_matrix(x, "matrix_rank")[:-2], dtype="int32")


def matrix_rank(x, tol=None):
    """Rank of (a batch of) matrices: the number of singular values above ``tol``.

    Args:
        x: ``(..., M, N)``.
        tol: threshold; default ``max(s) * max(M, N) * eps``.

    Returns:
        int32 ``(...)``.

    Example:
    >>> from kbackend import ops
    >>> int(ops.convert_to_numpy(ops.matrix_rank([[1.0, 2.0], [2.0, 4.0]])))
    1
    """
    if isinstance(x, KerasTensor):
        return MatrixRank(tol).symbolic_call(x)
    return backends.linalg.matrix_rank(x, tol)


class Norm(Operation):
    def __init__(self, ord=None, axis=None, keepdims=False, name=None):
        super().__init__(name=name)
        self.ord = ord
        self.axis = tuple(axis) if isinstance(axis, list) else axis
        self.keepdims = keepdims

    def call(self, x):
        return backends.linalg.norm(x, self.ord, self.axis, self.keepdims)

    def compute_output_spec(self, x):
        shape = _shape(x)
        axis = self.axis
        if axis is None:
            if self.ord is not None and len(shape) > 2:
                raise ValueError(
                    f"norm: `ord={self.ord!r}` needs `axis` for a tensor of rank "
                    f"{len(shape)} (shape {shape})."
                )
        else:
            axes = (axis,) if isinstance(axis, int) else axis
            if len(axes) > 2:
                raise ValueError(f"norm: `axis` must be an int or a pair, got {axis}.")
            for a in axes:
                canonicalize_axis(a, len(shape), "norm")
            if isinstance(self.ord, str) and len(axes) != 2:
                raise ValueError(
                    f"norm: ord={self.ord!r} is a matrix norm and needs two axes, got {axis}."
                )
        return KerasTensor(reduce_shape(shape, axis, self.keepdims, "norm"),
                           dtype=_float_dtype(x))


def norm(x, ord=None, axis=None, keepdims=False):
    """Vector or matrix norm, as ``numpy.linalg.norm``.

    Args:
        x: input tensor.
        ord: norm order (``None``, ``"fro"``, ``"nuc"``, ``inf``, ``-inf``, ints).
        axis: int (vector norm), pair (matrix norm) or None (all of a 1-D or 2-D ``x``, or
            the flattened 2-norm).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The norm (float dtype).

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(ops.norm([3.0, 4.0])))
    5.0
    """
    if isinstance(x, KerasTensor):
        return Norm(ord, axis, keepdims).symbolic_call(x)
    return backends.linalg.norm(x, ord, axis, keepdims)


class Pinv(Operation):
    def __init__(self, rcond=None, name=None):
        super().__init__(name=name)
        self.rcond = rcond

    def call(self, x):
        return backends.linalg.pinv(x, self.rcond)

    def compute_output_spec(self, x):
        shape = _matrix(x, "pinv")
        return KerasTensor(shape[:-2] + (shape[-1], shape[-2]), dtype=_float_dtype(x))


def pinv(x, rcond=None):
    """Moore-Penrose pseudo-inverse of (a batch of) matrices.

    Args:
        x: ``(..., M, N)``.
        rcond: relative cutoff for small singular values; default ``1e-15``.

    Returns:
        ``(..., N, M)``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.pinv([[2.0, 0.0]])).tolist()
    [[0.5], [0.0]]
    """
    if isinstance(x, KerasTensor):
        return Pinv(rcond).symbolic_call(x)
    return backends.linalg.pinv(x, rcond)


class Qr(Operation):
    def __init__(self, mode="reduced", name=None):
        super().__init__(name=name)
        if mode not in ("reduced", "complete"):
            raise ValueError(f"qr: mode must be 'reduced' or 'complete', got {mode!r}.")
        self.mode = mode

    def call(self, x):
        return backends.linalg.qr(x, self.mode)

    def compute_output_spec(self, x):
        shape = _matrix(x, "qr")
        m, n = shape[-2:]
        k = m if self.mode == "complete" else (None if None in (m, n) else min(m, n))
        dtype = _float_dtype(x)
        return (KerasTensor(shape[:-2] + (m, k), dtype=dtype),
                KerasTensor(shape[:-2] + (k, n), dtype=dtype))


def qr(x, mode="reduced"):
    """QR decomposition of (a batch of) matrices.

    Args:
        x: ``(..., M, N)``.
        mode: ``"reduced"`` (``q`` is ``(M, K)``, ``K = min(M, N)``) or ``"complete"``
            (``q`` is ``(M, M)``).

    Returns:
        ``(q, r)``.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> q, r = ops.qr(np.eye(3, 2))
    >>> ops.shape(q), ops.shape(r)
    ((3, 2), (2, 2))
    """
    if isinstance(x, KerasTensor):
        return Qr(mode).symbolic_call(x)
    return backends.linalg.qr(x, mode)


class Solve(Operation):
    def call(self, a, b):
        return backends.linalg.solve(a, b)

    def compute_output_spec(self, a, b):
        return KerasTensor(_solve_shape("solve", a, b), dtype=_float_dtype(a, b))


def _solve_shape(op, a, b):
    ashape, bshape = _matrix(a, op, square=True), _shape(b)
    if len(bshape) == 1:
        if None not in (ashape[-1], bshape[-1]) and ashape[-1] != bshape[-1]:
            raise ValueError(f"{op}: a of shape {ashape} and b of shape {bshape} do not match.")
        return ashape[:-1]
    if len(bshape) < 2 or (None not in (ashape[-1], bshape[-2]) and ashape[-1] != bshape[-2]):
        raise ValueError(
            f"{op}: expected a of shape (..., M, M) and b of shape (M,) or (..., M, K), "
            f"got {ashape} and {bshape}."
        )
    return broadcast_shapes(ashape[:-2], bshape[:-2], op_name=op) + bshape[-2:]


def solve(a, b):
    """Solves ``a @ x = b`` for (a batch of) square ``a``.

    Args:
        a: ``(..., M, M)``.
        b: ``(M,)`` or ``(..., M, K)`` (as in NumPy 2, only a 1-D ``b`` is a vector).

    Returns:
        ``x``, of the broadcast batch shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.solve([[2.0, 0.0], [0.0, 4.0]], [2.0, 2.0])).tolist()
    [1.0, 0.5]
    """
    if any_symbolic_tensors((a, b)):
        return Solve().symbolic_call(a, b)
    return backends.linalg.solve(a, b)


class SolveTriangular(Operation):
    def __init__(self, lower=False, name=None):
        super().__init__(name=name)
        self.lower = lower

    def call(self, a, b):
        return backends.linalg.solve_triangular(a, b, self.lower)

    def compute_output_spec(self, a, b):
        return KerasTensor(_solve_shape("solve_triangular", a, b), dtype=_float_dtype(a, b))


def solve_triangular(a, b, lower=False):
    """Solves ``a @ x = b`` for triangular ``a`` (only its triangle is read).

    Args:
        a: ``(..., M, M)``.
        b: ``(M,)`` or ``(..., M, K)``.
        lower: use the lower triangle of ``a`` (else the upper).

    Returns:
        ``x`` of the shape of ``b``.

    Example:
    >>> from kbackend import ops
    >>> x = ops.solve_triangular([[2.0, 0.0], [1.0, 1.0]], [2.0, 2.0], lower=True)
    >>> ops.convert_to_numpy(x).tolist()
    [1.0, 1.0]
    """
    if any_symbolic_tensors((a, b)):
        return SolveTriangular(lower).symbolic_call(a, b)
    return backends.linalg.solve_triangular(a, b, lower)


class Svd(Operation):
    def __init__(self, full_matrices=True, compute_uv=True, name=None):
        super().__init__(name=name)
        self.full_matrices = full_matrices
        self.compute_uv = compute_uv

    def call(self, x):
        return backends.linalg.svd(x, self.full_matrices, self.compute_uv)

    def compute_output_spec(self, x):
        shape = _matrix(x, "svd")
        batch, (m, n) = shape[:-2], shape[-2:]
        k = None if None in (m, n) else min(m, n)
        dtype = _float_dtype(x)
        s = KerasTensor(batch + (k,), dtype=dtype)
        if not self.compute_uv:
            return s
        if self.full_matrices:
            return (KerasTensor(batch + (m, m), dtype=dtype), s,
                    KerasTensor(batch + (n, n), dtype=dtype))
        return (KerasTensor(batch + (m, k), dtype=dtype), s,
                KerasTensor(batch + (k, n), dtype=dtype))


def svd(x, full_matrices=True, compute_uv=True):
    """Singular value decomposition ``x = u @ diag(s) @ vh``.

    Args:
        x: ``(..., M, N)``.
        full_matrices: ``u`` is ``(M, M)`` and ``vh`` ``(N, N)``; else ``(M, K)``, ``(K, N)``.
        compute_uv: if False, return only ``s``.

    Returns:
        ``(u, s, vh)`` (``s`` descending, ``(..., K)``), or ``s``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.svd([[3.0, 0.0], [0.0, 4.0]], compute_uv=False)).tolist()
    [4.0, 3.0]
    """
    if isinstance(x, KerasTensor):
        return Svd(full_matrices, compute_uv).symbolic_call(x)
    return backends.linalg.svd(x, full_matrices, compute_uv)
