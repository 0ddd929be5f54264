"""The NumPy-like ops: ``kbackend.ops.numpy`` (also re-exported by ``kbackend.ops``).

Each op is an `Operation` subclass (``call`` + ``compute_output_spec``) plus a function
that sends KerasTensors to the Operation and real tensors straight to the engine.
"""

from kbackend import backends
from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.ops.operation import Operation
from kbackend.ops.shape_utils import broadcast_shapes, dtype_of, shape_of


class Add(Operation):
    def call(self, x1, x2):
        return backends.numpy.add(x1, x2)

    def compute_output_spec(self, x1, x2):
        shape = broadcast_shapes(shape_of(x1), shape_of(x2), op_name="add")
        return KerasTensor(shape, dtype=dtypes.result_type(dtype_of(x1), dtype_of(x2)))


def add(x1, x2):
    """Adds two tensors elementwise, with broadcasting.

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        The elementwise sum, with the promoted dtype of the inputs.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.add([1, 2], [10, 20])).tolist()
    [11, 22]
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Add().symbolic_call(x1, x2)
    return backends.numpy.add(x1, x2)
