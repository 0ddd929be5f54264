"""tf interop for the NumPy string layers: run them inside tf graphs via tf.numpy_function.

Reached from `kbackend/layers/preprocessing/tf_graph.py` (Note [string layers in tf
graphs]) on every engine where tensorflow is installed, not only on the tensorflow engine.
"""

import numpy as np
import tensorflow as tf


def is_symbolic_tensor(x):
    return isinstance(x, tf.Tensor) and tf.is_symbolic_tensor(x)


def static_shape(x):
    if x.shape.rank is None:
        return None
    return tuple(x.shape.as_list())


def dtype_name(x):
    return x.dtype.name


def _to_tf_strings(array):
    # NOTE: the NumPy layers return str objects; tf.string wants bytes.
    out = np.empty(array.shape, dtype=object)
    flat_in, flat_out = array.reshape(-1), out.reshape(-1)
    for i, value in enumerate(flat_in.tolist()):
        flat_out[i] = value.encode("utf-8") if isinstance(value, str) else value
    return out


def numpy_function(function, x, shape, dtype, name):
    tout = tf.as_dtype(dtype)

    def run(array):
        out = np.asarray(function(array))
        if tout == tf.string:
            return _to_tf_strings(out)
        return out.astype(tout.as_numpy_dtype, copy=False)

    # NOTE: stateful=True: the layer's vocabulary may change (adapt, set_vocabulary)
    # after the graph is built, so tf must not fold or cache the call.
    out = tf.numpy_function(run, [x], tout, stateful=True, name=name)
    out.set_shape(shape)
    return out
