"""IMDB movie-review sentiment (``kbackend.datasets.imdb``)."""

import numpy as np

from kbackend.datasets import text_sequences as text
from kbackend.datasets.dataset_files import fetch
from kbackend.datasets.safe_pickle import load_npz


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113,
              start_char=1, oov_char=2, index_from=3, **kwargs):
    """Loads the IMDB dataset: 25,000 training and 25,000 test reviews as word-index lists.

    Word indices are ranked by frequency (1 = most frequent) and shifted by
    ``index_from``; 0 is padding, ``start_char`` starts each review, ``oov_char`` replaces
    words outside ``[skip_top, num_words)``.

    Args:
        path: the file's name in ``<kbackend home>/datasets`` (an absolute path is used as
            is); it must match the known sha256.
        num_words: keep only word indices below this; default all.
        skip_top: replace the most frequent ``skip_top`` indices by ``oov_char``.
        maxlen: keep only reviews shorter than this.
        seed: the shuffling seed.
        start_char: the index that starts each review (None: no start mark).
        oov_char: the index of out-of-vocabulary words (None: drop them).
        index_from: the offset added to every word index.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: ``x`` are 1-D object arrays of lists of
        ints, ``y`` int64 arrays of 0/1 labels.

    Example:
    >>> (x_train, y_train), _ = load_data(num_words=10000)  # doctest: +SKIP
    """
    if kwargs:
        raise TypeError(f"imdb.load_data got unexpected keyword arguments: {sorted(kwargs)}.")
    arrays = load_npz(fetch("imdb", path))
    rng = np.random.RandomState(seed)
    x_train, labels_train = text.shuffle_together(rng, arrays["x_train"], arrays["y_train"])
    x_test, labels_test = text.shuffle_together(rng, arrays["x_test"], arrays["y_test"])
    x_train = text.shift_indices(x_train, start_char, index_from)
    x_test = text.shift_indices(x_test, start_char, index_from)
    if maxlen:
        x_train, labels_train = text.remove_long_sequences(maxlen, x_train, labels_train)
        x_test, labels_test = text.remove_long_sequences(maxlen, x_test, labels_test)
        text.check_not_empty(maxlen, x_train, x_test)
    xs = text.limit_vocabulary(x_train + x_test, num_words, skip_top, oov_char)
    labels = np.concatenate([np.asarray(labels_train), np.asarray(labels_test)])
    split = len(x_train)
    return ((text.object_array(xs[:split]), labels[:split]),
            (text.object_array(xs[split:]), labels[split:]))


def get_word_index(path="imdb_word_index.json"):
    """Returns the IMDB word index: a dict mapping each word to its frequency rank.

    Args:
        path: the file's name in ``<kbackend home>/datasets`` (or an absolute path).

    Returns:
        A dict ``{word: index}``; add ``index_from`` (3) to match `load_data`'s indices.

    Example:
    >>> word_index = get_word_index()  # doctest: +SKIP
    """
    return text.load_word_index("imdb_word_index", path)
