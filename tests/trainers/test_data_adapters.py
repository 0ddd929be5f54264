"""Data adapters: every source gives the same NumPy batches, checked against NumPy slicing."""

import numpy as np
import pytest

from kbackend import ops
from kbackend.trainers.data_adapters import (
    ArrayDataAdapter,
    GeneratorDataAdapter,
    PyDatasetAdapter,
    data_adapter_utils,
    get_data_adapter,
)
from kbackend.utils import PyDataset, pack_x_y_sample_weight, unpack_x_y_sample_weight

X = np.arange(20, dtype="float32").reshape(10, 2)
Y = np.arange(10) % 3


def _batches(adapter):
    return list(adapter.iterate())


class Batches(PyDataset):
    """Batch i is rows [2i, 2i + 2) of X and Y (a last partial batch of 1 when n is odd)."""

    def __init__(self, n=10, **kwargs):
        super().__init__(**kwargs)
        self.n = n

    def __len__(self):
        return -(-self.n // 2)

    def __getitem__(self, index):
        rows = slice(2 * index, min(2 * index + 2, self.n))
        return X[rows], Y[rows]


# --- arrays -------------------------------------------------------------------------------
def test_array_batches_and_partial_last_batch():
    adapter = ArrayDataAdapter(X, Y, batch_size=4)
    assert adapter.num_batches == 3 and adapter.partial_batch_size == 2
    batches = _batches(adapter)
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), X)
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), Y)
    assert [len(b[0]) for b in batches] == [4, 4, 2]
    assert batches[0][2] is None


def test_array_nested_structures_keep_their_shape():
    x = {"a": X, "b": [X[:, :1], X[:, 1]]}
    (bx, by, bsw), *_ = _batches(ArrayDataAdapter(x, Y, sample_weight=np.ones(10),
                                                  batch_size=3))
    np.testing.assert_array_equal(bx["a"], X[:3])
    np.testing.assert_array_equal(bx["b"][1], X[:3, 1])
    np.testing.assert_array_equal(by, Y[:3])
    np.testing.assert_array_equal(bsw, np.ones(3))


