"""Training throughput and peak memory of a transformer block: float32 against mixed precision.

Usage:
    python benchmarks/mixed_precision.py                       # every trainable engine
    python benchmarks/mixed_precision.py --engines jax --steps 10
    KBACKEND=torch python benchmarks/mixed_precision.py --worker mixed_bfloat16  # one run

The model is one transformer encoder block (MultiHeadAttention + residual + LayerNorm, a
two-layer feed-forward network + residual + LayerNorm), pooled and classified by a float32
softmax layer. Each (engine, policy) pair runs in its own subprocess, so the engines do not
share a process and peak RSS (``ru_maxrss``) belongs to that run alone. After ``--warmup``
compiled steps (`train_on_batch`), ``--steps`` steps are timed. "mixed_float16" is also
tried; where an engine cannot run float16 on the CPU the row says so. Prints a Markdown
table and writes JSON to ``benchmarks/results/mixed_precision.json``.
"""

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time

ENGINES = ("jax", "torch", "tensorflow")  # numpy is inference only: it cannot train
POLICIES = ("float32", "mixed_bfloat16", "mixed_float16")
RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def _build_model(keras, seq_len, dim, num_heads, num_classes):
    layers = keras.layers
    inputs = keras.Input((seq_len, dim))
    attention = layers.MultiHeadAttention(num_heads=num_heads, key_dim=dim // num_heads)(
        inputs, inputs)
    x = layers.LayerNormalization()(layers.Add()([inputs, attention]))
    hidden = layers.Dense(4 * dim, activation="relu")(x)
    x = layers.LayerNormalization()(layers.Add()([x, layers.Dense(dim)(hidden)]))
    pooled = layers.GlobalAveragePooling1D()(x)
    # NOTE: the classifier stays float32 (softmax and loss in full precision), as Keras 3
    # recommends for mixed-precision models.
    outputs = layers.Dense(num_classes, activation="softmax", dtype="float32")(pooled)
    return keras.Model(inputs, outputs)


def _peak_rss_mib():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def run_worker(args):
    """Trains the block under ``args.worker`` (a policy) with the KBACKEND engine; prints JSON."""
    import numpy as np

    import kbackend as keras

    keras.mixed_precision.set_global_policy(args.worker)
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((args.batch_size, args.seq_len, args.dim)).astype("float32")
    y = rng.integers(0, 10, (args.batch_size,)).astype("int32")
    model = _build_model(keras, args.seq_len, args.dim, args.num_heads, 10)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    start = time.perf_counter()
    for _ in range(args.warmup):
        first_loss = float(np.asarray(model.train_on_batch(x, y)))
    warmup_s = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(args.steps):
        loss = float(np.asarray(model.train_on_batch(x, y)))
    elapsed = time.perf_counter() - start
    result = {
        "engine": keras.backend.backend(),
        "policy": args.worker,
        "samples_per_s": args.steps * args.batch_size / elapsed,
        "ms_per_step": 1000.0 * elapsed / args.steps,
        "warmup_s": warmup_s,
        "peak_rss_mib": _peak_rss_mib(),
        "first_loss": first_loss,
        "last_loss": loss,
        "loss_is_finite": bool(np.isfinite(loss)),
        "optimizer": type(model.optimizer).__name__,
    }
    print("RESULT " + json.dumps(result))


def _run_one(engine, policy, args):
    command = [sys.executable, os.path.abspath(__file__), "--worker", policy,
               "--steps", str(args.steps), "--warmup", str(args.warmup),
               "--batch-size", str(args.batch_size), "--seq-len", str(args.seq_len),
               "--dim", str(args.dim), "--num-heads", str(args.num_heads)]
    env = dict(os.environ, KBACKEND=engine)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True,
                              timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "policy": policy, "error": f"timed out ({args.timeout} s)"}
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    lines = done.stderr.strip().splitlines() or ["no output"]
    errors = [line for line in lines if "Error:" in line or "Exception:" in line]
    last = (errors or lines)[-1]
    return {"engine": engine, "policy": policy, "error": f"unsupported here: {last[:160]}"}


def _table(results):
    lines = ["| engine | policy | samples/s | ms/step | vs float32 | peak RSS (MiB) | "
             "final loss |", "|---|---|---|---|---|---|---|"]
    baseline = {r["engine"]: r["samples_per_s"] for r in results
                if r["policy"] == "float32" and "error" not in r}
    for r in results:
        if "error" in r:
            lines.append(f"| {r['engine']} | {r['policy']} | — | — | — | — | {r['error']} |")
            continue
        ratio = r["samples_per_s"] / baseline[r["engine"]] if r["engine"] in baseline else None
        lines.append(
            f"| {r['engine']} | {r['policy']} | {r['samples_per_s']:.1f} | "
            f"{r['ms_per_step']:.1f} | {'—' if ratio is None else f'{ratio:.2f}x'} | "
            f"{r['peak_rss_mib']:.0f} | {r['last_loss']:.4f} |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="*", default=None)
    parser.add_argument("--policies", nargs="*", default=list(POLICIES))
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seq-len", type=int, default=64)
    parser.add_argument("--dim", type=int, default=128)
    parser.add_argument("--num-heads", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        run_worker(args)
        return
    engines = args.engines or [e for e in ENGINES if importlib.util.find_spec(e)]
    results = []
    for engine in engines:
        for policy in args.policies:
            result = _run_one(engine, policy, args)
            results.append(result)
            print(f"{engine:>10} {policy:>15}: "
                  + (result.get("error") or f"{result['samples_per_s']:.1f} samples/s"),
                  flush=True)
    table = _table(results)
    print()
    print(table)
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, "mixed_precision.json")
    payload = {
        "machine": {"platform": platform.platform(), "processor": platform.machine(),
                    "cpu_count": os.cpu_count(),
                    "time": time.strftime("%Y-%m-%d %H:%M:%S")},
        "settings": {k: getattr(args, k) for k in
                     ("steps", "warmup", "batch_size", "seq_len", "dim", "num_heads")},
        "results": results,
    }
    with open(path + ".tmp", "w") as f:
        json.dump(payload, f, indent=2)
    os.replace(path + ".tmp", path)
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
