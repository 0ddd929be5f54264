"""clear_session and get_uid: the process-wide naming and random state."""

import collections
import gc

from kbackend import backends

# NOTE: `kbackend.ops` and `kbackend.random` are imported inside `clear_session`: loading
# them here would make `kbackend.backend` (e.g. `backend.floatx()`) load the whole op table.

_uids = collections.defaultdict(int)


def get_uid(prefix=""):
    """Returns 1, 2, 3, ... on successive calls with the same ``prefix``.

    `clear_session` restarts every count.

    Args:
        prefix: the string whose counter to advance.

    Returns:
        An int, starting at 1.

    Example:
    >>> clear_session(); get_uid("dense"), get_uid("dense")
    (1, 2)
    """
    _uids[prefix] += 1
    return _uids[prefix]


def clear_session(free_memory=True):
    """Resets kbackend's global state: auto-names, uid counters and the global seed generator.

    Layers created afterwards are named ``dense``, ``dense_1``, ... again. With
    ``free_memory``, Python garbage is collected and the engine frees what it caches
    (compiled functions, device memory pools) where the engine offers it.

    Args:
        free_memory: also collect garbage and free engine caches.

    Returns:
        None.

    Example:
    >>> from kbackend.ops.operation import unique_name
    >>> clear_session(); unique_name("dense")
    'dense'
    """
    from kbackend.ops.operation import reset_uids

    reset_uids()
    _uids.clear()
    _reset_global_seed_generator()
    if free_memory:
        gc.collect()
    # NOTE: engine-specific clean-up lives in the engine package, reached via the facade.
    engine_clear = getattr(backends.core, "clear_session", None)
    if callable(engine_clear):
        engine_clear(free_memory=free_memory)


def _reset_global_seed_generator():
    from kbackend.random import seed_generator

    reset = getattr(seed_generator, "reset_global_seed_generator", None)
    if callable(reset):
        reset()
    else:
        # NOTE: the next random op with seed=None builds a fresh global generator (from
        # the seed of set_random_seed, if one was set).
        seed_generator._global["generator"] = None
