import builtins
import contextlib

import numpy as np
import torch

from kbackend import tree
from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.backends.common.variables import VariableBase

DEFAULT_DEVICE = "cuda" if torch.cuda.is_available() else "cpu"
_device_stack = []

TORCH_DTYPES = {
    "bool": torch.bool,
    "uint8": torch.uint8,
    "uint16": torch.uint16,
    "uint32": torch.uint32,
    "uint64": torch.uint64,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bfloat16": torch.bfloat16,
    "float16": torch.float16,
    "float32": torch.float32,
    "float64": torch.float64,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}


def to_torch_dtype(dtype):
    dtype = dtypes.standardize_dtype(dtype)
    try:
        return TORCH_DTYPES[dtype]
    except KeyError:
        raise TypeError(
            f"The torch engine has no {dtype!r} tensors. Keep strings as NumPy arrays "
            "(preprocessing layers accept them)."
        ) from None


def get_device():
    return _device_stack[-1] if _device_stack else DEFAULT_DEVICE


def _in_meta_trace():
    return bool(_device_stack) and torch.device(_device_stack[-1]).type == "meta"


@contextlib.contextmanager
def _real_device():
    # Variables created while compute_output_spec traces on "meta" still need real
    # values on a real device, since they outlive the trace.
    saved = list(_device_stack)
    _device_stack[:] = [d for d in saved if torch.device(d).type != "meta"]
    try:
        yield
    finally:
        _device_stack[:] = saved


def _maybe_meta(x):
    # NOTE: inside a compute_output_spec trace, real float tensors (weights) join the
    # "meta" tensors they are combined with. Integer tensors (seed states, counters) keep
    # their data: code such as random ops reads their values.
    if (
        _in_meta_trace()
        and isinstance(x, torch.Tensor)
        and x.device.type != "meta"
        and (x.dtype.is_floating_point or x.dtype.is_complex)
    ):
        return x.to("meta")
    return x


class Variable(VariableBase):
    def __init__(self, *args, **kwargs):
        with _real_device():
            super().__init__(*args, **kwargs)

    def _initialize_deferred(self):
        with _real_device():
            super()._initialize_deferred()

    @property
    def _pending_slots(self):
        """Module slots that registered this variable before it had a value."""
        slots = self.__dict__.get("_pending_slot_list")
        if slots is None:
            slots = self.__dict__["_pending_slot_list"] = []
        return slots

    def _initialize(self, value):
        # NOTE: a copy, so that a Variable made from another tensor never shares its memory.
        self._value = torch.nn.Parameter(
            value.detach().clone(),
            requires_grad=self.trainable and value.dtype.is_floating_point,
        )
        for slots, name in self.__dict__.pop("_pending_slot_list", ()):
            if slots.variables.get(name) is self:
                slots[name] = self._value

    def _direct_assign(self, value):
        if isinstance(value, torch.Tensor) and value.device.type == "meta":
            return  # NOTE: an assignment traced by compute_output_spec has no data.
        with torch.no_grad():
            self._value.copy_(value)

    def _convert_to_tensor(self, value, dtype=None):
        return convert_to_tensor(value, dtype=dtype)

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        if getattr(self, "_value", None) is not None and self._value.dtype.is_floating_point:
            self._value.requires_grad_(self._trainable)

    # Lets torch functions accept a Variable directly.
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        def unwrap(x):
            return _maybe_meta(x.value) if isinstance(x, Variable) else x

        args = tree.map_structure(unwrap, args)
        kwargs = tree.map_structure(unwrap, kwargs or {})
        return func(*args, **kwargs)


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    if isinstance(x, VariableBase):
        x = x.value
    if isinstance(x, torch.Tensor):
        x = _maybe_meta(x)
        if dtype is None:
            return x
        torch_dtype = to_torch_dtype(dtype)
        return x if x.dtype == torch_dtype else x.to(torch_dtype)
    if dtype is None:
        dtype = dtypes.infer_dtype(x)
    torch_dtype = to_torch_dtype(dtype)
    if isinstance(x, (list, tuple)) or hasattr(x, "dtype"):
        x = np.asarray(x)
        if not x.flags.writeable:
            # NOTE: torch warns on read-only buffers (e.g. NumPy views of jax arrays).
            x = x.copy()
    if isinstance(x, np.ndarray) and x.dtype.name != "bfloat16":
        return torch.as_tensor(x, device=get_device()).to(torch_dtype)
    if isinstance(x, np.ndarray):
        if x.dtype.name == "bfloat16":
            return torch.as_tensor(x.astype(np.float32), device=get_device()).to(torch_dtype)
        return torch.as_tensor(x, device=get_device()).to(torch_dtype)
    # NOTE: Python scalars become 0-d tensors, which torch mixes with any device. Inside a
    # "meta" trace they stay on the real device, so integer states (seed counters) that
    # keep real data can still be updated with them.
    device = _real_device_name() if _in_meta_trace() else get_device()
    return torch.as_tensor(x, dtype=torch_dtype, device=device)


