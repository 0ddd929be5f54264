"""Sequential: a plain stack of layers, each with one input and one output."""

from kbackend import tree
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.layers.core.input_layer import Input, InputLayer
from kbackend.layers.layer import Layer
from kbackend.models.functional import Functional
from kbackend.models.model import Model
from kbackend.saving import serialization_lib


class Sequential(Model):
    """A linear stack of layers.

    Once the input shape is known (from an `Input`, an ``input_shape=`` on the first
    layer, or the first call), the stack is built as a Functional graph, so it has
    ``inputs``, ``outputs`` and a full ``summary()``.

    Args:
        layers: optional list of layers to add.
        trainable: whether the model's weights are trainable.
        name: model name.

    Example:
    >>> from kbackend import layers
    >>> model = Sequential([layers.Input((4,)), layers.Dense(8), layers.Dense(1)])
    >>> model.output_shape
    (None, 1)
    >>> model.pop(); len(model.layers)
    1
    """

    def __init__(self, layers=None, trainable=True, name=None, **kwargs):
        Layer.__init__(self, trainable=trainable, name=name, **kwargs)
        self._stack = []
        # The graph and input layer are internal: not tracked as sub-layers (they would
        # duplicate the stack's weights, e.g. in a torch state_dict).
        object.__setattr__(self, "_input_layer", None)
        object.__setattr__(self, "_functional", None)
        for layer in layers or ():
            self.add(layer, rebuild=False)
        self._maybe_rebuild()

    def add(self, layer, rebuild=True):
        """Appends a layer (an `Input` tensor or InputLayer sets the input shape)."""
        if isinstance(layer, KerasTensor):
            layer = layer._keras_history.operation
        if isinstance(layer, InputLayer):
            if self._input_layer is not None or self._stack:
                raise ValueError(
                    f"Sequential {self.name!r}: an InputLayer can only be the first layer."
                )
            object.__setattr__(self, "_input_layer", layer)
        elif isinstance(layer, Layer):
            names = [existing.name for existing in self._stack]
            if layer.name in names:
                raise ValueError(
                    f"Sequential {self.name!r}: all layers must have unique names; "
                    f"{layer.name!r} is already in the model."
                )
            self._stack.append(layer)
            self._tracked["_stack"] = self._stack
            self._engine_track_sublayer(f"layer_{len(self._stack) - 1}", layer)
        else:
            raise ValueError(
                f"Sequential {self.name!r}: only layers can be added, got {type(layer).__name__}: "
                f"{layer!r}."
            )
        if self._input_layer is None and len(self._stack) == 1:
            shape = getattr(layer, "_input_shape_arg", None)
            if shape is not None:
                object.__setattr__(self, "_input_layer", InputLayer(
                    shape=shape, batch_size=getattr(layer, "_batch_size_arg", None)
                ))
        if rebuild:
            self._maybe_rebuild()

    def pop(self, rebuild=True):
        """Removes and returns the last layer."""
        if not self._stack:
            raise ValueError(f"Sequential {self.name!r} has no layers to pop.")
        layer = self._stack.pop()
        object.__setattr__(self, "_functional", None)
        self.built = False
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _maybe_rebuild(self):
        object.__setattr__(self, "_functional", None)
        if self._input_layer is not None and self._stack:
            self.build(self._input_layer.batch_shape)

    def build(self, input_shape=None):
        if input_shape is None:
            raise ValueError(
                f"Sequential {self.name!r} cannot be built without an input shape."
            )
        if self._input_layer is None or tuple(self._input_layer.batch_shape) != tuple(
            input_shape
        ):
            dtype = self._input_layer.dtype if self._input_layer is not None else None
            object.__setattr__(
                self, "_input_layer", InputLayer(batch_shape=tuple(input_shape), dtype=dtype)
            )
        x = inputs = self._input_layer.output
        for layer in self._stack:
            try:
                x = layer(x)
            except Exception as e:
                raise type(e)(
                    f"Sequential {self.name!r}: layer {layer.name!r} cannot take the output of "
                    f"the previous layer (shape {x.shape}): {e}"
                ) from e
        object.__setattr__(self, "_functional", Functional(inputs, x, name=f"{self.name}_graph"))
        self._build_shapes = tuple(input_shape)

    def call(self, inputs, training=None, mask=None):
        if self._functional is not None:
            return self._functional.call(inputs, training=training, mask=mask)
        outputs = inputs
        for layer in self._stack:
            outputs = layer(outputs)
        return outputs

    def compute_output_spec(self, inputs, training=None, mask=None):
        if self._functional is not None:
            return self._functional.compute_output_spec(inputs)
        return super().compute_output_spec(inputs)

    def _maybe_build(self, args, kwargs):
        if not self.built and args:
            first = args[0]
            shape = getattr(first, "shape", None)
            if shape is not None and not tree.is_nested(first):
                self.build(tuple(None if i == 0 else d for i, d in enumerate(shape)))
                return
        super()._maybe_build(args, kwargs)

    @property
    def layers(self):
        return list(self._stack)

    def _flat_layers(self):
        return list(self._stack)

    @property
    def inputs(self):
        return self._require_functional("inputs").inputs

    @property
    def outputs(self):
        return self._require_functional("outputs").outputs

    @property
    def input(self):
        return self._require_functional("input").input

    @property
    def output(self):
        return self._require_functional("output").output

    @property
    def input_shape(self):
        return self._require_functional("input_shape").input_shape

    @property
    def output_shape(self):
        return self._require_functional("output_shape").output_shape

    def _require_functional(self, what):
        if self._functional is None:
            raise ValueError(
                f"Sequential model {self.name!r} has no {what} yet: give the first layer an "
                "input shape (kbackend.Input(shape)) or call the model on data."
            )
        return self._functional

    def get_config(self):
        layers = []
        if self._input_layer is not None:
            layers.append(serialization_lib.serialize_keras_object(self._input_layer))
        layers.extend(serialization_lib.serialize_keras_object(layer) for layer in self._stack)
        config = {"name": self.name, "trainable": self.trainable, "layers": layers}
        if self._build_shapes is not None:
            config["build_input_shape"] = list(self._build_shapes)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer_config in config.get("layers", []):
            layer = serialization_lib.deserialize_keras_object(layer_config, custom_objects)
            model.add(layer, rebuild=False)
        model._maybe_rebuild()
        if not model.built and config.get("build_input_shape"):
            model.build(tuple(config["build_input_shape"]))
        return model


__all__ = ["Sequential", "Input"]
