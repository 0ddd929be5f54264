"""Core ops: conversion, casting, shapes, control flow (``kbackend.ops.core``).

Control flow on symbolic inputs (KerasTensors) infers its output specs by tracing the
user's functions with KerasTensors (they are expected to use ``kbackend.ops``); a
function that the symbolic trace cannot run (e.g. it calls the engine directly) is
traced by the engine's ``compute_output_spec`` instead.
"""

import numpy as np

from kbackend import backends, tree
from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor, any_symbolic_tensors
from kbackend.ops.operation import Operation
from kbackend.ops.shape_utils import canonicalize_axis


class Cast(Operation):
    def __init__(self, dtype, name=None):
        super().__init__(name=name)
        self.dtype = dtypes.standardize_dtype(dtype)

    def call(self, x):
        return backends.core.cast(x, self.dtype)

    def compute_output_spec(self, x):
        return KerasTensor(x.shape, dtype=self.dtype, sparse=x.sparse)


def cast(x, dtype):
    """Casts a tensor to ``dtype``.

    Args:
        x: a tensor.
        dtype: the target dtype name (e.g. ``"float16"``).

    Returns:
        A tensor of the same shape with the new dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.dtype(ops.cast([1, 2], "float16"))
    'float16'
    """
    if isinstance(x, KerasTensor):
        return Cast(dtype).symbolic_call(x)
    return backends.core.cast(x, dtypes.standardize_dtype(dtype))


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Converts an array-like to a tensor of the engine in use.

    Python ints become int32 and Python floats ``floatx()``; NumPy arrays keep their dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.dtype(ops.convert_to_tensor([1.0, 2.0]))
    'float32'
    """
    if isinstance(x, KerasTensor):
        return x if dtype is None else cast(x, dtype)
    return backends.core.convert_to_tensor(x, dtype=dtype, sparse=sparse, ragged=ragged)


def convert_to_numpy(x):
    """Converts a tensor (or Variable) to a NumPy array.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.ones((2,))).tolist()
    [1.0, 1.0]
    """
    if isinstance(x, KerasTensor):
        raise ValueError(
            "convert_to_numpy: a KerasTensor is symbolic and has no value. Call the model "
            "or op on real data first."
        )
    return backends.core.convert_to_numpy(x)


def is_tensor(x):
    """True if ``x`` is a tensor of the engine in use.

    Example:
    >>> from kbackend import ops
    >>> ops.is_tensor(ops.ones((1,))), ops.is_tensor([1])
    (True, False)
    """
    return backends.core.is_tensor(x)


def shape(x):
    """Returns the shape of a tensor as a tuple (None for unknown dims of KerasTensors).

    Example:
    >>> from kbackend import ops
    >>> ops.shape(ops.ones((2, 3)))
    (2, 3)
    """
    if isinstance(x, KerasTensor):
        return x.shape
    return backends.core.shape(x)


def dtype(x):
    """Returns the standard dtype name of a tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.dtype(ops.ones((1,), dtype="int8"))
    'int8'
    """
    if isinstance(x, KerasTensor):
        return x.dtype
    return backends.core.dtype(x)


# --- helpers for symbolic control flow ----------------------------------------------


def _spec_of(x):
    """A KerasTensor describing ``x`` (tensor, array, Python scalar); others pass through."""
    if x is None or isinstance(x, KerasTensor):
        return x
    if isinstance(x, bool):
        return KerasTensor((), dtype="bool")
    if isinstance(x, (int, float, complex)):
        return KerasTensor((), dtype=dtypes.infer_dtype(x))
    if backends.is_tensor(x) or isinstance(x, (np.ndarray, np.generic)) or (
        hasattr(x, "shape") and hasattr(x, "dtype")
    ):
        return KerasTensor(tuple(x.shape), dtype=dtypes.standardize_dtype(x.dtype))
    return x


def _specs(structure):
    return tree.map_structure(_spec_of, structure)


def _trace(fn, *args, op_name="op"):
    """The output specs of ``fn(*args)`` where ``args`` hold KerasTensors."""
    try:
        outputs = fn(*args)
    except (TypeError, ValueError, AttributeError, NotImplementedError) as symbolic_error:
        try:
            outputs = backends.compute_output_spec(fn, *args)
        except Exception:
            raise symbolic_error from None
    return _specs(outputs)


def _merge_specs(a, b, op_name, what):
    """One spec for two branch outputs: equal dtypes and ranks, None where dims differ."""
    try:
        tree.assert_same_structure(a, b)
    except (TypeError, ValueError):
        raise ValueError(
            f"{op_name}: {what} must return the same structure, got {a!r} and {b!r}."
        ) from None

    def merge(x, y):
        if not isinstance(x, KerasTensor) or not isinstance(y, KerasTensor):
            return x
        if x.dtype != y.dtype or len(x.shape) != len(y.shape):
            raise ValueError(
                f"{op_name}: {what} must return tensors of the same dtype and rank, got "
                f"shape={x.shape}, dtype={x.dtype} and shape={y.shape}, dtype={y.dtype}."
            )
        shape = []
        for dx, dy in zip(x.shape, y.shape):
            if dx is not None and dy is not None and dx != dy:
                raise ValueError(
                    f"{op_name}: {what} return incompatible shapes {x.shape} and {y.shape}."
                )
            shape.append(dx if dx == dy else None)
        return KerasTensor(tuple(shape), dtype=x.dtype)

    return tree.map_structure(merge, a, b)


def _first_slice_spec(x):
    if isinstance(x, KerasTensor):
        if not x.shape:
            raise ValueError(
                f"Cannot iterate over the leading axis of a scalar KerasTensor {x!r}."
            )
        return KerasTensor(x.shape[1:], dtype=x.dtype)
    return x


def _stacked_spec(x, length):
    if isinstance(x, KerasTensor):
        return KerasTensor((length,) + tuple(x.shape), dtype=x.dtype)
    return x


def _leading_dim(structure, op_name):
    dims = {x.shape[0] for x in tree.flatten(structure) if isinstance(x, KerasTensor)}
    known = {d for d in dims if d is not None}
    if len(known) > 1:
        raise ValueError(
            f"{op_name}: all inputs must have the same leading dimension, got {sorted(known)}."
        )
    return known.pop() if known else None


# --- casting ---------------------------------------------------------------------


class SaturateCast(Operation):
    def __init__(self, dtype, name=None):
        super().__init__(name=name)
        self.dtype = dtypes.standardize_dtype(dtype)

    def call(self, x):
        return backends.core.saturate_cast(x, self.dtype)

    def compute_output_spec(self, x):
        return KerasTensor(x.shape, dtype=self.dtype)


def saturate_cast(x, dtype):
    """Casts ``x`` to ``dtype``, clipping values to the range of the new dtype first.

    NaN becomes 0 when casting to an integer dtype.

    Args:
        x: a tensor.
        dtype: the target dtype.

    Returns:
        The cast tensor; out-of-range values saturate at the dtype's min/max.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.saturate_cast([-10.0, 300.0], "uint8")).tolist()
    [0, 255]
    """
    if isinstance(x, KerasTensor):
        return SaturateCast(dtype).symbolic_call(x)
    return backends.core.saturate_cast(x, dtypes.standardize_dtype(dtype))


# --- slicing and scattering ---------------------------------------------------------


def _static_ints(values, op_name, what):
    try:
        return tuple(int(v) for v in values)
    except (TypeError, ValueError):
        raise ValueError(
            f"{op_name}: `{what}` must be a static tuple of ints, got {values!r}."
        ) from None


class Slice(Operation):
    def __init__(self, shape, name=None):
        super().__init__(name=name)
        self.shape = _static_ints(shape, "slice", "shape")

    def call(self, inputs, start_indices):
        return backends.core.slice(inputs, start_indices, self.shape)

    def compute_output_spec(self, inputs, start_indices):
        inputs = _spec_of(inputs)
        if len(self.shape) != len(inputs.shape):
            raise ValueError(
                f"slice: `shape` {self.shape} must have one entry per axis of the input "
                f"of shape {inputs.shape}."
            )
        for size, dim in zip(self.shape, inputs.shape):
            if size < 0 or (dim is not None and size > dim):
                raise ValueError(
                    f"slice: cannot take a slice of shape {self.shape} from an input of "
                    f"shape {inputs.shape}."
                )
        return KerasTensor(self.shape, dtype=inputs.dtype)


def slice(inputs, start_indices, shape):
    """Takes a slice of static ``shape`` starting at ``start_indices`` (may be tensors).

    Like ``jax.lax.dynamic_slice``, start indices are clamped so that the slice fits.

    Args:
        inputs: a tensor.
        start_indices: one start index per axis.
        shape: the static shape of the slice.

    Returns:
        A tensor of shape ``shape``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.slice(ops.arange(6), [2], [3])).tolist()
    [2, 3, 4]
    """
    if any_symbolic_tensors((inputs, start_indices)):
        return Slice(shape).symbolic_call(inputs, start_indices)
    return backends.core.slice(inputs, start_indices, shape)


class SliceUpdate(Operation):
    def call(self, inputs, start_indices, updates):
        return backends.core.slice_update(inputs, start_indices, updates)

    def compute_output_spec(self, inputs, start_indices, updates):
        inputs, updates = _spec_of(inputs), _spec_of(updates)
        if len(inputs.shape) != len(updates.shape):
            raise ValueError(
                f"slice_update: `updates` of shape {updates.shape} must have the rank of "
                f"`inputs` (shape {inputs.shape})."
            )
        for u, d in zip(updates.shape, inputs.shape):
            if u is not None and d is not None and u > d:
                raise ValueError(
                    f"slice_update: `updates` of shape {updates.shape} do not fit in "
                    f"`inputs` of shape {inputs.shape}."
                )
        return KerasTensor(inputs.shape, dtype=inputs.dtype)


def slice_update(inputs, start_indices, updates):
    """Returns ``inputs`` with the block at ``start_indices`` replaced by ``updates``.

    Args:
        inputs: a tensor.
        start_indices: one start index per axis (clamped so that ``updates`` fits).
        updates: a tensor of the same rank; it is cast to the dtype of ``inputs``.

    Returns:
        A new tensor with the shape and dtype of ``inputs``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.slice_update(ops.zeros((4,)), [1], ops.ones((2,)))).tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    if any_symbolic_tensors((inputs, start_indices, updates)):
        return SliceUpdate().symbolic_call(inputs, start_indices, updates)
    return backends.core.slice_update(inputs, start_indices, updates)


