"""Activations (``kbackend.activations``): the built-in functions, ``get``, ``serialize``
and ``deserialize``. Built-ins are stored by name in configs, as Keras 3 does."""

from kbackend.activations.activations import (
    celu,
    elu,
    exponential,
    gelu,
    glu,
    hard_shrink,
    hard_sigmoid,
    hard_silu,
    hard_swish,
    hard_tanh,
    leaky_relu,
    linear,
    log_sigmoid,
    log_softmax,
    mish,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    soft_shrink,
    softmax,
    softplus,
    softsign,
    sparse_plus,
    sparse_sigmoid,
    sparsemax,
    squareplus,
    swish,
    tanh,
    tanh_shrink,
    threshold,
)

ALL_OBJECTS = (
    celu, elu, exponential, gelu, glu, hard_shrink, hard_sigmoid, hard_silu, hard_tanh,
    leaky_relu, linear, log_sigmoid, log_softmax, mish, relu, relu6, selu, sigmoid, silu,
    soft_shrink, softmax, softplus, softsign, sparse_plus, sparse_sigmoid, sparsemax,
    squareplus, tanh, tanh_shrink, threshold,
)
for _fn in ALL_OBJECTS:
    _fn.__module__ = "kbackend.activations"
del _fn
ALL_OBJECTS_DICT = {fn.__name__: fn for fn in ALL_OBJECTS}
ALL_OBJECTS_DICT["swish"] = swish
ALL_OBJECTS_DICT["hard_swish"] = hard_swish


def _unknown(name):
    import difflib

    close = difflib.get_close_matches(str(name), list(ALL_OBJECTS_DICT), n=3)
    return ValueError(
        f"Unknown activation {name!r}. Did you mean one of {close}? Known names: "
        f"{sorted(ALL_OBJECTS_DICT)}. Custom activations must be registered with "
        "kbackend.saving.register_keras_serializable or passed in custom_objects."
    )


def serialize(activation):
    """Returns a built-in activation's name, or the config dict of any other one.

    Args:
        activation: an activation function or object.

    Returns:
        ``"relu"`` etc. for built-ins (how Keras 3 stores them); a
        ``{"module", "class_name", "config", "registered_name"}`` dict for registered
        functions and objects with ``get_config``.

    Example:
    >>> serialize(relu)
    'relu'
    """
    if activation is None:
        return serialize(linear)
    name = getattr(activation, "__name__", None)
    if name in ALL_OBJECTS_DICT and ALL_OBJECTS_DICT[name] is activation:
        return name
    from kbackend.saving import serialization_lib

    try:
        return serialization_lib.serialize_keras_object(activation)
    except (TypeError, ValueError) as e:
        raise ValueError(
            f"Cannot serialize activation {activation!r}: {e} Register it with "
            "@kbackend.saving.register_keras_serializable()."
        ) from None


def deserialize(config, custom_objects=None):
    """Rebuilds an activation from `serialize`'s output.

    Args:
        config: a name or a config dict.
        custom_objects: optional dict of user functions/classes by name.

    Returns:
        The activation function (or object).

    Example:
    >>> deserialize("gelu") is gelu
    True
    """
    if isinstance(config, str):
        if custom_objects and config in custom_objects:
            return custom_objects[config]
        if config in ALL_OBJECTS_DICT:
            return ALL_OBJECTS_DICT[config]
        from kbackend.saving.object_registration import get_registered_object

        obj = get_registered_object(config, custom_objects)
        if obj is None:
            raise _unknown(config)
        return obj
    if isinstance(config, dict):
        inner = config.get("config")
        if config.get("class_name") == "function" and inner in ALL_OBJECTS_DICT and (
            config.get("registered_name") in (None, inner)
        ):
            return ALL_OBJECTS_DICT[inner]
        from kbackend.saving import serialization_lib

        return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)
    raise ValueError(
        f"Could not deserialize activation {config!r}: expected a name or a config dict."
    )


def get(identifier):
    """Returns an activation function from a name, config, or callable (None: linear).

    Args:
        identifier: None, a name ("relu", "gelu", ...), a config dict or a callable.

    Returns:
        A callable.

    Example:
    >>> get("relu").__name__
    'relu'
    """
    if identifier is None:
        return linear
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret activation identifier: {identifier!r} of type "
        f"{type(identifier).__name__}. Expected a name, a config dict or a callable."
    )
