"""Helpers for the application tests: building big models without allocating weights."""

import contextlib

import h5py
import numpy as np
import pytest

import kbackend.layers.layer as layer_module
from kbackend import ops
from kbackend.backends.common import variables
from kbackend.backends.common.stateless_scope import StatelessScope


class _CheapPlaceholders(list):
    """Collects deferred variables, giving each a zeros initializer.

    Engines may read a deferred variable while tracing (torch registers a placeholder
    parameter), and a random initializer for 100M weights costs seconds.
    """

    def append(self, variable):
        variable._initializer = lambda shape, dtype=None: ops.zeros(shape, dtype=dtype)
        super().append(variable)


@contextlib.contextmanager
def deferred_variables():
    """Builds inside a trace scope so no variable is initialized (shapes only).

    The model's variables stay uninitialized and are never materialized later (they are
    not left in kbackend's deferred list); only use the model for shapes and counts.
    """
    original_list = variables._uninitialized
    original_initialize = layer_module.initialize_all_variables
    variables._uninitialized = _CheapPlaceholders()
    layer_module.initialize_all_variables = lambda: None
    try:
        with StatelessScope(initialize_variables=False):
            yield
    finally:
        layer_module.initialize_all_variables = original_initialize
        variables._uninitialized = original_list


def write_legacy_weights(model, path, rename=None):
    """Writes ``model``'s weights in the layout of Keras's published ``.h5`` files.

    ``rename`` maps layer names to the names stored in the file (to mimic files whose
    names differ from the model's).
    """
    rename = rename or {}
    with h5py.File(path, "w") as f:
        names = []
        for layer in model.layers:
            stored = rename.get(layer.name, layer.name)
            names.append(stored.encode("utf-8"))
            group = f.create_group(stored.replace("/", "_slash_"))
            weight_names = []
            for i, variable in enumerate(layer.weights):
                weight_name = f"{stored}/w{i}:0"
                weight_names.append(weight_name.encode("utf-8"))
                group.create_dataset(weight_name, data=np.asarray(variable.numpy()))
            group.attrs["weight_names"] = weight_names
        f.attrs["layer_names"] = [n.replace(b"/", b"_slash_") for n in names]


@pytest.fixture
def offline_get_file(monkeypatch):
    """Replaces ``get_file`` by a recorder that serves local files (no network)."""
    calls = []
    served = {}

    def fake_get_file(fname=None, origin=None, **kwargs):
        calls.append({"fname": fname, "origin": origin, **kwargs})
        if fname not in served:
            raise ValueError(f"offline test: no local copy of {origin}")
        return served[fname]

    monkeypatch.setattr("kbackend.utils.get_file", fake_get_file)
    return calls, served
