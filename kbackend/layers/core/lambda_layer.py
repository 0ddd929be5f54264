"""Lambda: wraps an arbitrary function of tensors as a layer."""

import inspect

from kbackend import backends, tree
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.backends.common.stateless_scope import StatelessScope
from kbackend.layers.layer import Layer
from kbackend.saving import lambda_code, serialization_lib


def _is_python_lambda(function):
    return inspect.isfunction(function) and function.__name__ == "<lambda>"


def _serialize_function(function):
    if _is_python_lambda(function):
        return {"class_name": "__lambda__", "config": lambda_code.function_to_code(function)}
    return serialization_lib.serialize_keras_object(function)


def _deserialize_function(config, name):
    if config is None or callable(config):
        return config
    if isinstance(config, dict) and config.get("class_name") == "__lambda__":
        # NOTE: in_safe_mode() without argument reads the current safe-mode setting.
        return serialization_lib.deserialize_keras_object(
            config, safe_mode=serialization_lib.in_safe_mode())
    function = serialization_lib.deserialize_keras_object(config)
    if not callable(function):
        raise ValueError(
            f"Lambda: could not rebuild `{name}` from its config {config!r}. Register the "
            "function with @kbackend.saving.register_keras_serializable() or pass it in "
            "custom_objects."
        )
    return function


def _first_shape(shapes):
    if isinstance(shapes, dict):
        return _first_shape(next(iter(shapes.values()))) if shapes else None
    if isinstance(shapes, (list, tuple)) and shapes and isinstance(
        shapes[0], (list, tuple, dict)
    ):
        return _first_shape(shapes[0])
    return shapes


class Lambda(Layer):
    """Wraps ``function(inputs, **arguments)`` as a layer (it must hold no weights).

    Use it for stateless glue code; write a `Layer` subclass for anything with state.
    A Python ``lambda`` is saved as bytecode, which loads only with ``safe_mode=False``;
    named functions are saved by name (register your own with
    ``@kbackend.saving.register_keras_serializable()``).

    Args:
        function: the function; its first argument is the input (tensor or structure).
            If it accepts ``mask`` or ``training``, they are passed.
        output_shape: optional output shape: a tuple without the batch axis, or a
            function of the input shape. Inferred by tracing when None.
        mask: optional output mask: a tensor, or ``mask(inputs, previous_mask)``.
        arguments: optional dict of extra keyword arguments for ``function``.
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> layer = Lambda(lambda x: x * 2)
    >>> ops.convert_to_numpy(layer(ops.ones((1, 2)))).tolist()
    [[2.0, 2.0]]
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise TypeError(
                f"Lambda {self.name}: `function` must be callable, got {function!r}."
            )
        self.function = function
        self.arguments = dict(arguments or {})
        self._output_shape = output_shape
        self.mask = mask
        self.supports_masking = True
        parameters = inspect.signature(function).parameters
        self._function_takes_mask = "mask" in parameters
        self._function_takes_training = "training" in parameters
        self.built = True

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._function_takes_mask:
            kwargs["mask"] = mask
        if self._function_takes_training:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs, previous_mask=None):
        if callable(self.mask):
            return self.mask(inputs, previous_mask)
        return self.mask

    def _traced_spec(self, *args, **kwargs):
        # NOTE: Layer.compute_output_spec would call our compute_output_shape (which calls
        # back into it), so trace `call` directly.
        def run(*a, **k):
            return self._eager_call(a, k)

        with StatelessScope(initialize_variables=False):
            return backends.compute_output_spec(run, *args, **kwargs)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            inputs = tree.map_shape_structure(
                lambda shape: KerasTensor(shape, dtype=self.compute_dtype), input_shape)
            return tree.map_structure(lambda x: x.shape, self._traced_spec(inputs))
        if callable(self._output_shape):
            return tuple(self._output_shape(input_shape))
        first_shape = _first_shape(input_shape)
        batch = first_shape[0] if first_shape else None
        return (batch,) + tuple(self._output_shape)

    def compute_output_spec(self, *args, **kwargs):
        spec = self._traced_spec(*args, **kwargs)
        if self._output_shape is None or not isinstance(spec, KerasTensor):
            return spec
        shapes = tree.map_structure(lambda x: x.shape, args[0])
        return KerasTensor(self.compute_output_shape(shapes), dtype=spec.dtype)

    def get_config(self):
        config = {**super().get_config(), "function": _serialize_function(self.function)}
        if self._output_shape is not None:
            config["output_shape"] = (
                _serialize_function(self._output_shape) if callable(self._output_shape)
                else list(self._output_shape))
        if self.mask is not None:
            config["mask"] = (_serialize_function(self.mask) if callable(self.mask)
                              else serialization_lib.serialize_keras_object(self.mask))
        config["arguments"] = serialization_lib.serialize_keras_object(self.arguments)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["function"] = _deserialize_function(config["function"], "function")
        output_shape = config.get("output_shape")
        if isinstance(output_shape, dict):
            config["output_shape"] = _deserialize_function(output_shape, "output_shape")
        elif isinstance(output_shape, list):
            config["output_shape"] = tuple(output_shape)
        if isinstance(config.get("mask"), dict):
            config["mask"] = _deserialize_function(config["mask"], "mask")
        config["arguments"] = serialization_lib.deserialize_keras_object(
            config.get("arguments") or {}, custom_objects=custom_objects)
        return super().from_config(config)
