"""The table of dataset files: where each comes from and the hash it must have.

Note [dataset seam]: loaders never take a hash from the caller. Tests (and mirrors) replace
an entry of `DATASET_FILES` (e.g. with ``monkeypatch.setitem``) to point at a local file or
server and its hash; combined with the loaders' ``path`` argument (an absolute path is used
as is) this lets tests use small fake archives without weakening the check for users.
"""

import collections

from kbackend.utils.file_utils import get_file

DatasetFile = collections.namedtuple("DatasetFile", ["origin", "file_hash"])

_KERAS_BUCKET = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

# NOTE: sha256 (64 hex digits) where known; md5 (32) for the files whose publishers give md5.
# Every hash was checked against the values published with these files (the Keras and
# Fashion-MNIST distributions), so a genuine file placed in the cache by hand is accepted.
DATASET_FILES = {
    "mnist": DatasetFile(
        _KERAS_BUCKET + "mnist.npz",
        "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"),
    "fashion_mnist/train-labels-idx1-ubyte.gz": DatasetFile(
        _KERAS_BUCKET + "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
    "fashion_mnist/train-images-idx3-ubyte.gz": DatasetFile(
        _KERAS_BUCKET + "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
    "fashion_mnist/t10k-labels-idx1-ubyte.gz": DatasetFile(
        _KERAS_BUCKET + "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
    "fashion_mnist/t10k-images-idx3-ubyte.gz": DatasetFile(
        _KERAS_BUCKET + "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
    "cifar10": DatasetFile(
        "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
        "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"),
    "cifar100": DatasetFile(
        "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz",
        "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"),
    "imdb": DatasetFile(
        _KERAS_BUCKET + "imdb.npz",
        "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"),
    "imdb_word_index": DatasetFile(
        _KERAS_BUCKET + "imdb_word_index.json", "bfafd718b763782e994055a2d397834f"),
    "reuters": DatasetFile(
        _KERAS_BUCKET + "reuters.npz",
        "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"),
    "reuters_word_index": DatasetFile(
        _KERAS_BUCKET + "reuters_word_index.json", "4d44cc38712099c9e383dc6e5f11a921"),
    "boston_housing": DatasetFile(
        _KERAS_BUCKET + "boston_housing.npz",
        "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"),
    "california_housing": DatasetFile(
        _KERAS_BUCKET + "california_housing.npz",
        "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f"),
}


def fetch(key, fname, cache_subdir="datasets", extract=False):
    """Returns the local path of the table's file ``key``, downloading it if needed.

    Args:
        key: an entry of `DATASET_FILES`.
        fname: the file's name in the cache (or an absolute path).
        cache_subdir: the cache sub-folder.
        extract: extract the archive and return the extracted folder.

    Returns:
        The verified local path (or the folder extracted from it).

    Example:
    >>> "mnist" in DATASET_FILES
    True
    """
    entry = DATASET_FILES[key]
    return get_file(fname, origin=entry.origin, file_hash=entry.file_hash,
                    cache_subdir=cache_subdir, extract=extract)