def _check_indices(indices, op_name, target_rank):
    indices = _spec_of(indices)
    if isinstance(indices, KerasTensor) and indices.shape:
        k = indices.shape[-1]
        if k is not None and target_rank is not None and k > target_rank:
            raise ValueError(
                f"{op_name}: `indices` of shape {indices.shape} index {k} axes but the "
                f"target has rank {target_rank}."
            )


class Scatter(Operation):
    def __init__(self, shape, name=None):
        super().__init__(name=name)
        self.shape = _static_ints(shape, "scatter", "shape")

    def call(self, indices, values):
        return backends.core.scatter(indices, values, self.shape)

    def compute_output_spec(self, indices, values):
        _check_indices(indices, "scatter", len(self.shape))
        values = _spec_of(values)
        dtype = values.dtype if isinstance(values, KerasTensor) else dtypes.infer_dtype(values)
        return KerasTensor(self.shape, dtype=dtype)


def scatter(indices, values, shape):
    """Returns a zero tensor of ``shape`` with ``values`` added at ``indices``.

    Duplicate indices accumulate (their values are summed).

    Args:
        indices: integer tensor of shape ``(N, k)``, ``k <= len(shape)``.
        values: tensor of shape ``(N,) + shape[k:]``.
        shape: the output shape.

    Returns:
        A tensor of ``shape`` with the dtype of ``values``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.scatter([[0], [2], [0]], [1.0, 2.0, 3.0], (4,))).tolist()
    [4.0, 0.0, 2.0, 0.0]
    """
    if any_symbolic_tensors((indices, values)):
        return Scatter(shape).symbolic_call(indices, values)
    return backends.core.scatter(indices, values, shape)


