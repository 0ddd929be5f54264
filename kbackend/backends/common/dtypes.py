"""Dtype names and the ONE promotion table used by every engine.

Note [promotion]: the result dtype of combining two values is the least upper bound of
their dtypes in the lattice below (the scheme JAX documents, chosen because it never
silently widens to 64 bits and is associative). Python scalars are *weak*: ``int8 + 1``
stays int8 and ``float16 + 1.0`` stays float16, while ``int32 + 1.0`` gives ``floatx()``.
Every engine's op functions cast their inputs to this result, so the same program gives
the same dtypes on jax, torch, tensorflow and numpy.
"""

import functools

import numpy as np

from kbackend.backends.common import config

FLOAT_TYPES = ("bfloat16", "float16", "float32", "float64")
INT_TYPES = ("uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64")
COMPLEX_TYPES = ("complex64", "complex128")
ALLOWED_DTYPES = ("bool",) + INT_TYPES + FLOAT_TYPES + COMPLEX_TYPES + ("string",)

# Pseudo dtypes for Python scalars ("weak" types).
WEAK_INT = "int"
WEAK_FLOAT = "float"
WEAK_COMPLEX = "complex"

# Each node lists the nodes directly above it.
_LATTICE_EDGES = {
    "bool": ("int",),
    "int": ("uint8", "int8"),
    "uint8": ("uint16", "int16"),
    "uint16": ("uint32", "int32"),
    "uint32": ("uint64", "int64"),
    "uint64": ("float",),
    "int8": ("int16",),
    "int16": ("int32",),
    "int32": ("int64",),
    "int64": ("float",),
    "float": ("bfloat16", "float16", "complex"),
    "bfloat16": ("float32",),
    "float16": ("float32",),
    "float32": ("float64", "complex64"),
    "float64": ("complex128",),
    "complex": ("complex64",),
    "complex64": ("complex128",),
    "complex128": (),
}

_ALIASES = {
    "float": "float32",
    "int": "int64",
    "complex": "complex128",
    "double": "float64",
    "half": "float16",
    "bool_": "bool",
    "str": "string",
    "object": "string",
}


def _upper_sets():
    uppers = {}

    def visit(node):
        if node not in uppers:
            result = {node}
            for parent in _LATTICE_EDGES[node]:
                result |= visit(parent)
            uppers[node] = frozenset(result)
        return uppers[node]

    for node in _LATTICE_EDGES:
        visit(node)
    return uppers


_UPPER = _upper_sets()


@functools.lru_cache(maxsize=4096)
def _standardize_cached(dtype):
    if dtype in ALLOWED_DTYPES:
        return dtype
    if dtype in _ALIASES:
        return _ALIASES[dtype]
    name = dtype
    for prefix in ("torch.", "tf.", "<dtype: '", "dtype('", "jax.numpy."):
        if name.startswith(prefix):
            name = name[len(prefix):]
    name = name.rstrip("')>")
    if name in ALLOWED_DTYPES:
        return name
    if name in _ALIASES:
        return _ALIASES[name]
    if name.startswith(("<U", "<S", "|S", "str", "bytes")) or name in ("U", "S", "O"):
        return "string"
    raise ValueError(
        f"Invalid dtype: {dtype!r}. Expected one of {ALLOWED_DTYPES} (or an engine or "
        "NumPy dtype of the same name)."
    )


def standardize_dtype(dtype):
    """Returns the standard dtype name (a string) for any dtype-like value.

    Accepts strings, NumPy dtypes, Python types and engine dtypes. ``None`` means
    ``floatx()``.

    Example:
    >>> standardize_dtype(np.float32)
    'float32'
    >>> standardize_dtype("double")
    'float64'
    """
    if dtype is None:
        return config.floatx()
    if isinstance(dtype, str):
        return _standardize_cached(dtype)
    # Engine and NumPy dtype objects are hashable and immutable; NumPy's `dtype.name` is
    # slow Python code on a hot path (every op's promotion check), so names are memoised.
    try:
        return _NAME_OF_DTYPE_OBJECT[dtype]
    except (KeyError, TypeError):
        pass
    name = _standardize_object(dtype)
    try:
        _NAME_OF_DTYPE_OBJECT[dtype] = name
    except TypeError:
        pass
    return name


_NAME_OF_DTYPE_OBJECT = {}


def _standardize_object(dtype):
    if dtype is bool:
        return "bool"
    if dtype is int:
        return "int64"
    if dtype is float:
        return "float32"
    if dtype is complex:
        return "complex128"
    if dtype is str or dtype is bytes:
        return "string"
    name = getattr(dtype, "name", None)
    if isinstance(name, str):
        return _standardize_cached(name)
    if isinstance(dtype, type) and issubclass(dtype, np.generic):
        return _standardize_cached(np.dtype(dtype).name)
    return _standardize_cached(str(dtype))


