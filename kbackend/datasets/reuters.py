"""Reuters newswire topics (``kbackend.datasets.reuters``)."""

import numpy as np

from kbackend.datasets import text_sequences as text
from kbackend.datasets.dataset_files import fetch
from kbackend.datasets.safe_pickle import load_npz

_LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing",
    "money-supply", "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass",
    "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp", "meal-feed", "alum",
    "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail", "ipi", "iron-steel",
    "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas",
    "silver", "wpi", "hog", "lead",
)


def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2,
              seed=113, start_char=1, oov_char=2, index_from=3):
    """Loads the Reuters newswire dataset: 11,228 newswires in 46 topics, as word indices.

    Args:
        path: the file's name in ``<kbackend home>/datasets`` (an absolute path is used as
            is); it must match the known sha256.
        num_words: keep only word indices below this; default all.
        skip_top: replace the most frequent ``skip_top`` indices by ``oov_char``.
        maxlen: keep only newswires shorter than this.
        test_split: the fraction used as test set.
        seed: the shuffling seed.
        start_char: the index that starts each sequence (None: no start mark).
        oov_char: the index of out-of-vocabulary words (None: drop them).
        index_from: the offset added to every word index.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: ``x`` are 1-D object arrays of lists of
        ints, ``y`` int64 topic indices (see `get_label_names`).

    Example:
    >>> (x_train, y_train), _ = load_data(num_words=10000)  # doctest: +SKIP
    """
    if not 0 <= test_split < 1:
        raise ValueError(f"`test_split` must be in [0, 1); received test_split={test_split}.")
    arrays = load_npz(fetch("reuters", path))
    xs, labels = text.shuffle_together(np.random.RandomState(seed), arrays["x"], arrays["y"])
    xs = text.shift_indices(xs, start_char, index_from)
    labels = list(labels)
    if maxlen:
        xs, labels = text.remove_long_sequences(maxlen, xs, labels)
        text.check_not_empty(maxlen, xs)
    xs = text.limit_vocabulary(xs, num_words, skip_top, oov_char)
    split = int(len(xs) * (1 - test_split))
    labels = np.asarray(labels)
    return ((text.object_array(xs[:split]), labels[:split]),
            (text.object_array(xs[split:]), labels[split:]))


def get_word_index(path="reuters_word_index.json"):
    """Returns the Reuters word index: a dict mapping each word to its frequency rank.

    Args:
        path: the file's name in ``<kbackend home>/datasets`` (or an absolute path).

    Returns:
        A dict ``{word: index}``; add ``index_from`` (3) to match `load_data`'s indices.

    Example:
    >>> word_index = get_word_index()  # doctest: +SKIP
    """
    return text.load_word_index("reuters_word_index", path)


def get_label_names():
    """Returns the 46 Reuters topic names, in label order.

    Returns:
        A tuple of strings; ``get_label_names()[y]`` names label ``y``.

    Example:
    >>> get_label_names()[:3]
    ('cocoa', 'grain', 'veg-oil')
    """
    return _LABEL_NAMES
