"""Time and peak memory to save and load a ~10M-parameter model, per engine.

Usage:
    python benchmarks/save_load.py            # every installed engine, one process each
    python benchmarks/save_load.py --quick    # a small model (a smoke run, seconds)
    python benchmarks/save_load.py --engines jax,torch --no-keras

Each (frontend, engine) pair runs in its own subprocess (the engine is fixed at import): it
builds an MLP (Input 1024 -> Dense 2048 -> Dense 2048 -> Dense 1024 -> Dense 1024, about
9.4M float32 parameters, 36 MiB), then times ``model.save("m.keras")``,
``load_model("m.keras")``, ``model.save_weights("m.weights.h5")`` and
``model.load_weights("m.weights.h5")`` (median of a few repeats after a warm-up,
wall time) and records the
process's peak RSS (``ru_maxrss``, a high-water mark) after building and after each step.
With Keras 3 installed the same runs are made with ``keras`` for comparison (``--no-keras``
skips them). Prints a Markdown table and writes benchmarks/results/save_load.json.

NOTE: the CPU machine is shared; wall times include other processes' load. Compare rows
of one run, not runs of different days.
"""

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ENGINES = ("jax", "torch", "tensorflow", "numpy")
KERAS_ENGINES = ("jax", "torch", "tensorflow", "numpy")


def _peak_mib():
    # NOTE: ru_maxrss is KiB on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def _median_time(fn, repeats):
    fn()  # NOTE: warm-up, so lazy imports and first-call tracing are not timed
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _child(frontend, engine, quick, repeats):
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    if frontend == "keras":
        os.environ["KERAS_BACKEND"] = engine
        import keras as lib
    else:
        os.environ["KBACKEND"] = engine
        sys.path.insert(0, ROOT)
        import kbackend as lib
    widths = (32, 64, 32, 16) if quick else (2048, 2048, 1024, 1024)
    inputs = lib.Input((64 if quick else 1024,))
    x = inputs
    for width in widths:
        x = lib.layers.Dense(width)(x)
    model = lib.Model(inputs, x)
    params = int(sum(int(v.numpy().size) for v in model.weights))
    result = {"frontend": frontend, "engine": engine, "params": params,
              "rss_built_mib": _peak_mib()}
    with tempfile.TemporaryDirectory() as folder:
        keras_path = os.path.join(folder, "m.keras")
        weights_path = os.path.join(folder, "m.weights.h5")
        result["save_keras_s"] = _median_time(lambda: model.save(keras_path), repeats)
        result["rss_save_keras_mib"] = _peak_mib()
        result["load_keras_s"] = _median_time(
            lambda: lib.saving.load_model(keras_path, compile=False), repeats)
        result["rss_load_keras_mib"] = _peak_mib()
        result["save_weights_s"] = _median_time(lambda: model.save_weights(weights_path),
                                                repeats)
        result["load_weights_s"] = _median_time(lambda: model.load_weights(weights_path),
                                                repeats)
        result["rss_weights_mib"] = _peak_mib()
        result["file_mib"] = os.path.getsize(keras_path) / 2**20
    print("RESULT " + json.dumps(result))


def _run(frontend, engine, quick, repeats):
    command = [sys.executable, os.path.abspath(__file__), "--child", frontend, engine,
               "--repeats", str(repeats)] + (["--quick"] if quick else [])
    env = dict(os.environ)
    env.pop("KBACKEND", None)
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800, env=env,
                          check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return {"frontend": frontend, "engine": engine, "error": done.stderr[-500:]}


def _table(rows):
    head = ("| frontend | engine | params | save .keras s | load .keras s | save .weights.h5 s "
            "| load .weights.h5 s | peak RSS MiB (built / after .keras / after weights) |")
    lines = [head, "|" + "---|" * 8]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['frontend']} | {r['engine']} | failed: "
                         f"{r['error'].splitlines()[-1] if r['error'] else '?'} |||||||")
            continue
        lines.append(
            f"| {r['frontend']} | {r['engine']} | {r['params']:,} | {r['save_keras_s']:.3f} "
            f"| {r['load_keras_s']:.3f} | {r['save_weights_s']:.3f} | {r['load_weights_s']:.3f} "
            f"| {r['rss_built_mib']:.0f} / {r['rss_load_keras_mib']:.0f} / "
            f"{r['rss_weights_mib']:.0f} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small model")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--repeats", type=int, default=3)
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
    rows = []
    for engine in engines:
        rows.append(_run("kbackend", engine, args.quick, args.repeats))
        if with_keras and engine in KERAS_ENGINES:
            rows.append(_run("keras", engine, args.quick, args.repeats))
    print(_table(rows))
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    out = os.path.join(HERE, "results", "save_load.json")
    with open(out, "w") as f:
        json.dump({"quick": args.quick, "rows": rows}, f, indent=2)
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
