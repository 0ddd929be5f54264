"""Add, Subtract, Multiply, Average, Maximum, Minimum (see Note [merge broadcasting])."""

from kbackend import ops
from kbackend.layers.merging.base_merge import Merge


def _fold(function, inputs):
    result = inputs[0]
    for x in inputs[1:]:
        result = function(result, x)
    return result


class Add(Merge):
    """Adds a list of inputs element-wise (shapes broadcast, batch sizes must match).

    Args:
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> y = Add()([ops.ones((2, 3)), ops.ones((2, 3))])
    >>> ops.convert_to_numpy(y)[0].tolist()
    [2.0, 2.0, 2.0]
    """

    def _merge_function(self, inputs):
        return _fold(ops.add, inputs)


class Subtract(Merge):
    """Subtracts two inputs: ``inputs[0] - inputs[1]``.

    Args:
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> y = Subtract()([ops.ones((1, 2)), ops.ones((1, 2))])
    >>> ops.convert_to_numpy(y).tolist()
    [[0.0, 0.0]]
    """

    min_inputs = 2

    def _check_inputs(self, input_shape):
        super()._check_inputs(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                f"A `Subtract` layer ({self.name!r}) should be called on exactly 2 inputs. "
                f"Received {len(input_shape)} inputs with shapes "
                f"{[tuple(s) for s in input_shape]}."
            )

    def _merge_function(self, inputs):
        return ops.subtract(inputs[0], inputs[1])


class Multiply(Merge):
    """Multiplies a list of inputs element-wise.

    Args:
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> y = Multiply()([ops.full((1, 2), 2.0), ops.full((1, 2), 3.0)])
    >>> ops.convert_to_numpy(y).tolist()
    [[6.0, 6.0]]
    """

    def _merge_function(self, inputs):
        return _fold(ops.multiply, inputs)


class Average(Merge):
    """Averages a list of inputs element-wise.

    Args:
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> y = Average()([ops.zeros((1, 2)), ops.full((1, 2), 4.0)])
    >>> ops.convert_to_numpy(y).tolist()
    [[2.0, 2.0]]
    """

    def _merge_function(self, inputs):
        return ops.divide(_fold(ops.add, inputs), len(inputs))


class Maximum(Merge):
    """The element-wise maximum of a list of inputs.

    Args:
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> y = Maximum()([ops.zeros((1, 2)), ops.ones((1, 2))])
    >>> ops.convert_to_numpy(y).tolist()
    [[1.0, 1.0]]
    """

    def _merge_function(self, inputs):
        return _fold(ops.maximum, inputs)


class Minimum(Merge):
    """The element-wise minimum of a list of inputs.

    Args:
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> y = Minimum()([ops.zeros((1, 2)), ops.ones((1, 2))])
    >>> ops.convert_to_numpy(y).tolist()
    [[0.0, 0.0]]
    """

    def _merge_function(self, inputs):
        return _fold(ops.minimum, inputs)
