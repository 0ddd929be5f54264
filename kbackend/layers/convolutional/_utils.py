"""Argument checks shared by the convolution and pooling layers."""

import difflib

from kbackend.backends.common import config
from kbackend.saving import serialization_lib

DATA_FORMATS = ("channels_last", "channels_first")


def standardize_data_format(data_format, layer_name):
    """``None`` -> the global ``image_data_format()``; otherwise checked and lower-cased."""
    if data_format is None:
        return config.image_data_format()
    value = str(data_format).lower()
    if value not in DATA_FORMATS:
        raise ValueError(
            f"{layer_name}: data_format must be one of {DATA_FORMATS}, got {data_format!r}."
        )
    return value


def standardize_padding(padding, layer_name, allowed=("valid", "same")):
    """Lower-cases ``padding`` and checks it against ``allowed`` (naming close matches)."""
    value = str(padding).lower()
    if value not in allowed:
        close = difflib.get_close_matches(value, allowed, n=2)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"{layer_name}: padding must be one of {allowed}, got {padding!r}.{hint}"
        )
    return value


def standardize_tuple(value, n, name, layer_name, allow_zero=False):
    """An int or a sequence of ``n`` ints -> a tuple of ``n`` positive ints."""
    if isinstance(value, dict) and value.get("class_name") == "__tuple__":
        # NOTE: a config serialized by kbackend.saving keeps tuples in this tagged form.
        value = serialization_lib.deserialize_keras_object(value)
    if isinstance(value, int) and not isinstance(value, bool):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            values = None
        if values is None or len(values) != n or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values
        ):
            raise ValueError(
                f"{layer_name}: `{name}` must be an int or a tuple of {n} ints, got {value!r}."
            )
    lowest = 0 if allow_zero else 1
    if any(v < lowest for v in values):
        raise ValueError(
            f"{layer_name}: every value of `{name}` must be >= {lowest}, got {value!r}."
        )
    return values


def serialize(obj):
    """Config form of an optional regularizer/constraint (None stays None)."""
    if obj is None:
        return None
    return serialization_lib.serialize_keras_object(obj)


def channel_axis(data_format):
    return -1 if data_format == "channels_last" else 1
