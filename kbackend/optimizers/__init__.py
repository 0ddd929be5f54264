"""Optimizers (``kbackend.optimizers``): the Keras 3 optimizers, get, serialize, deserialize.

Example:
>>> from kbackend import optimizers
>>> type(optimizers.get("Adam")).__name__
'Adam'
"""

import difflib

from kbackend.optimizers import schedules  # noqa: F401
from kbackend.optimizers.adafactor import Adafactor
from kbackend.optimizers.adagrad_family import Adadelta, Adagrad, Adamax
from kbackend.optimizers.adam import Adam, AdamW
from kbackend.optimizers.base_optimizer import Optimizer
from kbackend.optimizers.ftrl import Ftrl
from kbackend.optimizers.lion_lamb import Lamb, Lion
from kbackend.optimizers.loss_scale_optimizer import LossScaleOptimizer
from kbackend.optimizers.multi_optimizer import MultiOptimizer
from kbackend.optimizers.muon import Muon
from kbackend.optimizers.nadam import Nadam
from kbackend.optimizers.rmsprop import RMSprop
from kbackend.optimizers.schedule_free_adamw import ScheduleFreeAdamW
from kbackend.optimizers.sgd import SGD
from kbackend.saving import serialization_lib

_CLASSES = (
    Optimizer, SGD, RMSprop, Adam, AdamW, Adadelta, Adagrad, Adamax, Adafactor, Nadam, Ftrl,
    Lion, Lamb, Muon, ScheduleFreeAdamW, LossScaleOptimizer, MultiOptimizer,
)
for _cls in _CLASSES:
    _cls.__module__ = "kbackend.optimizers"
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
# Names `get` accepts, lower-cased (Keras matches optimizer names case-insensitively).
_BY_LOWER_NAME = {
    name.lower(): cls for name, cls in ALL_OBJECTS_DICT.items()
    if cls not in (Optimizer, LossScaleOptimizer, MultiOptimizer)
}


def serialize(optimizer):
    """Returns the Keras 3 config of an optimizer.

    Args:
        optimizer: an `Optimizer`.

    Returns:
        A JSON-compatible dict (``module``, ``class_name``, ``config``, ...).

    Example:
    >>> serialize(SGD())["class_name"]
    'SGD'
    """
    return serialization_lib.serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    """Rebuilds an optimizer from `serialize`'s output (class names case-insensitive).

    Args:
        config: the serialized optimizer.
        custom_objects: optional dict of user classes by name.

    Returns:
        An `Optimizer`.

    Example:
    >>> type(deserialize({"class_name": "adam", "config": {}})).__name__
    'Adam'
    """
    config = dict(config)
    cls = _BY_LOWER_NAME.get(str(config.get("class_name", "")).lower())
    if cls is not None and not (custom_objects and config["class_name"] in custom_objects):
        config["class_name"] = cls.__name__
        config.setdefault("module", "keras.optimizers")
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)


def get(identifier):
    """Returns an optimizer from a name, a config dict or an instance.

    Args:
        identifier: an `Optimizer` instance, a name ("adam", "SGD", "rmsprop", ...,
            case-insensitive; default arguments) or a config dict.

    Returns:
        An `Optimizer`.

    Example:
    >>> type(get("rmsprop")).__name__
    'RMSprop'
    """
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        cls = _BY_LOWER_NAME.get(identifier.lower())
        if cls is not None:
            return cls()
        close = difflib.get_close_matches(identifier.lower(), list(_BY_LOWER_NAME), n=3,
                                          cutoff=0.5)
        hint = f" Did you mean one of {close}?" if close else ""
        raise ValueError(
            f"Could not interpret optimizer identifier: {identifier!r}.{hint} Known names: "
            f"{sorted(_BY_LOWER_NAME)} (case-insensitive), or pass an Optimizer instance."
        )
    raise ValueError(
        f"Could not interpret optimizer identifier: {identifier!r} of type "
        f"{type(identifier).__name__}. Pass a name such as 'adam', a config dict, or an "
        "Optimizer instance."
    )
