"""MNIST handwritten digits (``kbackend.datasets.mnist``)."""

from kbackend.datasets.dataset_files import fetch
from kbackend.datasets.safe_pickle import load_npz


def load_data(path="mnist.npz"):
    """Loads the MNIST dataset: 60,000 training and 10,000 test 28x28 grayscale digits.

    Args:
        path: the file's name in ``<kbackend home>/datasets`` (an absolute path is used as
            is). It is downloaded there if missing and must match the known sha256.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 arrays of shapes
        ``(60000, 28, 28)``, ``(60000,)``, ``(10000, 28, 28)``, ``(10000,)``; labels 0-9.

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_data()  # doctest: +SKIP
    """
    arrays = load_npz(fetch("mnist", path))
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])
