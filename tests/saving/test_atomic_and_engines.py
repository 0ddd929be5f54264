"""No lost data on a killed save; files move between engines."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import kbackend
from kbackend import backend, layers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

_KILLED_SAVE = textwrap.dedent("""
    import sys, time
    import kbackend
    from kbackend import layers
    from kbackend.saving import saving_lib
    inp = layers.Input((3,))
    model = kbackend.Model(inp, layers.Dense(2)(inp))
    def slow(fileobj, data):
        fileobj.write(data[: len(data) // 2]); fileobj.flush()
        print("WRITING", flush=True); time.sleep(60)
    def slow_archive(fileobj, members):
        slow(fileobj, b"PK" * 1000)
    def slow_h5(path, model):
        with open(path, "wb") as f:
            slow(f, b"\\x89HDF" * 1000)
    saving_lib._write_h5 = slow_h5
    saving_lib._write_archive = slow_archive
    getattr(model, sys.argv[2])(sys.argv[1])
""")


@pytest.mark.parametrize("method,name", [("save", "m.keras"),
                                         ("save_weights", "m.weights.h5")])
def test_killed_save_keeps_previous_file(tmp_path, method, name):
    inp = layers.Input((3,))
    model = kbackend.Model(inp, layers.Dense(2)(inp))
    path = tmp_path / name
    getattr(model, method)(path)
    before = path.read_bytes()
    env = dict(os.environ, PYTHONPATH=ROOT, KBACKEND=backend.backend())
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_SAVE, str(path), method],
                            stdout=subprocess.PIPE, env=env)
    try:
        deadline = time.time() + 120
        line = b""
        while time.time() < deadline and b"WRITING" not in line:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
        assert b"WRITING" in line, "the saving subprocess did not reach the write"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    assert path.read_bytes() == before
    fresh = kbackend.Model(i := layers.Input((3,)), layers.Dense(2)(i))
    fresh.load_weights(path)
    np.testing.assert_array_equal(fresh.weights[0].numpy(), model.weights[0].numpy())


def test_fsync_option_writes_the_same_files(tmp_path, monkeypatch):
    from kbackend.saving import atomic_file

    calls = []
    real_fsync = os.fsync
    monkeypatch.setattr(atomic_file, "FSYNC", True)
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append(fd) or real_fsync(fd))
    inp = layers.Input((3,))
    model = kbackend.Model(inp, layers.Dense(2)(inp))
    model.save(tmp_path / "m.keras")
    model.save_weights(tmp_path / "m.weights.h5")
    assert len(calls) == 2
    assert sorted(os.listdir(tmp_path)) == ["m.keras", "m.weights.h5"]
    for name in ("m.keras", "m.weights.h5"):
        fresh = kbackend.Model(i := layers.Input((3,)), layers.Dense(2)(i))
        fresh.load_weights(tmp_path / name)
        np.testing.assert_array_equal(fresh.weights[0].numpy(), model.weights[0].numpy())


_LOAD = textwrap.dedent("""
    import sys
    import numpy as np
    import kbackend
    model = kbackend.models.load_model(sys.argv[1], compile=False)
    x = np.load(sys.argv[2])
    np.save(sys.argv[3], model.predict(x, verbose=0))
""")


def _importable(engine):
    import importlib.util

    return engine == "numpy" or importlib.util.find_spec(engine) is not None


def test_saved_file_loads_under_every_engine(tmp_path):
    inp = layers.Input((3,))
    x = layers.Dense(4, activation="relu")(inp)
    x = layers.BatchNormalization()(x)
    model = kbackend.Model(inp, layers.Dense(2)(x))
    path = tmp_path / "m.keras"
    model.save(path)
    data = np.random.default_rng(0).random((4, 3), dtype=np.float32)
    np.save(tmp_path / "x.npy", data)
    expected = model.predict(data, verbose=0)
    engines = [e for e in ("jax", "torch", "tensorflow", "numpy")
               if e != backend.backend() and _importable(e)]
    procs = {}
    for engine in engines:
        env = dict(os.environ, PYTHONPATH=ROOT, KBACKEND=engine)
        procs[engine] = subprocess.Popen(
            [sys.executable, "-c", _LOAD, str(path), str(tmp_path / "x.npy"),
             str(tmp_path / f"{engine}.npy")],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for engine, proc in procs.items():
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{engine}: {err.decode()[-2000:]}"
        np.testing.assert_allclose(np.load(tmp_path / f"{engine}.npy"), expected,
                                   rtol=1e-5, atol=1e-5, err_msg=engine)
