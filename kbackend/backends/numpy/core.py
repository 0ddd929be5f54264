import builtins
import contextlib

import numpy as np

from kbackend import tree
from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.backends.common.variables import VariableBase


class Variable(VariableBase):
    def _initialize(self, value):
        self._value = value

    def _direct_assign(self, value):
        self._value = value

    def _convert_to_tensor(self, value, dtype=None):
        return convert_to_tensor(value, dtype=dtype)


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    if isinstance(x, VariableBase):
        x = x.value
    if dtype is not None:
        dtype = dtypes.standardize_dtype(dtype)
    if isinstance(x, np.ndarray):
        if dtype is None or x.dtype.name == dtype:
            return x
    elif dtype is None:
        dtype = dtypes.infer_dtype(x)
    if dtype == "string":
        return np.asarray(x, dtype=np.str_)
    return np.asarray(x).astype(dtypes.numpy_dtype(dtype), copy=False)


def convert_to_numpy(x):
    if isinstance(x, VariableBase):
        x = x.value
    return np.asarray(x)


def is_tensor(x):
    return isinstance(x, (np.ndarray, np.generic))


def shape(x):
    return tuple(x.shape)


def cast(x, dtype):
    return convert_to_tensor(x, dtype=dtype)


def dtype(x):
    return dtypes.standardize_dtype(convert_to_tensor(x).dtype)


@contextlib.contextmanager
def device_scope(device_name):
    kind, _, index = str(device_name).lower().partition(":")
    if kind != "cpu" or int(index or 0) != 0:
        raise ValueError(
            f"The numpy engine only runs on one CPU device; device_scope({device_name!r}) is "
            "not possible. It has ['cpu:0']: use 'cpu:0' or another engine."
        )
    yield


def compute_output_spec(fn, *args, **kwargs):
    # NOTE: NumPy has no abstract evaluation: run fn on small zero arrays, trying two
    # sizes for unknown dims so that dims that follow them are reported as None.
    def run(fill):
        def to_array(x):
            if isinstance(x, KerasTensor):
                shape = tuple(fill if d is None else d for d in x.shape)
                if x.dtype == "string":
                    return np.zeros(shape, dtype=np.str_)
                return np.zeros(shape, dtype=x.dtype)
            return x

        a, k = tree.map_structure(to_array, (args, kwargs))
        return fn(*a, **k)

    has_none = any(
        isinstance(x, KerasTensor) and None in x.shape for x in tree.flatten((args, kwargs))
    )
    out_a = run(83)
    out_b = run(89) if has_none else out_a

    def to_spec(a, b):
        if not is_tensor(a):
            return a
        shape = tuple(
            da if da == db else None for da, db in zip(np.shape(a), np.shape(b))
        )
        return KerasTensor(shape, dtype=dtypes.standardize_dtype(a.dtype))

    return tree.map_structure(to_spec, out_a, out_b)


# --- control flow -------------------------------------------------------------------
# NOTE: NumPy cannot compile, so control flow is plain Python. Loop state is converted
# to arrays (Python scalars follow the promotion table: int32 / floatx) so that the
# results have the same dtypes as on the compiled engines.


def _to_tensors(structure, like=None):
    if like is None:
        return tree.map_structure(
            lambda x: x if x is None else convert_to_tensor(x), structure
        )
    # Loop state keeps its dtype from one iteration to the next (compiled engines
    # require it; NumPy's own promotion could otherwise widen float32 to float64).
    return tree.map_structure(
        lambda x, ref: x if x is None else convert_to_tensor(x, dtype=ref.dtype),
        structure,
        like,
    )


def cond(pred, true_fn, false_fn):
    pred = convert_to_numpy(pred)
    if pred.size != 1:
        raise ValueError(
            f"cond: `pred` must be a scalar boolean, got a tensor of shape {pred.shape}."
        )
    return true_fn() if bool(pred.reshape(())) else false_fn()


