"""Shared shuffling and splitting of the housing regression datasets."""

import numpy as np


def shuffle_and_split(x, y, test_split, seed):
    """Shuffles ``x, y`` with ``RandomState(seed)`` and splits off the last ``test_split``."""
    if not 0 <= test_split < 1:
        raise ValueError(f"`test_split` must be in [0, 1); received test_split={test_split}.")
    indices = np.arange(len(x))
    np.random.RandomState(seed).shuffle(indices)
    x, y = x[indices], y[indices]
    split = int(len(x) * (1 - test_split))
    return (np.array(x[:split]), np.array(y[:split])), (np.array(x[split:]), np.array(y[split:]))
