"""Turns Hashing / HashedCrossing inputs into the byte strings Keras 3 hashes."""

import numpy as np


def to_bytes(value):
    """The bytes Keras hashes for one value: UTF-8 text, or ``tf.as_string`` of a number."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bool, np.bool_)):
        return b"true" if value else b"false"
    if isinstance(value, (float, np.floating)):
        # NOTE: Keras casts floats to int64 (truncating) before taking their string form.
        value = int(value)
    return str(int(value)).encode("ascii")


def array_to_bytes(values):
    """Flattens a NumPy array of strings, bytes, bools or numbers into a list of bytes."""
    values = np.asarray(values)
    if values.dtype.kind == "f":
        values = values.astype(np.int64)
    if values.dtype.kind in "iu":
        return [text.encode("ascii") for text in values.ravel().astype(str).tolist()]
    return [to_bytes(value) for value in values.ravel().tolist()]
