"""Import cost of kbackend beyond importing the engine it runs on.

Usage:
    python benchmarks/import_time.py                 # every installed engine
    python benchmarks/import_time.py --engines numpy torch --runs 3

Prints, per engine, the median of ``--runs`` fresh processes for: importing the engine alone;
``import kbackend`` on top of it (target: < 0.3 s more, see Note [lazy imports] in
kbackend/__init__.py); and a first use that loads the op table and the layer catalog
(``kbackend.ops.add`` and ``kbackend.layers.Dense``), which lazy loading defers but does not
remove. For a per-module breakdown run ``KBACKEND=<engine> python -X importtime -c "import
kbackend"``.

NOTE: with ``PYTHONDONTWRITEBYTECODE=1`` (set on the project's CPU machine) every run compiles
kbackend's sources again, while the engine loads from its installed bytecode; most of the
"extra" is then compile time, which an installed kbackend does not pay. ``--bytecode-cache``
measures with a private, pre-warmed bytecode cache (``PYTHONPYCACHEPREFIX``) instead.
"""

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile

ENGINES = ("jax", "torch", "tensorflow", "numpy")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# One fresh interpreter: CPU seconds of importing the engine, then of `import kbackend`, then of
# the first use, each read in the same process.
_CHILD = """
import time
start = time.process_time()
import {engine}
engine_done = time.process_time()
import kbackend
import_done = time.process_time()
kbackend.ops.add
kbackend.layers.Dense
use_done = time.process_time()
print(engine_done - start, import_done - engine_done, use_done - engine_done)
"""


def child_seconds(engine, runs, cache_dir=None):
    """Median over ``runs`` fresh interpreters of (engine, import extra, first-use extra) seconds.

    NOTE: CPU time (`time.process_time`) rather than wall time: the benchmark machine is
    shared, and CPU time leaves out the time other processes hold the cores. The extras are
    read inside each child, after its engine import, rather than as the difference of two
    processes' totals: the engine import varies by more (torch: +-0.5 s) than the extra itself.
    """
    env = dict(os.environ, KBACKEND=engine, TF_CPP_MIN_LOG_LEVEL="3")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [ROOT, env.get("PYTHONPATH")]))
    code = _CHILD.format(engine=engine)
    if cache_dir is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache_dir
        subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True,
                       cwd=ROOT)
    rows = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT,
                             capture_output=True, text=True).stdout
        rows.append([float(v) for v in out.split()[-3:]])
    return [statistics.median(column) for column in zip(*rows)]


def measure(engine, runs, cache_dir=None):
    """Seconds for the engine alone, and the extra for import / first use of kbackend."""
    engine_s, import_s, first_use_s = child_seconds(engine, runs, cache_dir)
    return {"engine_s": engine_s, "import_extra_s": import_s, "first_use_extra_s": first_use_s}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engines", nargs="*", default=ENGINES)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bytecode-cache", action="store_true",
                        help="measure with a pre-warmed bytecode cache (see the NOTE above)")
    args = parser.parse_args()
    cache = tempfile.TemporaryDirectory() if args.bytecode_cache else None
    print("| engine | import engine (s) | extra for `import kbackend` (s) | "
          "extra incl. first use of ops + layers (s) |")
    print("|---|---|---|---|")
    for engine in args.engines:
        if engine != "numpy" and importlib.util.find_spec(engine) is None:
            continue
        row = measure(engine, args.runs, cache and cache.name)
        print(f"| {engine} | {row['engine_s']:.2f} | {row['import_extra_s']:.2f} | "
              f"{row['first_use_extra_s']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
