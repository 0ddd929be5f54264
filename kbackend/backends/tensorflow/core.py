import builtins
import contextlib

import numpy as np
import tensorflow as tf

from kbackend import tree
from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.backends.common.variables import VariableBase


class Variable(VariableBase):
    def _initialize(self, value):
        self._value = tf.Variable(
            value, trainable=self.trainable, name=self.name, dtype=value.dtype
        )

    def _direct_assign(self, value):
        self._value.assign(value)

    def _convert_to_tensor(self, value, dtype=None):
        return convert_to_tensor(value, dtype=dtype)

    @property
    def value(self):
        # Reading gives a tensor (not the tf.Variable) so ops see a plain value.
        mapped = super().value
        if isinstance(mapped, tf.Variable):
            return mapped.value()
        return mapped

    def numpy(self):
        return self.value.numpy()

    # NOTE: these two let tf.GradientTape watch and differentiate with respect to a
    # kbackend Variable directly (`tape.gradient(loss, model.trainable_variables)`).
    _should_act_as_resource_variable = True

    @property
    def handle(self):
        return self._value.handle


def _variable_to_tensor(var, dtype=None, name=None, as_ref=False):
    return convert_to_tensor(var.value, dtype=dtype)


tf.register_tensor_conversion_function(Variable, _variable_to_tensor)


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    if isinstance(x, VariableBase):
        x = x.value
    if dtype is not None:
        dtype = dtypes.standardize_dtype(dtype)
    if tf.is_tensor(x):
        if dtype is None or x.dtype.name == dtype:
            return x
        if isinstance(x, tf.SparseTensor):
            return tf.sparse.map_values(tf.cast, x, dtype)
        return tf.cast(x, dtype)
    if dtype is None:
        dtype = dtypes.infer_dtype(x)
    elif not isinstance(x, np.ndarray) and dtype != "string":
        # NOTE: tf refuses to convert Python floats straight to an int dtype (it does
        # not truncate); go through NumPy, which casts like the other engines.
        inferred = dtypes.infer_dtype(x)
        if inferred != dtype and inferred != "string":
            x = np.asarray(x, dtype=dtypes.numpy_dtype(inferred))
    if isinstance(x, np.ndarray) and x.dtype.name != dtype and dtype != "string":
        x = x.astype(dtypes.numpy_dtype(dtype))
    return tf.convert_to_tensor(x, dtype=dtype)


def convert_to_numpy(x):
    if isinstance(x, VariableBase):
        x = x.value
    if isinstance(x, tf.SparseTensor):
        x = tf.sparse.to_dense(x)
    if tf.is_tensor(x):
        return x.numpy()
    return np.asarray(x)


def is_tensor(x):
    return tf.is_tensor(x)


def shape(x):
    # NOTE: inside tf.function, unknown dims are read as dynamic scalars so that the
    # result can still be used to build shapes.
    if not tf.is_tensor(x):
        x = convert_to_tensor(x)
    static = x.shape
    if static.rank is None:
        return tuple(tf.unstack(tf.shape(x)))
    if None in static.as_list():
        dynamic = tf.shape(x)
        return tuple(dynamic[i] if d is None else d for i, d in enumerate(static.as_list()))
    return tuple(static.as_list())


def cast(x, dtype):
    return convert_to_tensor(x, dtype=dtype)


def dtype(x):
    return dtypes.standardize_dtype(convert_to_tensor(x).dtype)


@contextlib.contextmanager
def device_scope(device_name):
    kind, _, index = str(device_name).lower().partition(":")
    if kind not in ("cpu", "gpu", "tpu"):
        raise ValueError(
            f"Invalid device {device_name!r}; expected e.g. 'cpu:0' or 'gpu:0'."
        )
    index = int(index or 0)
    # NOTE: tf.device accepts any name and fails (or falls back) later; check it now.
    available = [d.name.replace("/device:", "").lower()
                 for d in tf.config.list_logical_devices()]
    if f"{kind}:{index}" not in available:
        raise ValueError(
            f"device_scope({device_name!r}): tensorflow has no such device; it has "
            f"{available}."
        )
    with tf.device(f"{kind}:{index}"):
        yield


