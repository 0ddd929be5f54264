import collections
import math

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.saving import serialization_lib


def np_out(x):
    return ops.convert_to_numpy(x)


def reference_vocabulary(rows, max_size=None):
    """Frequency order, ties by decreasing token (the order of the Keras doc examples)."""
    counts = collections.Counter(t for row in rows for t in row)
    vocab = sorted(counts, key=lambda t: (-counts[t], _neg(t)))
    return vocab[:max_size] if max_size is not None else vocab


def _neg(token):
    if isinstance(token, str):
        return tuple(-ord(c) for c in token) + (1,)  # longer strings sort after prefixes
    return -token


def test_string_lookup_documented_examples():
    layer = layers.StringLookup()
    layer.adapt([["a", "c", "d"], ["d", "z", "b"]])
    assert layer.get_vocabulary() == ["[UNK]", "d", "z", "c", "b", "a"]
    layer = layers.StringLookup(vocabulary=["a", "b", "c", "d"])
    out = layer(np.array([["a", "c", "d"], ["d", "z", "b"]]))
    assert ops.dtype(out) == "int64"
    np.testing.assert_array_equal(np_out(out), [[1, 3, 4], [4, 0, 2]])
    assert layer.vocabulary_size() == 5
    assert layer.get_vocabulary(include_special_tokens=False) == ["a", "b", "c", "d"]


def test_adapt_matches_reference_and_max_tokens():
    rng = np.random.default_rng(0)
    words = np.array([f"w{i}" for i in range(12)])
    data = words[rng.integers(0, 12, size=(20, 5))]
    layer = layers.StringLookup(max_tokens=6)
    layer.adapt(data)
    assert layer.get_vocabulary() == ["[UNK]"] + reference_vocabulary(data.tolist(), 5)
    # Iterable of batches gives the same vocabulary; bytes are decoded.
    batched = layers.StringLookup(max_tokens=6)
    batched.adapt(iter([data[:7].astype(bytes), data[7:]]))
    assert batched.get_vocabulary() == layer.get_vocabulary()
    ints = rng.integers(0, 9, size=(15, 3))
    int_layer = layers.IntegerLookup()
    int_layer.adapt(ints)
    assert int_layer.get_vocabulary() == [-1] + reference_vocabulary(ints.tolist())


def test_mask_and_oov_indices():
    layer = layers.StringLookup(vocabulary=["a", "b"], mask_token="", num_oov_indices=2)
    assert layer.get_vocabulary() == ["", "[UNK]", "[UNK]", "a", "b"]
    out = np_out(layer(np.array(["", "a", "b", "zz", "zz", "q"])))
    assert out[:3].tolist() == [0, 3, 4]
    assert out[3] == out[4] and set(out[3:].tolist()) <= {1, 2}
    ints = layers.IntegerLookup(vocabulary=[12, 36], mask_token=0, num_oov_indices=3)
    np.testing.assert_array_equal(np_out(ints(np.array([0, 12, 36, 7, 8]))),
                                  [0, 4, 5, 1 + 7 % 3, 1 + 8 % 3])
    # Special tokens at the front of a given vocabulary are accepted.
    again = layers.StringLookup(vocabulary=["", "[UNK]", "[UNK]", "a", "b"], mask_token="",
                                num_oov_indices=2)
    assert again.get_vocabulary() == layer.get_vocabulary()


def test_invert():
    vocab = ["a", "b", "c"]
    layer = layers.StringLookup(vocabulary=vocab, invert=True, mask_token="")
    out = layer(np.array([[0, 1, 2], [4, 5, 9]]))
    assert out.tolist() == [["", "[UNK]", "a"], ["c", "[UNK]", "[UNK]"]]
    forward = layers.StringLookup(vocabulary=vocab)
    back = layers.StringLookup(vocabulary=vocab, invert=True)
    assert back(forward(np.array(["c", "a", "x"]))).tolist() == ["c", "a", "[UNK]"]
    ints = layers.IntegerLookup(vocabulary=[12, 36, 1138], invert=True)
    out = ints(np.array([1, 3, 0, 7]))
    assert ops.dtype(out) == "int64"
    np.testing.assert_array_equal(np_out(out), [12, 1138, -1, -1])


@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count"])
def test_encodings(mode):
    vocab = ["a", "b", "c"]
    data = np.array([["a", "c", "c"], ["x", "b", ""]])
    layer = layers.StringLookup(vocabulary=vocab, output_mode=mode, mask_token="")
    # Non-int modes drop the mask slot from the vocabulary and the mask token from inputs.
    assert layer.get_vocabulary() == ["[UNK]", "a", "b", "c"]
    out = np_out(layer(data))
    assert ops.dtype(layer(data)) == "float32"
    idx = np.array([[1, 3, 3], [0, 2, -1]])
    if mode == "one_hot":
        ref = np.zeros((2, 3, 4))
        for i, j in np.ndindex(2, 3):
            if idx[i, j] >= 0:
                ref[i, j, idx[i, j]] = 1
    else:
        ref = np.zeros((2, 4))
        for i, j in np.ndindex(2, 3):
            if idx[i, j] >= 0:
                ref[i, idx[i, j]] += 1
        if mode == "multi_hot":
            ref = (ref > 0).astype(float)
    np.testing.assert_allclose(out, ref)


