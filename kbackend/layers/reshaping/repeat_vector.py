"""RepeatVector layer."""

from kbackend import ops
from kbackend.layers.core._spec_utils import spec_like_input
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer


class RepeatVector(Layer):
    """Repeats a 2D input ``n`` times: ``(batch, features) -> (batch, n, features)``.

    Args:
        n: the number of repetitions.
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(RepeatVector(3)(ops.ones((2, 4))).shape)
    (2, 3, 4)
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, int) or isinstance(n, bool) or n <= 0:
            raise ValueError(f"RepeatVector {self.name}: n must be a positive int, got {n!r}.")
        self.n = n
        self.input_spec = InputSpec(ndim=2)
        self.built = True

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def compute_output_spec(self, inputs, **kwargs):
        return spec_like_input(self, inputs, self.compute_output_shape(inputs.shape))

    def call(self, inputs):
        return ops.repeat(ops.expand_dims(inputs, axis=1), self.n, axis=1)

    def get_config(self):
        return {**super().get_config(), "n": self.n}
