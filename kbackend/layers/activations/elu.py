"""ELU layer."""

from kbackend import ops
from kbackend.layers.layer import Layer


class ELU(Layer):
    """Exponential linear unit: ``x`` if ``x > 0`` else ``alpha * (exp(x) - 1)``.

    Args:
        alpha: scale of the negative part (default 1.0).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ELU()(ops.convert_to_tensor([0.0, 1.0]))).tolist()
    [0.0, 1.0]
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return ops.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha}
