"""Constraints (``kbackend.constraints``): Constraint, MaxNorm, MinMaxNorm, NonNeg,
UnitNorm, their snake_case names, ``get``, ``serialize``, ``deserialize``."""

from kbackend.constraints.constraints import Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm

for _cls in (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm):
    _cls.__module__ = "kbackend.constraints"
del _cls

# Keras 3's lower-case aliases.
max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm

ALL_OBJECTS_DICT = {
    "Constraint": Constraint, "MaxNorm": MaxNorm, "MinMaxNorm": MinMaxNorm, "NonNeg": NonNeg,
    "UnitNorm": UnitNorm, "max_norm": MaxNorm, "min_max_norm": MinMaxNorm,
    "non_neg": NonNeg, "unit_norm": UnitNorm,
}


def serialize(constraint):
    """Returns the Keras 3 config dict of a constraint (None stays None).

    Example:
    >>> serialize(MaxNorm(3))["config"]
    {'max_value': 3, 'axis': 0}
    """
    from kbackend.saving import serialization_lib

    return serialization_lib.serialize_keras_object(constraint)


def deserialize(config, custom_objects=None):
    """Rebuilds a constraint from `serialize`'s output or a name.

    Example:
    >>> deserialize(serialize(UnitNorm(axis=1))).axis
    1
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
            f"Unknown constraint {name!r}. Did you mean one of {close}? Known names: "
            f"{sorted(ALL_OBJECTS_DICT)}."
        )
    return obj() if isinstance(obj, type) else obj


def get(identifier):
    """Returns a constraint from a name, config dict, instance or callable.

    Args:
        identifier: None, "max_norm"/"min_max_norm"/"non_neg"/"unit_norm" (or class
            names), a config dict, a `Constraint`, or any callable ``(w) -> w``.

    Returns:
        The constraint (None for None).

    Example:
    >>> type(get("non_neg")).__name__
    'NonNeg'
    """
    if identifier is None:
        return None
    if isinstance(identifier, str):
        return _from_name(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Constraint):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret constraint identifier: {identifier!r} of type "
        f"{type(identifier).__name__}. Expected a name, a config dict or a callable."
    )