_REDUCTIONS = (None, "add", "mul", "max", "min")


class ScatterUpdate(Operation):
    def __init__(self, reduction=None, name=None):
        super().__init__(name=name)
        self.reduction = reduction

    def call(self, inputs, indices, updates):
        return backends.core.scatter_update(inputs, indices, updates, reduction=self.reduction)

    def compute_output_spec(self, inputs, indices, updates):
        inputs = _spec_of(inputs)
        _check_indices(indices, "scatter_update", len(inputs.shape))
        return KerasTensor(inputs.shape, dtype=inputs.dtype)


def scatter_update(inputs, indices, updates, reduction=None):
    """Returns ``inputs`` with the entries at ``indices`` set to (or combined with) ``updates``.

    Args:
        inputs: a tensor.
        indices: integer tensor of shape ``(N, k)``.
        updates: tensor of shape ``(N,) + inputs.shape[k:]`` (cast to the dtype of inputs).
        reduction: None (replace), "add", "mul", "max" or "min".

    Returns:
        A new tensor with the shape and dtype of ``inputs``.

    Example:
    >>> from kbackend import ops
    >>> x = ops.zeros((2, 2))
    >>> ops.convert_to_numpy(ops.scatter_update(x, [[0, 1]], [5.0])).tolist()
    [[0.0, 5.0], [0.0, 0.0]]
    """
    if reduction not in _REDUCTIONS:
        raise ValueError(
            f"scatter_update: unknown reduction {reduction!r}; expected one of {_REDUCTIONS}."
        )
    if any_symbolic_tensors((inputs, indices, updates)):
        return ScatterUpdate(reduction).symbolic_call(inputs, indices, updates)
    return backends.core.scatter_update(inputs, indices, updates, reduction=reduction)


