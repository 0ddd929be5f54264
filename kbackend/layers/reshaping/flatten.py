"""Flatten layer."""

import math

from kbackend import ops
from kbackend.layers.core._spec_utils import spec_like_input
from kbackend.layers.layer import Layer
from kbackend.layers.reshaping._utils import standardize_data_format


class Flatten(Layer):
    """Flattens each sample to one axis: ``(batch, ...) -> (batch, prod(...))``.

    Args:
        data_format: "channels_last" or "channels_first" (None: the global
            ``image_data_format()``). With "channels_first", channels are moved last
            before flattening, so weights transfer between the two formats.
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(Flatten()(ops.ones((2, 3, 4))).shape)
    (2, 12)
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format, f"Flatten {self.name}")
        self.built = True

    def compute_output_shape(self, input_shape):
        sizes = tuple(input_shape[1:])
        flat = None if None in sizes else math.prod(sizes)
        return (input_shape[0], flat)

    def compute_output_spec(self, inputs, **kwargs):
        return spec_like_input(self, inputs, self.compute_output_shape(inputs.shape))

    def call(self, inputs):
        rank = len(inputs.shape)
        if self.data_format == "channels_first" and rank > 2:
            inputs = ops.transpose(inputs, (0,) + tuple(range(2, rank)) + (1,))
        shape = tuple(ops.shape(inputs))
        if rank == 1:
            return ops.expand_dims(inputs, axis=1)
        return ops.reshape(inputs, (shape[0], math.prod(shape[1:])))

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}
