"""pad_sequences against a plain-Python reference."""

import numpy as np
import pytest

from kbackend.utils import pad_sequences


def reference(sequences, maxlen, padding, truncating, value):
    rows = []
    for seq in sequences:
        seq = list(seq)
        if len(seq) > maxlen:
            seq = seq[len(seq) - maxlen:] if truncating == "pre" else seq[:maxlen]
        pad = [value] * (maxlen - len(seq))
        rows.append(pad + seq if padding == "pre" else seq + pad)
    return rows


SEQUENCES = [[1, 2, 3, 4], [5], [], [6, 7]]


@pytest.mark.parametrize("padding", ["pre", "post"])
@pytest.mark.parametrize("truncating", ["pre", "post"])
@pytest.mark.parametrize("maxlen", [None, 2, 0])
def test_pad_truncate(padding, truncating, maxlen):
    result = pad_sequences(SEQUENCES, maxlen=maxlen, padding=padding, truncating=truncating,
                           value=-1)
    length = 4 if maxlen is None else maxlen
    assert result.dtype == np.int32 and result.shape == (4, length)
    assert result.tolist() == reference(SEQUENCES, length, padding, truncating, -1)


def test_dtypes_strings_and_item_shapes():
    floats = pad_sequences([[0.5], [1.5, 2.5]], dtype="float32", padding="post")
    np.testing.assert_array_equal(floats, [[0.5, 0.0], [1.5, 2.5]])
    words = pad_sequences([["a", "bb"], ["ccc"]], dtype=object, value="<pad>")
    assert words.tolist() == [["a", "bb"], ["<pad>", "ccc"]]
    fixed = pad_sequences([["a"], ["b", "c"]], dtype="<U3", value="_", padding="post")
    assert fixed.tolist() == [["a", "_"], ["b", "c"]]
    vectors = pad_sequences([np.ones((1, 2)), np.ones((3, 2))], maxlen=2)
    assert vectors.shape == (2, 2, 2) and vectors[0, 0].tolist() == [0, 0]
    assert pad_sequences([]).shape == (0, 0)


def test_errors():
    with pytest.raises(ValueError, match="padding"):
        pad_sequences([[1]], padding="middle")
    with pytest.raises(ValueError, match="truncating"):
        pad_sequences([[1]], truncating="both")
    with pytest.raises(ValueError, match="dtype=object"):
        pad_sequences([["a"]], value="x")
    with pytest.raises(ValueError, match="position 1"):
        pad_sequences([[1], 2])
    with pytest.raises(ValueError, match="position 1"):
        pad_sequences([np.ones((1, 2)), np.ones((1, 3))])