def compute_output_spec(fn, *args, **kwargs):
    # NOTE: a tf.function traced with TensorSpecs keeps unknown dims as None, so no
    # real computation runs.
    leaves = tree.flatten((args, kwargs))
    positions = [i for i, v in enumerate(leaves) if isinstance(v, KerasTensor)]

    def wrapped(*tensors):
        filled = list(leaves)
        for i, t in zip(positions, tensors):
            filled[i] = t
        a, k = tree.pack_sequence_as((args, kwargs), filled)
        return fn(*a, **k)

    specs = [tf.TensorSpec(leaves[i].shape, leaves[i].dtype) for i in positions]
    graph_fn = tf.function(wrapped, autograph=False)
    concrete = graph_fn.get_concrete_function(*specs)
    outputs = concrete.structured_outputs

    def to_spec(x):
        if isinstance(x, (tf.Tensor, tf.TensorSpec)):
            shape = None if x.shape.rank is None else tuple(x.shape.as_list())
            return KerasTensor(shape, dtype=dtypes.standardize_dtype(x.dtype))
        return x

    return tree.map_structure(to_spec, outputs)


# --- control flow and structural ops -----------------------------------------------


def _unwrap(x):
    if isinstance(x, VariableBase):
        return x.value
    return x


def cond(pred, true_fn, false_fn):
    pred = _unwrap(pred)
    if isinstance(pred, tf.Variable):
        pred = pred.value()
    # NOTE: a Python or eager predicate runs one branch in Python, so the branches may
    # return different shapes eagerly; inside tf.function both must agree (tf.cond).
    if not tf.is_tensor(pred) or tf.executing_eagerly():
        return true_fn() if bool(np.asarray(pred)) else false_fn()
    if pred.dtype != tf.bool:
        pred = tf.cast(pred, "bool")
    return tf.cond(pred, true_fn, false_fn)


def switch(index, branches, *operands):
    index = convert_to_tensor(_unwrap(index), "int32")
    index = tf.clip_by_value(index, 0, len(branches) - 1)
    return tf.switch_case(index, [lambda b=b: b(*operands) for b in branches])


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_tuple = isinstance(loop_vars, (list, tuple))
    loop_vars = tuple(loop_vars) if is_tuple else (loop_vars,)
    loop_vars = tree.map_structure(lambda v: convert_to_tensor(_unwrap(v)), loop_vars)

    def body_fn(*values):
        outputs = body(*values)
        return tuple(outputs) if is_tuple else (outputs,)

    outputs = tf.while_loop(
        cond, body_fn, loop_vars, maximum_iterations=maximum_iterations
    )
    return outputs if is_tuple else outputs[0]


def fori_loop(lower, upper, body_fun, init_val):
    lower = convert_to_tensor(_unwrap(lower), "int32")
    upper = convert_to_tensor(_unwrap(upper), "int32")

    def cond_fn(i, value):
        return i < upper

    def body_fn(i, value):
        return i + 1, body_fun(i, value)

    return tf.while_loop(cond_fn, body_fn, (lower, init_val))[1]


