"""UnitNormalization: rescales each example to unit L2 norm over ``axis``."""

from kbackend import ops
from kbackend.layers.layer import Layer
from kbackend.layers.normalization import _utils


class UnitNormalization(Layer):
    """Divides the inputs by their L2 norm over ``axis``: ``x / sqrt(max(sum(x**2), 1e-12))``.

    Args:
        axis: int or list of ints (default -1).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns a tensor of the input's shape; it has no weights.

    Example:
    >>> from kbackend import ops
    >>> y = UnitNormalization()(ops.convert_to_tensor([[3.0, 4.0]]))
    >>> [round(v, 3) for v in ops.convert_to_numpy(y)[0].tolist()]
    [0.6, 0.8]
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = _utils.check_axis_arg(axis, f"UnitNormalization {self.name}")
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        axes = _utils.canonical_axes(self.axis, len(inputs.shape), self)
        compute_dtype = ops.dtype(inputs)
        x = ops.cast(inputs, _utils.statistics_dtype(compute_dtype))
        square_sum = ops.sum(ops.square(x), axis=axes, keepdims=True)
        outputs = ops.multiply(x, ops.rsqrt(ops.maximum(square_sum, 1e-12)))
        return ops.cast(outputs, compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
