"""Regularizers (``kbackend.regularizers``): Regularizer, L1, L2, L1L2,
OrthogonalRegularizer, their snake_case names, ``get``, ``serialize``, ``deserialize``."""

from kbackend.regularizers.regularizers import (
    L1,
    L1L2,
    L2,
    OrthogonalRegularizer,
    Regularizer,
)

for _cls in (L1, L1L2, L2, OrthogonalRegularizer, Regularizer):
    _cls.__module__ = "kbackend.regularizers"
del _cls

# Keras 3's lower-case aliases.
l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer

ALL_OBJECTS_DICT = {
    "Regularizer": Regularizer, "L1": L1, "L2": L2, "L1L2": L1L2,
    "OrthogonalRegularizer": OrthogonalRegularizer,
    "l1": L1, "l2": L2, "l1_l2": L1L2, "orthogonal_regularizer": OrthogonalRegularizer,
}


def serialize(regularizer):
    """Returns the Keras 3 config dict of a regularizer (None stays None).

    Example:
    >>> serialize(L2(0.1))["config"]
    {'l2': 0.1}
    """
    from kbackend.saving import serialization_lib

    return serialization_lib.serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    """Rebuilds a regularizer from `serialize`'s output or a name.

    Example:
    >>> deserialize(serialize(L1(0.5))).l1
    0.5
    """
    from kbackend.saving import serialization_lib

    if isinstance(config, str):
        return _from_name(config, custom_objects)
    if isinstance(config, dict) and config.get("class_name") in ALL_OBJECTS_DICT and not (
        config.get("registered_name") not in (None, config.get("class_name"))
    ):
        return ALL_OBJECTS_DICT[config["class_name"]].from_config(config.get("config") or {})
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)


def _from_name(name, custom_objects=None):
    from kbackend.saving.object_registration import get_registered_object

    obj = (custom_objects or {}).get(name) or ALL_OBJECTS_DICT.get(name)
    if obj is None:
        obj = get_registered_object(name, custom_objects)
    if obj is None:
        import difflib

        close = difflib.get_close_matches(name, list(ALL_OBJECTS_DICT), n=3)
        raise ValueError(
            f"Unknown regularizer {name!r}. Did you mean one of {close}? Known names: "
            f"{sorted(ALL_OBJECTS_DICT)}."
        )
    return obj() if isinstance(obj, type) else obj


def get(identifier):
    """Returns a regularizer from a name, config dict, instance or callable.

    Args:
        identifier: None, "l1"/"l2"/"l1_l2"/"orthogonal_regularizer" (or class names), a
            config dict, a `Regularizer`, or any callable ``(weight) -> scalar``.

    Returns:
        The regularizer (None for None).

    Example:
    >>> type(get("l2")).__name__
    'L2'
    """
    if identifier is None:
        return None
    if isinstance(identifier, str):
        return _from_name(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Regularizer):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret regularizer identifier: {identifier!r} of type "
        f"{type(identifier).__name__}. Expected a name, a config dict or a callable."
    )