def is_float_dtype(dtype):
    """True for float dtypes (bfloat16, float16, float32, float64).

    Example:
    >>> is_float_dtype("float16")
    True
    """
    return standardize_dtype(dtype) in FLOAT_TYPES


def is_int_dtype(dtype):
    """True for signed and unsigned integer dtypes.

    Example:
    >>> is_int_dtype("uint8")
    True
    """
    return standardize_dtype(dtype) in INT_TYPES


def is_complex_dtype(dtype):
    """True for complex dtypes."""
    return standardize_dtype(dtype) in COMPLEX_TYPES


def _lattice_name(value):
    """Maps a value or dtype to its lattice node (weak nodes for Python scalars)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return WEAK_INT
    if isinstance(value, float):
        return WEAK_FLOAT
    if isinstance(value, complex):
        return WEAK_COMPLEX
    if isinstance(value, (list, tuple)):
        return infer_dtype(value)
    dtype = getattr(value, "dtype", value)
    return standardize_dtype(dtype)


@functools.lru_cache(maxsize=4096)
def _least_upper_bound(a, b):
    if a == b:
        return a
    # The lowest common upper node is the one with the most nodes above it.
    common = _UPPER[a] & _UPPER[b]
    return max(common, key=lambda n: len(_UPPER[n]))


def _resolve_weak(node):
    if node == WEAK_INT:
        return "int32"
    if node == WEAK_FLOAT:
        return config.floatx()
    if node == WEAK_COMPLEX:
        return "complex64" if config.floatx() != "float64" else "complex128"
    return node


def result_type(*dtypes):
    """Returns the dtype that combining values of these dtypes gives (Note [promotion]).

    Arguments may be dtypes, tensors, or Python scalars (which are weakly typed).
    With no arguments, returns ``floatx()``.

    Example:
    >>> result_type("int8", "uint8")
    'int16'
    >>> result_type("float16", 1.0)
    'float16'
    >>> result_type("int32", "float32")
    'float32'
    """
    if not dtypes:
        return config.floatx()
    nodes = []
    for d in dtypes:
        if d is None:
            continue
        if isinstance(d, type) and d in (int, float, complex, bool):
            d = {int: 1, float: 1.0, complex: 1j, bool: True}[d]
        nodes.append(_lattice_name(d))
    if not nodes:
        return config.floatx()
    if "string" in nodes:
        if all(n == "string" for n in nodes):
            return "string"
        raise TypeError(f"Cannot combine string and non-string dtypes: {nodes}.")
    node = nodes[0]
    for other in nodes[1:]:
        node = _least_upper_bound(node, other)
    return _resolve_weak(node)


def float_result_type(*dtypes):
    """Like `result_type`, but integers and bools become ``floatx()`` (for sqrt, mean...).

    Example:
    >>> float_result_type("int32")
    'float32'
    """
    dtype = result_type(*dtypes)
    if dtype in FLOAT_TYPES or dtype in COMPLEX_TYPES:
        return dtype
    return config.floatx()


def infer_dtype(value):
    """The dtype a value converts to: its own ``dtype``, or the promotion of its leaves.

    Python ints give int32 and Python floats ``floatx()`` (weak types resolved), as
    `convert_to_tensor` does on every engine.

    Example:
    >>> infer_dtype([1, 2.5]), infer_dtype([[1, 2]]), infer_dtype(np.zeros(2))
    ('float32', 'int32', 'float64')
    """
    dtype = getattr(value, "dtype", None)
    if dtype is not None:
        return standardize_dtype(dtype)
    if isinstance(value, (list, tuple)):
        leaves = []
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, (list, tuple)):
                stack.extend(item)
            else:
                leaves.append(item)
        if not leaves:
            return config.floatx()
        if any(isinstance(x, (str, bytes)) for x in leaves):
            return "string"
        return result_type(*leaves)
    if isinstance(value, (str, bytes)):
        return "string"
    return result_type(value)


def numpy_dtype(dtype):
    """The NumPy dtype object for a dtype name (bfloat16 via ml_dtypes).

    Example:
    >>> numpy_dtype("bfloat16").name
    'bfloat16'
    """
    dtype = standardize_dtype(dtype)
    if dtype == "bfloat16":
        import ml_dtypes

        return np.dtype(ml_dtypes.bfloat16)
    if dtype == "string":
        return np.dtype(np.str_)
    return np.dtype(dtype)
