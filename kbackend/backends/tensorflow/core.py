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
    with tf.device(f"{kind}:{int(index or 0)}"):
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