def _real_device_name():
    for device in reversed(_device_stack):
        if torch.device(device).type != "meta":
            return device
    return DEFAULT_DEVICE


def convert_to_numpy(x):
    if isinstance(x, VariableBase):
        x = x.value
    if isinstance(x, torch.Tensor):
        x = x.detach()
        if x.device.type != "cpu":
            x = x.cpu()
        if x.dtype == torch.bfloat16:
            return x.float().numpy().astype(dtypes.numpy_dtype("bfloat16"))
        return x.numpy()
    return np.asarray(x)


def is_tensor(x):
    return isinstance(x, torch.Tensor)


def shape(x):
    return tuple(x.shape)


def cast(x, dtype):
    return convert_to_tensor(x, dtype=dtype)


def dtype(x):
    return dtypes.standardize_dtype(convert_to_tensor(x).dtype)


@contextlib.contextmanager
def device_scope(device_name):
    kind, _, index = str(device_name).lower().partition(":")
    if kind == "gpu":
        kind = "cuda"
    if kind not in ("cpu", "cuda", "mps", "meta"):
        raise ValueError(
            f"Invalid device {device_name!r}; expected e.g. 'cpu:0' or 'gpu:0'."
        )
    count = torch.cuda.device_count() if kind == "cuda" else 1
    if kind in ("cuda", "cpu") and int(index or 0) >= count:
        available = ["cpu:0"] + [f"cuda:{i}" for i in range(torch.cuda.device_count())]
        raise ValueError(
            f"device_scope({device_name!r}): torch has no such device; it has {available}."
        )
    device = torch.device(kind if kind == "cpu" else f"{kind}:{int(index or 0)}")
    _device_stack.append(device)
    try:
        yield
    finally:
        _device_stack.pop()


def compute_output_spec(fn, *args, **kwargs):
    # NOTE: tensors on the "meta" device carry shape and dtype only, so fn runs without
    # computing anything. Unknown (None) dims are run with two sizes; dims that differ
    # are reported as None.
    def run(fill):
        def to_meta(x):
            if isinstance(x, KerasTensor):
                shape = tuple(fill if d is None else d for d in x.shape)
                return torch.empty(shape, dtype=to_torch_dtype(x.dtype), device="meta")
            return x

        a, k = tree.map_structure(to_meta, (args, kwargs))
        _device_stack.append(torch.device("meta"))
        try:
            return fn(*a, **k)
        finally:
            _device_stack.pop()

    has_none = any(
        isinstance(x, KerasTensor) and None in x.shape for x in tree.flatten((args, kwargs))
    )
    out_a = run(83)
    out_b = run(89) if has_none else out_a

    def to_spec(a, b):
        if not isinstance(a, torch.Tensor):
            return a
        shape = tuple(da if da == db else None for da, db in zip(a.shape, b.shape))
        return KerasTensor(shape, dtype=dtypes.standardize_dtype(a.dtype))

    return tree.map_structure(to_spec, out_a, out_b)


# ---------------------------------------------------------------------------
# Control flow and structural ops (INTERFACE["core"]).
# NOTE: torch runs eagerly, so control flow is plain Python. On the "meta" device
# (compute_output_spec) a predicate has no value: cond/switch then trace one branch.


def _is_meta(x):
    return isinstance(x, torch.Tensor) and x.device.type == "meta"


def _to_python_int(x, name):
    if isinstance(x, VariableBase):
        x = x.value
    if isinstance(x, torch.Tensor):
        if _is_meta(x):
            raise ValueError(f"{name}: the value is symbolic; pass a concrete integer.")
        return int(x.item())
    return int(x)


