"""Initializers (``kbackend.initializers``): ``get``, ``serialize``, ``deserialize``."""

from kbackend.initializers.constant_initializers import Constant, Ones, Zeros  # noqa: F401
from kbackend.initializers.initializer import Initializer  # noqa: F401
from kbackend.initializers.random_initializers import (  # noqa: F401
    GlorotUniform,
    VarianceScaling,
)

_BY_NAME = {
    "zeros": Zeros,
    "ones": Ones,
    "constant": Constant,
    "glorot_uniform": GlorotUniform,
    "variance_scaling": VarianceScaling,
}


def get(identifier):
    """Returns an initializer from a name, config dict, instance, class or callable.

    Example:
    >>> type(get("zeros")).__name__
    'Zeros'
    """
    if identifier is None:
        return None
    if isinstance(identifier, Initializer):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()
    if isinstance(identifier, str):
        key = identifier
        snake = "".join("_" + c.lower() if c.isupper() else c for c in key).lstrip("_")
        cls = _BY_NAME.get(key) or _BY_NAME.get(snake)
        if cls is None:
            import difflib

            close = difflib.get_close_matches(snake, list(_BY_NAME), n=3)
            raise ValueError(
                f"Unknown initializer {identifier!r}. Did you mean one of {close}? Known: "
                f"{sorted(_BY_NAME)}."
            )
        return cls()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret initializer identifier: {identifier!r}.")


def serialize(initializer):
    """Returns the Keras-format config dict of an initializer."""
    return {"module": "keras.initializers", "class_name": type(initializer).__name__,
            "config": initializer.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    """Rebuilds an initializer from `serialize`'s output."""
    name = config["class_name"]
    cls = globals().get(name) or (custom_objects or {}).get(name)
    if cls is None:
        raise ValueError(f"Unknown initializer class {name!r}.")
    return cls.from_config(config.get("config", {}))