def test_one_hot_rank1_and_pad_to_max_tokens():
    layer = layers.StringLookup(vocabulary=["a", "b"], output_mode="one_hot")
    np.testing.assert_allclose(np_out(layer(np.array(["a", "b", "z"]))),
                               [[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    padded = layers.IntegerLookup(vocabulary=[5, 6], output_mode="multi_hot",
                                  max_tokens=6, pad_to_max_tokens=True)
    np.testing.assert_allclose(np_out(padded(np.array([[5, 9], [6, 6]]))),
                               [[1, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0]])


def test_tf_idf_adapt_and_given_weights():
    data = [["a", "b", "a"], ["b", "c", "c"], ["a", "d", "d"]]
    layer = layers.StringLookup(output_mode="tf_idf")
    layer.adapt(data)
    vocab = reference_vocabulary(data)
    assert layer.get_vocabulary() == ["[UNK]"] + vocab
    docs = {t: sum(t in row for row in data) for t in vocab}
    idf = np.array([math.log(1 + 3 / (1 + docs[t])) for t in vocab])
    idf = np.concatenate([[idf.mean()], idf])
    out = np_out(layer(np.array([["a", "a", "zz"]])))
    ref = np.zeros((1, 5))
    ref[0, 1 + vocab.index("a")] = 2
    ref[0, 0] = 1
    np.testing.assert_allclose(out, ref * idf, rtol=1e-6)
    given = layers.StringLookup(vocabulary=["x", "y"], idf_weights=[0.5, 2.0],
                                output_mode="tf_idf")
    np.testing.assert_allclose(np_out(given(np.array([["y", "y", "x", "q"]]))),
                               [[1.25, 0.5, 4.0]], rtol=1e-6)


def test_config_round_trip_keeps_vocabulary():
    layer = layers.StringLookup(mask_token="", num_oov_indices=2, output_mode="tf_idf")
    layer.adapt(np.array([["a", "b"], ["b", "c"]]))
    clone = serialization_lib.deserialize_keras_object(
        serialization_lib.serialize_keras_object(layer))
    assert clone.get_vocabulary() == layer.get_vocabulary()
    data = np.array([["a", "c", "q"]])
    np.testing.assert_allclose(np_out(clone(data)), np_out(layer(data)))
    ints = layers.IntegerLookup(vocabulary=np.array([3, 4]), vocabulary_dtype="int32",
                                invert=True)
    clone = layers.IntegerLookup.from_config(ints.get_config())
    assert clone.get_vocabulary() == [-1, 3, 4] and clone.vocabulary_dtype == "int32"
    assert ops.dtype(clone(np.array([1, 2]))) == "int32"


def test_set_vocabulary_and_file(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("x\ny\nz\n", encoding="utf-8")
    layer = layers.StringLookup(vocabulary=str(path))
    assert layer.get_vocabulary() == ["[UNK]", "x", "y", "z"]
    layer.set_vocabulary(["p"])
    np.testing.assert_array_equal(np_out(layer(np.array(["p", "x"]))), [1, 0])


def test_symbolic_shapes_and_dtypes():
    from kbackend.backends.common.keras_tensor import KerasTensor

    x = KerasTensor((None, 3), dtype="string")
    lookup = layers.StringLookup(vocabulary=["a", "b"])
    assert lookup(x).shape == (None, 3) and lookup(x).dtype == "int64"
    hot = layers.StringLookup(vocabulary=["a", "b"], output_mode="multi_hot")
    assert hot(x).shape == (None, 3) and hot(x).dtype == "float32"
    one = layers.StringLookup(vocabulary=["a", "b"], output_mode="one_hot")
    assert one(KerasTensor((None, 1), dtype="string")).shape == (None, 3)
    inv = layers.StringLookup(vocabulary=["a"], invert=True)
    assert inv(KerasTensor((None, 2), dtype="int64")).dtype == "string"


def test_errors():
    with pytest.raises(ValueError, match="no vocabulary yet"):
        layers.StringLookup()(np.array(["a"]))
    with pytest.raises(ValueError, match="num_oov_indices=0"):
        layers.StringLookup(vocabulary=["a"], num_oov_indices=0)(np.array(["b"]))
    with pytest.raises(ValueError, match="unique"):
        layers.StringLookup(vocabulary=["a", "a"])
    with pytest.raises(ValueError, match="oov_token"):
        layers.StringLookup(vocabulary=["a", "[UNK]"])
    with pytest.raises(ValueError, match="multi_hot"):
        layers.StringLookup(output_mode="multi_hoot")
    with pytest.raises(ValueError, match="invert=True only works"):
        layers.StringLookup(invert=True, output_mode="count")
    with pytest.raises(ValueError, match="idf_weights"):
        layers.StringLookup(vocabulary=["a"], output_mode="tf_idf")
    with pytest.raises(ValueError, match="max_tokens"):
        layers.StringLookup(vocabulary=["a", "b", "c"], max_tokens=3)
    with pytest.raises(TypeError, match="IntegerLookup"):
        layers.StringLookup(vocabulary=["a"])(np.array([1, 2]))
    with pytest.raises(ValueError, match="rank at most 2"):
        layers.StringLookup(vocabulary=["a"], output_mode="count")(np.full((2, 2, 2), "a"))