def cond(pred, true_fn, false_fn):
    if isinstance(pred, VariableBase):
        pred = pred.value
    if _is_meta(pred):
        return true_fn()
    if isinstance(pred, torch.Tensor):
        if pred.numel() != 1:
            raise ValueError(
                f"cond: `pred` must be a scalar, received a tensor of shape {tuple(pred.shape)}."
            )
        pred = bool(pred.item())
    return true_fn() if pred else false_fn()


def switch(index, branches, *operands):
    if not branches:
        raise ValueError("switch: `branches` must be a non-empty list of callables.")
    if isinstance(index, VariableBase):
        index = index.value
    if _is_meta(index):
        return branches[0](*operands)
    index = _to_python_int(index, "switch")
    index = min(max(index, 0), len(branches) - 1)
    return branches[index](*operands)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_sequence = isinstance(loop_vars, (tuple, list))
    loop_vars = tuple(loop_vars) if is_sequence else (loop_vars,)
    loop_vars = tree.map_structure(convert_to_tensor, loop_vars)
    iteration = 0

    def keep_going():
        if maximum_iterations is not None and iteration >= maximum_iterations:
            return False
        result = cond(*loop_vars)
        if isinstance(result, torch.Tensor):
            if _is_meta(result):
                return False
            result = bool(result.item())
        return bool(result)

    while keep_going():
        loop_vars = body(*loop_vars)
        if not isinstance(loop_vars, (list, tuple)):
            loop_vars = (loop_vars,)
        loop_vars = tuple(loop_vars)
        iteration += 1
    return loop_vars if is_sequence else loop_vars[0]


def fori_loop(lower, upper, body_fun, init_val):
    lower = _to_python_int(lower, "fori_loop")
    upper = _to_python_int(upper, "fori_loop")
    value = init_val
    for i in range(lower, upper):
        value = body_fun(i, value)
    return value


def _stack_structures(outputs):
    # outputs: a list of identical structures of tensors -> one structure of stacks.
    return tree.map_structure(
        lambda *leaves: torch.stack([convert_to_tensor(v) for v in leaves]), *outputs
    )


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    if not callable(f):
        raise TypeError(f"scan: `f` must be callable, received {f!r}.")
    if not isinstance(unroll, (bool, int)) or (not isinstance(unroll, bool) and unroll < 1):
        raise ValueError(f"scan: `unroll` must be a positive int or a bool, received {unroll!r}.")
    if xs is None:
        if length is None:
            raise ValueError("scan: pass `xs` or `length`.")
        x_leaves = []
        n = int(length)
    else:
        x_leaves = [convert_to_tensor(x) for x in tree.flatten(xs)]
        lengths = {int(x.shape[0]) for x in x_leaves}
        if len(lengths) > 1 or (length is not None and lengths and int(length) not in lengths):
            raise ValueError(
                f"scan: all `xs` must share their leading dimension (and match `length`), "
                f"received leading dims {sorted(lengths)} and length={length}."
            )
        n = lengths.pop() if lengths else int(length or 0)
    carry = init
    ys = []
    order = range(n - 1, -1, -1) if reverse else range(n)
    for i in order:
        x = None if xs is None else tree.pack_sequence_as(xs, [leaf[i] for leaf in x_leaves])
        carry, y = f(carry, x)
        ys.append(y)
    if reverse:
        ys.reverse()
    if not ys:
        return carry, None
    if all(y is None for y in tree.flatten(ys[0])) and tree.flatten(ys[0]) != []:
        return carry, None
    return carry, _stack_structures(ys)


def associative_scan(f, elems, reverse=False, axis=0):
    if not callable(f):
        raise TypeError(f"associative_scan: `f` must be callable, received {f!r}.")
    leaves = [convert_to_tensor(x) for x in tree.flatten(elems)]
    if not leaves:
        return elems
    ndim = leaves[0].ndim
    axis = axis + ndim if axis < 0 else axis
    n = leaves[0].shape[axis]
    if any(leaf.shape[axis] != n for leaf in leaves):
        raise ValueError(
            "associative_scan: all elements must have the same size along `axis`, received "
            f"shapes {[tuple(leaf.shape) for leaf in leaves]}."
        )
    if reverse:
        leaves = [torch.flip(leaf, (axis,)) for leaf in leaves]

    def call(a, b):
        out = f(tree.pack_sequence_as(elems, a), tree.pack_sequence_as(elems, b))
        return [convert_to_tensor(o) for o in tree.flatten(out)]

    # NOTE: Hillis-Steele scan: log2(n) batched applications of f, each combining every
    # element with the partial result `offset` positions before it.
    offset = 1
    while offset < n:
        earlier = [leaf.narrow(axis, 0, n - offset) for leaf in leaves]
        later = [leaf.narrow(axis, offset, n - offset) for leaf in leaves]
        combined = call(earlier, later)
        leaves = [
            torch.cat([leaf.narrow(axis, 0, offset), c.to(leaf.dtype)], dim=axis)
            for leaf, c in zip(leaves, combined)
        ]
        offset *= 2
    if reverse:
        leaves = [torch.flip(leaf, (axis,)) for leaf in leaves]
    return tree.pack_sequence_as(elems, leaves)


