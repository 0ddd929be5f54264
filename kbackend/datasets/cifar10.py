"""CIFAR-10 small images (``kbackend.datasets.cifar10``)."""

import os

import numpy as np

from kbackend.datasets.cifar_batches import extracted_folder, load_batch, to_image_data_format


def load_data():
    """Loads CIFAR-10: 50,000 training and 10,000 test 32x32 color images in 10 classes.

    The archive is cached in ``<kbackend home>/datasets`` and checked against its sha256.
    Classes: airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 arrays; images of shape
        ``(50000, 32, 32, 3)`` / ``(10000, 32, 32, 3)`` (channels first when
        ``image_data_format()`` is ``"channels_first"``), labels of shape ``(n, 1)``.

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_data()  # doctest: +SKIP
    """
    folder = extracted_folder("cifar10", "cifar-10-python.tar.gz", "cifar-10-batches-py")
    parts = [load_batch(os.path.join(folder, f"data_batch_{i}")) for i in range(1, 6)]
    x_train = np.concatenate([data for data, _ in parts])
    y_train = np.concatenate([np.asarray(labels, dtype=np.uint8) for _, labels in parts])
    x_test, y_test = load_batch(os.path.join(folder, "test_batch"))
    y_train = y_train.reshape(-1, 1)
    y_test = np.asarray(y_test, dtype=np.uint8).reshape(-1, 1)
    return (to_image_data_format(x_train), y_train), (to_image_data_format(x_test), y_test)
