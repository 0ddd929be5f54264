"""Wraps a kbackend `BatchDataset` into a ``tf.data.Dataset`` (Note [datasets without
tensorflow] in ``kbackend/utils/batch_dataset.py``)."""

import numpy as np
import tensorflow as tf


def _spec(array, batched):
    array = np.asarray(array)
    dtype = tf.string if array.dtype.kind in "USO" else tf.as_dtype(array.dtype)
    shape = (None,) + array.shape[1:] if batched else array.shape
    return tf.TensorSpec(shape, dtype)


def _to_tf_value(array):
    array = np.asarray(array)
    if array.dtype.kind == "U":
        # NOTE: tf.string holds bytes; encode explicitly (UTF-8) as tf.io.read_file would.
        return np.vectorize(lambda s: s.encode("utf-8"), otypes=[object])(array) \
            if array.size else array.astype(object)
    return array


def to_tf_dataset(dataset, batched):
    first = dataset[0]
    if isinstance(first, tuple):
        signature = tuple(_spec(a, batched) for a in first)
    else:
        signature = _spec(first, batched)

    def generate():
        for element in dataset:
            if isinstance(element, tuple):
                yield tuple(_to_tf_value(a) for a in element)
            else:
                yield _to_tf_value(element)

    tf_dataset = tf.data.Dataset.from_generator(generate, output_signature=signature)
    tf_dataset = tf_dataset.apply(tf.data.experimental.assert_cardinality(len(dataset)))
    tf_dataset.class_names = dataset.class_names
    tf_dataset.file_paths = dataset.file_paths
    return tf_dataset
