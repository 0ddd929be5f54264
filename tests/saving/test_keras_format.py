"""Round trips through the .keras format and the Keras 3 weights layout."""

import io
import json
import zipfile

import h5py
import numpy as np
import pytest

import kbackend
from kbackend import layers


def _functional():
    inp = layers.Input((3,))
    x = layers.Dense(4, name="d1")(inp)
    x = layers.BatchNormalization(name="bn")(x)
    return kbackend.Model(inp, layers.Dense(2, name="d2")(x))


def _data():
    rng = np.random.default_rng(0)
    return rng.random((8, 3), dtype=np.float32), rng.random((8, 2), dtype=np.float32)


def _h5_tree(path):
    with zipfile.ZipFile(path) as z:
        h5 = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
    found = {}
    h5.visititems(lambda n, o: found.__setitem__(n, getattr(o, "shape", None)))
    return h5, found


def test_functional_roundtrip_and_layout(tmp_path):
    model = _functional()
    x, _ = _data()
    path = tmp_path / "m.keras"
    model.save(path)
    with zipfile.ZipFile(path) as z:
        assert sorted(z.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
        meta = json.loads(z.read("metadata.json"))
        assert meta["keras_version"].startswith("3.") and "date_saved" in meta
        assert json.loads(z.read("config.json"))["class_name"] == "Functional"
    h5, tree = _h5_tree(path)
    assert tree["layers/dense/vars/0"] == (3, 4)
    assert tree["layers/dense/vars/1"] == (4,)
    assert tree["layers/dense_1/vars/0"] == (4, 2)
    assert [tree[f"layers/batch_normalization/vars/{i}"] for i in range(4)] == [(4,)] * 4
    assert "layers/input_layer/vars" in tree and "vars" in tree
    assert h5["layers/dense/vars"].attrs["name"] == "d1"
    np.testing.assert_array_equal(h5["layers/dense/vars/0"][()],
                                  model.get_layer("d1").kernel.numpy())
    loaded = kbackend.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6, atol=1e-6)


def test_sequential_layout_has_no_input_layer(tmp_path):
    model = kbackend.Sequential([layers.Input((3,)), layers.Dense(2, name="sd")])
    path = tmp_path / "s.keras"
    kbackend.saving.save_model(model, path)
    _, tree = _h5_tree(path)
    assert {k for k in tree if k.startswith("layers/")} == {
        "layers/dense", "layers/dense/vars", "layers/dense/vars/0", "layers/dense/vars/1"}
    loaded = kbackend.saving.load_model(path)
    x, _ = _data()
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6, atol=1e-6)


@kbackend.saving.register_keras_serializable(package="test_saving")
class Scaled(layers.Layer):
    def __init__(self, units=2, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.inner = layers.Dense(units)

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(1,), initializer="ones", name="scale")
        self.inner.build(input_shape)

    def call(self, x):
        return self.inner(x) * self.scale

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_nested_layer_layout(tmp_path):
    inp = layers.Input((3,))
    model = kbackend.Model(inp, Scaled(name="sc")(inp))
    model.get_layer("sc").scale.assign(np.array([3.0], dtype="float32"))
    path = tmp_path / "n.weights.h5"
    model.save_weights(path)
    with h5py.File(path, "r") as h5:
        assert h5["layers/scaled/vars/0"].shape == (1,)
        assert h5["layers/scaled/inner/vars/0"].shape == (3, 2)
    other = kbackend.Model(inp2 := layers.Input((3,)), Scaled(name="sc")(inp2))
    other.load_weights(path)
    x, _ = _data()
    np.testing.assert_allclose(other.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6, atol=1e-6)


@pytest.mark.requires_trainable_backend
def test_optimizer_state_and_compile_restored(tmp_path):
    x, y = _data()
    model = _functional()
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, batch_size=4, epochs=1, verbose=0, shuffle=False)
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = kbackend.models.load_model(path)
    assert int(loaded.optimizer.iterations.numpy()) == 2
    for a, b in zip(model.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_array_equal(np.asarray(a.numpy()), np.asarray(b.numpy()))
    model.fit(x, y, batch_size=4, epochs=1, verbose=0, shuffle=False)
    loaded.fit(x, y, batch_size=4, epochs=1, verbose=0, shuffle=False)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    assert not kbackend.models.load_model(path, compile=False).compiled


def test_bad_paths_raise_before_writing(tmp_path):
    model = _functional()
    with pytest.raises(ValueError, match=r"\.keras"):
        model.save(tmp_path / "no_extension")
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        model.save_weights(tmp_path / "w.h5")
    with pytest.raises(RuntimeError, match="to_json"):
        model.to_yaml()
    with pytest.raises(ValueError, match="File format not supported"):
        kbackend.models.load_model(tmp_path / "x.pb")
    assert list(tmp_path.iterdir()) == []
