"""California housing prices (``kbackend.datasets.california_housing``)."""

from kbackend.datasets.dataset_files import fetch
from kbackend.datasets.housing_split import shuffle_and_split
from kbackend.datasets.safe_pickle import load_npz

_VERSIONS = ("small", "large")


def load_data(version="large", path="california_housing.npz", test_split=0.2, seed=113):
    """Loads the California housing dataset: 8 features per block group, median house value.

    Args:
        version: ``"large"`` (all 20,640 samples) or ``"small"`` (the first 600).
        path: the file's name in ``<kbackend home>/datasets`` (an absolute path is used as
            is); it must match the known sha256.
        test_split: the fraction used as test set, in [0, 1).
        seed: the shuffling seed.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: float arrays of shapes ``(n, 8)`` and
        ``(n,)``; 16,512 / 4,128 samples for ``"large"``, 480 / 120 for ``"small"``.

    Example:
    >>> (x_train, y_train), _ = load_data(version="small")  # doctest: +SKIP
    """
    if version not in _VERSIONS:
        raise ValueError(
            f"`version` must be one of 'small', 'large'; received version={version!r}."
        )
    arrays = load_npz(fetch("california_housing", path))
    x, y = arrays["x"], arrays["y"]
    if version == "small":
        x, y = x[:600], y[:600]
    return shuffle_and_split(x, y, test_split, seed)
