"""Softmax layer."""

from kbackend import ops
from kbackend.layers.layer import Layer


def _large_negative_number(dtype):
    # NOTE: -1e9 overflows float16 to -inf (and then NaN after exp/normalize).
    return -3e4 if dtype == "float16" else -1e9


class Softmax(Layer):
    """Softmax along ``axis``, with an optional mask (masked positions get ~0).

    Args:
        axis: an int or a tuple of ints: the axes to normalize over (default -1).
        **kwargs: base `Layer` arguments.

    Call arguments:
        inputs: the logits.
        mask: optional boolean tensor broadcastable to ``inputs`` (True keeps a position);
            a mask of lower rank gets trailing axes added.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> x = np.array([[1.0, 1.0, 5.0]], "float32")
    >>> mask = np.array([[True, True, False]])
    >>> np.round(ops.convert_to_numpy(Softmax()(x, mask=mask)), 3).tolist()
    [[0.5, 0.5, 0.0]]
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = tuple(axis) if isinstance(axis, list) else axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs, mask=None):
        if mask is not None:
            mask = ops.convert_to_tensor(mask)
            while len(mask.shape) < len(inputs.shape):
                mask = ops.expand_dims(mask, axis=-1)
            try:
                adder = ops.multiply(
                    ops.subtract(1.0, ops.cast(mask, inputs.dtype)),
                    _large_negative_number(ops.dtype(inputs)))
                inputs = ops.add(inputs, adder)
            except ValueError as e:
                raise ValueError(
                    f"Softmax {self.name}: the mask of shape {tuple(mask.shape)} does not "
                    f"broadcast to the inputs of shape {tuple(inputs.shape)} ({e})."
                ) from None
        if isinstance(self.axis, tuple):
            return ops.exp(ops.subtract(
                inputs, ops.logsumexp(inputs, axis=self.axis, keepdims=True)))
        return ops.softmax(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        axis = list(self.axis) if isinstance(self.axis, tuple) else self.axis
        return {**super().get_config(), "axis": axis}
