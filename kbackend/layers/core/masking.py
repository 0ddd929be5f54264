"""Masking: masks timesteps whose features all equal ``mask_value``."""

from kbackend import ops
from kbackend.layers.layer import Layer


class Masking(Layer):
    """Masks a sequence by skipping timesteps where every feature equals ``mask_value``.

    For inputs of shape ``(batch, timesteps, features)`` the output mask has shape
    ``(batch, timesteps)``; masked timesteps are also zeroed in the output.

    Args:
        mask_value: the value that marks padding (default 0.0).
        **kwargs: base `Layer` arguments.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> x = np.array([[[1.0], [0.0]]], dtype="float32")
    >>> y = Masking()(x)
    >>> ops.convert_to_numpy(Masking().compute_mask(x)).tolist()
    [[True, False]]
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs, previous_mask=None):
        return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = ops.any(ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        # The output mask itself is attached by Layer.__call__ through compute_mask.
        return ops.multiply(inputs, ops.cast(keep, inputs.dtype))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}
