"""torch-specific behaviour of the NumPy-style ops (KBACKEND=torch only)."""

import numpy as np
import pytest

from kbackend import backends

if backends.ENGINE != "torch":
    pytest.skip("torch op tests run with KBACKEND=torch", allow_module_level=True)

import torch  # noqa: E402

from kbackend import ops  # noqa: E402


def test_row_lookup_gradient_matches_numpy():
    # take(axis=0) on a matrix runs as an embedding lookup; its gradient is a scatter-add
    # of the upstream rows, repeated indices summing.
    table = torch.tensor(np.arange(12, dtype="float32").reshape(4, 3), requires_grad=True)
    indices = np.array([[0, 3], [-1, 1], [0, 0]], "int32")
    out = ops.take(table, indices, axis=0)
    np.testing.assert_array_equal(out.detach().numpy(),
                                  np.take(table.detach().numpy(), indices, axis=0))
    out.backward(torch.ones_like(out))
    np.testing.assert_array_equal(table.grad.numpy()[:, 0], [3, 1, 0, 2])


@pytest.mark.parametrize("axis", [0, 1])
def test_out_of_range_index_names_the_axis_and_range(axis):
    with pytest.raises(IndexError, match=rf"axis {axis} of size {3 - axis}.*\[-{3 - axis}, "):
        ops.take(np.ones((3, 2), "float32"), np.array([5]), axis=axis)
