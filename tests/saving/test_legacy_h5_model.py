"""Whole models in the legacy HDF5 format: ``model.save("m.h5")`` / ``load_model("m.h5")``."""

import json
import logging

import h5py
import numpy as np
import pytest

import kbackend
from kbackend import layers


def _functional():
    inputs = layers.Input((4,), name="x")
    hidden = layers.Dense(5, activation="relu", name="hidden")(inputs)
    hidden = layers.BatchNormalization(name="norm")(hidden)
    return kbackend.Model(inputs, layers.Dense(2, name="out")(hidden), name="net")


def _sequential():
    return kbackend.Sequential([layers.Input((4,)), layers.Dense(3, name="d0"),
                                layers.Dense(2, name="d1")], name="seq")


@pytest.mark.parametrize("build", [_functional, _sequential])
def test_round_trip_predictions(tmp_path, build, caplog):
    model = build()
    x = np.random.default_rng(0).random((3, 4), dtype=np.float32)
    path = tmp_path / "m.h5"
    with caplog.at_level(logging.WARNING, logger="kbackend.saving"):
        model.save(path)
    assert "legacy" in caplog.text  # Keras 3 warns about the legacy format too
    loaded = kbackend.saving.load_model(path)
    assert type(loaded).__name__ == type(model).__name__
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6, atol=1e-6)


def test_file_layout_follows_keras(tmp_path):
    model = _functional()
    model.save(tmp_path / "m.h5")
    with h5py.File(tmp_path / "m.h5", "r") as h5:
        config = json.loads(h5.attrs["model_config"])
        assert set(config) == {"class_name", "config"}
        assert config["class_name"] == "Functional"
        assert "training_config" not in h5.attrs  # not compiled
        weights = h5["model_weights"]
        names = [n.decode() if isinstance(n, bytes) else n for n in weights.attrs["layer_names"]]
        assert names == ["x", "hidden", "norm", "out"]
        norm = [n.decode() if isinstance(n, bytes) else n
                for n in weights["norm"].attrs["weight_names"]]
        assert [n.split("/")[-1] for n in norm] == ["gamma", "beta", "moving_mean",
                                                     "moving_variance"]
        np.testing.assert_array_equal(weights["out"][f"{names[-1]}/kernel"][()],
                                      model.get_layer("out").kernel.numpy())


@pytest.mark.requires_trainable_backend
def test_compile_config_and_optimizer_state(tmp_path):
    rng = np.random.default_rng(1)
    x, y = rng.random((8, 4), dtype=np.float32), rng.random((8, 2), dtype=np.float32)
    model = _sequential()
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    model.train_on_batch(x, y)
    model.save(tmp_path / "m.h5")
    loaded = kbackend.saving.load_model(tmp_path / "m.h5")
    assert type(loaded.optimizer).__name__ == "Adam"
    for mine, theirs in zip(loaded.optimizer.variables, model.optimizer.variables):
        np.testing.assert_array_equal(mine.numpy(), theirs.numpy())
    model.train_on_batch(x, y)
    loaded.train_on_batch(x, y)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    assert kbackend.saving.load_model(tmp_path / "m.h5", compile=False).optimizer is None


def test_weights_only_h5_is_a_clear_error(tmp_path):
    path = tmp_path / "w.h5"
    with h5py.File(path, "w") as h5:
        h5.attrs["layer_names"] = []
    with pytest.raises(ValueError, match="No model config found"):
        kbackend.saving.load_model(path)