def map(f, xs):
    leaves = [convert_to_tensor(x) for x in tree.flatten(xs)]
    if not leaves:
        raise ValueError("map: `xs` must contain at least one tensor.")
    n = int(leaves[0].shape[0])
    outputs = [f(tree.pack_sequence_as(xs, [leaf[i] for leaf in leaves])) for i in range(n)]
    if not outputs:
        raise ValueError("map: `xs` has a leading dimension of 0; nothing to map over.")
    return _stack_structures(outputs)


def vectorized_map(function, elements):
    elements = tree.map_structure(convert_to_tensor, elements)
    try:
        return torch.vmap(function)(elements)
    except Exception:  # noqa: BLE001
        # NOTE: torch.vmap rejects data-dependent Python control flow, .item() and
        # some ops; fall back to a loop over the leading dimension.
        return map(function, elements)


def stop_gradient(variable):
    if isinstance(variable, VariableBase):
        variable = variable.value
    return convert_to_tensor(variable).detach()


def custom_gradient(f):
    def wrapper(*args, **kwargs):
        grad_holder = {}
        flat_args = list(args)
        tensor_positions = [i for i, a in enumerate(flat_args) if isinstance(a, torch.Tensor)]

        class _CustomGradient(torch.autograd.Function):
            @staticmethod
            def forward(ctx, *tensors):
                call_args = list(flat_args)
                for pos, t in zip(tensor_positions, tensors):
                    call_args[pos] = t
                output, grad_fn = f(*call_args, **kwargs)
                grad_holder["grad_fn"] = grad_fn
                if isinstance(output, list):
                    output = tuple(output)
                return output

            @staticmethod
            def backward(ctx, *upstream):
                grads = grad_holder["grad_fn"](*upstream)
                if not isinstance(grads, (list, tuple)):
                    grads = (grads,)
                grads = list(grads) + [None] * (len(tensor_positions) - len(grads))
                return tuple(
                    None if g is None else convert_to_tensor(g) for g in grads
                )[: len(tensor_positions)]

        tensors = [flat_args[i] for i in tensor_positions]
        for i, a in enumerate(flat_args):
            if isinstance(a, VariableBase):
                flat_args[i] = a.value
                tensor_positions.append(i)
                tensors.append(a.value)
        return _CustomGradient.apply(*tensors)

    return wrapper


def slice(inputs, start_indices, shape):
    inputs = convert_to_tensor(inputs)
    if isinstance(start_indices, torch.Tensor):
        start_indices = start_indices.tolist()
    shape = [_to_python_int(s, "slice") for s in shape]
    if len(start_indices) != inputs.ndim or len(shape) != inputs.ndim:
        raise ValueError(
            f"slice: `start_indices` and `shape` need one entry per dimension of the input "
            f"(rank {inputs.ndim}), received {start_indices} and {shape}."
        )
    out = inputs
    for dim, (start, size) in enumerate(zip(start_indices, shape)):
        start = _to_python_int(start, "slice")
        # NOTE: like XLA's dynamic_slice, starts are clamped so the slice fits.
        start = min(max(start, 0), max(inputs.shape[dim] - size, 0))
        out = out.narrow(dim, start, size)
    return out


def slice_update(inputs, start_indices, updates):
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, dtype=inputs.dtype)
    if isinstance(start_indices, torch.Tensor):
        start_indices = start_indices.tolist()
    index = []
    for dim, start in enumerate(start_indices):
        start = _to_python_int(start, "slice_update")
        size = updates.shape[dim]
        start = min(max(start, 0), max(inputs.shape[dim] - size, 0))
        index.append(builtins.slice(start, start + size))
    out = inputs.clone()
    out[tuple(index)] = updates
    return out