def test_array_shuffle_is_a_permutation_that_changes():
    adapter = ArrayDataAdapter(X, Y, batch_size=3, shuffle=True)
    first = np.concatenate([b[0] for b in _batches(adapter)])
    second = np.concatenate([b[0] for b in _batches(adapter)])
    assert sorted(first[:, 0].tolist()) == X[:, 0].tolist()
    assert not np.array_equal(first, second) or not np.array_equal(first, X)
    # x and y stay aligned after shuffling.
    for bx, by, _ in _batches(adapter):
        np.testing.assert_array_equal((bx[:, 0] // 2).astype(int) % 3, by)


def test_array_batch_shuffle_keeps_chunks_together():
    adapter = ArrayDataAdapter(np.arange(10), batch_size=4, shuffle="batch")
    batches = [b[0] for b in _batches(adapter)]
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(tuple(sorted(b.tolist())) for b in batches[:2]) == [(0, 1, 2, 3),
                                                                     (4, 5, 6, 7)]
    assert sorted(batches[2].tolist()) == [8, 9]


def test_array_accepts_engine_tensors_and_number_lists():
    adapter = ArrayDataAdapter(ops.convert_to_tensor(X), [1.0] * 10, batch_size=5)
    bx, by, _ = _batches(adapter)[0]
    assert isinstance(bx, np.ndarray) and isinstance(by, np.ndarray)
    np.testing.assert_array_equal(bx, X[:5])


def test_array_accepts_foreign_torch_tensors():
    torch = pytest.importorskip("torch")
    adapter = ArrayDataAdapter(torch.tensor(X, requires_grad=True), torch.tensor(Y),
                               batch_size=10)
    bx, by, _ = _batches(adapter)[0]
    np.testing.assert_array_equal(bx, X)
    np.testing.assert_array_equal(by, Y)


def test_array_accepts_pandas():
    pd = pytest.importorskip("pandas")
    adapter = ArrayDataAdapter(pd.DataFrame(X), pd.Series(Y), batch_size=10)
    bx, by, _ = _batches(adapter)[0]
    np.testing.assert_array_equal(bx, X)
    np.testing.assert_array_equal(by, Y)


def test_array_length_mismatch_names_both():
    with pytest.raises(ValueError, match=r"x has 10.*y has 7"):
        ArrayDataAdapter(X, Y[:7])


def test_class_weight_on_arrays_matches_numpy_lookup():
    weights = {0: 1.0, 1: 2.0, 2: 0.5}
    batches = _batches(ArrayDataAdapter(X, Y, batch_size=4, class_weight=weights))
    got = np.concatenate([b[2] for b in batches])
    np.testing.assert_allclose(got, np.array([weights[int(c)] for c in Y]))
    one_hot = np.eye(3)[Y]
    batches = _batches(ArrayDataAdapter(X, one_hot, batch_size=10, class_weight=weights))
    np.testing.assert_allclose(batches[0][2], got)


def test_class_weight_errors():
    with pytest.raises(ValueError, match="class_weight.*sample_weight"):
        ArrayDataAdapter(X, Y, sample_weight=np.ones(10), class_weight={0: 1, 1: 1, 2: 1})
    with pytest.raises(ValueError, match="no entry for classes \\[2\\]"):
        ArrayDataAdapter(X, Y, class_weight={0: 1.0, 1: 1.0})
    with pytest.raises(ValueError, match="single output"):
        ArrayDataAdapter(X, [Y, Y], class_weight={0: 1, 1: 1, 2: 1})


# --- generators ---------------------------------------------------------------------------
def test_generator_forms_and_unknown_length():
    def gen():
        yield X[:2]
        yield (X[2:4],)
        yield X[4:6], Y[4:6]
        yield X[6:8], Y[6:8], np.full(2, 3.0)

    adapter = GeneratorDataAdapter(gen())
    assert adapter.num_batches is None and not adapter.can_restart
    batches = _batches(adapter)
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), X[:8])
    assert batches[0][1] is None and batches[1][1] is None
    np.testing.assert_array_equal(batches[3][2], [3.0, 3.0])
    assert _batches(adapter) == []  # a generator is consumed once


def test_generator_peek_keeps_the_first_batch_and_class_weight():
    adapter = GeneratorDataAdapter(((X[i:i + 2], Y[i:i + 2]) for i in (0, 2)),
                                   class_weight={0: 1.0, 1: 2.0, 2: 4.0})
    np.testing.assert_array_equal(adapter.peek()[0], X[:2])
    batches = _batches(adapter)
    assert len(batches) == 2
    np.testing.assert_array_equal(batches[0][0], X[:2])
    np.testing.assert_allclose(batches[1][2], [4.0, 1.0])


def test_iterable_is_reiterated_and_has_length():
    class Twice:
        def __len__(self):
            return 2

        def __iter__(self):
            return iter([(X[:2], Y[:2]), (X[2:4], Y[2:4])])

    adapter = get_data_adapter(Twice())
    assert isinstance(adapter, GeneratorDataAdapter) and adapter.num_batches == 2
    assert len(_batches(adapter)) == len(_batches(adapter)) == 2


# --- PyDataset ----------------------------------------------------------------------------
def test_py_dataset_in_order_and_shuffled():
    adapter = PyDatasetAdapter(Batches(9))
    assert adapter.num_batches == 5
    batches = _batches(adapter)
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), X[:9])
    assert len(batches[-1][0]) == 1
    shuffled = _batches(PyDatasetAdapter(Batches(), shuffle=True))
    starts = sorted(int(b[0][0, 0]) for b in shuffled)
    assert starts == [0, 4, 8, 12, 16]


def test_py_dataset_thread_workers_keep_order():
    import threading
    import time

    seen = set()

    class Slow(Batches):
        def __getitem__(self, index):
            seen.add(threading.current_thread().name)
            time.sleep(0.01 * (5 - index))  # later batches finish first
            return super().__getitem__(index)

    adapter = get_data_adapter(Slow(workers=3, max_queue_size=4))
    batches = _batches(adapter)
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), X)
    assert any(name.startswith("kbackend_pydataset") for name in seen)


