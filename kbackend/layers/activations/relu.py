"""ReLU layer."""

from kbackend import activations
from kbackend.layers.layer import Layer


class ReLU(Layer):
    """Rectified linear unit with optional cap, leak and threshold.

    ``f(x) = max_value`` if ``x >= max_value``; ``x`` if ``threshold <= x < max_value``;
    ``negative_slope * (x - threshold)`` otherwise.

    Args:
        max_value: optional cap, >= 0 (None: no cap).
        negative_slope: slope below the threshold, >= 0 (default 0).
        threshold: the threshold, >= 0 (default 0).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> x = ops.convert_to_tensor([0.5, 2.0, 9.0])
    >>> ops.convert_to_numpy(ReLU(max_value=6.0)(x)).tolist()
    [0.5, 2.0, 6.0]
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        for name, value, allow_none in (("max_value", max_value, True),
                                        ("negative_slope", negative_slope, False),
                                        ("threshold", threshold, False)):
            if value is None and allow_none:
                continue
            if value is None or value < 0:
                raise ValueError(
                    f"ReLU {self.name}: {name} must be a number >= 0"
                    f"{' or None' if allow_none else ''}, got {value!r}."
                )
        self.max_value = max_value
        self.negative_slope = negative_slope
        self.threshold = threshold
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.relu(inputs, negative_slope=self.negative_slope,
                                max_value=self.max_value, threshold=self.threshold)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "max_value": self.max_value,
                "negative_slope": self.negative_slope, "threshold": self.threshold}
