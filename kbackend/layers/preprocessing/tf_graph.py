"""Run NumPy-implemented preprocessing layers on symbolic ``tf.Tensor``s.

Note [string layers in tf graphs]: TextVectorization, StringLookup, IntegerLookup and
Hashing compute in NumPy (strings have no jax/torch tensor). Keras 3 users also call them
inside ``tf.data.Dataset.map`` or a ``tf.function``, where the input is a symbolic
``tf.Tensor`` that NumPy cannot read. They are `TFDataLayer`s with ``_computes_in_numpy``
set, so their ``__call__`` asks `is_tf_graph_tensor` first; for a symbolic tf tensor,
`call_in_tf_graph` wraps the layer's
NumPy ``call`` in ``tf.numpy_function`` (``kbackend/backends/tensorflow/string_ops.py``) with
the output shape and dtype taken from the layer's ``compute_output_spec``, so the result is
a ``tf.Tensor`` on every engine (as in Keras 3, where such layers return tf tensors inside
tf.data). The check is duck-typed (the class's module starts with ``tensorflow.``), so
generic code never imports tensorflow and processes without it never load it; eager inputs
take the usual NumPy path.
"""

import importlib

import numpy as np

from kbackend import backends
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.layers.layer import Layer


def _string_ops():
    return importlib.import_module("kbackend.backends.tensorflow.string_ops")


def is_tf_graph_tensor(x):
    """True when ``x`` is a symbolic (graph-mode) ``tf.Tensor``; never imports tensorflow."""
    module = type(x).__module__ or ""
    if not module.startswith("tensorflow."):
        return False
    return _string_ops().is_symbolic_tensor(x)


def call_in_tf_graph(layer, inputs, **kwargs):
    """Calls ``layer`` eagerly on the NumPy value of a symbolic ``tf.Tensor``.

    The eager call runs inside ``tf.numpy_function``, so it works on every engine.

    Args:
        layer: a preprocessing layer that accepts NumPy arrays.
        inputs: a symbolic ``tf.Tensor``.
        **kwargs: passed to the layer's call (e.g. ``training``).

    Returns:
        A symbolic ``tf.Tensor`` with the shape and dtype of ``layer.compute_output_spec``.
    """
    string_ops = _string_ops()
    shape = string_ops.static_shape(inputs)
    if shape is None:
        raise ValueError(
            f"{type(layer).__name__} ({layer.name}) got a tf.Tensor of unknown rank inside a "
            "tf graph; set its shape first (e.g. tensor.set_shape([None]))."
        )
    spec = layer.compute_output_spec(KerasTensor(shape, dtype=string_ops.dtype_name(inputs)))

    def run(array):
        from kbackend import ops

        out = layer(array, **kwargs)
        return out if isinstance(out, np.ndarray) else ops.convert_to_numpy(out)

    return string_ops.numpy_function(run, inputs, spec.shape, spec.dtype, name=layer.name)


class TFDataLayer(Layer):
    """Base of preprocessing layers that also run inside ``tf.data.Dataset.map``.

    On the tensorflow engine these layers compute with tf ops, which tf graphs accept as
    they are. On the other engines a symbolic ``tf.Tensor`` input is sent through
    `call_in_tf_graph`, so ``dataset.map(lambda x, y: (augment(x), y))`` works with jax
    or torch too (the map then runs the layer on the engine, on the CPU).

    Example:
    >>> import kbackend as keras
    >>> isinstance(keras.layers.Rescaling(1 / 255), TFDataLayer)
    True
    """

    # True for layers written in NumPy (the string layers): they take the
    # tf.numpy_function path on the tensorflow engine too (Note [string layers in tf graphs]).
    _computes_in_numpy = False

    def __call__(self, inputs, *args, **kwargs):
        if ((self._computes_in_numpy or backends.ENGINE != "tensorflow") and not args
                and is_tf_graph_tensor(inputs)):
            return call_in_tf_graph(self, inputs, **kwargs)
        return super().__call__(inputs, *args, **kwargs)
