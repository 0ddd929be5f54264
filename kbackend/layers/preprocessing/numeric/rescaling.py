"""Rescaling: ``inputs * scale + offset``."""

from kbackend import ops
from kbackend.layers.preprocessing.tf_graph import TFDataLayer


class Rescaling(TFDataLayer):
    """Rescales inputs: ``output = inputs * scale + offset`` (e.g. ``1/255`` for images).

    Args:
        scale: a float (or a per-channel list broadcast to the last axis).
        offset: a float (or per-channel list).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns ``inputs * scale + offset`` in the layer's compute dtype.

    Example:
    >>> import numpy as np
    >>> Rescaling(1 / 255)(np.array([0.0, 255.0])).tolist()
    [0.0, 1.0]
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale
        self.offset = offset
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        dtype = self.compute_dtype
        scale = ops.convert_to_tensor(self.scale, dtype=dtype)
        offset = ops.convert_to_tensor(self.offset, dtype=dtype)
        return ops.add(ops.multiply(ops.cast(inputs, dtype), scale), offset)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "scale": self.scale, "offset": self.offset}
