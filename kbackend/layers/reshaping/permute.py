"""Permute layer."""

from kbackend import ops
from kbackend.layers.core._spec_utils import spec_like_input
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer


class Permute(Layer):
    """Permutes the non-batch axes: ``dims`` is a 1-based permutation.

    Args:
        dims: a tuple like ``(2, 1)`` (swap the first two non-batch axes); indexing starts
            at 1, the batch axis is not included.
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(Permute((2, 1))(ops.ones((4, 2, 3))).shape)
    (4, 3, 2)
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(
                f"Permute {self.name}: `dims` must be a permutation of 1..{len(self.dims)} "
                f"(the batch axis is not counted), got {self.dims}."
            )
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)
        self.built = True

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def compute_output_spec(self, inputs, **kwargs):
        return spec_like_input(self, inputs, self.compute_output_shape(inputs.shape))

    def call(self, inputs):
        return ops.transpose(inputs, (0,) + self.dims)

    def get_config(self):
        return {**super().get_config(), "dims": list(self.dims)}