def test_py_dataset_fit_kwargs_override_workers():
    adapter = get_data_adapter(Batches(), workers=2, use_multiprocessing=False,
                               max_queue_size=3)
    assert (adapter.workers, adapter.max_queue_size) == (2, 3)


def test_py_dataset_multiprocessing_workers(monkeypatch):
    # Spawned workers import this module (hence kbackend); the numpy engine keeps that cheap.
    monkeypatch.setenv("KBACKEND", "numpy")
    adapter = PyDatasetAdapter(Batches(), workers=2, use_multiprocessing=True)
    batches = _batches(adapter)
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), Y)


def test_py_dataset_worker_errors_propagate():
    class Broken(Batches):
        def __getitem__(self, index):
            raise RuntimeError(f"bad batch {index}")

    with pytest.raises(RuntimeError, match="bad batch 0"):
        _batches(PyDatasetAdapter(Broken(workers=2)))


def test_py_dataset_rejects_separate_y():
    with pytest.raises(ValueError, match="`y` can only be passed separately"):
        get_data_adapter(Batches(), Y)


# --- tf.data and torch DataLoader ---------------------------------------------------------
def test_tf_dataset():
    tf = pytest.importorskip("tensorflow")
    dataset = tf.data.Dataset.from_tensor_slices((X, Y)).batch(4)
    adapter = get_data_adapter(dataset, class_weight={0: 1.0, 1: 2.0, 2: 3.0})
    assert adapter.num_batches == 3
    batches = _batches(adapter)
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), X)
    np.testing.assert_allclose(np.concatenate([b[2] for b in batches]), Y + 1.0)
    assert get_data_adapter(dataset.repeat()).is_endless
    dicts = tf.data.Dataset.from_tensor_slices({"a": X}).batch(5)
    assert sorted(_batches(get_data_adapter(dicts))[0][0]) == ["a"]


def test_torch_data_loader():
    torch = pytest.importorskip("torch")
    data = torch.utils.data.TensorDataset(torch.tensor(X), torch.tensor(Y))
    adapter = get_data_adapter(torch.utils.data.DataLoader(data, batch_size=4))
    assert adapter.num_batches == 3
    batches = _batches(adapter)
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), X)
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), Y)
    assert all(isinstance(b[0], np.ndarray) for b in batches)


# --- selection errors, validation_split, packing ------------------------------------------
def test_unrecognized_data_and_arguments():
    with pytest.raises(TypeError, match="Unrecognized data type.*object"):
        get_data_adapter(object())
    with pytest.raises(TypeError, match="Unrecognized data type.*str"):
        get_data_adapter({"a": X, "b": "text"})
    with pytest.raises(TypeError, match="Unexpected data arguments \\['bogus'\\]"):
        get_data_adapter(X, bogus=1)
    with pytest.raises(ValueError, match="x is None"):
        get_data_adapter(None)


def test_validation_split_takes_the_last_fraction():
    (x, y, _), (vx, vy, _) = data_adapter_utils.train_validation_split(
        ([[1.0], [2.0], [3.0], [4.0], [5.0]], Y[:5], None), validation_split=0.4)
    np.testing.assert_array_equal(vx, [[4.0], [5.0]])
    np.testing.assert_array_equal(y, Y[:3])


def test_validation_split_rejects_non_array_data():
    gen = (X for _ in range(2))
    with pytest.raises(ValueError, match="only supported for array data.*validation_data"):
        data_adapter_utils.train_validation_split((gen, None, None), 0.2)
    with pytest.raises(ValueError, match="only supported for array data"):
        data_adapter_utils.train_validation_split((Batches(), None, None), 0.2)


def test_pack_and_unpack_round_trip():
    assert pack_x_y_sample_weight(X) is X
    assert unpack_x_y_sample_weight(pack_x_y_sample_weight(X)) == (X, None, None)
    packed = pack_x_y_sample_weight([X, X])
    assert unpack_x_y_sample_weight(packed)[0] == [X, X]
    assert unpack_x_y_sample_weight(pack_x_y_sample_weight(X, Y, 3)) == (X, Y, 3)
    with pytest.raises(ValueError, match="4 elements"):
        unpack_x_y_sample_weight((1, 2, 3, 4))
