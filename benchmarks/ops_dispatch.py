"""Per-op dispatch overhead of kbackend.ops against calling the engine directly.

Usage:
    python benchmarks/ops_dispatch.py            # every installed engine, one process each
    KBACKEND=torch python benchmarks/ops_dispatch.py --engine-only

Prints, per engine: microseconds per call for a few ops on 8x8 float32 arrays through
kbackend.ops and through the engine's own function, their ratio (target <= 1.5), and the
import overhead of kbackend beyond importing the engine (target < 0.3 s).

NOTE: the CPU machine is shared and noisy. Times are CPU time of this process
(`time.process_time`, all its threads, so jax's and tensorflow's worker threads count) rather
than wall time, which excludes the time other processes hold the cores; and the native and
kbackend loops of one op run interleaved (native, kbackend, native, ...) in short bursts, each
side keeping its fastest burst, so a load spike hits both sides alike.
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time

import numpy as np

ENGINES = ("jax", "torch", "tensorflow", "numpy")


def _native_functions(engine):
    if engine == "jax":
        import jax.numpy as jnp

        return jnp.asarray, {"add": jnp.add, "multiply": jnp.multiply, "matmul": jnp.matmul,
                             "exp": jnp.exp, "sum": lambda x: jnp.sum(x, axis=0),
                             "add_scalar": lambda x: jnp.add(x, 2.0)}
    if engine == "torch":
        import torch

        return torch.as_tensor, {"add": torch.add, "multiply": torch.mul,
                                 "matmul": torch.matmul, "exp": torch.exp,
                                 "sum": lambda x: torch.sum(x, dim=0),
                                 "add_scalar": lambda x: torch.add(x, 2.0)}
    if engine == "tensorflow":
        import tensorflow as tf

        return tf.convert_to_tensor, {"add": tf.add, "multiply": tf.multiply,
                                      "matmul": tf.matmul, "exp": tf.exp,
                                      "sum": lambda x: tf.reduce_sum(x, axis=0),
                                      "add_scalar": lambda x: tf.add(x, 2.0)}
    return np.asarray, {"add": np.add, "multiply": np.multiply, "matmul": np.matmul,
                        "exp": np.exp, "sum": lambda x: np.sum(x, axis=0),
                        "add_scalar": lambda x: np.add(x, 2.0)}


def _block(engine, value):
    if engine == "jax":
        value.block_until_ready()


def _paired_us(native_fn, kb_fn, args, engine, number=2000, repeat=30):
    """Best-burst microseconds per call of (native_fn, kb_fn), measured interleaved."""

    def burst(fn):
        # Called with positional arguments as user code calls ops (``fn(x, y)``), not
        # ``fn(*args)``: Python 3.11 does not inline a star-args call into a Python
        # function, which alone adds ~0.13 µs to a Python-level op and nothing to a C one.
        start = time.process_time()
        if len(args) == 2:
            a, b = args
            for _ in range(number):
                out = fn(a, b)
        else:
            (a,) = args
            for _ in range(number):
                out = fn(a)
        _block(engine, out)
        return time.process_time() - start

    burst(native_fn), burst(kb_fn)  # warm-up (first-call tracing, caches)
    best_native = best_kb = float("inf")
    for _ in range(repeat):
        best_native = min(best_native, burst(native_fn))
        best_kb = min(best_kb, burst(kb_fn))
    return best_native / number * 1e6, best_kb / number * 1e6


def measure_dispatch(engine):
    from kbackend import ops

    convert, native = _native_functions(engine)
    x = convert(np.random.rand(8, 8).astype("float32"))
    y = convert(np.random.rand(8, 8).astype("float32"))
    cases = {
        "add": ((x, y), ops.add),
        "multiply": ((x, y), ops.multiply),
        "matmul": ((x, y), ops.matmul),
        "exp": ((x,), ops.exp),
        "sum": ((x,), lambda a: ops.sum(a, axis=0)),
        "add_scalar": ((x,), lambda a: ops.add(a, 2.0)),
    }
    rows = {}
    for name, (args, kb_fn) in cases.items():
        native_us, kb_us = _paired_us(native[name], kb_fn, args, engine)
        rows[name] = {"native_us": native_us, "kbackend_us": kb_us, "ratio": kb_us / native_us}
    return rows


def measure_import(engine):
    """Engine import and kbackend's extra, read inside each child (benchmarks/import_time.py)."""
    import import_time

    result = import_time.measure(engine, runs=3)
    return {"engine_s": result["engine_s"], "kbackend_extra_s": result["import_extra_s"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine-only", action="store_true",
                        help="measure only the engine selected by KBACKEND, print JSON")
    parser.add_argument("--no-import", action="store_true",
                        help="skip the import-time measurement (see benchmarks/import_time.py)")
    args = parser.parse_args()
    if args.engine_only:
        from kbackend import backend

        engine = backend.backend()
        result = {"engine": engine, "dispatch": measure_dispatch(engine)}
        if not args.no_import:
            result["import"] = measure_import(engine)
        print(json.dumps(result))
        return
    results = []
    for engine in ENGINES:
        if engine != "numpy" and importlib.util.find_spec(engine) is None:
            continue
        env = dict(os.environ, KBACKEND=engine)
        command = [sys.executable, __file__, "--engine-only"] + ["--no-import"] * args.no_import
        out = subprocess.run(command, env=env,
                             check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    print("| engine | op | native µs | kbackend µs | ratio |")
    print("|---|---|---|---|---|")
    for result in results:
        for op, row in result["dispatch"].items():
            print(f"| {result['engine']} | {op} | {row['native_us']:.2f} | "
                  f"{row['kbackend_us']:.2f} | {row['ratio']:.2f} |")
    print()
    print("| engine | import engine (s) | extra for kbackend (s) |")
    print("|---|---|---|")
    for result in results:
        if "import" not in result:
            continue
        imp = result["import"]
        print(f"| {result['engine']} | {imp['engine_s']:.2f} | {imp['kbackend_extra_s']:.2f} |")


if __name__ == "__main__":
    main()
