"""Shared reading of the CIFAR-10/100 python archives."""

import os

import numpy as np

from kbackend.backends.common.config import image_data_format
from kbackend.datasets.dataset_files import fetch
from kbackend.datasets.safe_pickle import load_pickle


def extracted_folder(key, archive_name, folder_name):
    """Downloads and extracts the table's archive ``key``; returns its ``folder_name``."""
    return os.path.join(fetch(key, archive_name, extract=True), folder_name)


def load_batch(fpath, label_key="labels"):
    """Returns ``(data, labels)`` of one CIFAR batch: uint8 ``(n, 3, 32, 32)`` and a list."""
    with open(fpath, "rb") as f:
        batch = load_pickle(f, encoding="bytes")
    batch = {key.decode("utf8") if isinstance(key, bytes) else key: value
             for key, value in batch.items()}
    data = np.asarray(batch["data"], dtype=np.uint8).reshape(-1, 3, 32, 32)
    return data, list(batch[label_key])


def to_image_data_format(x):
    """Transposes ``(n, 3, 32, 32)`` images to channels-last when that is the setting."""
    if image_data_format() == "channels_last":
        return x.transpose(0, 2, 3, 1)
    return x
