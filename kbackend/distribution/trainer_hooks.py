"""How the trainer reaches the distribution: the few calls `trainers/trainer.py` makes.

Note [distributed step]: a model remembers the distribution in force when it was
compiled (a kbackend `Distribution`, or on tensorflow the ``tf.distribute`` strategy whose
scope was entered), falling back to the process-wide one. When there is one, the engine's
``distribution.make_function`` wraps the compiled step: jax lays out the variables with
``jax.device_put`` and shards each batch so that ``jax.jit`` partitions the step
(gradients are reduced by the partitioner); torch splits each batch by process rank and
averages the gradients with ``torch.distributed.all_reduce`` (`reduce_gradients`, what
DistributedDataParallel's hooks do); tensorflow runs the step through
``strategy.run`` on every replica and averages the gradients with the replica context's
``all_reduce``. Without a distribution every call here is a no-op.
"""

import contextlib

from kbackend import backends
from kbackend.distribution.distributions import DataParallel, distribution


def capture():
    """The distribution in force now (at compile time), or None."""
    current = distribution()
    if current is not None:
        return current
    native = backends.distribution_lib().native_distribution()
    if native is None:
        return None
    devices, strategy = native
    wrapped = DataParallel(devices=devices)
    wrapped._native = strategy
    return wrapped


def distribution_for(model):
    """The model's distribution: the one captured at compile, else the global one."""
    return getattr(model, "_distribution", None) or distribution()


@contextlib.contextmanager
def model_scope(model):
    """Enters the engine's scope of the model's distribution (creates state mirrored)."""
    current = distribution_for(model)
    if current is None:
        yield
        return
    with backends.distribution_lib().native_scope(current):
        yield


def make_function(model, step_fn, variables, jit_compile, split_batches=True):
    """The engine's compiled step, wrapped by the distribution when there is one.

    Args:
        model: the model whose step it is.
        step_fn: ``step_fn(data) -> outputs``.
        variables: every variable the step reads or assigns.
        jit_compile: True, False or "auto".
        split_batches: False for predict (outputs are batches to gather, not logs).
    """
    make = backends.trainer().make_function
    current = distribution_for(model)
    if current is None:
        return make(step_fn, variables, jit_compile)
    return backends.distribution_lib().make_function(
        current, step_fn, list(variables), jit_compile, make, split_batches)


def reduce_gradients(model, grads):
    """Averages ``grads`` over the devices of the model's distribution (or returns them)."""
    current = distribution_for(model)
    if current is None:
        return grads
    return backends.distribution_lib().reduce_gradients(current, grads)