class Unstack(Operation):
    def __init__(self, num=None, axis=0, name=None):
        super().__init__(name=name)
        self.num = num
        self.axis = axis

    def call(self, x):
        return backends.core.unstack(x, num=self.num, axis=self.axis)

    def compute_output_spec(self, x):
        axis = canonicalize_axis(self.axis, len(x.shape), "unstack")
        dim = x.shape[axis]
        if dim is None and self.num is None:
            raise ValueError(
                f"unstack: cannot unstack axis {self.axis} of unknown size (input shape "
                f"{x.shape}); pass `num`."
            )
        if dim is not None and self.num is not None and dim != self.num:
            raise ValueError(
                f"unstack: num={self.num} does not match the size {dim} of axis {self.axis} "
                f"(input shape {x.shape})."
            )
        num = self.num if dim is None else dim
        shape = x.shape[:axis] + x.shape[axis + 1 :]
        return [KerasTensor(shape, dtype=x.dtype) for _ in range(num)]


def unstack(x, num=None, axis=0):
    """Splits ``x`` along ``axis`` into a list of tensors of rank ``ndim - 1``.

    Args:
        x: a tensor.
        num: the size of ``axis`` (needed only when it is unknown symbolically).
        axis: the axis to unstack.

    Returns:
        A list of tensors.

    Example:
    >>> from kbackend import ops
    >>> [ops.convert_to_numpy(t).tolist() for t in ops.unstack(ops.eye(2))]
    [[1.0, 0.0], [0.0, 1.0]]
    """
    if isinstance(x, KerasTensor):
        return Unstack(num, axis).symbolic_call(x)
    return backends.core.unstack(x, num=num, axis=axis)


# --- gradients --------------------------------------------------------------------


class StopGradient(Operation):
    def call(self, variable):
        return backends.core.stop_gradient(variable)

    def compute_output_spec(self, variable):
        return KerasTensor(variable.shape, dtype=variable.dtype)


def stop_gradient(variable):
    """Returns ``variable`` unchanged, but gradients do not flow through it.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.stop_gradient(ops.ones((2,)))).tolist()
    [1.0, 1.0]
    """
    if isinstance(variable, KerasTensor):
        return StopGradient().symbolic_call(variable)
    return backends.core.stop_gradient(variable)


def custom_gradient(f):
    """Decorator for a function with a custom gradient.

    ``f(*args)`` returns ``(outputs, grad_fn)`` where ``grad_fn(*upstream, variables=None)``
    returns the gradients of the inputs. The decorated function returns ``outputs``.
    On symbolic inputs it returns the symbolic ``outputs``; on engines that cannot
    differentiate (numpy) only the forward value is computed.

    Example:
    >>> from kbackend import ops
    >>> @ops.custom_gradient
    ... def double(x):
    ...     return ops.multiply(x, 2.0), lambda upstream: ops.multiply(upstream, 2.0)
    >>> ops.convert_to_numpy(double(ops.ones((2,)))).tolist()
    [2.0, 2.0]
    """
    if not callable(f):
        raise TypeError(f"custom_gradient expects a callable, got {f!r}.")
    engine_fn = backends.core.custom_gradient(f)

    def wrapper(*args, **kwargs):
        if any_symbolic_tensors(args, kwargs):
            result = f(*args, **kwargs)
            if not isinstance(result, (tuple, list)) or len(result) != 2:
                raise ValueError(
                    "custom_gradient: the decorated function must return "
                    f"(outputs, grad_fn), got {result!r}."
                )
            return result[0]
        return engine_fn(*args, **kwargs)

    wrapper.__name__ = getattr(f, "__name__", "custom_gradient")
    wrapper.__doc__ = getattr(f, "__doc__", None)
    return wrapper


