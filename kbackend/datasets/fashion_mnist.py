"""Fashion-MNIST clothing images (``kbackend.datasets.fashion_mnist``)."""

import gzip
import os

import numpy as np

from kbackend.datasets.dataset_files import fetch

_FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")


def _read_idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def load_data():
    """Loads Fashion-MNIST: 60,000 training and 10,000 test 28x28 grayscale clothing images.

    The four IDX files are cached in ``<kbackend home>/datasets/fashion-mnist``.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 arrays of shapes
        ``(60000, 28, 28)``, ``(60000,)``, ``(10000, 28, 28)``, ``(10000,)``; labels 0-9
        (T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot).

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_data()  # doctest: +SKIP
    """
    subdir = os.path.join("datasets", "fashion-mnist")
    paths = [fetch(f"fashion_mnist/{name}", name, cache_subdir=subdir) for name in _FILES]
    y_train = _read_idx(paths[0], offset=8)
    x_train = _read_idx(paths[1], offset=16).reshape(len(y_train), 28, 28)
    y_test = _read_idx(paths[2], offset=8)
    x_test = _read_idx(paths[3], offset=16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)
