"""Offline stand-ins for the datasets the notes download.

Tests must not touch the network, so ``keras.datasets.<name>.load_data()`` is replaced by
random arrays of the same per-sample shapes and dtypes, with fewer samples.
"""

import numpy as np


def fake_mnist(num_train=64, num_test=32):
    """Like ``keras.datasets.mnist.load_data()``: uint8 (n, 28, 28) images, uint8 labels."""
    rng = np.random.default_rng(0)

    def split(n):
        return (rng.integers(0, 256, (n, 28, 28), dtype="uint8"),
                rng.integers(0, 10, (n,), dtype="uint8"))

    return split(num_train), split(num_test)


def fake_cifar10(num_train=32, num_test=16):
    """Like ``keras.datasets.cifar10.load_data()``: uint8 (n, 32, 32, 3), labels (n, 1)."""
    rng = np.random.default_rng(1)

    def split(n):
        return (rng.integers(0, 256, (n, 32, 32, 3), dtype="uint8"),
                rng.integers(0, 10, (n, 1), dtype="uint8"))

    return split(num_train), split(num_test)
