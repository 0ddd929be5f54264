"""SavedModel export and TFSMLayer (tensorflow side).

Note [saved model export]: the exported object is a plain ``tf.Module`` that tracks the
model's ``tf.Variable``s and holds one ``tf.function`` endpoint, ``serve``, taking ONE
argument with the structure of the model's inputs (a tensor, or a list/dict for several
inputs), as Keras 3 does. On the tensorflow engine the endpoint calls the model itself
(``training=False``) and reads the tracked variables; on jax the endpoint is a jax2tf
conversion of ``stateless_call`` fed with tf.Variables holding the values
(``write_saved_model``). The file needs neither kbackend nor Keras to reload:
``tf.saved_model.load(path).serve(x)``.
"""

import tensorflow as tf

from kbackend import tree
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.layers.layer import Layer


def _to_tensor_spec(spec, name=None):
    if isinstance(spec, tf.TensorSpec):
        return spec
    if isinstance(spec, KerasTensor) or hasattr(spec, "shape") and hasattr(spec, "dtype"):
        return tf.TensorSpec(tuple(spec.shape), dtype=str(spec.dtype), name=name)
    raise TypeError(
        f"export: an input_signature entry must be a tf.TensorSpec, a kbackend.InputSpec "
        f"or KerasTensor with shape and dtype; got {spec!r}."
    )


def input_signature_for(model, input_signature=None):
    """The ``[structure of TensorSpecs]`` signature of the ``serve`` endpoint."""
    if input_signature is not None:
        if isinstance(input_signature, (list, tuple)) and len(input_signature) == 1:
            input_signature = input_signature[0]
        return [tree.map_structure(_to_tensor_spec, input_signature)]
    inputs = getattr(model, "inputs", None) or getattr(model, "_inputs", None)
    if not inputs:
        raise ValueError(
            f"export: model {model.name!r} has no known inputs (a subclassed model that was "
            "never called symbolically). Pass input_signature=[tf.TensorSpec(shape, "
            "dtype)] (or a kbackend.InputSpec) describing its input."
        )
    structure = inputs[0] if len(inputs) == 1 else list(inputs)
    structure = getattr(model, "_inputs_struct", structure)
    return [tree.map_structure(
        lambda t: tf.TensorSpec(tuple(t.shape), dtype=str(t.dtype), name=t.name), structure
    )]


def export_saved_model(model, filepath, input_signature=None, verbose=True):
    signature = input_signature_for(model, input_signature)
    archive = tf.Module()
    # NOTE: tracked as a list attribute so the SavedModel stores them (Note [saved
    # model export]); the endpoint captures the same tf.Variables.
    archive.model_variables = [v._value for v in model.variables]

    def serve(inputs):
        return model(inputs, training=False)

    archive.serve = tf.function(serve, input_signature=signature, autograph=False)
    _save(archive, filepath, verbose)


def write_saved_model(filepath, values, trainable_count, tf_fn, signature, verbose=True):
    """Writes ``tf_fn(variables, inputs)`` with the given values as a SavedModel."""
    archive = tf.Module()
    archive.model_variables = [
        tf.Variable(value, trainable=i < trainable_count) for i, value in enumerate(values)
    ]

    def serve(inputs):
        return tf_fn(list(archive.model_variables), inputs)

    archive.serve = tf.function(serve, input_signature=signature, autograph=False)
    _save(archive, filepath, verbose)


def _save(archive, filepath, verbose):
    concrete = archive.serve.get_concrete_function()
    tf.saved_model.save(archive, str(filepath), signatures={"serving_default": concrete})
    if verbose:
        print(f"Saved artifact at '{filepath}'. Endpoint: serve, "
              f"inputs: {concrete.structured_input_signature[0]}")


class TFSMLayer(Layer):
    """Loads a TensorFlow SavedModel as an inference layer (tensorflow engine only).

    The SavedModel's endpoint is called as the layer's computation. Its variables stay
    inside the loaded object: the layer has no kbackend weights, so ``fit`` does not
    change it (use it as a frozen feature extractor or for inference).

    Args:
        filepath: the SavedModel folder (e.g. written by ``model.export``).
        call_endpoint: name of the endpoint used for inference (default ``"serve"``);
            a signature name such as ``"serving_default"`` also works.
        call_training_endpoint: optional endpoint used when ``training=True``.
        trainable: whether the loaded variables are trainable.
        name: layer name.
        dtype: layer dtype policy.

    Returns:
        A layer whose call returns the endpoint's outputs.

    Example:
    >>> import kbackend, numpy as np, tempfile, os
    >>> model = kbackend.Sequential([kbackend.Input((3,)), kbackend.layers.Dense(2)])
    >>> path = os.path.join(tempfile.mkdtemp(), "m")
    >>> model.export(path, verbose=False)
    >>> layer = TFSMLayer(path)
    >>> tuple(layer(np.ones((1, 3), "float32")).shape)
    (1, 2)
    """

    def __init__(self, filepath, call_endpoint="serve", call_training_endpoint=None,
                 trainable=True, name=None, dtype=None):
        super().__init__(trainable=trainable, name=name, dtype=dtype)
        self.filepath = str(filepath)
        self.call_endpoint = call_endpoint
        self.call_training_endpoint = call_training_endpoint
        self._loaded = tf.saved_model.load(self.filepath)
        self._call_fn = self._endpoint(call_endpoint)
        self._training_fn = (
            self._endpoint(call_training_endpoint) if call_training_endpoint else None
        )
        self.built = True

    def _endpoint(self, name):
        fn = getattr(self._loaded, name, None)
        if fn is None:
            fn = getattr(self._loaded, "signatures", {}).get(name)
        if fn is None:
            available = [n for n in ("serve", "call", "serving_default")
                         if hasattr(self._loaded, n)]
            available += list(getattr(self._loaded, "signatures", {}))
            raise ValueError(
                f"TFSMLayer: the SavedModel at {self.filepath!r} has no endpoint "
                f"{name!r}. Available endpoints: {sorted(set(available))}."
            )
        return fn

    def call(self, inputs, training=False):
        fn = self._training_fn if (training and self._training_fn) else self._call_fn
        if hasattr(fn, "structured_input_signature") and not hasattr(fn, "function_spec"):
            # A signature function takes keyword tensors and returns a dict.
            keys = list(fn.structured_input_signature[1])
            outputs = fn(**{keys[0]: inputs}) if len(keys) == 1 else fn(**inputs)
            return next(iter(outputs.values())) if len(outputs) == 1 else outputs
        return fn(inputs)

    def get_config(self):
        config = super().get_config()
        config.pop("trainable", None)
        config.update({
            "filepath": self.filepath,
            "call_endpoint": self.call_endpoint,
            "call_training_endpoint": self.call_training_endpoint,
            "trainable": self.trainable,
        })
        return config


TFSMLayer.__module__ = "kbackend.layers"
