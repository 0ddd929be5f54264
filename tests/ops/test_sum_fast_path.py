"""`ops.sum` on an engine tensor gives exactly what it gives on the same NumPy array.

On tensorflow an eager tensor takes Note [eager sum fast path] (kbackend/backends/tensorflow/
numpy.py) while a NumPy array takes the general path (`tf.reduce_sum`), so this pins the fast
path to the general one bit for bit, widened dtypes, axes and keepdims included. On the other
engines both inputs share one path and the test is a plain consistency check.
"""

import numpy as np
import pytest

from kbackend import ops
from kbackend.backends.common import dtypes

RNG = np.random.default_rng(5)
BASE = RNG.uniform(-3.0, 3.0, (2, 3, 4))

DTYPES = ["float32", "float16", "bfloat16", "float64", "int32", "int64", "uint32", "bool",
          "int8", "uint8", "int16", "uint16"]
AXES = [None, 0, -1, 2, (0, 2), [1, 2], (-1, 0)]


def _array(dtype, values=BASE):
    if dtype == "bool":
        return values > 0
    if dtype.startswith(("int", "uint")):
        return np.abs(np.round(values * 10)).astype(dtype)
    return values.astype(dtypes.numpy_dtype(dtype))


def _check_same(x_numpy, dtype, **kwargs):
    x = ops.convert_to_tensor(x_numpy, dtype)
    try:
        expected = ops.convert_to_numpy(ops.sum(x_numpy, **kwargs))
    except Exception as e:  # noqa: BLE001 (whatever the general path raises, so must the fast one)
        with pytest.raises(type(e)):
            ops.sum(x, **kwargs)
        return
    actual = ops.convert_to_numpy(ops.sum(x, **kwargs))
    assert actual.dtype == expected.dtype
    assert actual.shape == expected.shape
    np.testing.assert_array_equal(actual, expected)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("axis", AXES, ids=repr)
@pytest.mark.parametrize("keepdims", [False, True])
def test_sum_of_tensor_equals_sum_of_array(dtype, axis, keepdims):
    _check_same(_array(dtype), dtype, axis=axis, keepdims=keepdims)


@pytest.mark.parametrize("dtype", ["float32", "int32", "uint8"])
@pytest.mark.parametrize("shape", [(), (0,), (3, 0), (1, 1, 1, 5)], ids=repr)
@pytest.mark.parametrize("axis", [None, -1], ids=repr)
def test_sum_edge_shapes(dtype, shape, axis):
    _check_same(_array(dtype, RNG.uniform(-3.0, 3.0, shape)), dtype, axis=axis)


@pytest.mark.parametrize("keepdims", [None, 1, 0, np.bool_(True)], ids=repr)
def test_sum_keepdims_truthiness(keepdims):
    _check_same(_array("float32"), "float32", axis=1, keepdims=keepdims)


def test_sum_empty_axes_and_numpy_axis():
    _check_same(_array("float32"), "float32", axis=())
    _check_same(_array("float32"), "float32", axis=np.int64(1))
