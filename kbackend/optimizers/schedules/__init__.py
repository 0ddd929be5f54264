"""Learning rate schedules (``kbackend.optimizers.schedules``).

Example:
>>> from kbackend import ops
>>> from kbackend.optimizers import schedules
>>> s = schedules.deserialize(schedules.serialize(schedules.ExponentialDecay(0.1, 10, 0.5)))
>>> round(float(ops.convert_to_numpy(s(10))), 4)
0.05
"""

from kbackend.optimizers.schedules.cosine_schedules import CosineDecay, CosineDecayRestarts
from kbackend.optimizers.schedules.decay_schedules import (
    ExponentialDecay,
    InverseTimeDecay,
    PiecewiseConstantDecay,
    PolynomialDecay,
)
from kbackend.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kbackend.saving import serialization_lib

_CLASSES = (
    LearningRateSchedule, ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay,
    PolynomialDecay, CosineDecay, CosineDecayRestarts,
)
for _cls in _CLASSES:
    _cls.__module__ = "kbackend.optimizers.schedules"
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}


def serialize(learning_rate_schedule):
    """Returns the Keras 3 config of a schedule.

    Args:
        learning_rate_schedule: a `LearningRateSchedule`.

    Returns:
        A JSON-compatible dict.

    Example:
    >>> serialize(ExponentialDecay(0.1, 10, 0.5))["class_name"]
    'ExponentialDecay'
    """
    return serialization_lib.serialize_keras_object(learning_rate_schedule)


def deserialize(config, custom_objects=None):
    """Rebuilds a schedule from `serialize`'s output.

    Args:
        config: the serialized schedule.
        custom_objects: optional dict of user schedule classes by name.

    Returns:
        A `LearningRateSchedule`.

    Example:
    >>> type(deserialize(serialize(CosineDecay(0.1, 100)))).__name__
    'CosineDecay'
    """
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)
