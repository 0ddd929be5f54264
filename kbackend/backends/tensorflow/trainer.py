import ctypes
import sys

import tensorflow as tf

from kbackend import tree
from kbackend.backends.tensorflow.core import convert_to_tensor


def value_and_grad(fn, argnums=0, has_aux=False):
    def wrapped(*args):
        args = list(args)
        positions = (argnums,) if isinstance(argnums, int) else tuple(argnums)
        for i in positions:
            args[i] = tree.map_structure(convert_to_tensor, args[i])
        flat = [t for i in positions for t in tree.flatten(args[i])]
        with tf.GradientTape() as tape:
            for t in flat:
                tape.watch(t)
            out = fn(*args)
        value, aux = out if has_aux else (out, None)
        grads = tape.gradient(value, flat, unconnected_gradients=tf.UnconnectedGradients.ZERO)
        packed, offset = [], 0
        for i in positions:
            count = len(tree.flatten(args[i]))
            packed.append(tree.pack_sequence_as(args[i], grads[offset:offset + count]))
            offset += count
        grads_out = packed[0] if isinstance(argnums, int) else tuple(packed)
        return ((value, aux) if has_aux else value), grads_out

    return wrapped


def compute_gradients(loss_fn, variables, has_aux=False):
    variables = list(variables)
    with tf.GradientTape() as tape:
        out = loss_fn()
    loss = out[0] if has_aux else out
    targets = [v._value for v in variables]
    grads = tape.gradient(loss, targets, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    # NOTE: gathers give IndexedSlices gradients; optimizers expect dense tensors.
    grads = [tf.convert_to_tensor(g) if isinstance(g, tf.IndexedSlices) else g for g in grads]
    return out, grads


def make_function(step_fn, state_variables, jit_compile="auto"):
    # "auto": a tf.function without XLA (fast to trace); True: XLA; False: eager.
    if jit_compile is False:
        return step_fn
    # NOTE: autograph is off: kbackend code branches on tensors only through ops.cond.
    return _TracedStep(tf.function(
        step_fn, jit_compile=jit_compile is True, reduce_retracing=True, autograph=False
    ))


# Note [release memory after tracing]: tracing a step and running it the first time
# (graph building, grappler passes, executor setup, and the XLA compile of Note [xla adam])
# allocates tens of MiB of short-lived C++ and Python objects. glibc keeps the freed
# pages in its heaps, so they stayed in the process's resident set and raised the peak
# of everything after (the fit benchmark's predict phase: ~30 MiB on the MLP).
# ``malloc_trim(0)`` hands free heap pages back to the kernel; it frees nothing in use
# and moves no memory, so results cannot change. It runs only after a call that traced
# (a new entry in the function's cache), i.e. once per traced shape, where its cost
# (~1 ms) is nothing next to the trace. Without glibc (macOS, musl) it is skipped.
def _load_malloc_trim():
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return None
    trim.argtypes = (ctypes.c_size_t,)
    trim.restype = ctypes.c_int
    return trim


_MALLOC_TRIM = _load_malloc_trim() if sys.platform.startswith("linux") else None


class _TracedStep:
    """A ``tf.function`` that releases free heap memory after each call that traced."""

    def __init__(self, function):
        self._function = function
        self._traces = 0

    def __call__(self, *args, **kwargs):
        outputs = self._function(*args, **kwargs)
        # Note [release memory after tracing].
        traces = self._function.experimental_get_tracing_count()
        if traces != self._traces:
            self._traces = traces
            if _MALLOC_TRIM is not None:
                _MALLOC_TRIM(0)
        return outputs

    def __getattr__(self, name):
        # get_concrete_function, experimental_get_tracing_count, ... of the tf.function.
        if name == "_function":  # not set yet (copy / unpickle): no recursion
            raise AttributeError(name)
        return getattr(self._function, name)
