"""numpy engine: one CPU device, so only a one-device DataParallel (inference only)."""

import contextlib

SUPPORTS_MODEL_PARALLEL = False
SIMULATED_DEVICES = None  # one device: nothing to simulate


def list_devices(device_type=None):
    return ["cpu:0"] if (device_type or "cpu").lower() == "cpu" else []


def initialize(job_addresses, num_processes, process_id):
    raise ValueError(
        "The numpy engine runs in one process on one CPU; distribution.initialize() is "
        "not possible. Use KBACKEND=jax, torch or tensorflow for multi-process jobs."
    )


def check_distribution(distribution):
    devices = list(distribution.device_mesh.devices.ravel())
    if devices != ["cpu:0"] or len(distribution.device_mesh.shape) != 1:
        raise ValueError(
            f"The numpy engine has one device, 'cpu:0'; got a {type(distribution).__name__} "
            f"over {devices}. Use DataParallel(devices=['cpu:0']) or another engine."
        )


def distribute_tensor(tensor, layout):
    return tensor


@contextlib.contextmanager
def native_scope(distribution):
    yield


def native_distribution():
    return None


def make_function(distribution, step_fn, variables, jit_compile, make, split_batches):
    return make(step_fn, variables, jit_compile)


def reduce_gradients(distribution, grads):
    return grads
