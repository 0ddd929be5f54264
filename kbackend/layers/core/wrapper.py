"""Wrapper: the base of layers that wrap another layer."""

from kbackend.layers.layer import Layer
from kbackend.saving import serialization_lib


class Wrapper(Layer):
    """Base class of layer wrappers (e.g. `TimeDistributed`).

    Args:
        layer: the `Layer` instance to wrap.
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import layers
    >>> Wrapper(layers.Dense(2)).layer.units
    2
    """

    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(layer, Layer):
            raise ValueError(
                f"{type(self).__name__} {self.name}: `layer` must be a Layer instance, got "
                f"{layer!r} of type {type(layer).__name__}."
            )
        self.layer = layer

    def build(self, input_shape=None):
        if not self.layer.built:
            self.layer.build(input_shape)

    def get_config(self):
        return {**super().get_config(),
                "layer": serialization_lib.serialize_keras_object(self.layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["layer"] = serialization_lib.deserialize_keras_object(
            config["layer"], custom_objects=custom_objects)
        return super().from_config(config)
