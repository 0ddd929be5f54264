"""Fixtures for the dataset tests: fake files in the real formats, never the network.

Note [dataset seam] (kbackend/datasets/dataset_files.py): each test writes a small fake file,
registers its sha256 in DATASET_FILES (monkeypatched), and points the loader at it through
its ``path`` argument or the kbackend home (``KBACKEND_HOME``).
"""

import hashlib
import socket

import pytest

from kbackend.datasets import dataset_files


def _closed_port_url(name):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/{name}"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An empty kbackend home; returns its ``datasets`` folder."""
    monkeypatch.setenv("KBACKEND_HOME", str(tmp_path / "home"))
    folder = tmp_path / "home" / "datasets"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def register(monkeypatch):
    """register(key, path): trust the file at ``path`` for table entry ``key``."""

    def _register(key, path, origin=None):
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path is not None else "0" * 64
        entry = dataset_files.DatasetFile(origin or _closed_port_url(key), digest)
        monkeypatch.setitem(dataset_files.DATASET_FILES, key, entry)

    return _register
