"""Helpers shared by the one-measurement runner scripts (run_fit.py, graph_build.py)."""

import importlib
import os
import resource
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.dirname(os.path.abspath(__file__))


def setup_paths():
    """Makes ``models`` / ``native`` (benchmarks/) and kbackend (the repo root) importable."""
    for path in (HERE, ROOT):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def import_frontend(impl, engine):
    """Selects ``engine`` and imports the frontend: kbackend, or Keras 3 for "keras".

    Must run before anything imports the frontend (the engine is fixed at import).
    """
    setup_paths()
    if impl == "keras":
        os.environ["KERAS_BACKEND"] = engine
        return importlib.import_module("keras")
    os.environ["KBACKEND"] = engine
    return importlib.import_module("kbackend")


def median_seconds(fn, calls):
    """Median wall time of ``calls`` calls of ``fn`` (after one warm-up call)."""
    fn()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb():
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def gpu_peak_mb(engine):
    """Peak GPU memory the engine allocated, in MiB; None without a GPU."""
    try:
        if engine == "torch":
            import torch

            if torch.cuda.is_available():
                return torch.cuda.max_memory_allocated() / 2**20
        elif engine == "jax":
            import jax

            device = jax.devices()[0]
            if device.platform == "gpu":
                return device.memory_stats()["peak_bytes_in_use"] / 2**20
        elif engine == "tensorflow":
            import tensorflow as tf

            if tf.config.list_physical_devices("GPU"):
                return tf.config.experimental.get_memory_info("GPU:0")["peak"] / 2**20
    except (ImportError, RuntimeError, KeyError, ValueError):
        return None
    return None
