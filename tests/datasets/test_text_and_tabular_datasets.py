"""imdb, reuters, boston_housing, california_housing on small fake files."""

import json

import numpy as np
import pytest

from kbackend.datasets import boston_housing, california_housing, imdb, reuters


def object_array(lists):
    array = np.empty(len(lists), dtype=object)
    array[:] = lists
    return array


def random_sequences(n, vocabulary=30):
    return [list(np.random.randint(1, vocabulary, np.random.randint(1, 8))) for _ in range(n)]


def process(sequences, num_words, skip_top, maxlen, start_char, oov_char, index_from, labels):
    """An independent reference of the Keras word-index pipeline (after shuffling)."""
    out, kept = [], []
    for seq, label in zip(sequences, labels):
        seq = ([start_char] if start_char is not None else []) + [w + index_from for w in seq]
        if maxlen and len(seq) >= maxlen:
            continue
        out.append(seq)
        kept.append(label)
    return out, kept


def limit(all_sequences, num_words, skip_top, oov_char):
    if not num_words:
        num_words = max(max(s) for s in all_sequences)
    result = []
    for seq in all_sequences:
        if oov_char is None:
            result.append([w for w in seq if skip_top <= w < num_words])
        else:
            result.append([w if skip_top <= w < num_words else oov_char for w in seq])
    return result


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"num_words": 12, "skip_top": 4, "maxlen": 7, "seed": 3},
     {"start_char": None, "oov_char": None, "index_from": 0, "num_words": 20}],
)
def test_imdb(tmp_path, register, kwargs):
    x_train, x_test = random_sequences(12), random_sequences(8)
    y_train, y_test = np.random.randint(0, 2, 12), np.random.randint(0, 2, 8)
    path = tmp_path / "imdb.npz"
    np.savez(path, x_train=object_array(x_train), y_train=y_train,
             x_test=object_array(x_test), y_test=y_test)
    register("imdb", path)
    (got_x_train, got_y_train), (got_x_test, got_y_test) = imdb.load_data(
        path=str(path), **kwargs)

    options = {"num_words": None, "skip_top": 0, "maxlen": None, "seed": 113,
               "start_char": 1, "oov_char": 2, "index_from": 3, **kwargs}
    rng = np.random.RandomState(options.pop("seed"))
    order_train = _shuffled(rng, 12)
    order_test = _shuffled(rng, 8)
    train, labels_train = process([x_train[i] for i in order_train], labels=y_train[order_train],
                                  **options)
    test, labels_test = process([x_test[i] for i in order_test], labels=y_test[order_test],
                                **options)
    limited = limit(train + test, options["num_words"], options["skip_top"], options["oov_char"])
    assert got_x_train.dtype == object and got_x_train.ndim == 1
    assert [list(s) for s in got_x_train] == limited[: len(train)]
    assert [list(s) for s in got_x_test] == limited[len(train):]
    np.testing.assert_array_equal(got_y_train, labels_train)
    np.testing.assert_array_equal(got_y_test, labels_test)


def _shuffled(rng, n):
    indices = np.arange(n)
    rng.shuffle(indices)
    return indices


def test_imdb_maxlen_too_small_and_word_index(tmp_path, register):
    path = tmp_path / "imdb.npz"
    np.savez(path, x_train=object_array([[1, 2]]), y_train=[0], x_test=object_array([[3]]),
             y_test=[1])
    register("imdb", path)
    with pytest.raises(ValueError, match="maxlen=2"):
        imdb.load_data(path=str(path), maxlen=2)
    with pytest.raises(TypeError, match="nb_words"):
        imdb.load_data(path=str(path), nb_words=3)
    index_path = tmp_path / "imdb_word_index.json"
    index_path.write_text(json.dumps({"the": 1, "film": 2}))
    register("imdb_word_index", index_path)
    assert imdb.get_word_index(path=str(index_path)) == {"the": 1, "film": 2}


@pytest.mark.parametrize("kwargs", [{}, {"test_split": 0.5, "maxlen": 6, "num_words": 15}])
def test_reuters(tmp_path, register, kwargs):
    xs, ys = random_sequences(10), np.random.randint(0, 46, 10)
    path = tmp_path / "reuters.npz"
    np.savez(path, x=object_array(xs), y=ys)
    register("reuters", path)
    (x_train, y_train), (x_test, y_test) = reuters.load_data(path=str(path), **kwargs)
    options = {"num_words": None, "skip_top": 0, "maxlen": None, "start_char": 1,
               "oov_char": 2, "index_from": 3, **kwargs}
    test_split = options.pop("test_split", 0.2)
    order = _shuffled(np.random.RandomState(113), 10)
    sequences, labels = process([xs[i] for i in order], labels=ys[order], **options)
    sequences = limit(sequences, options["num_words"], options["skip_top"], options["oov_char"])
    split = int(len(sequences) * (1 - test_split))
    assert [list(s) for s in x_train] == sequences[:split]
    assert [list(s) for s in x_test] == sequences[split:]
    np.testing.assert_array_equal(np.concatenate([y_train, y_test]), labels)


def test_reuters_labels_and_word_index(tmp_path, register):
    names = reuters.get_label_names()
    assert len(names) == 46 and len(set(names)) == 46 and names[3] == "earn"
    index_path = tmp_path / "reuters_word_index.json"
    index_path.write_text(json.dumps({"said": 1}))
    register("reuters_word_index", index_path)
    assert reuters.get_word_index(path=str(index_path)) == {"said": 1}


def _housing(path, n, features):
    x, y = np.random.randn(n, features), np.random.rand(n)
    np.savez(path, x=x, y=y)
    return x, y


def _split_reference(x, y, test_split, seed):
    order = _shuffled(np.random.RandomState(seed), len(x))
    cut = int(len(x) * (1 - test_split))
    return (x[order][:cut], y[order][:cut]), (x[order][cut:], y[order][cut:])


@pytest.mark.parametrize("test_split, seed", [(0.2, 113), (0.5, 1)])
def test_boston_housing(tmp_path, register, test_split, seed):
    path = tmp_path / "boston_housing.npz"
    x, y = _housing(path, 20, 13)
    register("boston_housing", path)
    result = boston_housing.load_data(path=str(path), test_split=test_split, seed=seed)
    expected = _split_reference(x, y, test_split, seed)
    for got_pair, expected_pair in zip(result, expected):
        for got, want in zip(got_pair, expected_pair):
            assert got.dtype == np.float64
            np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match="test_split"):
        boston_housing.load_data(path=str(path), test_split=1.0)


@pytest.mark.parametrize("version", ["small", "large"])
def test_california_housing(tmp_path, register, version):
    path = tmp_path / "california_housing.npz"
    x, y = _housing(path, 700, 8)
    register("california_housing", path)
    (x_train, y_train), (x_test, y_test) = california_housing.load_data(
        version=version, path=str(path))
    n = 600 if version == "small" else 700
    expected = _split_reference(x[:n], y[:n], 0.2, 113)
    np.testing.assert_array_equal(x_train, expected[0][0])
    np.testing.assert_array_equal(y_test, expected[1][1])
    assert x_train.shape == (int(n * 0.8), 8)
    with pytest.raises(ValueError, match="'small', 'large'"):
        california_housing.load_data(version="medium", path=str(path))
