import json
import os
import subprocess
import sys

import pytest

from kbackend import backend, config


def _run(code, **env):
    full_env = {k: v for k, v in os.environ.items() if k != "KBACKEND"}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full_env, timeout=120
    )


def test_unknown_engine_is_a_clear_error():
    result = _run("import kbackend", KBACKEND="caffe")
    assert result.returncode != 0
    assert "Unknown engine 'caffe'" in result.stderr
    assert "KBACKEND environment variable" in result.stderr
    assert "jax, torch, tensorflow, numpy" in result.stderr


def test_config_file_selects_engine_and_settings(tmp_path):
    (tmp_path / "kbackend.json").write_text(
        json.dumps({"backend": "numpy", "floatx": "float64", "epsilon": 1e-5})
    )
    code = (
        "import kbackend as k; print(k.backend.backend(), k.config.floatx(), "
        "k.config.epsilon())"
    )
    result = _run(code, KBACKEND_HOME=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["numpy", "float64", "1e-05"]


def test_config_file_unknown_engine_names_the_file(tmp_path):
    (tmp_path / "kbackend.json").write_text(json.dumps({"backend": "mxnet"}))
    result = _run("import kbackend", KBACKEND_HOME=str(tmp_path))
    assert result.returncode != 0
    assert "mxnet" in result.stderr and "kbackend.json" in result.stderr


def test_environment_variable_wins_over_file(tmp_path):
    (tmp_path / "kbackend.json").write_text(json.dumps({"backend": "mxnet"}))
    result = _run(
        "import kbackend; print(kbackend.backend.backend())",
        KBACKEND="numpy",
        KBACKEND_HOME=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "numpy"


def test_missing_engine_names_the_pip_command(monkeypatch):
    from kbackend.backends.common import config as config_module

    real_find_spec = config_module.importlib.util.find_spec

    def find_spec(name, *args):
        return None if name == "jax" else real_find_spec(name, *args)

    monkeypatch.setattr(config_module.importlib.util, "find_spec", find_spec)
    with pytest.raises(config_module.EngineSelectionError) as info:
        config_module._validate_engine("jax", "the KBACKEND environment variable")
    message = str(info.value)
    assert "'jax'" in message and "pip install" in message and "KBACKEND" in message


def test_settings_round_trip():
    assert backend.floatx() == "float32"
    config.set_floatx("float16")
    try:
        assert backend.floatx() == "float16"
    finally:
        config.set_floatx("float32")
    with pytest.raises(ValueError, match="Unknown floatx"):
        config.set_floatx("int8")
    config.set_image_data_format("channels_first")
    try:
        assert config.image_data_format() == "channels_first"
    finally:
        config.set_image_data_format("channels_last")
    with pytest.raises(ValueError, match="data_format"):
        config.set_image_data_format("nhwc")
    old = config.epsilon()
    config.set_epsilon(1e-4)
    assert backend.epsilon() == 1e-4
    config.set_epsilon(old)
