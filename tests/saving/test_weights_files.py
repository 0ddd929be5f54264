"""save_weights/load_weights (.weights.h5) and legacy tf.keras .h5 weight files."""

import h5py
import numpy as np
import pytest

import kbackend
from kbackend import layers


def _model(units=2):
    inp = layers.Input((3,))
    x = layers.Dense(4, name="hidden")(inp)
    return kbackend.Model(inp, layers.Dense(units, name="head")(x))


def _write_legacy(path, entries):
    """Writes a tf.keras-style HDF5 weights file: {layer name: [arrays]} in order."""
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = [name.encode() for name in entries]
        for name, arrays in entries.items():
            group = f.create_group(name)
            names = [f"{name}/w{i}:0".encode() for i in range(len(arrays))]
            group.attrs["weight_names"] = names
            for n, a in zip(names, arrays):
                group.create_dataset(n.decode(), data=a)


def test_weights_roundtrip(tmp_path):
    a, b = _model(), _model()
    path = tmp_path / "m.weights.h5"
    a.save_weights(path)
    kbackend.saving.load_weights(b, path)
    for va, vb in zip(a.weights, b.weights):
        np.testing.assert_array_equal(va.numpy(), vb.numpy())
    c = _model()
    c.load_weights(tmp_path / "m.weights.h5")
    np.testing.assert_array_equal(c.weights[0].numpy(), a.weights[0].numpy())


def test_weights_from_keras_file(tmp_path):
    a, b = _model(), _model()
    a.save(tmp_path / "m.keras")
    b.load_weights(tmp_path / "m.keras")
    np.testing.assert_array_equal(b.weights[2].numpy(), a.weights[2].numpy())


def test_shape_mismatch_raises_or_skips(tmp_path):
    path = tmp_path / "m.weights.h5"
    _model(units=2).save_weights(path)
    target = _model(units=5)
    with pytest.raises(ValueError, match=r"\(4, 5\).*\(4, 2\)"):
        target.load_weights(path)
    before = target.get_layer("head").kernel.numpy().copy()
    with pytest.warns(UserWarning, match="skip_mismatch"):
        target.load_weights(path, skip_mismatch=True)
    np.testing.assert_array_equal(target.get_layer("head").kernel.numpy(), before)
    with pytest.raises(ValueError, match="by_name"):
        target.load_weights(path, by_name=True)


def test_legacy_h5_in_order_and_by_name(tmp_path):
    rng = np.random.default_rng(1)
    hidden = [rng.random((3, 4), dtype=np.float32), rng.random(4, dtype=np.float32)]
    head = [rng.random((4, 2), dtype=np.float32), rng.random(2, dtype=np.float32)]
    path = tmp_path / "legacy.h5"
    _write_legacy(path, {"input_1": [], "old_a": hidden, "old_b": head})
    model = _model()
    model.load_weights(path)  # topological order, names ignored
    np.testing.assert_array_equal(model.get_layer("head").kernel.numpy(), head[0])
    x = rng.random((2, 3), dtype=np.float32)
    expected = (x @ hidden[0] + hidden[1]) @ head[0] + head[1]
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-5)

    by_name = tmp_path / "by_name.h5"
    _write_legacy(by_name, {"head": [np.ones((4, 2), np.float32), np.zeros(2, np.float32)],
                            "other": [np.ones(1, np.float32)]})
    model.load_weights(by_name, by_name=True)
    np.testing.assert_array_equal(model.get_layer("head").kernel.numpy(), np.ones((4, 2)))
    np.testing.assert_array_equal(model.get_layer("hidden").kernel.numpy(), hidden[0])


def test_legacy_h5_skip_mismatch_warns(tmp_path):
    path = tmp_path / "legacy.h5"
    _write_legacy(path, {"head": [np.ones((4, 7), np.float32), np.zeros(7, np.float32)],
                         "hidden": [np.ones((3, 4), np.float32), np.zeros(4, np.float32)]})
    model = _model()
    with pytest.raises(ValueError, match=r"\(4, 2\).*\(4, 7\)"):
        model.load_weights(path, by_name=True)
    head_before = model.get_layer("head").kernel.numpy().copy()
    with pytest.warns(UserWarning, match="skipping layer 'head'"):
        model.load_weights(path, by_name=True, skip_mismatch=True)
    np.testing.assert_array_equal(model.get_layer("head").kernel.numpy(), head_before)
    np.testing.assert_array_equal(model.get_layer("hidden").kernel.numpy(), np.ones((3, 4)))
