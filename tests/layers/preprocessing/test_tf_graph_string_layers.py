"""String/lookup layers called on symbolic tf.Tensors (tf.data map, tf.function).

Note [string layers in tf graphs]: on every engine where tensorflow is installed the
result equals the eager NumPy path's, as a tf.Tensor with the layer's static shape/dtype.
"""

import numpy as np
import pytest

from kbackend import layers, ops

tf = pytest.importorskip("tensorflow")


def _cases():
    strings = np.array([["a", "c"], ["b", "a"]])
    return [
        (lambda: layers.StringLookup(vocabulary=["a", "b"]), strings),
        (lambda: layers.StringLookup(vocabulary=["a", "b"], output_mode="multi_hot"),
         strings),
        (lambda: layers.StringLookup(vocabulary=["a", "b"], invert=True),
         np.array([[1, 2], [3, 0]])),
        (lambda: layers.IntegerLookup(vocabulary=[3, 4]), np.array([[3, 5], [4, 3]])),
        (lambda: layers.Hashing(num_bins=3), strings),
        (lambda: layers.TextVectorization(vocabulary=["a", "b"], output_sequence_length=3),
         np.array(["a b", "c"])),
        (lambda: layers.TextVectorization(vocabulary=["a", "b"], output_mode="count"),
         np.array([["a b a"], ["c"]])),
    ]


def _decode(array):
    return [[v.decode() if isinstance(v, bytes) else v for v in row]
            for row in np.asarray(array, dtype=object).tolist()]


@pytest.mark.parametrize("index", range(len(_cases())))
def test_dataset_map_matches_eager(index):
    make, data = _cases()[index]
    layer = make()
    eager = np.asarray(ops.convert_to_numpy(layer(data)))
    dataset = tf.data.Dataset.from_tensor_slices(data).batch(2).map(layer)
    assert dataset.element_spec.shape[1:] == eager.shape[1:] or (
        dataset.element_spec.shape[1] is None)
    out = next(iter(dataset))
    assert isinstance(out, tf.Tensor)
    got = out.numpy()
    if got.dtype == object:
        assert _decode(got) == _decode(eager)
    else:
        assert got.dtype == eager.dtype
        np.testing.assert_array_equal(got, eager)


def test_text_vectorization_in_tf_function():
    layer = layers.TextVectorization(vocabulary=["x", "y"], output_sequence_length=2)

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
    def vectorize(texts):
        return layer(texts)

    out = vectorize(tf.constant(["y x", "z"]))
    assert out.shape == (2, 2) and out.dtype == tf.int64
    assert out.numpy().tolist() == [[3, 2], [1, 0]]