def _scatter_indices(indices, ndim):
    indices = convert_to_tensor(indices)
    if indices.dtype.is_floating_point:
        raise TypeError(f"scatter: `indices` must be integers, received {indices.dtype}.")
    indices = indices.to(torch.long)
    if indices.ndim == 0 or indices.shape[-1] > ndim:
        raise ValueError(
            f"scatter: `indices` must have shape (..., k) with k <= {ndim}, received "
            f"{tuple(indices.shape)}."
        )
    return tuple(indices[..., i] for i in range(indices.shape[-1]))


def scatter(indices, values, shape):
    values = convert_to_tensor(values)
    shape = tuple(_to_python_int(s, "scatter") for s in shape)
    out = torch.zeros(shape, dtype=values.dtype, device=values.device)
    index = _scatter_indices(indices, len(shape))
    return out.index_put(index, values, accumulate=True)


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, dtype=inputs.dtype)
    index = _scatter_indices(indices, inputs.ndim)
    if reduction is None:
        return inputs.index_put(index, updates)
    if reduction in ("add", "sum"):
        return inputs.index_put(index, updates, accumulate=True)
    modes = {"max": "amax", "min": "amin", "mul": "prod", "prod": "prod", "multiply": "prod"}
    if reduction not in modes:
        raise ValueError(
            f"scatter_update: unknown reduction {reduction!r}; expected None, 'add', 'max', "
            "'min' or 'mul'."
        )
    # Linearise the leading k dims so scatter_reduce can work along one axis.
    k = len(index)
    lead = inputs.shape[:k]
    flat_index = torch.zeros_like(index[0])
    for i, dim_size in enumerate(lead):
        flat_index = flat_index * dim_size + index[i]
    flat_inputs = inputs.reshape((-1,) + tuple(inputs.shape[k:]))
    flat_updates = updates.reshape((-1,) + tuple(inputs.shape[k:]))
    flat_index = flat_index.reshape(-1)
    expanded = flat_index.reshape((-1,) + (1,) * (flat_inputs.ndim - 1)).expand_as(flat_updates)
    out = flat_inputs.scatter_reduce(0, expanded, flat_updates, modes[reduction])
    return out.reshape(inputs.shape)


def unstack(x, num=None, axis=0):
    x = convert_to_tensor(x)
    if num is not None and x.shape[axis] != num:
        raise ValueError(
            f"unstack: `num`={num} does not match the size {x.shape[axis]} of axis {axis}."
        )
    return list(torch.unbind(x, dim=axis))


def saturate_cast(x, dtype):
    x = convert_to_tensor(x)
    dtype = dtypes.standardize_dtype(dtype)
    target = to_torch_dtype(dtype)
    if target == torch.bool or x.dtype == torch.bool or x.dtype.is_complex:
        return x.to(target)
    if target.is_floating_point:
        info = torch.finfo(target)
        if x.dtype.is_floating_point and torch.finfo(x.dtype).max > info.max:
            x = torch.clamp(x, info.min, info.max)
        return x.to(target)
    info = torch.iinfo(target)
    if x.dtype.is_floating_point:
        # NOTE: the dtype's bounds may not be representable in x's float dtype (int32 max
        # rounds up in float32); clamp to the largest representable value inside the range
        # and map values beyond it to the bound itself.
        hi = torch.tensor(float(info.max), dtype=x.dtype, device=x.device)
        if hi.item() > info.max:
            hi = torch.nextafter(hi, torch.zeros_like(hi))
        lo = torch.tensor(float(info.min), dtype=x.dtype, device=x.device)
        if lo.item() < info.min:
            lo = torch.nextafter(lo, torch.zeros_like(lo))
        x = torch.nan_to_num(x, nan=0.0)
        out = torch.clamp(x, lo, hi).to(target)
        out = torch.where(x > hi, torch.tensor(info.max, dtype=target, device=x.device), out)
        return torch.where(x < lo, torch.tensor(info.min, dtype=target, device=x.device), out)
    source = torch.iinfo(x.dtype)
    lo, hi = max(info.min, source.min), min(info.max, source.max)
    if (lo, hi) != (source.min, source.max):
        x = torch.clamp(x.to(torch.int64) if x.dtype != torch.uint64 else x, lo, hi)
    return x.to(target)
