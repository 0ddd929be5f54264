"""Data-parallel training on several devices gives the weights of one device.

Each engine shows several CPU devices its own way, which must happen before the engine
starts, so the scenarios (scenario.py) run in fresh processes: jax with
``XLA_FLAGS=--xla_force_host_platform_device_count=4``, tensorflow with two logical CPU
devices, torch with two processes joined by torch.distributed on gloo. Each engine runs
only its own scenario (skipped by the engine's SIMULATED_DEVICES capability).
"""

import os
import pathlib
import socket
import subprocess
import sys

import numpy as np
import pytest

from kbackend import backends

ENGINE = backends.distribution_lib()
SCENARIO = pathlib.Path(__file__).with_name("scenario.py")
ROOT = SCENARIO.parents[2]
TIMEOUT = 240


def _env(**extra):
    env = dict(os.environ, KBACKEND=backends.ENGINE, TF_CPP_MIN_LOG_LEVEL="2")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def _start(modes, out_dir, **extra):
    return subprocess.Popen(
        [sys.executable, str(SCENARIO), ",".join(modes), str(out_dir)], env=_env(**extra),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _finish(process):
    try:
        output, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    assert process.returncode == 0, output[-3000:]


def _run(modes, out_dir, **extra):
    _finish(_start(modes, out_dir, **extra))
    return {mode: dict(np.load(out_dir / f"{mode}.npz")) for mode in modes}


def _assert_same_weights(got, want):
    names = sorted(k for k in want if k.startswith("w"))
    assert names and names == sorted(k for k in got if k.startswith("w"))
    for name in names:
        np.testing.assert_allclose(got[name], want[name], rtol=1e-5, atol=1e-6)


@pytest.mark.requires_trainable_backend
@pytest.mark.skipif(ENGINE.SIMULATED_DEVICES != "xla_host_platform", reason="jax scenario")
def test_jax_data_and_model_parallel_match_one_device(tmp_path):
    results = _run(["single", "data_parallel", "model_parallel"], tmp_path,
                   XLA_FLAGS="--xla_force_host_platform_device_count=4")
    assert int(results["data_parallel"]["num_devices"]) == 4
    _assert_same_weights(results["data_parallel"], results["single"])
    _assert_same_weights(results["model_parallel"], results["single"])
    # The first Dense kernel (5, 8) is split along "model" (2 devices): shards of (5, 4).
    assert str(results["model_parallel"]["kernel_spec"]) == "(None, 'model')"
    assert tuple(results["model_parallel"]["kernel_shard_shape"]) == (5, 4)


@pytest.mark.requires_trainable_backend
@pytest.mark.skipif(ENGINE.SIMULATED_DEVICES != "logical_cpus", reason="tf scenario")
def test_tensorflow_mirrored_strategy_matches_one_device(tmp_path):
    results = _run(["single", "data_parallel", "tf_mirrored"], tmp_path)
    for mode in ("data_parallel", "tf_mirrored"):
        assert int(results[mode]["num_devices"]) == 2
        _assert_same_weights(results[mode], results["single"])


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.requires_trainable_backend
@pytest.mark.skipif(ENGINE.SIMULATED_DEVICES != "gloo_processes", reason="torch scenario")
def test_torch_two_gloo_processes_match_one_device(tmp_path):
    port = str(_free_port())
    ranks = []
    for rank in range(2):
        out_dir = tmp_path / f"rank{rank}"
        out_dir.mkdir()
        ranks.append((out_dir, _start(
            ["data_parallel"], out_dir, MASTER_ADDR="127.0.0.1", MASTER_PORT=port,
            RANK=str(rank), WORLD_SIZE="2", LOCAL_RANK=str(rank))))
    # The one-device reference runs here, in this torch process, while the ranks train.
    import kbackend
    from tests.distribution import scenario

    single = {f"w{i}": w for i, w in enumerate(scenario._train(kbackend).get_weights())}
    for out_dir, process in ranks:
        _finish(process)
        result = dict(np.load(out_dir / "data_parallel.npz"))
        assert int(result["num_devices"]) == 2
        _assert_same_weights(result, single)
