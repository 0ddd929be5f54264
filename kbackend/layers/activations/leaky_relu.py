"""LeakyReLU layer."""

from kbackend import ops
from kbackend.layers.layer import Layer


class LeakyReLU(Layer):
    """Leaky rectified linear unit: ``x`` if ``x >= 0`` else ``negative_slope * x``.

    Args:
        negative_slope: slope of the negative part, >= 0 (default 0.3).
        **kwargs: base `Layer` arguments (the Keras 2 name ``alpha`` is accepted too).

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(LeakyReLU(0.5)(ops.convert_to_tensor([-2.0, 1.0]))).tolist()
    [-1.0, 1.0]
    """

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError(
                f"LeakyReLU {self.name}: negative_slope must be a number >= 0, got "
                f"{negative_slope!r}."
            )
        self.negative_slope = negative_slope
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return ops.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "negative_slope": self.negative_slope}
