"""timeseries_dataset_from_array against a NumPy reference of the windows."""

import numpy as np
import pytest

import kbackend as keras
from kbackend import utils


def _to_numpy(x):
    return x.numpy() if hasattr(x, "numpy") else np.asarray(x)


def reference(data, targets, length, stride, rate, start, end):
    end = len(data) if end is None else end
    start = start or 0
    windows, labels = [], []
    s = start
    while s + (length - 1) * rate < end and (targets is None or s < len(targets)):
        windows.append(data[s:s + (length - 1) * rate + 1:rate])
        if targets is not None:
            labels.append(targets[s])
        s += stride
    return np.array(windows), np.array(labels)


@pytest.mark.parametrize("length,stride,rate,start,end,batch", [
    (3, 1, 1, None, None, 4), (4, 2, 3, 2, 27, 3), (1, 5, 1, 0, None, 128),
    (5, 3, 2, None, 20, None)])
def test_windows_match_numpy(length, stride, rate, start, end, batch):
    data = np.arange(30 * 2, dtype="float32").reshape(30, 2)
    targets = np.arange(30, dtype="int64") * 10
    ds = utils.timeseries_dataset_from_array(
        data, targets, sequence_length=length, sequence_stride=stride, sampling_rate=rate,
        batch_size=batch, start_index=start, end_index=end)
    got = [tuple(_to_numpy(a) for a in b) for b in ds]
    if batch is None:
        windows = np.stack([w for w, _ in got])
        labels = np.stack([t for _, t in got])
    else:
        windows = np.concatenate([w for w, _ in got])
        labels = np.concatenate([t for _, t in got])
    expected_windows, expected_labels = reference(data, targets, length, stride, rate,
                                                  start, end)
    np.testing.assert_array_equal(windows, expected_windows)
    np.testing.assert_array_equal(labels, expected_labels)
    assert windows.dtype == np.float32 and labels.dtype == np.int64


def test_documented_example_and_no_targets():
    data = np.arange(100)
    ds = utils.timeseries_dataset_from_array(data[:-10], data[10:], sequence_length=10,
                                             batch_size=200)
    (windows, labels), = [tuple(_to_numpy(a) for a in b) for b in ds]
    assert windows.shape == (81, 10)
    assert windows[0].tolist() == list(range(10)) and labels[0] == 10
    np.testing.assert_array_equal(labels, windows[:, -1] + 1)
    only, = [_to_numpy(b) for b in utils.timeseries_dataset_from_array(
        data, None, sequence_length=95, batch_size=10)]
    assert only.shape == (6, 95)


def test_shuffle_is_a_seeded_permutation():
    data = np.arange(20)
    def windows(seed):
        ds = utils.timeseries_dataset_from_array(data, None, sequence_length=2, batch_size=4,
                                                 shuffle=True, seed=seed)
        return np.concatenate([_to_numpy(b) for b in ds])
    first = windows(1)
    assert sorted(first[:, 0].tolist()) == list(range(19))
    assert not np.array_equal(first[:, 0], np.arange(19))
    np.testing.assert_array_equal(first, windows(1))


def test_argument_errors():
    with pytest.raises(ValueError, match="same number of time steps"):
        utils.timeseries_dataset_from_array(np.zeros(5), np.zeros(4), sequence_length=2)
    with pytest.raises(ValueError, match="sampling_rate"):
        utils.timeseries_dataset_from_array(np.zeros(5), None, 2, sampling_rate=0)
    with pytest.raises(ValueError, match="end_index"):
        utils.timeseries_dataset_from_array(np.zeros(5), None, 2, start_index=3, end_index=2)


@pytest.mark.requires_trainable_backend
def test_fit_on_windows():
    data = np.random.rand(40, 3).astype("float32")
    ds = utils.timeseries_dataset_from_array(data[:-4], data[4:, 0], sequence_length=4,
                                             batch_size=8)
    model = keras.Sequential([keras.Input((4, 3)), keras.layers.Flatten(),
                              keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(ds, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
