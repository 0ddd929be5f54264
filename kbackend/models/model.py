"""Model: a Layer with training, saving and inspection; also the Functional entry point."""

from kbackend.layers.layer import Layer
from kbackend.saving.model_saving_mixin import ModelSavingMixin
from kbackend.trainers.trainer import Trainer


class Model(ModelSavingMixin, Trainer, Layer):
    """A model groups layers into an object with training and inference features.

    Two ways to create one:

    - Functional: ``Model(inputs, outputs)`` returns a `Functional` model.
    - Subclassing: define layers in ``__init__`` and the forward pass in ``call``.

    Example:
    >>> import kbackend
    >>> from kbackend import layers, ops
    >>> inputs = layers.Input((4,))
    >>> model = Model(inputs, layers.Dense(2)(inputs))
    >>> type(model).__name__
    'Functional'
    >>> class MLP(Model):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = layers.Dense(8, activation="relu")
    ...         self.out = layers.Dense(1)
    ...     def call(self, x):
    ...         return self.out(self.hidden(x))
    >>> MLP()(ops.ones((2, 4))).shape[-1]
    1
    """

    def __new__(cls, *args, **kwargs):
        if cls is Model and (len(args) >= 2 or "inputs" in kwargs or "outputs" in kwargs):
            from kbackend.models.functional import Functional

            return Functional.__new__(Functional)
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        if args or "inputs" in kwargs or "outputs" in kwargs:
            raise ValueError(
                f"{type(self).__name__}: a subclassed Model takes no inputs/outputs. Build a "
                "Functional model with kbackend.Model(inputs, outputs), or define call()."
            )
        Layer.__init__(self, **kwargs)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds a model; a Functional config (layers + graph) gives a Functional model."""
        from kbackend.models.functional import Functional, functional_from_config

        if "input_layers" in config and "output_layers" in config:
            target = Functional if cls is Model else cls
            return functional_from_config(target, config, custom_objects)
        return super().from_config(config)

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        """Prints a table of the layers, output shapes and parameter counts.

        Args:
            line_length: total width of the table.
            positions: relative or absolute column boundaries.
            print_fn: function called with each line (default: print).
            expand_nested: also list the layers of nested models.
            show_trainable: add a column saying whether each layer is trainable.
            layer_range: ``[first_name, last_name]`` to print a slice of the layers.
        """
        from kbackend.utils.summary_utils import print_summary

        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                      expand_nested=expand_nested, show_trainable=show_trainable,
                      layer_range=layer_range)

    def get_layer(self, name=None, index=None):
        """Returns a layer by name or by index (exactly one of them).

        Example:
        >>> from kbackend import layers
        >>> x = layers.Input((2,))
        >>> m = Model(x, layers.Dense(1, name="head")(x))
        >>> m.get_layer("head").name
        'head'
        """
        if (name is None) == (index is None):
            raise ValueError("get_layer: provide exactly one of `name` or `index`.")
        layers = self.layers
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ValueError(
                    f"get_layer: index {index} is out of range; model {self.name!r} has "
                    f"{len(layers)} layers."
                )
            return layers[index]
        for layer in layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"No such layer: {name!r}. Existing layers are: {[layer.name for layer in layers]}."
        )

    def to_json(self, **kwargs):
        """Returns the model's config as a JSON string (`model_from_json` reverses it)."""
        import json

        from kbackend.saving import serialization_lib

        return json.dumps(serialization_lib.serialize_keras_object(self), **kwargs)

    def to_yaml(self, **kwargs):
        raise RuntimeError(
            "Model.to_yaml() was removed in Keras 3 because YAML loading can run arbitrary "
            "code. Use model.to_json() instead."
        )

    def export(self, filepath, format="tf_saved_model", verbose=True, input_signature=None,
               **kwargs):
        """Exports the model for serving; see `kbackend.export.export_model`."""
        from kbackend.export import export_model

        export_model(self, filepath, format=format, verbose=verbose,
                     input_signature=input_signature, **kwargs)

    def _obj_type(self):
        return "Model"
