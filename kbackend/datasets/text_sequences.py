"""Shared word-index processing of the IMDB and Reuters loaders."""

import json

import numpy as np

from kbackend.datasets.dataset_files import fetch


def shuffle_together(rng, *arrays):
    """Shuffles arrays of equal length with one permutation drawn from ``rng``."""
    indices = np.arange(len(arrays[0]))
    rng.shuffle(indices)
    return tuple(np.asarray(array)[indices] for array in arrays)


def shift_indices(sequences, start_char, index_from):
    """Adds ``index_from`` to every word index and prepends ``start_char`` (if not None)."""
    prefix = [] if start_char is None else [start_char]
    return [prefix + [int(w) + index_from for w in seq] for seq in sequences]


def remove_long_sequences(maxlen, sequences, labels):
    """Keeps the sequences shorter than ``maxlen`` (strictly, as Keras does)."""
    kept = [(seq, label) for seq, label in zip(sequences, labels) if len(seq) < maxlen]
    return [seq for seq, _ in kept], [label for _, label in kept]


def limit_vocabulary(sequences, num_words, skip_top, oov_char):
    """Replaces (or drops, if ``oov_char`` is None) indices outside ``[skip_top, num_words)``."""
    if not num_words:
        num_words = max(max(seq) for seq in sequences if seq)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in seq]
                for seq in sequences]
    return [[w for w in seq if skip_top <= w < num_words] for seq in sequences]


def object_array(sequences):
    """A 1-D object array of lists (never a 2-D array, even if all lengths agree)."""
    array = np.empty(len(sequences), dtype=object)
    array[:] = [list(seq) for seq in sequences]
    return array


def check_not_empty(maxlen, *parts):
    for part in parts:
        if not part:
            raise ValueError(
                f"After filtering for sequences shorter than maxlen={maxlen}, no sequence "
                "was kept. Increase maxlen."
            )


def load_word_index(key, path):
    """Reads the table's word-index JSON ``key``: a dict word -> index."""
    with open(fetch(key, path), encoding="utf-8") as f:
        return json.load(f)