def _scan_length(xs_flat, length):
    if length is not None:
        return length
    if not xs_flat:
        raise ValueError("scan: pass `xs` or `length`; both are None.")
    n = xs_flat[0].shape[0]
    return n if n is not None else tf.shape(xs_flat[0])[0]


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    if not isinstance(unroll, (bool, int)) or (not isinstance(unroll, bool) and unroll < 1):
        raise ValueError(f"scan: unroll must be a bool or a positive int, got {unroll!r}.")
    xs_flat = [] if xs is None else [convert_to_tensor(_unwrap(x)) for x in tree.flatten(xs)]
    n = _scan_length(xs_flat, length)
    init = tree.map_structure(lambda v: convert_to_tensor(_unwrap(v)), init)

    def x_at(i):
        if xs is None:
            return None
        return tree.pack_sequence_as(xs, [x[i] for x in xs_flat])

    if isinstance(n, int) and (tf.executing_eagerly() or n <= 1):
        # NOTE: eagerly (or for tiny static lengths) a Python loop is exact and fast;
        # tf.function traces it into a while loop below.
        carry, ys = init, []
        order = range(n - 1, -1, -1) if reverse else range(n)
        for i in order:
            carry, y = f(carry, x_at(i))
            ys.append(y)
        if reverse:
            ys = ys[::-1]
        if not ys:
            return carry, _empty_scan_outputs(f, init, xs_flat, xs)
        stacked = tree.map_structure(
            lambda *v: None if v[0] is None else tf.stack(v), *ys
        )
        return carry, stacked

    n = tf.convert_to_tensor(n, "int32")
    # NOTE: the outputs' structure and dtypes are only known after calling f, so the
    # first step is peeled off the loop (a dynamic length of 0 is not supported).
    first = n - 1 if reverse else tf.constant(0, "int32")
    carry, y0 = f(init, x_at(first))
    carry = tree.map_structure(
        lambda c, i: tf.cast(c, i.dtype) if tf.is_tensor(c) else c, carry, init
    )
    y0_flat = [tf.convert_to_tensor(y) for y in tree.flatten(y0) if y is not None]
    arrays = [
        tf.TensorArray(y.dtype, size=n, element_shape=y.shape).write(first, y)
        for y in y0_flat
    ]
    carry_flat = tree.flatten(carry)

    def cond_fn(i, carry_flat, arrays):
        return i < n

    def body_fn(i, carry_flat, arrays):
        index = n - 1 - i if reverse else i
        new_carry, y = f(tree.pack_sequence_as(carry, carry_flat), x_at(index))
        new_flat = [
            tf.cast(c, old.dtype) for c, old in zip(tree.flatten(new_carry), carry_flat)
        ]
        values = [v for v in tree.flatten(y) if v is not None]
        arrays = [a.write(index, v) for a, v in zip(arrays, values)]
        return i + 1, new_flat, arrays

    _, carry_flat, arrays = tf.while_loop(
        cond_fn, body_fn, (tf.constant(1, "int32"), carry_flat, arrays),
        parallel_iterations=1,
        # A bound lets XLA size the gradient's accumulators (jit_compile=True training).
        maximum_iterations=n,
    )
    stacked = iter([a.stack() for a in arrays])
    ys = tree.map_structure(lambda v: None if v is None else next(stacked), y0)
    return tree.pack_sequence_as(carry, carry_flat), ys


def _empty_scan_outputs(f, init, xs_flat, xs):
    # Trace f once (no computation) to learn the structure of its per-step outputs.
    def step(*args):
        carry = tree.pack_sequence_as(init, args[: len(tree.flatten(init))])
        x = None
        if xs is not None:
            x = tree.pack_sequence_as(xs, args[len(tree.flatten(init)) :])
        return f(carry, x)[1]

    specs = [tf.TensorSpec(v.shape, v.dtype) for v in tree.flatten(init)]
    specs += [tf.TensorSpec(v.shape[1:], v.dtype) for v in xs_flat]
    out = tf.function(step, autograph=False).get_concrete_function(*specs).structured_outputs
    return tree.map_structure(
        lambda s: tf.zeros([0] + s.shape.as_list(), s.dtype) if s is not None else None, out
    )


