"""`split_dataset`: split array data (or a tf.data.Dataset) into two parts."""

import numpy as np

from kbackend import tree
from kbackend.trainers.data_adapters import data_adapter_utils
from kbackend.trainers.data_adapters.tf_dataset_adapter import is_tf_dataset


def split_dataset(dataset, left_size=None, right_size=None, shuffle=False, seed=None):
    """Splits a dataset into a left and a right part.

    Args:
        dataset: a NumPy array or tensor, a list/tuple of arrays of the same length
            (e.g. ``(x, y)``), a dict of such arrays, or a ``tf.data.Dataset`` (when
            tensorflow is installed).
        left_size: a float in (0, 1) (fraction of the samples), an int (number of
            samples) or None (what ``right_size`` leaves).
        right_size: same, for the right part; None means the rest.
        shuffle: shuffle the samples before splitting.
        seed: random seed for the shuffle.

    Returns:
        ``(left, right)``. For an array, two arrays; for a list/tuple, two lists of arrays;
        for a dict, two dicts of arrays; for a ``tf.data.Dataset``, two datasets.

    Example:
    >>> x, y = np.arange(10).reshape(5, 2), np.arange(5)
    >>> left, right = split_dataset((x, y), left_size=0.6)
    >>> left[1].tolist(), right[1].tolist()
    ([0, 1, 2], [3, 4])
    """
    if is_tf_dataset(dataset):
        return _split_tf_dataset(dataset, left_size, right_size, shuffle, seed)
    if isinstance(dataset, dict):
        arrays = {k: data_adapter_utils.to_numpy(v) for k, v in dataset.items()}
    elif isinstance(dataset, (list, tuple)) and not data_adapter_utils._is_number_list(
            dataset):
        arrays = [data_adapter_utils.to_numpy(v) for v in dataset]
    elif data_adapter_utils.is_array_like(dataset) or data_adapter_utils._is_number_list(
            dataset):
        arrays = data_adapter_utils.to_numpy(dataset)
    else:
        raise TypeError(
            "split_dataset expects a NumPy array or tensor, a list/tuple or dict of arrays "
            f"of the same length, or a tf.data.Dataset; got {type(dataset).__name__}."
        )
    for leaf in tree.flatten(arrays):
        if not isinstance(leaf, np.ndarray) or leaf.dtype == object and leaf.ndim == 0:
            raise TypeError(
                f"split_dataset: every element must be an array; got {type(leaf).__name__}."
            )
    total = data_adapter_utils.check_sample_counts(arrays)
    left, right = _split_sizes(total, left_size, right_size)
    order = np.arange(total)
    if shuffle:
        order = np.random.default_rng(seed).permutation(total)
    left_index, right_index = order[:left], order[left:left + right]
    return (
        tree.map_structure(lambda a: a[left_index], arrays),
        tree.map_structure(lambda a: a[right_index], arrays),
    )


def _split_tf_dataset(dataset, left_size, right_size, shuffle, seed):
    total = int(dataset.cardinality())
    if total < 0:
        raise ValueError(
            "split_dataset needs a tf.data.Dataset of known, finite length; this one's "
            "length is unknown or infinite. Use dataset.take(n) or "
            "dataset.apply(tf.data.experimental.assert_cardinality(n)) first."
        )
    left, right = _split_sizes(total, left_size, right_size)
    if shuffle:
        # One fixed order shared by both parts (not reshuffled on each iteration).
        dataset = dataset.shuffle(total, seed=seed, reshuffle_each_iteration=False)
    return dataset.take(left), dataset.skip(left).take(right)


def _split_sizes(total, left_size, right_size):
    if left_size is None and right_size is None:
        raise ValueError(
            "split_dataset needs left_size or right_size (or both); got neither. For "
            "example split_dataset(data, left_size=0.8)."
        )
    left = _to_count("left_size", left_size, total)
    right = _to_count("right_size", right_size, total)
    if left is None:
        left = total - right
    if right is None:
        right = total - left
    if left + right > total:
        raise ValueError(
            f"left_size={left_size} and right_size={right_size} ask for {left + right} "
            f"samples, but the dataset has only {total}. Make them add up to at most "
            f"{total} (or 1.0 as fractions)."
        )
    return left, right


def _to_count(name, size, total):
    if size is None:
        return None
    if isinstance(size, bool) or not isinstance(size, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a float in (0, 1), an int or None; got {size!r}.")
    if isinstance(size, (float, np.floating)):
        if not 0 < size < 1:
            raise ValueError(
                f"{name} as a fraction must be in (0, 1); got {size}. Pass an int for a "
                "number of samples."
            )
        return int(round(size * total))
    if not 0 <= size <= total:
        raise ValueError(
            f"{name}={size} is out of range: the dataset has {total} samples."
        )
    return int(size)
