"""Boston housing prices (``kbackend.datasets.boston_housing``)."""

from kbackend.datasets.dataset_files import fetch
from kbackend.datasets.housing_split import shuffle_and_split
from kbackend.datasets.safe_pickle import load_npz


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """Loads the Boston housing dataset: 506 samples of 13 features, median price targets.

    Args:
        path: the file's name in ``<kbackend home>/datasets`` (an absolute path is used as
            is); it must match the known sha256.
        test_split: the fraction used as test set, in [0, 1).
        seed: the shuffling seed.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: float64 arrays; with the defaults
        ``(404, 13)``, ``(404,)``, ``(102, 13)``, ``(102,)``.

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_data()  # doctest: +SKIP
    """
    arrays = load_npz(fetch("boston_housing", path))
    return shuffle_and_split(arrays["x"], arrays["y"], test_split, seed)