def associative_scan(f, elems, reverse=False, axis=0):
    elems_flat = [convert_to_tensor(_unwrap(e)) for e in tree.flatten(elems)]
    if not elems_flat:
        raise ValueError("associative_scan: `elems` is empty.")
    rank = elems_flat[0].shape.rank
    axis = axis % rank
    num = elems_flat[0].shape[axis]
    if num is None:
        raise ValueError(
            "associative_scan: the scanned axis must have a known size, got shape "
            f"{tuple(elems_flat[0].shape)}."
        )
    if reverse:
        elems_flat = [tf.reverse(e, [axis]) for e in elems_flat]

    def take(x, start, stop=None, step=None):
        index = [builtins.slice(None)] * rank
        index[axis] = builtins.slice(start, stop, step)
        return x[tuple(index)]

    def combine(a_flat, b_flat):
        a = tree.pack_sequence_as(elems, a_flat)
        b = tree.pack_sequence_as(elems, b_flat)
        return [convert_to_tensor(v) for v in tree.flatten(f(a, b))]

    def interleave(a, b):
        # a holds the even positions, b the odd ones.
        na, nb = a.shape[axis], b.shape[axis]
        if na > nb:
            pad = [[0, 0]] * rank
            pad[axis] = [0, 1]
            b = tf.pad(b, pad)
        stacked = tf.stack([a, b], axis=axis + 1)
        shape = tf.concat(
            [tf.shape(a)[:axis], [2 * na], tf.shape(a)[axis + 1 :]], axis=0
        )
        merged = tf.reshape(stacked, shape)
        return take(merged, 0, na + nb)

    def scan_level(xs):
        n = xs[0].shape[axis]
        if n < 2:
            return xs
        reduced = combine([take(x, 0, -1, 2) for x in xs], [take(x, 1, None, 2) for x in xs])
        odd = scan_level(reduced)
        if n % 2 == 0:
            even = combine([take(o, 0, -1) for o in odd], [take(x, 2, None, 2) for x in xs])
        else:
            even = combine(odd, [take(x, 2, None, 2) for x in xs])
        even = [tf.concat([take(x, 0, 1), e], axis=axis) for x, e in zip(xs, even)]
        return [interleave(e, o) for e, o in zip(even, odd)]

    result = scan_level(elems_flat)
    if reverse:
        result = [tf.reverse(r, [axis]) for r in result]
    return tree.pack_sequence_as(elems, result)


def map(f, xs):
    def step(carry, x):
        return carry, f(x)

    return scan(step, (), xs)[1]


def vectorized_map(function, elements):
    elements = tree.map_structure(lambda v: convert_to_tensor(_unwrap(v)), elements)
    return tf.vectorized_map(function, elements)


def stop_gradient(variable):
    return tf.stop_gradient(convert_to_tensor(variable))


def custom_gradient(f):
    @tf.custom_gradient
    def wrapped(*args):
        output, grad_fn = f(*args)

        def grad(*upstream, variables=None):
            grads = grad_fn(*upstream)
            if variables:
                return grads, [None] * len(variables)
            return grads

        return output, grad

    def call(*args, **kwargs):
        args = tree.map_structure(_unwrap, args)
        if kwargs:
            return wrapped(*args, *tree.map_structure(_unwrap, tuple(kwargs.values())))
        return wrapped(*args)

    return call


def _int_indices(indices):
    indices = convert_to_tensor(_unwrap(indices))
    if indices.dtype not in (tf.int32, tf.int64):
        indices = tf.cast(indices, "int64")
    return indices


def slice(inputs, start_indices, shape):
    inputs = convert_to_tensor(_unwrap(inputs))
    start = _int_indices(start_indices)
    size = tf.cast(_int_indices(shape), start.dtype)
    # NOTE: like jax's dynamic_slice, starts are clamped so the slice fits.
    start = tf.clip_by_value(start, 0, tf.shape(inputs, out_type=start.dtype) - size)
    return tf.slice(inputs, start, size)


def slice_update(inputs, start_indices, updates):
    inputs = convert_to_tensor(_unwrap(inputs))
    updates = convert_to_tensor(_unwrap(updates), dtypes.standardize_dtype(inputs.dtype))
    rank = inputs.shape.rank
    start = tf.cast(_int_indices(start_indices), "int64")
    upd_shape = tf.shape(updates, out_type="int64")
    # NOTE: like jax's dynamic_update_slice, starts are clamped so the update fits.
    start = tf.clip_by_value(start, 0, tf.shape(inputs, out_type="int64") - upd_shape)
    grids = tf.meshgrid(*[tf.range(upd_shape[i]) for i in range(rank)], indexing="ij")
    index = tf.stack([g + start[i] for i, g in enumerate(grids)], axis=-1)
    return tf.tensor_scatter_nd_update(inputs, index, updates)


