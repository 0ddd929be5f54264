"""Import cost of kbackend beyond importing the engine it runs on.

Usage:
    python benchmarks/import_time.py                 # every installed engine
    python benchmarks/import_time.py --engines numpy torch --runs 3

Prints, per engine, the best of ``--runs`` fresh processes for: importing the engine alone;
``import kbackend`` on top of it (target: < 0.3 s more, see Note [lazy imports] in
kbackend/__init__.py); and a first use that loads the op table and the layer catalog
(``kbackend.ops.add`` and ``kbackend.layers.Dense``), which lazy loading defers but does not
remove. For a per-module breakdown run ``KBACKEND=<engine> python -X importtime -c "import
kbackend"``.
"""

import argparse
import importlib.util
import os
import resource
import subprocess
import sys

ENGINES = ("jax", "torch", "tensorflow", "numpy")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _children_cpu_s():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best_seconds(code, engine, runs):
    """Best CPU time (user + system) of ``runs`` fresh interpreters running ``code``.

    NOTE: CPU time rather than wall time: the benchmark machine is shared, and CPU time
    leaves out the time other processes hold the cores (disk cache effects remain).
    """
    env = dict(os.environ, KBACKEND=engine, TF_CPP_MIN_LOG_LEVEL="3")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [ROOT, env.get("PYTHONPATH")]))
    best = float("inf")
    for _ in range(runs):
        start = _children_cpu_s()
        subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
        best = min(best, _children_cpu_s() - start)
    return best


def measure(engine, runs):
    """Seconds for the engine alone, and the extra for import / first use of kbackend."""
    engine_s = best_seconds(f"import {engine}", engine, runs)
    import_s = best_seconds(f"import {engine}; import kbackend", engine, runs)
    first_use_s = best_seconds(
        f"import {engine}; import kbackend; kbackend.ops.add; kbackend.layers.Dense", engine, runs)
    return {"engine_s": engine_s, "import_extra_s": import_s - engine_s,
            "first_use_extra_s": first_use_s - engine_s}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engines", nargs="*", default=ENGINES)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| engine | import engine (s) | extra for `import kbackend` (s) | "
          "extra incl. first use of ops + layers (s) |")
    print("|---|---|---|---|")
    for engine in args.engines:
        if engine != "numpy" and importlib.util.find_spec(engine) is None:
            continue
        row = measure(engine, args.runs)
        print(f"| {engine} | {row['engine_s']:.2f} | {row['import_extra_s']:.2f} | "
              f"{row['first_use_extra_s']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