def switch(index, branches, *operands):
    index = int(convert_to_numpy(index).reshape(()))
    index = min(max(index, 0), len(branches) - 1)
    return branches[index](*operands)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_sequence = isinstance(loop_vars, (tuple, list))
    state = tuple(loop_vars) if is_sequence else (loop_vars,)
    state = _to_tensors(state)
    iteration = 0
    while maximum_iterations is None or iteration < maximum_iterations:
        if not bool(convert_to_numpy(cond(*state))):
            break
        outputs = body(*state)
        outputs = tuple(outputs) if is_sequence else (outputs,)
        state = _to_tensors(outputs, like=state)
        iteration += 1
    return state if is_sequence else state[0]


def fori_loop(lower, upper, body_fun, init_val):
    val = _to_tensors(init_val)
    lower = int(convert_to_numpy(lower))
    upper = int(convert_to_numpy(upper))
    for i in range(lower, upper):
        val = _to_tensors(body_fun(np.asarray(i, dtype="int32"), val), like=val)
    return val


def _stack_structures(items, like=None):
    if not items:
        return like
    return tree.map_structure(
        lambda *xs: None if xs[0] is None else np.stack([np.asarray(x) for x in xs]), *items
    )


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    if not isinstance(unroll, (bool, int)) or (not isinstance(unroll, bool) and unroll < 1):
        raise ValueError(f"scan: `unroll` must be a positive int or a bool, got {unroll!r}.")
    xs_flat = [] if xs is None else [convert_to_tensor(x) for x in tree.flatten(xs)]
    lengths = {int(x.shape[0]) for x in xs_flat}
    if len(lengths) > 1:
        raise ValueError(
            f"scan: all `xs` must have the same leading dimension, got {sorted(lengths)}."
        )
    if length is not None and lengths and length not in lengths:
        raise ValueError(
            f"scan: `length` ({length}) does not match the leading dimension of `xs` "
            f"({lengths.pop()})."
        )
    if length is None:
        if not lengths:
            raise ValueError("scan: `length` is required when `xs` is None.")
        length = lengths.pop()
    carry = _to_tensors(init)
    ys = []
    steps = range(length - 1, -1, -1) if reverse else range(length)
    for i in steps:
        x = None if xs is None else tree.pack_sequence_as(xs, [x[i] for x in xs_flat])
        new_carry, y = f(carry, x)
        carry = _to_tensors(new_carry, like=carry)
        ys.append(y)
    if reverse:
        ys.reverse()
    if not ys or all(y is None for y in tree.flatten(ys[0])):
        return carry, (None if not ys else ys[0])
    return carry, _stack_structures(ys)


def associative_scan(f, elems, reverse=False, axis=0):
    flat = [convert_to_tensor(x) for x in tree.flatten(elems)]
    if not flat:
        raise ValueError("associative_scan: `elems` must contain at least one tensor.")
    ndim = flat[0].ndim
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"associative_scan: axis {axis} is out of bounds for tensors of rank {ndim}."
        )
    axis = axis % ndim
    lengths = {int(x.shape[axis]) for x in flat}
    if len(lengths) != 1:
        raise ValueError(
            "associative_scan: all `elems` must have the same size along `axis`, got "
            f"{sorted(lengths)}."
        )
    n = lengths.pop()

    def take(i):
        return [np.take(x, [i], axis=axis) for x in flat]

    order = range(n - 1, -1, -1) if reverse else range(n)
    results = [None] * n
    previous = None
    for i in order:
        current = take(i)
        if previous is not None:
            a = tree.pack_sequence_as(elems, previous)
            b = tree.pack_sequence_as(elems, current)
            current = [convert_to_tensor(c) for c in tree.flatten(f(a, b))]
        results[i] = current
        previous = current
    out = [np.concatenate([r[k] for r in results], axis=axis) for k in range(len(flat))]
    return tree.pack_sequence_as(elems, out)


def map(f, xs):
    flat = [convert_to_tensor(x) for x in tree.flatten(xs)]
    n = int(flat[0].shape[0]) if flat else 0
    outputs = [f(tree.pack_sequence_as(xs, [x[i] for x in flat])) for i in range(n)]
    if not outputs:
        raise ValueError("map: cannot map over an empty leading dimension.")
    return _stack_structures(outputs)


def vectorized_map(function, elements):
    return map(function, elements)


# --- gradients (NumPy has none: identity wrappers) ----------------------------------


def stop_gradient(variable):
    return convert_to_tensor(variable)


