"""tensorflow engine: DataParallel is tf.distribute.MirroredStrategy (Note [tf mirrored]).

Note [tf mirrored]: a `DataParallel` over N devices is a ``tf.distribute.MirroredStrategy``
over them (``MultiWorkerMirroredStrategy`` after `initialize`). Variables created inside
its scope are MirroredVariables. The compiled step is ``strategy.run`` of the trainer's
step on every replica, each replica taking its slice of the global batch; gradients are
averaged with the replica context's ``all_reduce`` (`reduce_gradients`), so every replica
applies the same update to its own copy (variables keep aggregation NONE, which updates
the local copy in replica context). Logs are averaged over replicas. A model built and
compiled inside a plain ``tf.distribute.MirroredStrategy().scope()`` gets the same
treatment: `native_distribution` reports the strategy at compile time.
"""

import contextlib
import json
import os

import tensorflow as tf

from kbackend import tree

SUPPORTS_MODEL_PARALLEL = False
SIMULATED_DEVICES = "logical_cpus"  # tests: tf.config.set_logical_device_configuration
_STATE = {"multi_worker": False}


def _kind(device_type):
    kind = (device_type or "").upper()
    if kind == "CUDA":
        kind = "GPU"
    if not kind:
        kind = "GPU" if tf.config.list_logical_devices("GPU") else "CPU"
    return kind


def list_devices(device_type=None):
    kind = _kind(device_type)
    return [f"{kind.lower()}:{d.name.rsplit(':', 1)[-1]}"
            for d in tf.config.list_logical_devices(kind)]


def initialize(job_addresses, num_processes, process_id):
    if job_addresses:
        workers = job_addresses.split(",")
        os.environ["TF_CONFIG"] = json.dumps({
            "cluster": {"worker": workers},
            "task": {"type": "worker", "index": int(process_id or 0)},
        })
    _STATE["multi_worker"] = True


def check_distribution(distribution):
    mesh = distribution.device_mesh
    if len(mesh.shape) != 1 or mesh.axis_names[0] != distribution.batch_dim_name:
        raise ValueError(
            "The tensorflow engine supports DataParallel only (a 1-D mesh split along the "
            f"batch); got {type(distribution).__name__} with mesh shape {mesh.shape}. Use "
            "KBACKEND=jax for ModelParallel."
        )
    known = list_devices("cpu") + list_devices("gpu")
    missing = [d for d in mesh.devices.ravel() if d not in known]
    if missing:
        raise ValueError(
            f"DeviceMesh names devices {missing} that tensorflow does not have; it has "
            f"{known}."
        )


def _strategy(distribution):
    if distribution._native is None:
        if _STATE["multi_worker"]:
            distribution._native = tf.distribute.MultiWorkerMirroredStrategy()
        else:
            devices = []
            for name in distribution.device_mesh.devices.ravel():
                kind, _, index = name.partition(":")
                devices.append(f"/{kind.upper()}:{index}")
            distribution._native = tf.distribute.MirroredStrategy(devices)
    return distribution._native


@contextlib.contextmanager
def native_scope(distribution):
    with _strategy(distribution).scope():
        yield


def native_distribution():
    if not tf.distribute.has_strategy():
        return None
    strategy = tf.distribute.get_strategy()
    devices = []
    for name in strategy.extended.worker_devices:
        kind, index = name.rsplit("/", 1)[-1].replace("device:", "").split(":")
        devices.append(f"{kind.lower()}:{index}")
    return devices, strategy


def distribute_tensor(tensor, layout):
    if any(a is not None for a in layout.axes):
        raise ValueError(
            f"The tensorflow engine places tensors through tf.distribute strategies, which "
            f"replicate them; got a split layout {layout.axes}. Use KBACKEND=jax for "
            "split layouts."
        )
    return tensor


def _replica_slice(x, context):
    if not (tf.is_tensor(x) and x.shape.rank):
        return x
    size = tf.shape(x)[0]
    index = context.replica_id_in_sync_group
    count = context.num_replicas_in_sync
    return x[index * size // count:(index + 1) * size // count]


def _mean(*values):
    if values[0].dtype.is_floating:
        return tf.add_n(list(values)) / len(values)
    return values[0]


def make_function(distribution, step_fn, variables, jit_compile, make, split_batches):
    strategy = _strategy(distribution)
    local = [v.path for v in variables
             if not isinstance(v._value, tf.distribute.DistributedValues)]
    if local:
        raise ValueError(
            f"These variables were created outside the distribution's scope: {local[:5]}"
            f"{' ...' if len(local) > 5 else ''}. Build and compile the model inside "
            "`with distribution.scope():` (or `with strategy.scope():`)."
        )

    def replica_step(data):
        if split_batches:
            context = tf.distribute.get_replica_context()
            data = tree.map_structure(lambda x: _replica_slice(x, context), data)
        return step_fn(data)

    def distributed(data):
        results = strategy.experimental_local_results(strategy.run(replica_step, args=(data,)))
        if not split_batches:
            return results[0]  # every replica ran the whole batch
        return tree.map_structure(_mean, *results)

    # NOTE: XLA does not compile strategy.run's cross-replica step; use a tf.function.
    return make(distributed, variables, "auto" if jit_compile is True else jit_compile)


def reduce_gradients(distribution, grads):
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync == 1:
        return grads
    return context.all_reduce(tf.distribute.ReduceOp.MEAN, list(grads))
