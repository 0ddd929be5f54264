"""Attack-shaped files: each must fail with a clear error and run nothing."""

import json
import pickle
import warnings
import zipfile

import h5py
import numpy as np
import pytest

import kbackend
from kbackend import layers
from kbackend.saving import safe_zip


def _saved(tmp_path, name="m.keras"):
    inp = layers.Input((3,))
    model = kbackend.Model(inp, layers.Dense(2, name="d")(inp))
    path = tmp_path / name
    model.save(path)
    return model, path


def _members(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _rewrite(path, members, extra=()):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns on duplicate names
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in list(members.items()) + list(extra):
                z.writestr(name, data)


class _Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_lambda_bytecode_needs_unsafe_mode(tmp_path):
    marker = tmp_path / "marker"
    fn = eval(f"lambda x: (open({str(marker)!r}, 'w').close(), x)[1]")  # noqa: S307
    inp = layers.Input((2,))
    model = kbackend.Model(inp, layers.Lambda(fn)(inp))
    marker.unlink(missing_ok=True)
    path = tmp_path / "lam.keras"
    model.save(path)
    with pytest.raises(ValueError, match="safe_mode=False"):
        kbackend.models.load_model(path)
    assert not marker.exists()
    loaded = kbackend.models.load_model(path, safe_mode=False)
    np.testing.assert_array_equal(loaded.predict(np.ones((1, 2), "float32"), verbose=0),
                                  np.ones((1, 2)))


@pytest.mark.parametrize("module,name", [("os", "system"), ("subprocess", "Popen"),
                                         ("builtins", "eval")])
def test_config_naming_foreign_callables(tmp_path, module, name):
    _, path = _saved(tmp_path)
    members = _members(path)
    config = json.loads(members["config.json"])
    dense = config["config"]["layers"][1]
    dense["config"]["activation"] = {"module": module, "class_name": "function",
                                     "config": name, "registered_name": name}
    members["config.json"] = json.dumps(config).encode()
    _rewrite(path, members)
    with pytest.raises(TypeError, match=f"Could not locate function '{name}'"):
        kbackend.models.load_model(path)
    # The same names as a class.
    dense["config"]["activation"] = "linear"
    dense.update(module=module, class_name=name, registered_name=None)
    members["config.json"] = json.dumps(config).encode()
    _rewrite(path, members)
    with pytest.raises(TypeError, match=f"Could not locate class '{name}'"):
        kbackend.models.load_model(path)


def test_pickle_payloads_are_never_unpickled(tmp_path):
    marker = tmp_path / "marker"
    payload = pickle.dumps(_Payload(marker))
    _, path = _saved(tmp_path)
    members = _members(path)
    _rewrite(path, members, extra=[("payload.pkl", payload)])
    with pytest.raises(ValueError, match="unexpected archive member 'payload.pkl'"):
        kbackend.models.load_model(path)
    members["config.json"] = payload
    _rewrite(path, members)
    with pytest.raises(ValueError, match="never unpickles"):
        kbackend.models.load_model(path)
    members["model.weights.h5"] = payload
    members["config.json"] = _members(_saved(tmp_path, "ok.keras")[1])["config.json"]
    _rewrite(path, members)
    with pytest.raises(ValueError, match="not a valid HDF5"):
        kbackend.models.load_model(path)
    assert not marker.exists()


@pytest.mark.parametrize("bad_name", ["../evil.txt", "/abs/evil.txt", "a/../../evil.txt"])
def test_zip_slip_names_refused(tmp_path, bad_name):
    _, path = _saved(tmp_path / "sub" if False else tmp_path)
    _rewrite(path, _members(path), extra=[(bad_name, b"x")])
    with pytest.raises(ValueError, match="absolute or parent-folder"):
        kbackend.models.load_model(path)
    assert not (tmp_path.parent / "evil.txt").exists()


def test_duplicate_members_refused(tmp_path):
    _, path = _saved(tmp_path)
    members = _members(path)
    _rewrite(path, members, extra=[("config.json", members["config.json"])])
    with pytest.raises(ValueError, match="appears twice"):
        kbackend.models.load_model(path)


def test_decompression_bomb_refused(tmp_path, monkeypatch):
    _, path = _saved(tmp_path)
    members = _members(path)
    members["config.json"] = members["config.json"] + b" " * 300_000
    _rewrite(path, members)
    monkeypatch.setitem(safe_zip.MAX_SIZES, "config.json", 100_000)
    with pytest.raises(ValueError, match="decompression bomb"):
        kbackend.models.load_model(path)
    monkeypatch.setitem(safe_zip.MAX_SIZES, "config.json", 64 * 2**20)
    monkeypatch.setattr(safe_zip, "MAX_RATIO", 50)
    members["config.json"] += b" " * 2**21
    _rewrite(path, members)
    with pytest.raises(ValueError, match="decompression bomb"):
        kbackend.models.load_model(path)


def test_truncated_and_corrupt_files(tmp_path):
    _, path = _saved(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="truncated or corrupt"):
        kbackend.models.load_model(path)
    path.write_bytes(b"")
    with pytest.raises(ValueError, match="truncated or corrupt"):
        kbackend.models.load_model(path)
    weights = tmp_path / "w.weights.h5"
    _saved(tmp_path, "x.keras")[0].save_weights(weights)
    weights.write_bytes(weights.read_bytes()[:300])
    with pytest.raises(ValueError, match="truncated or corrupt"):
        _saved(tmp_path, "y.keras")[0].load_weights(weights)


def test_hdf5_external_link_and_virtual_dataset_refused(tmp_path):
    secret = tmp_path / "secret.h5"
    with h5py.File(secret, "w") as f:
        f.create_dataset("data", data=np.ones((3, 2), "float32"))
    model, _ = _saved(tmp_path)
    path = tmp_path / "w.weights.h5"
    model.save_weights(path)
    with h5py.File(path, "a") as f:
        del f["layers/dense/vars/0"]
        f["layers/dense/vars/0"] = h5py.ExternalLink(str(secret), "data")
    with pytest.raises(ValueError, match="external link"):
        model.load_weights(path)
    model.save_weights(path)
    with h5py.File(path, "a") as f:
        del f["layers/dense/vars/0"]
        layout = h5py.VirtualLayout(shape=(3, 2), dtype="float32")
        layout[:] = h5py.VirtualSource(str(secret), "data", shape=(3, 2))
        f["layers/dense/vars"].create_virtual_dataset("0", layout)
    with pytest.raises(ValueError, match="virtual dataset"):
        model.load_weights(path)
