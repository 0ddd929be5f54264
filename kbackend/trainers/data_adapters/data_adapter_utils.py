"""Packing, unpacking and splitting of ``(x, y, sample_weight)`` data."""

import numpy as np

from kbackend import tree


def unpack_x_y_sample_weight(data):
    """Splits a batch into ``(x, y, sample_weight)`` (missing parts are None).

    Example:
    >>> unpack_x_y_sample_weight(([1], [2]))
    ([1], [2], None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data[0], data[1], data[2]
    raise ValueError(
        "Data is expected as x, (x,), (x, y) or (x, y, sample_weight); got a tuple of "
        f"{len(data)} elements."
    )


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """Packs ``x``, ``y`` and ``sample_weight`` into the tuple ``fit`` expects.

    Example:
    >>> pack_x_y_sample_weight([1], [2])
    ([1], [2])
    """
    if y is None:
        return (x,) if not isinstance(x, tuple) else (x,)
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def _length(structure):
    lengths = {int(np.shape(a)[0]) for a in tree.flatten(structure) if a is not None}
    if len(lengths) > 1:
        raise ValueError(
            f"All arrays must have the same number of samples; got lengths {sorted(lengths)}."
        )
    return lengths.pop() if lengths else 0


def train_validation_split(arrays, validation_split):
    """Splits array data, keeping the LAST ``validation_split`` fraction for validation.

    Example:
    >>> (x, y, _), (vx, vy, _) = train_validation_split(
    ...     (np.arange(10), np.arange(10), None), 0.2)
    >>> vx.tolist()
    [8, 9]
    """
    if not 0 < validation_split < 1:
        raise ValueError(f"validation_split must be in (0, 1), got {validation_split}.")
    for a in tree.flatten(arrays):
        if a is not None and not hasattr(a, "shape"):
            raise ValueError(
                "validation_split only works with array data (NumPy or tensors); got "
                f"{type(a).__name__}. Pass validation_data instead."
            )
    total = _length(arrays)
    split_at = int(total * (1 - validation_split))
    if split_at == 0 or split_at == total:
        raise ValueError(
            f"validation_split={validation_split} leaves no samples on one side of the "
            f"split ({total} samples)."
        )

    def take(start, stop):
        return tree.map_structure(lambda a: None if a is None else a[start:stop], arrays)

    return take(0, split_at), take(split_at, total)


def class_weight_to_sample_weights(y, class_weight):
    """Sample weights from a ``{class_index: weight}`` dict and labels or one-hot targets.

    Example:
    >>> class_weight_to_sample_weights(np.array([0, 1, 1]), {0: 1.0, 1: 3.0}).tolist()
    [1.0, 3.0, 3.0]
    """
    y = np.asarray(y)
    if y.ndim > 1 and y.shape[-1] > 1:
        labels = np.argmax(y, axis=-1)
    else:
        labels = y.reshape(y.shape[0], -1)[:, 0].astype("int64") if y.ndim > 1 else y.astype(
            "int64")
    unknown = sorted(set(np.unique(labels).tolist()) - set(int(k) for k in class_weight))
    if unknown:
        raise ValueError(
            f"class_weight has no entry for classes {unknown} found in the targets; it has "
            f"{sorted(class_weight)}."
        )
    lookup = np.zeros(int(max(int(k) for k in class_weight)) + 1, dtype="float32")
    for key, weight in class_weight.items():
        lookup[int(key)] = weight
    return lookup[labels]
