"""Per-op dispatch overhead of kbackend.ops against calling the engine directly.

Usage:
    python benchmarks/ops_dispatch.py            # every installed engine, one process each
    KBACKEND=torch python benchmarks/ops_dispatch.py --engine-only

Prints, per engine: microseconds per call for a few ops on 8x8 float32 arrays through
kbackend.ops and through the engine's own function, their ratio (target <= 1.5), and the
import overhead of kbackend beyond importing the engine (target < 0.3 s).
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
import timeit

import numpy as np

ENGINES = ("jax", "torch", "tensorflow", "numpy")


def _native_functions(engine):
    if engine == "jax":
        import jax.numpy as jnp

        return jnp.asarray, {"add": jnp.add, "multiply": jnp.multiply, "matmul": jnp.matmul,
                             "exp": jnp.exp, "sum": lambda x: jnp.sum(x, axis=0)}
    if engine == "torch":
        import torch

        return torch.as_tensor, {"add": torch.add, "multiply": torch.mul,
                                 "matmul": torch.matmul, "exp": torch.exp,
                                 "sum": lambda x: torch.sum(x, dim=0)}
    if engine == "tensorflow":
        import tensorflow as tf

        return tf.convert_to_tensor, {"add": tf.add, "multiply": tf.multiply,
                                      "matmul": tf.matmul, "exp": tf.exp,
                                      "sum": lambda x: tf.reduce_sum(x, axis=0)}
    return np.asarray, {"add": np.add, "multiply": np.multiply, "matmul": np.matmul,
                        "exp": np.exp, "sum": lambda x: np.sum(x, axis=0)}


def _block(engine, value):
    if engine == "jax":
        value.block_until_ready()


def _per_call_us(fn, args, engine, number=2000, repeat=7):
    def run():
        for _ in range(number):
            out = fn(*args)
        _block(engine, out)

    run()
    return min(timeit.repeat(run, number=1, repeat=repeat)) / number * 1e6


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
    }
    rows = {}
    for name, (args, kb_fn) in cases.items():
        native_us = _per_call_us(native[name], args, engine)
        kb_us = _per_call_us(kb_fn, args, engine)
        rows[name] = {"native_us": native_us, "kbackend_us": kb_us, "ratio": kb_us / native_us}
    return rows


def measure_import(engine):
    module = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch", "numpy": "numpy"}[engine]
    env = dict(os.environ, KBACKEND=engine)

    def timed(code):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], env=env, check=True,
                           capture_output=True)
            best = min(best, time.perf_counter() - start)
        return best

    engine_only = timed(f"import {module}")
    with_kbackend = timed(f"import {module}; import kbackend")
    return {"engine_s": engine_only, "kbackend_extra_s": with_kbackend - engine_only}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine-only", action="store_true",
                        help="measure only the engine selected by KBACKEND, print JSON")
    args = parser.parse_args()
    if args.engine_only:
        from kbackend import backend

        engine = backend.backend()
        print(json.dumps({"engine": engine, "dispatch": measure_dispatch(engine),
                          "import": measure_import(engine)}))
        return
    results = []
    for engine in ENGINES:
        if engine != "numpy" and importlib.util.find_spec(engine) is None:
            continue
        env = dict(os.environ, KBACKEND=engine)
        out = subprocess.run([sys.executable, __file__, "--engine-only"], env=env,
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
        imp = result["import"]
        print(f"| {result['engine']} | {imp['engine_s']:.2f} | {imp['kbackend_extra_s']:.2f} |")


if __name__ == "__main__":
    main()
