"""DistributedDataParallel over a kbackend model: 2 gloo processes (KBACKEND=torch only)."""

import os
import pathlib
import socket
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("torch")

import kbackend as keras  # noqa: E402

if keras.backend.backend() != "torch":
    pytest.skip("DDP interop needs KBACKEND=torch", allow_module_level=True)

WORKER = pathlib.Path(__file__).with_name("_ddp_worker.py")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ddp_two_ranks_end_with_identical_weights(tmp_path):
    port = _free_port()
    env = dict(os.environ, KBACKEND="torch")
    root = str(pathlib.Path(keras.__file__).parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    outputs = [tmp_path / f"rank{rank}.npz" for rank in range(2)]
    processes = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(rank), "2", str(port), str(outputs[rank])],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        for rank in range(2)
    ]
    logs = []
    try:
        for process in processes:
            logs.append(process.communicate(timeout=240)[0].decode(errors="replace"))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    for process, log in zip(processes, logs):
        assert process.returncode == 0, log[-3000:]
    rank0, rank1 = (np.load(path) for path in outputs)
    assert len(rank0.files) == 4
    for key in rank0.files:
        np.testing.assert_array_equal(rank0[key], rank1[key])
    # Training moved the weights away from rank 0's broadcast initial values.
    keras.utils.set_random_seed(1)
    initial = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(1)]
    ).get_weights()
    assert not np.allclose(initial[0], rank0["arr_0"])