# --- control flow ----------------------------------------------------------------


class Cond(Operation):
    def call(self, pred, true_fn, false_fn):
        return backends.core.cond(pred, true_fn, false_fn)

    def compute_output_spec(self, pred, true_fn, false_fn):
        pred = _spec_of(pred)
        if isinstance(pred, KerasTensor) and any(d not in (1, None) for d in pred.shape):
            raise ValueError(
                f"cond: `pred` must be a scalar boolean, got a tensor of shape {pred.shape}."
            )
        true_spec = _trace(true_fn, op_name="cond")
        false_spec = _trace(false_fn, op_name="cond")
        return _merge_specs(true_spec, false_spec, "cond", "`true_fn` and `false_fn`")


def cond(pred, true_fn, false_fn):
    """Runs ``true_fn()`` if ``pred`` else ``false_fn()`` (both must return the same specs).

    Args:
        pred: a scalar boolean (tensor or Python bool).
        true_fn: function of no arguments.
        false_fn: function of no arguments.

    Returns:
        The outputs of the branch taken.

    Example:
    >>> from kbackend import ops
    >>> x = ops.convert_to_tensor(3.0)
    >>> ops.convert_to_numpy(ops.cond(x > 0, lambda: x * 2, lambda: x)).item()
    6.0
    """
    if isinstance(pred, KerasTensor):
        return Cond().symbolic_call(pred, true_fn, false_fn)
    return backends.core.cond(pred, true_fn, false_fn)


class Switch(Operation):
    def call(self, index, branches, *operands):
        return backends.core.switch(index, branches, *operands)

    def compute_output_spec(self, index, branches, *operands):
        specs = [_trace(branch, *operands, op_name="switch") for branch in branches]
        result = specs[0]
        for spec in specs[1:]:
            result = _merge_specs(result, spec, "switch", "all branches")
        return result


def switch(index, branches, *operands):
    """Runs ``branches[index](*operands)``; ``index`` is clamped to the valid range.

    Args:
        index: an integer scalar (tensor or Python int).
        branches: a sequence of functions returning outputs of the same specs.
        *operands: the arguments passed to the branch.

    Returns:
        The outputs of the chosen branch.

    Example:
    >>> from kbackend import ops
    >>> fns = [lambda x: x + 1, lambda x: x * 10]
    >>> ops.convert_to_numpy(ops.switch(1, fns, ops.ones((2,)))).tolist()
    [10.0, 10.0]
    """
    if not branches or not all(callable(b) for b in branches):
        raise ValueError(f"switch: `branches` must be a non-empty list of callables, got "
                         f"{branches!r}.")
    if any_symbolic_tensors((index,) + operands):
        return Switch().symbolic_call(index, list(branches), *operands)
    return backends.core.switch(index, branches, *operands)


class WhileLoop(Operation):
    def __init__(self, cond, body, maximum_iterations=None, name=None):
        super().__init__(name=name)
        self.cond = cond
        self.body = body
        self.maximum_iterations = maximum_iterations

    def call(self, loop_vars):
        return backends.core.while_loop(
            self.cond, self.body, loop_vars, maximum_iterations=self.maximum_iterations
        )

    def compute_output_spec(self, loop_vars):
        specs = _specs(loop_vars)
        is_sequence = isinstance(loop_vars, (tuple, list))
        args = tuple(specs) if is_sequence else (specs,)
        out = _trace(self.body, *args, op_name="while_loop")
        if is_sequence:
            out = tuple(out) if isinstance(out, (tuple, list)) else (out,)
            _merge_specs(tuple(specs), out, "while_loop", "`body` and `loop_vars`")
            return type(loop_vars)(specs)
        _merge_specs(specs, out, "while_loop", "`body` and `loop_vars`")
        return specs


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """Runs ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)`` is true.

    ``loop_vars`` is a tensor or a tuple/list of them; ``cond`` and ``body`` receive
    them unpacked, and ``body`` returns the same structure, shapes and dtypes.

    Args:
        cond: function returning a scalar boolean.
        body: function returning the new loop variables.
        loop_vars: the initial loop variables.
        maximum_iterations: optional maximum number of iterations.

    Returns:
        The final loop variables (same structure as ``loop_vars``).

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.while_loop(lambda i: i < 10, lambda i: i + 1, 0)).item()
    10
    """
    if any_symbolic_tensors((loop_vars,)):
        return WhileLoop(cond, body, maximum_iterations).symbolic_call(loop_vars)
    return backends.core.while_loop(
        cond, body, loop_vars, maximum_iterations=maximum_iterations
    )


