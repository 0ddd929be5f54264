"""to_categorical and normalize: the small array helpers of ``keras.utils``."""

import numpy as np

from kbackend import backends, ops


def to_categorical(x, num_classes=None):
    """Converts integer class labels to one-hot rows.

    A trailing axis of size 1 (labels shaped ``(n, 1)``) is dropped first, as in Keras.

    Args:
        x: integer labels, in ``[0, num_classes)``: array-like or an engine tensor.
        num_classes: the number of classes; default ``max(x) + 1``.

    Returns:
        A float64 NumPy array of shape ``x.shape + (num_classes,)`` for array-like input; an
        engine tensor (dtype ``floatx()``) for tensor input.

    Example:
    >>> to_categorical([0, 2], num_classes=3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    # NOTE: NumPy arrays take the NumPy path on every engine (the numpy engine's tensors
    # are NumPy arrays), so results do not depend on the engine.
    if backends.is_tensor(x) and not isinstance(x, np.ndarray):
        shape = tuple(ops.shape(x))
        if len(shape) > 1 and shape[-1] == 1:
            x = ops.reshape(x, shape[:-1])
        if not num_classes:
            num_classes = int(np.max(ops.convert_to_numpy(x))) + 1
        return ops.one_hot(x, int(num_classes))
    x = np.asarray(x)
    if x.dtype.kind not in "iub" and not (x.dtype.kind == "f" and np.all(x == np.round(x))):
        raise ValueError(
            f"to_categorical expects integer class labels, received dtype {x.dtype}."
        )
    x = x.astype("int64")
    input_shape = x.shape
    if len(input_shape) > 1 and input_shape[-1] == 1:
        input_shape = input_shape[:-1]
    x = x.reshape(-1)
    if not num_classes:
        num_classes = int(np.max(x)) + 1 if x.size else 0
    num_classes = int(num_classes)
    if x.size and (x.min() < 0 or x.max() >= num_classes):
        raise ValueError(
            f"to_categorical: labels must be in [0, {num_classes}); received values from "
            f"{x.min()} to {x.max()}. Pass a larger `num_classes` or fix the labels."
        )
    categorical = np.zeros((x.shape[0], num_classes))
    categorical[np.arange(x.shape[0]), x] = 1
    return categorical.reshape(input_shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """Divides ``x`` by its ``order``-norm along ``axis``; zero-norm slices are left as is.

    Args:
        x: a NumPy array (handled in NumPy) or a tensor (handled by `kbackend.ops.normalize`).
        axis: the axis along which to normalize.
        order: the norm order (2 for L2).

    Returns:
        The normalized array, of the same kind as ``x``.

    Example:
    >>> normalize(np.array([[3.0, 4.0]])).tolist()
    [[0.6, 0.8]]
    """
    if isinstance(x, np.ndarray):
        norm = np.atleast_1d(np.linalg.norm(x, order, axis))
        norm[norm == 0] = 1
        # NOTE: axis=None means the whole (flat) array; its norm is a scalar.
        return x / (norm if axis is None else np.expand_dims(norm, axis))
    return ops.normalize(x, axis=axis, order=order)
