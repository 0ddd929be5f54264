"""kbackend.device(...) on every engine: cpu:0 works, a missing device is a clear error."""

import numpy as np
import pytest

import kbackend
from kbackend import ops


def test_cpu_scope_runs_ops_and_creates_variables():
    with kbackend.device("cpu:0"):
        x = ops.add(ops.ones((2, 3)), 1.0)
        variable = kbackend.Variable(np.ones((2,)), name="v")
    np.testing.assert_array_equal(ops.convert_to_numpy(x), np.full((2, 3), 2.0))
    np.testing.assert_array_equal(variable.numpy(), np.ones(2))


@pytest.mark.parametrize("name", ["cpu:99", "gpu:99"])
def test_missing_device_names_what_the_engine_has(name):
    with pytest.raises(ValueError, match="cpu:0"):
        with kbackend.device(name):
            pass


def test_invalid_device_name():
    with pytest.raises(ValueError, match="cpu:0"):
        with kbackend.device("banana:0"):
            pass
