"""Activation: applies an activation function to its input."""

from kbackend import activations
from kbackend.layers.layer import Layer


class Activation(Layer):
    """Applies an activation function to the output.

    Args:
        activation: an activation name (e.g. "relu") or a callable.
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> layer = Activation("relu")
    >>> ops.convert_to_numpy(layer(ops.convert_to_tensor([-1.0, 2.0]))).tolist()
    [0.0, 2.0]
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(),
                "activation": activations.serialize(self.activation)}
