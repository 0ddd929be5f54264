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
    return tf.function(
        step_fn, jit_compile=jit_compile is True, reduce_retracing=True, autograph=False
    )
