"""CIFAR-100 small images (``kbackend.datasets.cifar100``)."""

import os

import numpy as np

from kbackend.datasets.cifar_batches import extracted_folder, load_batch, to_image_data_format


def load_data(label_mode="fine"):
    """Loads CIFAR-100: 50,000 training and 10,000 test 32x32 color images.

    Args:
        label_mode: ``"fine"`` (100 classes) or ``"coarse"`` (20 super-classes).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images of shape
        ``(50000, 32, 32, 3)`` / ``(10000, 32, 32, 3)`` (channels first when
        ``image_data_format()`` is ``"channels_first"``); int64 labels of shape ``(n, 1)``.

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_data("coarse")  # doctest: +SKIP
    """
    if label_mode not in ("fine", "coarse"):
        raise ValueError(
            f"`label_mode` must be one of 'fine', 'coarse'; received label_mode={label_mode!r}."
        )
    folder = extracted_folder("cifar100", "cifar-100-python.tar.gz", "cifar-100-python")
    label_key = label_mode + "_labels"
    x_train, y_train = load_batch(os.path.join(folder, "train"), label_key=label_key)
    x_test, y_test = load_batch(os.path.join(folder, "test"), label_key=label_key)
    y_train = np.asarray(y_train, dtype=np.int64).reshape(-1, 1)
    y_test = np.asarray(y_test, dtype=np.int64).reshape(-1, 1)
    return (to_image_data_format(x_train), y_train), (to_image_data_format(x_test), y_test)