class ForiLoop(Operation):
    def __init__(self, lower, upper, body_fun, name=None):
        super().__init__(name=name)
        self.lower = lower
        self.upper = upper
        self.body_fun = body_fun

    def call(self, init_val):
        return backends.core.fori_loop(self.lower, self.upper, self.body_fun, init_val)

    def compute_output_spec(self, init_val):
        specs = _specs(init_val)
        out = _trace(self.body_fun, KerasTensor((), dtype="int32"), specs, op_name="fori_loop")
        _merge_specs(specs, out, "fori_loop", "`body_fun` and `init_val`")
        return specs


def fori_loop(lower, upper, body_fun, init_val):
    """Runs ``val = body_fun(i, val)`` for ``i`` in ``range(lower, upper)``.

    Args:
        lower: the first index (int or integer scalar tensor).
        upper: the end index (exclusive).
        body_fun: function of ``(i, val)`` returning a new ``val`` of the same specs.
        init_val: the initial value (any structure of tensors).

    Returns:
        The final value.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.fori_loop(0, 5, lambda i, v: v + i, 0)).item()
    10
    """
    if any_symbolic_tensors((lower, upper, init_val)):
        if any_symbolic_tensors((lower, upper)):
            return backends.compute_output_spec(
                lambda lo, up, val: backends.core.fori_loop(lo, up, body_fun, val),
                lower,
                upper,
                init_val,
            )
        return ForiLoop(lower, upper, body_fun).symbolic_call(init_val)
    return backends.core.fori_loop(lower, upper, body_fun, init_val)


class Scan(Operation):
    def __init__(self, f, length=None, reverse=False, unroll=1, name=None):
        super().__init__(name=name)
        self.f = f
        self.length = length
        self.reverse = reverse
        self.unroll = unroll

    def call(self, init, xs=None):
        return backends.core.scan(
            self.f, init, xs, length=self.length, reverse=self.reverse, unroll=self.unroll
        )

    def compute_output_spec(self, init, xs=None):
        init_spec, xs_spec = _specs(init), _specs(xs)
        length = self.length
        if xs is not None:
            dim = _leading_dim(xs_spec, "scan")
            if length is not None and dim is not None and length != dim:
                raise ValueError(
                    f"scan: `length` ({length}) does not match the leading dimension of "
                    f"`xs` ({dim})."
                )
            length = dim if dim is not None else length
        x = None if xs is None else tree.map_structure(_first_slice_spec, xs_spec)
        out = _trace(self.f, init_spec, x, op_name="scan")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise ValueError(
                f"scan: `f` must return a pair (carry, y), got {out!r}."
            )
        carry, y = out
        _merge_specs(init_spec, carry, "scan", "the carry returned by `f` and `init`")
        return init_spec, tree.map_structure(lambda s: _stacked_spec(s, length), y)


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """Scans ``f`` over the leading axis of ``xs`` while carrying a state.

    Semantics of ``jax.lax.scan``: ``carry, y = f(carry, x)`` for each slice ``x`` of
    ``xs``; returns the final carry and the stacked ``y``.

    Args:
        f: function ``(carry, x) -> (carry, y)``.
        init: the initial carry.
        xs: tensors (any structure) to scan over, or None (then ``length`` is needed).
        length: the number of iterations.
        reverse: scan from the end.
        unroll: loop unrolling hint (compiled engines).

    Returns:
        ``(final_carry, stacked_ys)``.

    Example:
    >>> from kbackend import ops
    >>> carry, ys = ops.scan(lambda c, x: (c + x, c), 0.0, ops.arange(4.0))
    >>> ops.convert_to_numpy(carry).item(), ops.convert_to_numpy(ys).tolist()
    (6.0, [0.0, 0.0, 1.0, 3.0])
    """
    if any_symbolic_tensors((init, xs)):
        return Scan(f, length=length, reverse=reverse, unroll=unroll).symbolic_call(init, xs)
    return backends.core.scan(f, init, xs, length=length, reverse=reverse, unroll=unroll)


