"""Keras masks attached to tensors: ``set_keras_mask`` / ``get_keras_mask``.

Some engine arrays refuse new attributes (jax, NumPy), so masks live in a side table keyed
by object identity and dropped when the tensor is garbage-collected.
"""

import weakref

_masks = {}


def set_keras_mask(x, mask):
    """Attaches ``mask`` to tensor ``x`` (None removes it)."""
    try:
        x._keras_mask = mask
        return
    except (AttributeError, TypeError):
        pass
    key = id(x)
    if mask is None:
        _masks.pop(key, None)
        return
    try:
        ref = weakref.ref(x, lambda _, key=key, masks=_masks: masks.pop(key, None))
    except TypeError:
        return  # NOTE: objects without weakref support cannot carry a mask.
    _masks[key] = (ref, mask)


def get_keras_mask(x):
    """Returns the mask attached to ``x``, or None."""
    mask = getattr(x, "_keras_mask", None)
    if mask is not None:
        return mask
    entry = _masks.get(id(x))
    if entry is not None and entry[0]() is x:
        return entry[1]
    return None
