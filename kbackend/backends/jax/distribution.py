"""jax engine: distribution with jax.sharding (Note [distribution], [distributed step])."""

import contextlib

import jax
import numpy as np

from kbackend import tree
from kbackend.backends.jax.core import convert_to_tensor

SUPPORTS_MODEL_PARALLEL = True
SIMULATED_DEVICES = "xla_host_platform"  # tests: XLA_FLAGS=--xla_force_host_platform_...


def _name(device):
    return f"{device.platform}:{device.id}"


def _devices(device_type=None):
    if device_type is None:
        return jax.devices()
    kind = {"cuda": "gpu"}.get(device_type.lower(), device_type.lower())
    try:
        return jax.devices(kind)
    except RuntimeError:
        return []


def list_devices(device_type=None):
    return [_name(d) for d in _devices(device_type)]


def initialize(job_addresses, num_processes, process_id):
    coordinator = job_addresses.split(",")[0] if job_addresses else None
    jax.distributed.initialize(
        coordinator_address=coordinator, num_processes=num_processes, process_id=process_id)


def check_distribution(distribution):
    _mesh(distribution.device_mesh)


def _mesh(device_mesh):
    mesh = getattr(device_mesh, "_jax_mesh", None)
    if mesh is None:
        known = {_name(d): d for d in jax.devices()}
        known.update({_name(d): d for d in jax.devices("cpu")})
        missing = [n for n in device_mesh.devices.ravel() if n not in known]
        if missing:
            raise ValueError(
                f"DeviceMesh names devices {missing} that jax does not have; jax has "
                f"{sorted(known)}."
            )
        devices = np.vectorize(known.__getitem__, otypes=[object])(device_mesh.devices)
        mesh = jax.sharding.Mesh(devices, tuple(device_mesh.axis_names))
        device_mesh._jax_mesh = mesh
    return mesh


def _sharding(layout):
    return jax.sharding.NamedSharding(
        _mesh(layout.device_mesh), jax.sharding.PartitionSpec(*layout.axes))


def distribute_tensor(tensor, layout):
    if not isinstance(tensor, jax.core.Tracer):
        tensor = convert_to_tensor(tensor)  # also reads a Variable's value
    sharding = _sharding(layout)
    if isinstance(tensor, jax.core.Tracer):
        return jax.lax.with_sharding_constraint(tensor, sharding)
    return jax.device_put(tensor, sharding)


@contextlib.contextmanager
def native_scope(distribution):
    yield


def native_distribution():
    return None


def _distribute_batch(x, distribution):
    if not (isinstance(x, (jax.Array, np.ndarray)) and x.ndim and x.dtype.kind not in "USO"):
        return x
    layout = distribution.get_data_layout(x.shape)
    mesh = _mesh(layout.device_mesh)
    if jax.process_count() > 1:
        # NOTE: across hosts each process feeds its own part of the global batch.
        return jax.make_array_from_process_local_data(_sharding(layout), np.asarray(x))
    if x.shape[0] % mesh.shape[distribution.batch_dim_name]:
        # NOTE: a last, smaller batch that does not split evenly runs replicated.
        return jax.device_put(x, jax.sharding.NamedSharding(mesh, jax.sharding.PartitionSpec()))
    return jax.device_put(x, _sharding(layout))


def make_function(distribution, step_fn, variables, jit_compile, make, split_batches):
    placements = [(v, _sharding(distribution.get_variable_layout(v))) for v in variables]

    def place():
        # The step's outputs get shardings chosen by the partitioner; keep the layouts.
        for variable, sharding in placements:
            value = variable.value
            current = getattr(value, "sharding", None)
            if current is None or not current.is_equivalent_to(sharding, value.ndim):
                variable._direct_assign(jax.device_put(value, sharding))

    place()
    run = make(step_fn, variables, jit_compile)

    def distributed(data):
        outputs = run(tree.map_structure(lambda x: _distribute_batch(x, distribution), data))
        place()
        return outputs

    return distributed


def reduce_gradients(distribution, grads):
    # NOTE: gradients of a sharded step are global values: jax.jit's partitioner inserts
    # the cross-device reductions itself.
    return grads
