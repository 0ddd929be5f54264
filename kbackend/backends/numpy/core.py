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
    if not str(device_name).lower().startswith("cpu"):
        raise ValueError(
            f"The numpy engine only runs on the CPU; device_scope({device_name!r}) is not "
            "possible. Use 'cpu:0' or another engine."
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