class AssociativeScan(Operation):
    def __init__(self, f, reverse=False, axis=0, name=None):
        super().__init__(name=name)
        self.f = f
        self.reverse = reverse
        self.axis = axis

    def call(self, elems):
        return backends.core.associative_scan(self.f, elems, reverse=self.reverse, axis=self.axis)

    def compute_output_spec(self, elems):
        specs = _specs(elems)
        leaves = [x for x in tree.flatten(specs) if isinstance(x, KerasTensor)]
        if not leaves:
            raise ValueError("associative_scan: `elems` must contain at least one tensor.")
        sizes = set()
        for x in leaves:
            axis = canonicalize_axis(self.axis, len(x.shape), "associative_scan")
            sizes.add(x.shape[axis])
        sizes.discard(None)
        if len(sizes) > 1:
            raise ValueError(
                "associative_scan: all `elems` must have the same size along axis "
                f"{self.axis}, got {sorted(sizes)}."
            )
        out = _trace(self.f, specs, specs, op_name="associative_scan")
        return _merge_specs(specs, out, "associative_scan", "`f` and `elems`")


def associative_scan(f, elems, reverse=False, axis=0):
    """Inclusive scan of ``elems`` along ``axis`` with an associative binary function.

    ``f(a, b)`` combines two structures like ``elems`` elementwise (it is applied to
    whole slices, so it must be vectorized). With ``f = add`` this is a cumulative sum.

    Args:
        f: associative function of two structures like ``elems``.
        elems: a tensor or structure of tensors with the same size along ``axis``.
        reverse: scan from the end.
        axis: the axis to scan.

    Returns:
        A structure like ``elems``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.associative_scan(ops.add, ops.arange(4))).tolist()
    [0, 1, 3, 6]
    """
    if any_symbolic_tensors((elems,)):
        return AssociativeScan(f, reverse=reverse, axis=axis).symbolic_call(elems)
    return backends.core.associative_scan(f, elems, reverse=reverse, axis=axis)


class Map(Operation):
    def __init__(self, f, name=None):
        super().__init__(name=name)
        self.f = f

    def call(self, xs):
        return backends.core.map(self.f, xs)

    def compute_output_spec(self, xs):
        specs = _specs(xs)
        length = _leading_dim(specs, type(self).__name__.lower())
        x = tree.map_structure(_first_slice_spec, specs)
        y = _trace(self.f, x, op_name="map")
        return tree.map_structure(lambda s: _stacked_spec(s, length), y)


def map(f, xs):
    """Applies ``f`` to each slice of ``xs`` along its leading axis and stacks the results.

    Args:
        f: function of one slice (structure like ``xs``).
        xs: tensor or structure of tensors with the same leading dimension.

    Returns:
        The stacked outputs of ``f``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.map(lambda x: x * 2, ops.arange(3))).tolist()
    [0, 2, 4]
    """
    if any_symbolic_tensors((xs,)):
        return Map(f).symbolic_call(xs)
    return backends.core.map(f, xs)


class VectorizedMap(Map):
    def call(self, xs):
        return backends.core.vectorized_map(self.f, xs)


def vectorized_map(function, elements):
    """Maps ``function`` over the leading axis of ``elements``, vectorized where possible.

    Same results as `map`; engines that can vectorize (jax ``vmap``, torch ``vmap``,
    tensorflow ``vectorized_map``) do so.

    Args:
        function: function of one slice.
        elements: tensor or structure of tensors.

    Returns:
        The stacked outputs.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.vectorized_map(lambda x: x + 1, ops.zeros((2, 2)))).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    if any_symbolic_tensors((elements,)):
        return VectorizedMap(function).symbolic_call(elements)
    return backends.core.vectorized_map(function, elements)