def custom_gradient(f):
    # NOTE: NumPy computes no gradients, so only the forward value of `f` is kept.
    def wrapper(*args, **kwargs):
        outputs, _ = f(*args, **kwargs)
        return outputs

    return wrapper


# --- indexing -----------------------------------------------------------------------


def _start_indices(start_indices, shape, sizes, op_name):
    starts = [int(s) for s in convert_to_numpy(start_indices).reshape(-1)]
    if len(starts) != len(shape):
        raise ValueError(
            f"{op_name}: `start_indices` has {len(starts)} entries but the input has rank "
            f"{len(shape)}."
        )
    # Like lax.dynamic_slice: starts are clamped so that the slice fits.
    return tuple(
        builtins.slice(start, start + k)
        for start, k in (
            (min(max(s, 0), max(d - k, 0)), k) for s, d, k in zip(starts, shape, sizes)
        )
    )


def slice(inputs, start_indices, shape):
    inputs = convert_to_tensor(inputs)
    sizes = [int(k) for k in shape]
    index = _start_indices(start_indices, inputs.shape, sizes, "slice")
    return inputs[index]


def slice_update(inputs, start_indices, updates):
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, dtype=inputs.dtype)
    index = _start_indices(start_indices, inputs.shape, updates.shape, "slice_update")
    out = inputs.copy()
    out[index] = updates
    return out


def _index_tuple(indices, ndim, op_name):
    indices = convert_to_numpy(indices).astype("int64")
    if indices.ndim == 0 or indices.shape[-1] > ndim:
        raise ValueError(
            f"{op_name}: `indices` must have shape (..., k) with k <= {ndim} (the rank of "
            f"the target), got shape {indices.shape}."
        )
    return tuple(indices[..., i] for i in range(indices.shape[-1]))


def scatter(indices, values, shape):
    values = convert_to_tensor(values)
    out = np.zeros(tuple(int(d) for d in shape), dtype=values.dtype)
    np.add.at(out, _index_tuple(indices, out.ndim, "scatter"), values)
    return out


_SCATTER_REDUCTIONS = {"add": np.add, "mul": np.multiply, "max": np.maximum, "min": np.minimum}


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, dtype=inputs.dtype)
    index = _index_tuple(indices, inputs.ndim, "scatter_update")
    out = inputs.copy()
    if reduction is None:
        out[index] = updates
    elif reduction in _SCATTER_REDUCTIONS:
        _SCATTER_REDUCTIONS[reduction].at(out, index, updates)
    else:
        raise ValueError(
            f"scatter_update: unknown reduction {reduction!r}; expected None, "
            f"{', '.join(repr(r) for r in _SCATTER_REDUCTIONS)}."
        )
    return out


def unstack(x, num=None, axis=0):
    x = convert_to_tensor(x)
    if num is not None and num != x.shape[axis]:
        raise ValueError(
            f"unstack: num={num} does not match the size {x.shape[axis]} of axis {axis}."
        )
    return [np.take(x, i, axis=axis) for i in range(x.shape[axis])]


def saturate_cast(x, dtype):
    dtype = dtypes.standardize_dtype(dtype)
    x = convert_to_tensor(x)
    target = dtypes.numpy_dtype(dtype)
    if dtype in dtypes.INT_TYPES:
        info = np.iinfo(target)
        if x.dtype.kind in "fc" or x.dtype.name == "bfloat16":
            # NOTE: clip in float64; the largest int64 is not a float, so values at or
            # above 2**63 are set explicitly.
            x = np.nan_to_num(np.real(x).astype("float64"), nan=0.0)
            high = x >= float(info.max)
            x = np.clip(x, float(info.min), min(float(info.max), 2.0**63 - 1024))
            return np.where(high, info.max, x.astype(target)).astype(target)
        if x.dtype.kind in "iu":
            x = np.clip(x.astype("int64") if x.dtype != np.uint64 else x, info.min, info.max)
        return x.astype(target)
    if dtype in dtypes.FLOAT_TYPES and x.dtype.kind in "fiu":
        info = np.finfo(target) if dtype != "bfloat16" else None
        if info is not None:
            x = np.clip(x.astype("float64"), float(info.min), float(info.max))
        return x.astype(target)
    return x.astype(target)
