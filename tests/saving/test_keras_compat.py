"""Optional: a .keras file written by kbackend loads in Keras 3 (run in a subprocess)."""

import importlib.util
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import kbackend
from kbackend import layers

_KERAS_LOAD = textwrap.dedent("""
    import sys
    import numpy as np
    import keras
    model = keras.models.load_model(sys.argv[1], compile=False)
    np.save(sys.argv[3], model.predict(np.load(sys.argv[2]), verbose=0))
""")


@pytest.mark.skipif(importlib.util.find_spec("keras") is None
                    or importlib.util.find_spec("jax") is None,
                    reason="needs keras and jax installed")
def test_keras3_loads_kbackend_file(tmp_path):
    inp = layers.Input((3,))
    x = layers.Dense(4, activation="relu")(inp)
    model = kbackend.Model(inp, layers.Dense(2)(x))
    model.save(tmp_path / "m.keras")
    data = np.random.default_rng(0).random((4, 3), dtype=np.float32)
    np.save(tmp_path / "x.npy", data)
    env = dict(os.environ, KERAS_BACKEND="jax")
    result = subprocess.run(
        [sys.executable, "-c", _KERAS_LOAD, str(tmp_path / "m.keras"), str(tmp_path / "x.npy"),
         str(tmp_path / "y.npy")], env=env, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    np.testing.assert_allclose(np.load(tmp_path / "y.npy"), model.predict(data, verbose=0),
                               rtol=1e-5, atol=1e-6)
