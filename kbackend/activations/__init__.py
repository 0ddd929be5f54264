"""Activations (``kbackend.activations``): ``get``, ``serialize``, ``deserialize``."""

from kbackend import ops


def linear(x):
    """Identity: returns ``x``.

    Example:
    >>> linear(3.0)
    3.0
    """
    return x


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(relu(ops.convert_to_tensor([-1.0, 2.0]))).tolist()
    [0.0, 2.0]
    """
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return ops.relu(x)
    x = ops.convert_to_tensor(x)
    negative = ops.multiply(ops.subtract(x, threshold), negative_slope)
    result = ops.where(ops.greater_equal(x, threshold), x, negative)
    if max_value is not None:
        result = ops.minimum(result, max_value)
    return result


def softmax(x, axis=-1):
    """Softmax along ``axis``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(softmax(ops.convert_to_tensor([0.0, 0.0]))).tolist()
    [0.5, 0.5]
    """
    return ops.softmax(x, axis=axis)


def sigmoid(x):
    """Logistic sigmoid.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(sigmoid(ops.convert_to_tensor(0.0))))
    0.5
    """
    return ops.sigmoid(x)


def tanh(x):
    """Hyperbolic tangent.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(tanh(ops.convert_to_tensor(0.0))))
    0.0
    """
    return ops.tanh(x)


_BY_NAME = {"linear": linear, "relu": relu, "softmax": softmax, "sigmoid": sigmoid,
            "tanh": tanh}


def get(identifier):
    """Returns an activation function from a name, config, or callable (None: linear).

    Example:
    >>> get("relu").__name__
    'relu'
    """
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            import difflib

            close = difflib.get_close_matches(identifier, list(_BY_NAME), n=3)
            raise ValueError(
                f"Unknown activation {identifier!r}. Did you mean one of {close}? Known: "
                f"{sorted(_BY_NAME)}."
            )
        return _BY_NAME[identifier]
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret activation identifier: {identifier!r}.")


def serialize(activation):
    """Returns the name of a built-in activation (Keras stores activations by name)."""
    name = getattr(activation, "__name__", None)
    if name in _BY_NAME and _BY_NAME[name] is activation:
        return name
    if hasattr(activation, "get_config"):
        return {"module": type(activation).__module__, "class_name": type(activation).__name__,
                "config": activation.get_config(), "registered_name": None}
    raise ValueError(
        f"Cannot serialize activation {activation!r}: register it with "
        "kbackend.saving.register_keras_serializable."
    )


def deserialize(config, custom_objects=None):
    """Rebuilds an activation from `serialize`'s output."""
    if isinstance(config, str):
        return get(config)
    name = config.get("class_name") or config.get("config")
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    return get(name)
