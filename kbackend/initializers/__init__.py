"""Initializers (``kbackend.initializers``): classes, snake_case aliases, ``get``,
``serialize`` and ``deserialize``.

Configs use Keras 3's layout (``{"module": "keras.initializers", "class_name": ...}``) so
that they move between kbackend and Keras 3.
"""

from kbackend.initializers.constant_initializers import Constant, Identity, Ones, Zeros
from kbackend.initializers.initializer import Initializer
from kbackend.initializers.orthogonal import Orthogonal
from kbackend.initializers.random_initializers import (
    RandomInitializer,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
)
from kbackend.initializers.stft import STFT
from kbackend.initializers.variance_scaling import (  # noqa: F401
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    VarianceScaling,
    compute_fans,
)

# Keras 3's longer class aliases.
IdentityInitializer = Identity
OrthogonalInitializer = Orthogonal
STFTInitializer = STFT

_CLASSES = (Constant, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Identity, Initializer,
            LecunNormal, LecunUniform, Ones, Orthogonal, RandomNormal, RandomUniform, STFT,
            TruncatedNormal, VarianceScaling, Zeros)
for _cls in (*_CLASSES, RandomInitializer):
    _cls.__module__ = "kbackend.initializers"
del _cls

# Every name `get` accepts: class names, Keras's aliases and the snake_case spellings.
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES if cls is not Initializer}
ALL_OBJECTS_DICT.update({
    "IdentityInitializer": Identity,
    "OrthogonalInitializer": Orthogonal,
    "STFTInitializer": STFT,
    "constant": Constant,
    "glorot_normal": GlorotNormal,
    "glorot_uniform": GlorotUniform,
    "he_normal": HeNormal,
    "he_uniform": HeUniform,
    "identity": Identity,
    "lecun_normal": LecunNormal,
    "lecun_uniform": LecunUniform,
    "ones": Ones,
    "orthogonal": Orthogonal,
    "random_normal": RandomNormal,
    "normal": RandomNormal,
    "random_uniform": RandomUniform,
    "uniform": RandomUniform,
    "stft": STFT,
    "truncated_normal": TruncatedNormal,
    "variance_scaling": VarianceScaling,
    "zeros": Zeros,
})
# NOTE: Keras also exposes the snake_case names as module attributes (classes).
constant = Constant
glorot_normal = GlorotNormal
glorot_uniform = GlorotUniform
he_normal = HeNormal
he_uniform = HeUniform
identity = Identity
lecun_normal = LecunNormal
lecun_uniform = LecunUniform
ones = Ones
orthogonal = Orthogonal
random_normal = RandomNormal
random_uniform = RandomUniform
truncated_normal = TruncatedNormal
variance_scaling = VarianceScaling
zeros = Zeros


def _unknown(identifier):
    import difflib

    close = difflib.get_close_matches(str(identifier), list(ALL_OBJECTS_DICT), n=3)
    return ValueError(
        f"Unknown initializer {identifier!r}. Did you mean one of {close}? Known names: "
        f"{sorted(ALL_OBJECTS_DICT)}. Custom initializers must be registered with "
        "kbackend.saving.register_keras_serializable or passed in custom_objects."
    )


def serialize(initializer):
    """Returns the Keras 3 config dict of an initializer.

    Args:
        initializer: an `Initializer` instance (or None).

    Returns:
        ``{"module": "keras.initializers", "class_name", "config", "registered_name"}``.

    Example:
    >>> serialize(Zeros())["class_name"]
    'Zeros'
    """
    from kbackend.saving import serialization_lib

    return serialization_lib.serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    """Rebuilds an initializer from `serialize`'s output (or a name).

    Args:
        config: a config dict or a name.
        custom_objects: optional dict of user classes by name.

    Returns:
        The initializer instance.

    Example:
    >>> type(deserialize(serialize(HeNormal(seed=1)))).__name__
    'HeNormal'
    """
    from kbackend.saving import serialization_lib

    if isinstance(config, str):
        return get(config) if custom_objects is None else _from_name(config, custom_objects)
    if isinstance(config, dict) and config.get("class_name") in ALL_OBJECTS_DICT and (
        not config.get("registered_name") or config.get("registered_name")
        == config.get("class_name")
    ):
        # Built-ins resolve here, also for legacy configs without "module".
        cls = ALL_OBJECTS_DICT[config["class_name"]]
        inner = serialization_lib.drop_newer_keras_defaults(cls, config.get("config") or {})
        return cls.from_config(inner)
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)


def _from_name(name, custom_objects=None):
    if custom_objects and name in custom_objects:
        obj = custom_objects[name]
        return obj() if isinstance(obj, type) else obj
    cls = ALL_OBJECTS_DICT.get(name)
    if cls is None:
        from kbackend.saving.object_registration import get_registered_object

        cls = get_registered_object(name, custom_objects)
    if cls is None:
        raise _unknown(name)
    return cls() if isinstance(cls, type) else cls


def get(identifier):
    """Returns an initializer from a name, config dict, instance, class or callable.

    Args:
        identifier: None, a name ("glorot_uniform", "GlorotUniform", "he_normal",
            "uniform", ...), a config dict, an `Initializer` instance or class, or any
            callable ``(shape, dtype) -> tensor``.

    Returns:
        The initializer (None for None).

    Example:
    >>> type(get("he_normal")).__name__
    'HeNormal'
    """
    if identifier is None:
        return None
    if isinstance(identifier, Initializer):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()
    if isinstance(identifier, str):
        return _from_name(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret initializer identifier: {identifier!r} of type "
        f"{type(identifier).__name__}. Expected a name, a config dict, an Initializer or a "
        "callable."
    )
