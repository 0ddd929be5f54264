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

    Args:
        x: the inputs (an array or a nested structure of arrays).
        y: the targets, or None.
        sample_weight: the sample weights, or None.

    Returns:
        ``x`` itself when it is the only part and not a tuple/list (as in Keras),
        otherwise ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``; the inverse of
        `unpack_x_y_sample_weight`.

    Example:
    >>> pack_x_y_sample_weight([1], [2])
    ([1], [2])
    >>> pack_x_y_sample_weight([1])
    ([1],)
    """
    if y is None:
        if sample_weight is not None:
            return (x, None, sample_weight)
        return (x,) if isinstance(x, (tuple, list)) else x
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
    parts = isinstance(arrays, tuple) and len(arrays) <= 3
    if parts:
        arrays = tuple(numbers_to_arrays(part) for part in arrays)
    for a in tree.flatten(arrays):
        if a is not None and not is_array_like(a):
            raise ValueError(
                "`validation_split` is only supported for array data (NumPy arrays, "
                "tensors, pandas, or lists/dicts of them); got "
                f"{type(a).__name__}. For a generator, PyDataset, tf.data.Dataset or "
                "DataLoader, pass `validation_data=` instead."
            )
    total = check_sample_counts(*arrays) if parts else check_sample_counts(arrays)
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


# --- recognising and converting array-likes (no engine is imported here) -----------------

# NOTE: tensors of every engine are recognised by the module of their type, so that a
# torch tensor can feed a jax model (and vice versa) without kbackend importing either.
_TENSOR_MODULES = ("jax", "jaxlib", "torch", "tensorflow", "tf_keras")


def _type_modules(value):
    return [getattr(cls, "__module__", "") or "" for cls in type(value).__mro__]


def is_engine_tensor(value):
    """True for a jax / torch / tensorflow tensor (found by its type's module).

    Example:
    >>> is_engine_tensor(np.zeros(2))
    False
    """
    module = type(value).__module__ or ""
    return module.split(".")[0] in _TENSOR_MODULES and hasattr(value, "shape")


def is_pandas(value):
    """True for a pandas DataFrame or Series (pandas is never imported here).

    Example:
    >>> is_pandas(np.zeros(2))
    False
    """
    module = type(value).__module__ or ""
    return module.startswith("pandas") and hasattr(value, "to_numpy")


def is_array_like(value):
    """True for leaves the array adapter can slice: NumPy, engine tensors, pandas.

    Example:
    >>> is_array_like(np.zeros(2)), is_array_like(iter([]))
    (True, False)
    """
    return isinstance(value, (np.ndarray, np.generic)) or is_engine_tensor(value) or is_pandas(
        value)


def to_numpy(value):
    """Converts one array-like leaf (NumPy, any engine's tensor, pandas, list) to NumPy.

    Example:
    >>> to_numpy([1, 2]).tolist()
    [1, 2]
    """
    if value is None or isinstance(value, np.ndarray):
        return value
    if is_pandas(value):
        return value.to_numpy()
    if is_engine_tensor(value):
        from kbackend import backends

        if backends.is_tensor(value):
            return np.asarray(backends.convert_to_numpy(value))
        if hasattr(value, "detach"):  # torch: leave the autograd graph and the device
            value = value.detach().cpu()
        if hasattr(value, "numpy"):
            return np.asarray(value.numpy())
    return np.asarray(value)


def _is_number_list(value):
    if not isinstance(value, (list, tuple)) or not value:
        return False
    return all(
        isinstance(v, (int, float, bool, np.number)) or _is_number_list(v) for v in value
    )


def structure_to_numpy(structure):
    """Converts every leaf of a nested x / y / sample_weight to NumPy (None stays None).

    A (nested) list of plain Python numbers is one array, not a list of inputs.

    Example:
    >>> structure_to_numpy({"a": [1.0, 2.0]})["a"].shape
    (2,)
    """
    if structure is None:
        return None
    return tree.map_structure(to_numpy, numbers_to_arrays(structure))


def numbers_to_arrays(structure):
    """Replaces each (nested) list of plain Python numbers in ``structure`` by one array.

    Example:
    >>> numbers_to_arrays({"a": [1, 2]})["a"].tolist()
    [1, 2]
    """
    if _is_number_list(structure):
        return np.asarray(structure)
    if isinstance(structure, dict):
        return {k: numbers_to_arrays(v) for k, v in structure.items()}
    if type(structure) in (list, tuple):
        return type(structure)(numbers_to_arrays(v) for v in structure)
    return structure


def check_sample_counts(x, y=None, sample_weight=None):
    """Returns the number of samples; a clear error names the parts that disagree.

    Example:
    >>> check_sample_counts(np.zeros((3, 2)), np.zeros(3))
    3
    """
    counts = []
    for part, structure in (("x", x), ("y", y), ("sample_weight", sample_weight)):
        for path, leaf in tree.flatten_with_path(structure):
            if leaf is None:
                continue
            shape = np.shape(leaf)
            if not shape:
                raise ValueError(
                    f"{_describe(part, path)} is a scalar (shape ()); every array must have "
                    "a first (sample) dimension. Reshape it to (num_samples, ...)."
                )
            counts.append((_describe(part, path), int(shape[0])))
    if not counts:
        return 0
    if len({n for _, n in counts}) > 1:
        listing = ", ".join(f"{name} has {n}" for name, n in counts)
        raise ValueError(
            "All arrays must have the same number of samples (first dimension), but "
            f"{listing}. Make x, y and sample_weight the same length."
        )
    return counts[0][1]


def _describe(part, path):
    return part + "".join(f"[{p!r}]" for p in path)


def apply_class_weight(y, sample_weight, class_weight):
    """Returns the sample weights that ``class_weight`` gives a batch's targets ``y``.

    Example:
    >>> apply_class_weight(np.array([1, 0]), None, {0: 1.0, 1: 2.0}).tolist()
    [2.0, 1.0]
    """
    if class_weight is None:
        return sample_weight
    if y is None:
        raise ValueError(
            "class_weight was given but the data has no targets (y). Provide y, or drop "
            "class_weight."
        )
    if sample_weight is not None:
        raise ValueError(
            "You cannot use `class_weight` and `sample_weight` at the same time: pass one "
            "of them (fold the class weights into sample_weight yourself if you need both)."
        )
    if len(tree.flatten(y)) > 1:
        raise ValueError(
            "`class_weight` is only supported for models with a single output (one y "
            f"array); got {len(tree.flatten(y))} target arrays. Use sample_weight instead."
        )
    return class_weight_to_sample_weights(to_numpy(tree.flatten(y)[0]), class_weight)


def to_engine_batch(structure):
    """Converts a batch's NumPy leaves to the engine's tensors (what the step receives).

    NOTE: float64 NumPy data (NumPy's default) becomes ``floatx()`` as in Keras, so that
    ``np.random.rand`` data does not silently promote a float32 model to float64. String
    and object arrays stay NumPy (string preprocessing layers take them as they are).

    Example:
    >>> batch = to_engine_batch((np.zeros((2, 3)), np.zeros(2)))
    >>> [tuple(t.shape) for t in batch]
    [(2, 3), (2,)]
    """
    from kbackend import backend, ops

    def convert(value):
        if not isinstance(value, np.ndarray) or value.dtype.kind in "USOV":
            return value
        if value.dtype == np.float64 and backend.floatx() != "float64":
            value = value.astype(backend.floatx())
        return ops.convert_to_tensor(value)

    return tree.map_structure(convert, structure)
