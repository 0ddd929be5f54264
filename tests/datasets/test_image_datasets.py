"""mnist, fashion_mnist, cifar10, cifar100 on small fake files in the real formats."""

import gzip
import io
import os
import pickle
import tarfile

import numpy as np
import pytest

from kbackend import backend
from kbackend.datasets import cifar10, cifar100, fashion_mnist, mnist
from tests.utils.test_file_utils import serve


def fake_mnist(path, n_train=6, n_test=4):
    arrays = {
        "x_train": np.random.randint(0, 256, (n_train, 28, 28)).astype("uint8"),
        "y_train": np.random.randint(0, 10, n_train).astype("uint8"),
        "x_test": np.random.randint(0, 256, (n_test, 28, 28)).astype("uint8"),
        "y_test": np.random.randint(0, 10, n_test).astype("uint8"),
    }
    np.savez(path, **arrays)
    return arrays


def test_mnist_from_path(tmp_path, register):
    path = tmp_path / "mnist.npz"
    arrays = fake_mnist(path)
    register("mnist", path)
    (x_train, y_train), (x_test, y_test) = mnist.load_data(path=str(path))
    for got, key in ((x_train, "x_train"), (y_train, "y_train"), (x_test, "x_test"),
                     (y_test, "y_test")):
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, arrays[key])


def test_mnist_download_into_kbackend_home(tmp_path, home, register):
    site = tmp_path / "site"
    site.mkdir()
    arrays = fake_mnist(site / "mnist.npz")
    with serve(site) as url:
        register("mnist", site / "mnist.npz", origin=url + "mnist.npz")
        (x_train, _), _ = mnist.load_data()
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    assert os.listdir(home) == ["mnist.npz"]


def test_mnist_refuses_file_with_wrong_hash(tmp_path, register):
    path = tmp_path / "mnist.npz"
    fake_mnist(path)
    register("mnist", None)  # the table expects other content; the origin is offline
    with pytest.raises(ConnectionError, match="mnist.npz"):
        mnist.load_data(path=str(path))


def test_fashion_mnist(home, register):
    folder = home / "fashion-mnist"
    folder.mkdir()
    images = {"train": np.random.randint(0, 256, (5, 28, 28)).astype("uint8"),
              "t10k": np.random.randint(0, 256, (3, 28, 28)).astype("uint8")}
    labels = {"train": np.arange(5, dtype="uint8"), "t10k": np.arange(3, dtype="uint8")}
    for split in ("train", "t10k"):
        for kind, header, data in (("labels-idx1", 8, labels[split]),
                                   ("images-idx3", 16, images[split])):
            name = f"{split}-{kind}-ubyte.gz"
            with gzip.open(folder / name, "wb") as f:
                f.write(b"\0" * header + data.tobytes())
            register(f"fashion_mnist/{name}", folder / name)
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    np.testing.assert_array_equal(x_train, images["train"])
    np.testing.assert_array_equal(y_test, labels["t10k"])
    assert x_test.shape == (3, 28, 28) and y_train.dtype == np.uint8


def _add(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def _batch(n, label_keys):
    batch = {b"batch_label": b"fake", b"data": np.random.randint(0, 256, (n, 3072)).astype(
        "uint8")}
    for key in label_keys:
        batch[key.encode()] = [int(v) for v in np.random.randint(0, 10, n)]
    return batch


def fake_cifar10(archive_path):
    batches = {f"data_batch_{i}": _batch(2, ["labels"]) for i in range(1, 6)}
    batches["test_batch"] = _batch(3, ["labels"])
    with tarfile.open(archive_path, "w:gz") as archive:
        for name, batch in batches.items():
            _add(archive, f"cifar-10-batches-py/{name}", pickle.dumps(batch))
    return batches


def channels_last(data):
    return data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_cifar10(home, register, data_format):
    batches = fake_cifar10(home / "cifar-10-python.tar.gz")
    register("cifar10", home / "cifar-10-python.tar.gz")
    previous = backend.image_data_format()
    backend.set_image_data_format(data_format)
    try:
        (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    finally:
        backend.set_image_data_format(previous)
    train = [batches[f"data_batch_{i}"] for i in range(1, 6)]
    expected_x = channels_last(np.concatenate([b[b"data"] for b in train]))
    if data_format == "channels_first":
        expected_x = expected_x.transpose(0, 3, 1, 2)
    np.testing.assert_array_equal(x_train, expected_x)
    np.testing.assert_array_equal(y_train[:, 0], sum((b[b"labels"] for b in train), []))
    assert y_train.shape == (10, 1) and y_train.dtype == np.uint8 and x_train.dtype == np.uint8
    np.testing.assert_array_equal(y_test[:, 0], batches["test_batch"][b"labels"])
    assert x_test.shape[0] == 3


@pytest.mark.parametrize("label_mode", ["fine", "coarse"])
def test_cifar100(home, register, label_mode):
    batches = {"train": _batch(4, ["fine_labels", "coarse_labels"]),
               "test": _batch(2, ["fine_labels", "coarse_labels"])}
    with tarfile.open(home / "cifar-100-python.tar.gz", "w:gz") as archive:
        for name, batch in batches.items():
            _add(archive, f"cifar-100-python/{name}", pickle.dumps(batch))
    register("cifar100", home / "cifar-100-python.tar.gz")
    (x_train, y_train), (x_test, y_test) = cifar100.load_data(label_mode=label_mode)
    key = f"{label_mode}_labels".encode()
    if backend.image_data_format() == "channels_last":
        np.testing.assert_array_equal(x_train, channels_last(batches["train"][b"data"]))
    np.testing.assert_array_equal(y_test[:, 0], batches["test"][key])
    assert y_train.shape == (4, 1) and y_train.dtype == np.int64 and x_test.dtype == np.uint8


def test_cifar100_label_mode_error():
    with pytest.raises(ValueError, match="'fine', 'coarse'"):
        cifar100.load_data(label_mode="medium")


def test_cifar_refuses_code_in_pickles(home, register):
    class Exploit:
        def __reduce__(self):
            return (os.getcwd, ())

    with tarfile.open(home / "cifar-100-python.tar.gz", "w:gz") as archive:
        for name in ("train", "test"):
            _add(archive, f"cifar-100-python/{name}", pickle.dumps({b"data": Exploit()}))
    register("cifar100", home / "cifar-100-python.tar.gz")
    with pytest.raises(pickle.UnpicklingError, match="getcwd"):
        cifar100.load_data()
