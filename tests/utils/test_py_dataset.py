"""PyDataset: the Keras 3 base-class API."""

import numpy as np
import pytest

from kbackend.utils import PyDataset, Sequence


class Ranges(PyDataset):
    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, index):
        return np.arange(index, index + 2)


def test_defaults_and_arguments():
    dataset = Ranges(3)
    assert (dataset.workers, dataset.use_multiprocessing, dataset.max_queue_size) == (
        1, False, 10)
    dataset = Ranges(3, workers=4, use_multiprocessing=True, max_queue_size=2)
    assert (dataset.workers, dataset.use_multiprocessing, dataset.max_queue_size) == (
        4, True, 2)
    assert dataset.num_batches == 3
    np.testing.assert_array_equal(dataset[1], [1, 2])


def test_num_batches_needs_len_or_override():
    class NoLength(PyDataset):
        def __getitem__(self, index):
            return np.zeros(1)

    with pytest.raises(NotImplementedError, match="__len__"):
        NoLength().num_batches  # noqa: B018

    class Endless(NoLength):
        @property
        def num_batches(self):
            return None

    assert Endless().num_batches is None


def test_getitem_must_be_implemented():
    with pytest.raises(NotImplementedError, match="__getitem__"):
        PyDataset()[0]


def test_subclass_without_super_init_uses_defaults():
    class Lazy(PyDataset):
        def __init__(self):
            pass

        def __len__(self):
            return 1

    assert (Lazy().workers, Lazy().max_queue_size) == (1, 10)


def test_invalid_arguments_and_alias():
    with pytest.raises(ValueError, match="workers must be at least 1"):
        Ranges(2, workers=0)
    with pytest.raises(ValueError, match="max_queue_size"):
        Ranges(2, max_queue_size=0)
    assert Sequence is PyDataset
    assert PyDataset.__module__ == "kbackend.utils"
