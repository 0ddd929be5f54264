"""RMSNormalization: scales each example by the inverse root mean square of its features."""

from kbackend import ops
from kbackend.layers.layer import Layer
from kbackend.layers.normalization import _utils


class RMSNormalization(Layer):
    """Computes ``x * scale / sqrt(mean(x ** 2, axis) + epsilon)`` (no mean subtraction).

    Weights: ``scale`` (initialized to ones), shape = the input's sizes on ``axis``.

    Args:
        axis: int or list of ints, the axes normalized (default -1).
        epsilon: added to the mean square (default 1e-6).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns a tensor of the input's shape.

    Example:
    >>> from kbackend import ops
    >>> y = RMSNormalization()(ops.convert_to_tensor([[2.0, 2.0]]))
    >>> [round(v, 3) for v in ops.convert_to_numpy(y)[0].tolist()]
    [1.0, 1.0]
    """

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.axis = _utils.check_axis_arg(axis, f"RMSNormalization {self.name}")
        self.epsilon = float(epsilon)
        self.supports_masking = True

    def build(self, input_shape):
        self._axes = _utils.canonical_axes(self.axis, len(input_shape), self)
        shape = tuple(_utils.known_dims(input_shape, self._axes, self))
        self.scale = self.add_weight(shape=shape, initializer="ones", name="scale",
                                     autocast=False)

    def call(self, inputs):
        ndim = len(inputs.shape)
        compute_dtype = ops.dtype(inputs)
        work_dtype = _utils.statistics_dtype(compute_dtype)
        x = ops.cast(inputs, work_dtype)
        mean_square = ops.mean(ops.square(x), axis=self._axes, keepdims=True)
        outputs = ops.multiply(x, ops.rsqrt(ops.add(mean_square, self.epsilon)))
        scale = _utils.broadcast_to_rank(ops.cast(self.scale, work_dtype), ndim, self._axes)
        return ops.cast(ops.multiply(outputs, scale), compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon}
