"""Time, file size and peak memory to save and load a ~10M-parameter model, per engine.

Usage:
    python benchmarks/save_load.py                    # jax, torch, tensorflow, numpy; 3 rounds
    python benchmarks/save_load.py --quick            # a small model (a smoke run, seconds)
    python benchmarks/save_load.py --engines jax,torch --rounds 5 --no-keras

Each measurement runs in its own subprocess (the engine is fixed at import). A child builds
an MLP (Input 1024 -> Dense 2048 -> Dense 2048 -> Dense 1024 -> Dense 1024, about 9.4M
float32 parameters, 36 MiB), then times ``model.save("m.keras")``,
``load_model("m.keras", compile=False)``, ``model.save_weights("m.weights.h5")`` and
``model.load_weights("m.weights.h5")`` (median of ``--repeats`` calls after a warm-up, wall
time: saving and loading are I/O, so CPU time would hide the cost of writing), records both
file sizes and the process's peak RSS (``ru_maxrss``, a high-water mark).

NOTE: the CPU machine is shared, so one wall-clock number means little. For each engine,
kbackend and Keras 3 children alternate (kbackend first in even rounds, Keras first in odd
ones) for ``--rounds`` rounds; the table shows the median over rounds of each child's median
and the kbackend/Keras ratio of those medians. Prints a Markdown table and writes
benchmarks/results/save_load.json (every round's numbers too).
"""

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ENGINES = ("jax", "torch", "tensorflow", "numpy")
STEPS = ("save_keras_s", "load_keras_s", "save_weights_s", "load_weights_s")
SIZES = ("keras_mib", "weights_mib")


def _median_time(fn, repeats):
    fn()  # NOTE: warm-up, so lazy imports and first-call tracing are not timed
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _child(frontend, engine, quick, repeats):
    sys.path.insert(0, HERE)
    from _common import import_frontend, peak_rss_mb

    lib = import_frontend(frontend, engine)
    widths = (32, 64, 32, 16) if quick else (2048, 2048, 1024, 1024)
    inputs = lib.Input((64 if quick else 1024,))
    x = inputs
    for width in widths:
        x = lib.layers.Dense(width)(x)
    model = lib.Model(inputs, x)
    params = int(sum(int(v.numpy().size) for v in model.weights))
    result = {"frontend": frontend, "engine": engine, "params": params,
              "rss_built_mib": peak_rss_mb()}
    with tempfile.TemporaryDirectory() as folder:
        keras_path = os.path.join(folder, "m.keras")
        weights_path = os.path.join(folder, "m.weights.h5")
        result["save_keras_s"] = _median_time(lambda: model.save(keras_path), repeats)
        result["load_keras_s"] = _median_time(
            lambda: lib.saving.load_model(keras_path, compile=False), repeats)
        result["save_weights_s"] = _median_time(lambda: model.save_weights(weights_path),
                                                repeats)
        result["load_weights_s"] = _median_time(lambda: model.load_weights(weights_path),
                                                repeats)
        result["rss_peak_mib"] = peak_rss_mb()
        result["keras_mib"] = os.path.getsize(keras_path) / 2**20
        result["weights_mib"] = os.path.getsize(weights_path) / 2**20
    print("RESULT " + json.dumps(result))


def _run(frontend, engine, quick, repeats):
    command = [sys.executable, os.path.abspath(__file__), "--child", frontend, engine,
               "--repeats", str(repeats)] + (["--quick"] if quick else [])
    env = dict(os.environ)
    env.pop("KBACKEND", None)
    env.pop("KERAS_BACKEND", None)
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800, env=env,
                          check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return {"frontend": frontend, "engine": engine, "error": done.stderr[-500:]}


def _combine(runs):
    """Median over rounds of each number; the first error if any round failed."""
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return runs[0]
    row = dict(ok[0])
    for key in STEPS + SIZES + ("rss_built_mib", "rss_peak_mib"):
        row[key] = statistics.median(r[key] for r in ok)
    row["rounds"] = len(ok)
    return row


def _table(rows):
    head = ("| frontend | engine | params | save .keras s | load .keras s | save .weights.h5 s "
            "| load .weights.h5 s | .keras / .weights.h5 MiB | peak RSS MiB |")
    lines = [head, "|" + "---|" * 9]
    reference = {r["engine"]: r for r in rows if r["frontend"] == "keras" and "error" not in r}
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['frontend']} | {r['engine']} | failed: "
                         f"{r['error'].splitlines()[-1] if r['error'] else '?'} ||||||||")
            continue
        ref = reference.get(r["engine"]) if r["frontend"] != "keras" else None
        cells = []
        for key in STEPS:
            cell = f"{r[key]:.3f}"
            if ref is not None:
                cell += f" ({r[key] / ref[key]:.2f}x)"
            cells.append(cell)
        lines.append(
            f"| {r['frontend']} | {r['engine']} | {r['params']:,} | " + " | ".join(cells)
            + f" | {r['keras_mib']:.2f} / {r['weights_mib']:.2f} | {r['rss_peak_mib']:.0f} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small model")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--repeats", type=int, default=3, help="timed calls per child")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating kbackend/Keras children per engine")
    parser.add_argument("--no-keras", action="store_true", help="skip the Keras 3 rows")
    parser.add_argument("--child", nargs=2, metavar=("FRONTEND", "ENGINE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], args.quick, args.repeats)
        return
    engines = [e for e in args.engines.split(",")
               if e == "numpy" or importlib.util.find_spec(e) is not None]
    with_keras = not args.no_keras and importlib.util.find_spec("keras") is not None
    frontends = ("kbackend", "keras") if with_keras else ("kbackend",)
    rows, rounds = [], []
    for engine in engines:
        runs = {frontend: [] for frontend in frontends}
        for round_index in range(args.rounds):
            order = frontends if round_index % 2 == 0 else frontends[::-1]
            for frontend in order:
                result = _run(frontend, engine, args.quick, args.repeats)
                result["round"] = round_index
                # NOTE: progress on stderr, so a run cut short still shows what it measured.
                print("RUN " + json.dumps(result), file=sys.stderr, flush=True)
                runs[frontend].append(result)
                rounds.append(result)
        rows.extend(_combine(runs[frontend]) for frontend in frontends)
    print(_table(rows))
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    out = os.path.join(HERE, "results", "save_load.json")
    with open(out, "w") as f:
        json.dump({"quick": args.quick, "rounds": args.rounds, "repeats": args.repeats,
                   "rows": rows, "runs": rounds}, f, indent=2)
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