def scatter(indices, values, shape):
    values = convert_to_tensor(_unwrap(values))
    indices = _int_indices(indices)
    shape = tf.cast(_int_indices(shape), indices.dtype)
    return tf.scatter_nd(indices, values, shape)


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = convert_to_tensor(_unwrap(inputs))
    updates = convert_to_tensor(_unwrap(updates), dtypes.standardize_dtype(inputs.dtype))
    indices = _int_indices(indices)
    if reduction is None:
        return tf.tensor_scatter_nd_update(inputs, indices, updates)
    if reduction == "add":
        return tf.tensor_scatter_nd_add(inputs, indices, updates)
    if reduction == "max":
        return tf.tensor_scatter_nd_max(inputs, indices, updates)
    if reduction == "min":
        return tf.tensor_scatter_nd_min(inputs, indices, updates)
    if reduction == "mul":
        # NOTE: tf has no scatter-multiply; multiply by the per-position product of the
        # updates (1 where nothing is scattered).
        depth = indices.shape[-1]
        lead = tf.shape(inputs, out_type=indices.dtype)[:depth]
        flat_index = tf.reshape(indices, [-1, depth])
        strides = tf.math.cumprod(lead, exclusive=True, reverse=True)
        ids = tf.reduce_sum(flat_index * strides, axis=-1)
        slice_shape = tf.shape(inputs)[depth:]
        flat_updates = tf.reshape(updates, tf.concat([[-1], slice_shape], 0))
        factors = tf.math.unsorted_segment_prod(flat_updates, ids, tf.reduce_prod(lead))
        factors = tf.reshape(factors, tf.shape(inputs))
        return inputs * factors
    raise ValueError(
        "scatter_update: reduction must be None or one of ['add', 'max', 'min', 'mul'], "
        f"got {reduction!r}."
    )


def unstack(x, num=None, axis=0):
    x = convert_to_tensor(_unwrap(x))
    n = x.shape[axis]
    if num is not None and n is not None and num != n:
        raise ValueError(f"unstack: num={num} does not match dimension {n} of axis {axis}.")
    return tf.unstack(x, num=num, axis=axis)


def saturate_cast(x, dtype):
    x = convert_to_tensor(_unwrap(x))
    dtype = dtypes.standardize_dtype(dtype)
    source = dtypes.standardize_dtype(x.dtype)
    if dtype == "bool" or source == "bool" or dtypes.is_complex_dtype(source):
        return tf.cast(x, dtype)
    if dtypes.is_int_dtype(dtype):
        info = np.iinfo(dtypes.numpy_dtype(dtype))
        low, high = int(info.min), int(info.max)
    elif dtypes.is_float_dtype(dtype):
        info = tf.as_dtype(dtype)
        low, high = float(info.min), float(info.max)
    else:
        return tf.cast(x, dtype)
    if dtypes.is_int_dtype(source):
        src = np.iinfo(dtypes.numpy_dtype(source))
        low, high = int(max(low, src.min)), int(min(high, src.max))
        return tf.cast(tf.clip_by_value(x, tf.cast(low, x.dtype), tf.cast(high, x.dtype)), dtype)
    # Float source: clip in float64 so integer bounds stay exact, then cast.
    wide = tf.cast(x, "float64") if source != "float64" else x
    if dtypes.is_int_dtype(dtype):
        # NOTE: float64 cannot hold int64's max exactly; cap below it, then patch.
        clipped = tf.clip_by_value(wide, float(low), float(high))
        y = tf.cast(clipped, dtype)
        if dtype in ("int64", "uint64"):
            y = tf.where(wide >= float(high), tf.constant(high, dtype), y)
        y = tf.where(tf.math.is_nan(wide), tf.zeros_like(y), y)
        return y
    return tf.cast(tf.clip_by_value(wide, low, high), dtype)
