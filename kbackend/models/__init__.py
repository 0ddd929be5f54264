"""Models (``kbackend.models``): Model, Functional, Sequential, and loading helpers."""

from kbackend.models.cloning import clone_model  # noqa: F401
from kbackend.models.functional import Functional  # noqa: F401
from kbackend.models.model import Model  # noqa: F401
from kbackend.models.sequential import Sequential  # noqa: F401
from kbackend.saving.saving_api import load_model  # noqa: F401

for _cls in (Functional, Model, Sequential):
    _cls.__module__ = "kbackend.models"
del _cls


def model_from_json(json_string, custom_objects=None):
    """Rebuilds a model (architecture only, fresh weights) from `Model.to_json` output.

    Example:
    >>> from kbackend import layers
    >>> x = layers.Input((2,))
    >>> m = Model(x, layers.Dense(3)(x))
    >>> model_from_json(m.to_json()).output_shape
    (None, 3)
    """
    import json

    from kbackend.saving import serialization_lib

    return serialization_lib.deserialize_keras_object(
        json.loads(json_string), custom_objects=custom_objects
    )
