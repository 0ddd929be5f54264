"""torch engine: data parallelism with torch.distributed, one process per device.

Note [torch data parallel]: torch has no single-process multi-device arrays, so a
`DataParallel` over N devices is N processes (started with ``torchrun``, or by hand with
``MASTER_ADDR``/``MASTER_PORT``/``RANK``/``WORLD_SIZE``) joined by
``torch.distributed`` (gloo on CPU, NCCL on GPU). What DistributedDataParallel does is
done here with the same primitives, without wrapping the model (its forward is called
by the engine-neutral trainer): the variables are broadcast from rank 0 when the step is
built, each process trains on its slice of every global batch, and the gradients are
averaged with one ``all_reduce`` over a flat bucket before the optimizer applies them.
Every process therefore applies identical updates. Evaluation and prediction run the
whole batch in every process (identical results, no communication).
"""

import contextlib
import os

import torch
import torch.distributed as dist

from kbackend import tree

SUPPORTS_MODEL_PARALLEL = False
SIMULATED_DEVICES = "gloo_processes"  # tests: 2 processes on gloo, started by the test


def _world():
    if dist.is_available() and dist.is_initialized():
        return dist.get_world_size(), dist.get_rank()
    return 1, 0


def list_devices(device_type=None):
    kind = (device_type or ("gpu" if torch.cuda.is_available() else "cpu")).lower()
    if kind in ("gpu", "cuda"):
        count = torch.cuda.device_count()
        world, _ = _world()
        return [f"cuda:{i}" for i in range(max(count, world if count else 0))]
    if kind != "cpu":
        return []
    # One CPU device per process of the job (torch.distributed), "cpu:0" when alone.
    world, _ = _world()
    return [f"cpu:{i}" for i in range(world)]


def initialize(job_addresses, num_processes, process_id):
    backend = "nccl" if torch.cuda.is_available() else "gloo"
    if job_addresses:
        address = job_addresses.split(",")[0]
        dist.init_process_group(backend, init_method=f"tcp://{address}",
                                world_size=num_processes, rank=process_id)
    else:
        # torchrun (or the caller) provides MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE.
        dist.init_process_group(backend)
    if backend == "nccl":
        torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", dist.get_rank())))


def check_distribution(distribution):
    mesh = distribution.device_mesh
    if len(mesh.shape) != 1 or mesh.axis_names[0] != distribution.batch_dim_name:
        raise ValueError(
            f"The torch engine supports DataParallel only (a 1-D mesh split along the batch); "
            f"got {type(distribution).__name__} with mesh shape {mesh.shape}. Use "
            "KBACKEND=jax for ModelParallel."
        )
    world, _ = _world()
    if mesh.devices.size not in (1, world):
        raise ValueError(
            f"DataParallel over {mesh.devices.size} devices needs as many torch.distributed "
            f"processes, but this job has {world}. Start one process per device (torchrun "
            "--nproc_per_node=N) and call kbackend.distribution.initialize() first."
        )


def _local_slice(x, world, rank):
    size = x.shape[0]
    return x[rank * size // world:(rank + 1) * size // world]


def distribute_tensor(tensor, layout):
    world, rank = _world()
    axes = layout.axes
    if world == 1 or all(a is None for a in axes):
        return tensor
    if axes[0] is None or any(a is not None for a in axes[1:]):
        raise ValueError(
            f"The torch engine splits tensors along their first axis only, got layout "
            f"axes {axes}."
        )
    return _local_slice(tensor, world, rank)


@contextlib.contextmanager
def native_scope(distribution):
    yield


def native_distribution():
    return None


def make_function(distribution, step_fn, variables, jit_compile, make, split_batches):
    world, rank = _world()
    run = make(step_fn, variables, jit_compile)
    if world == 1:
        return run
    with torch.no_grad():
        for variable in variables:  # replicas start equal, as DDP's constructor ensures
            dist.broadcast(variable.value.data, src=0)
    if not split_batches:
        return run

    def distributed(data):
        return run(tree.map_structure(
            lambda x: _local_slice(x, world, rank) if isinstance(x, torch.Tensor) and x.ndim
            else x, data))

    return distributed


def reduce_gradients(distribution, grads):
    world, _ = _world()
    if world == 1:
        return grads
    # One flat bucket, one all_reduce (DDP buckets gradients the same way).
    flat = torch.cat([g.reshape(-1) for g in grads])
    dist.all_reduce(flat, op=dist.ReduceOp.SUM)
    flat = flat / world
    result, offset = [], 0
    for g in grads:
        result.append(flat[offset:offset + g.numel()].view_as(g))
        offset += g.numel()
    return result
