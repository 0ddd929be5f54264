"""The benchmark harness: every measurement in its own process, implementations alternated.

Usage:
    python benchmarks/harness.py                 # every installed engine, 3 rounds
    python benchmarks/harness.py --quick         # tiny step counts (a smoke test)
    python benchmarks/harness.py --engines jax torch --models mlp cnn --write-results
    nox -s bench                                 # the same, from nox

Per engine it runs ``run_fit.py`` for kbackend, the native loop (benchmarks/native/) and
Keras 3 when it is installed (optional ``bench`` extra; kbackend never imports it), then
``graph_build.py`` (Functional build time, eager call latency), ``ops_dispatch.py`` (op
dispatch and import overhead) and ``mixed_precision.py`` when present. Each round runs
the implementations of one (engine, model) pair back to back, in an order rotated every
round, so machine noise hits every side alike; the reported figure is the median of the
rounds.

Writes ``<out>/run-<time>.json`` (raw runs) and ``<out>/latest.json``, ``<out>/table.md``
(ratios kbackend/native and kbackend/Keras 3 per engine and model, with the issue-11
targets) and ``<out>/ratios.png`` (a bar chart, when matplotlib is installed);
``--write-results`` also puts the table into benchmarks/RESULTS.md with the machine.
"""

import argparse
import datetime
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ENGINES = ("jax", "torch", "tensorflow", "numpy")
MODELS = ("mlp", "cnn", "lstm", "transformer")
# Issue 11: kbackend fit samples/s >= this times the faster of native and Keras 3.
FIT_TARGET = {"mlp": 1.0, "cnn": 1.0, "lstm": 0.9, "transformer": 0.9}
BEGIN, END = "<!-- harness:begin -->", "<!-- harness:end -->"


def installed_engines():
    """The engines importable here (numpy always)."""
    return [e for e in ENGINES if e == "numpy" or importlib.util.find_spec(e) is not None]


def keras_installed():
    """True when Keras 3 is importable (it is only ever imported in a runner process)."""
    return importlib.util.find_spec("keras") is not None


def run_json(args, timeout=900):
    """Runs ``python benchmarks/<args>`` in a fresh process; returns its last JSON line,
    or ``{"error": ...}`` when it failed."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [os.path.dirname(HERE), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    try:
        done = subprocess.run([sys.executable, *args], cwd=HERE, env=env, timeout=timeout,
                              capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"error": f"exit {done.returncode}: {' | '.join(tail)}"}
    return json.loads(lines[-1])


def plan_fit_runs(engines, models, impls, rounds):
    """The fit runs in execution order: per round, per (engine, model), the impls
    rotated by the round number (alternation)."""
    runs = []
    for round_index in range(rounds):
        for engine in engines:
            usable = [i for i in impls if engine != "numpy" or i == "kbackend"]
            if not usable:
                continue
            shift = round_index % len(usable)
            for model in models:
                for impl in usable[shift:] + usable[:shift]:
                    runs.append((round_index, engine, model, impl))
    return runs


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(runs, keys):
    """Groups raw runs by ``keys`` and takes the median of every numeric field."""
    groups = {}
    for run in runs:
        if "error" in run or "skipped" in run:
            continue
        groups.setdefault(tuple(run[k] for k in keys), []).append(run)
    summary = {}
    for key, members in groups.items():
        fields = {f for m in members for f, v in m.items() if isinstance(v, (int, float))}
        summary[key] = {f: _median([m.get(f) for m in members]) for f in fields}
    return summary


def _ratio(a, b):
    return a / b if a and b else None


def _fmt(value, digits=2):
    return "–" if value is None else f"{value:.{digits}f}"


def fit_rows(fit_summary, engines, models):
    """One row per (engine, model): samples/s, ratios, memory and the target check."""
    rows = []
    for engine in engines:
        for model in models:
            def get(impl, field, engine=engine, model=model):
                return fit_summary.get((engine, model, impl), {}).get(field)

            kb = get("kbackend", "fit_samples_per_s")
            native, keras = get("native", "fit_samples_per_s"), get("keras", "fit_samples_per_s")
            best = max([v for v in (native, keras) if v], default=None)
            ratio_best = _ratio(kb, best)
            rows.append({
                "engine": engine, "model": model, "kbackend": kb, "native": native,
                "keras": keras, "kb_native": _ratio(kb, native), "kb_keras": _ratio(kb, keras),
                "meets_target": None if ratio_best is None
                else ratio_best >= FIT_TARGET[model],
                "fit_rss_kbackend": get("kbackend", "fit_peak_rss_mb"),
                "fit_rss_keras": get("keras", "fit_peak_rss_mb"),
                "rss_kbackend": get("kbackend", "peak_rss_mb"),
                "rss_keras": get("keras", "peak_rss_mb"),
                "gpu_kbackend": get("kbackend", "gpu_peak_mb"),
                "gpu_keras": get("keras", "gpu_peak_mb"),
                "predict_ms_kbackend": get("kbackend", "predict_latency_ms"),
                "predict_ms_keras": get("keras", "predict_latency_ms"),
                "predict_sps_kbackend": get("kbackend", "predict_samples_per_s"),
                "predict_sps_keras": get("keras", "predict_samples_per_s"),
            })
    return rows


def markdown(rows, graph_summary, dispatch, engines):
    """The Markdown tables of the run."""
    yes_no = {True: "yes", False: "**no**", None: "–"}
    out = ["### Fit throughput (samples/s, median of rounds)", "",
           "| engine | model | kbackend | native | Keras 3 | kb/native | kb/Keras 3 | "
           "target | met |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(
            f"| {r['engine']} | {r['model']} | {_fmt(r['kbackend'], 0)} | "
            f"{_fmt(r['native'], 0)} | {_fmt(r['keras'], 0)} | {_fmt(r['kb_native'])} | "
            f"{_fmt(r['kb_keras'])} | ≥{FIT_TARGET[r['model']]:.1f} | "
            f"{yes_no[r['meets_target']]} |")
    out += ["", "### Predict and memory (kbackend / Keras 3)", "",
            "| engine | model | 1-sample latency ms | large-batch samples/s | "
            "peak RSS MiB during fit (target ≤ Keras 3) | peak RSS MiB whole run | "
            "peak GPU MiB |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(
            f"| {r['engine']} | {r['model']} | {_fmt(r['predict_ms_kbackend'])} / "
            f"{_fmt(r['predict_ms_keras'])} | {_fmt(r['predict_sps_kbackend'], 0)} / "
            f"{_fmt(r['predict_sps_keras'], 0)} | {_fmt(r['fit_rss_kbackend'], 0)} / "
            f"{_fmt(r['fit_rss_keras'], 0)} | {_fmt(r['rss_kbackend'], 0)} / "
            f"{_fmt(r['rss_keras'], 0)} | {_fmt(r['gpu_kbackend'], 0)} / "
            f"{_fmt(r['gpu_keras'], 0)} |")
    out += ["", "### Functional build and eager call (target: ≤ 0.5× Keras 3)", "",
            "| engine | layers | build ms kbackend | Keras 3 | ratio | eager call ms kbackend "
            "| Keras 3 | ratio |", "|---|---|---|---|---|---|---|---|"]
    for engine in engines:
        kb = graph_summary.get((engine, "kbackend"), {})
        ks = graph_summary.get((engine, "keras"), {})
        if not kb:
            continue
        out.append(
            f"| {engine} | {int(kb.get('build_layers', 0))} | {_fmt(kb.get('build_ms'), 1)} | "
            f"{_fmt(ks.get('build_ms'), 1)} | "
            f"{_fmt(_ratio(kb.get('build_ms'), ks.get('build_ms')))} | "
            f"{_fmt(kb.get('eager_call_ms'))} | {_fmt(ks.get('eager_call_ms'))} | "
            f"{_fmt(_ratio(kb.get('eager_call_ms'), ks.get('eager_call_ms')))} |")
    if dispatch:
        out += ["", "### Op dispatch (µs per call) and import overhead", "",
                "| engine | op | engine µs | kbackend µs | ratio |", "|---|---|---|---|---|"]
        for result in dispatch:
            for op, row in result.get("dispatch", {}).items():
                out.append(f"| {result['engine']} | {op} | {row['native_us']:.2f} | "
                           f"{row['kbackend_us']:.2f} | {row['ratio']:.2f} |")
        out += ["", "| engine | import engine s | extra for kbackend s |", "|---|---|---|"]
        for result in dispatch:
            imp = result.get("import", {})
            out.append(f"| {result['engine']} | {_fmt(imp.get('engine_s'))} | "
                       f"{_fmt(imp.get('kbackend_extra_s'))} |")
    return "\n".join(out) + "\n"


def chart(rows, path):
    """Writes a bar chart of kbackend/native and kbackend/Keras 3 per engine and model;
    returns False when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    labels = [f"{r['engine']}\n{r['model']}" for r in rows]
    positions = range(len(rows))
    figure, axes = plt.subplots(figsize=(max(6, 0.8 * len(rows) + 2), 4))
    width = 0.4
    for offset, key, label in ((-width / 2, "kb_native", "kbackend / native"),
                               (width / 2, "kb_keras", "kbackend / Keras 3")):
        axes.bar([p + offset for p in positions], [r[key] or 0 for r in rows], width,
                 label=label)
    axes.axhline(1.0, color="black", linewidth=0.8)
    axes.set_xticks(list(positions))
    axes.set_xticklabels(labels, fontsize=7)
    axes.set_ylabel("fit samples/s ratio (higher is better)")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return True


def machine():
    """A one-line description of this machine (CPU count, platform, GPU when present)."""
    text = f"{platform.machine()}, {os.cpu_count()} CPU cores, {platform.platform()}"
    try:
        gpus = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
                              capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        gpus = ""
    return text + (f", GPU: {gpus.replace(chr(10), ', ')}" if gpus else ", no GPU")


def write_results(table, info, path=None):
    """Replaces the harness section of RESULTS.md (between markers) with ``table``."""
    path = path or os.path.join(HERE, "RESULTS.md")
    section = (f"{BEGIN}\n## Harness (`python benchmarks/harness.py`)\n\n"
               f"Machine: {info['machine']}; {info['date']}; {info['rounds']} round(s)"
               f"{' (--quick)' if info['quick'] else ''}.\n\n{table}{END}\n")
    text = "# Benchmark results\n"
    if os.path.exists(path):
        with open(path) as handle:
            text = handle.read()
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w") as handle:
        handle.write(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="tiny step counts, one round")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=None)
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument("--impls", nargs="+", choices=("kbackend", "native", "keras"),
                        default=None)
    parser.add_argument("--rounds", type=int, default=None, help="default 3 (1 with --quick)")
    parser.add_argument("--out", default=os.path.join(HERE, "results"))
    parser.add_argument("--write-results", action="store_true",
                        help="update benchmarks/RESULTS.md with the table")
    parser.add_argument("--skip-extras", action="store_true",
                        help="skip graph_build, ops_dispatch and mixed_precision")
    args = parser.parse_args(argv)
    engines = [e for e in (args.engines or installed_engines())]
    impls = args.impls or ["kbackend", "native"] + (["keras"] if keras_installed() else [])
    rounds = args.rounds or (1 if args.quick else 3)
    quick = ["--quick"] if args.quick else []

    fit_runs = []
    for round_index, engine, model, impl in plan_fit_runs(engines, args.models, impls, rounds):
        print(f"[round {round_index + 1}/{rounds}] fit {engine} {model} {impl}", flush=True)
        result = run_json(["run_fit.py", "--impl", impl, "--engine", engine,
                           "--model", model, *quick])
        result.update(round=round_index, engine=engine, model=model, impl=impl)
        fit_runs.append(result)
        if "error" in result:
            print(f"    error: {result['error']}", flush=True)

    graph_runs, dispatch, extras = [], [], {}
    if not args.skip_extras:
        graph_impls = [i for i in impls if i in ("kbackend", "keras")]
        for round_index in range(rounds):
            for engine in engines:
                order = graph_impls if round_index % 2 == 0 else graph_impls[::-1]
                for impl in order:
                    if impl == "keras" and engine == "numpy":
                        continue
                    print(f"[round {round_index + 1}/{rounds}] graph_build {engine} {impl}",
                          flush=True)
                    result = run_json(["graph_build.py", "--impl", impl, "--engine", engine,
                                       *quick])
                    result.update(round=round_index, engine=engine, impl=impl)
                    graph_runs.append(result)
        if not args.quick:
            for engine in engines:
                print(f"ops_dispatch {engine}", flush=True)
                dispatch.append(run_json(["-c", _DISPATCH.format(engine)]))
            trainable = [e for e in engines if e != "numpy"]
            if trainable and os.path.exists(os.path.join(HERE, "mixed_precision.py")):
                print("mixed_precision", flush=True)
                done = subprocess.run(
                    [sys.executable, "mixed_precision.py", "--engines", *trainable],
                    cwd=HERE, capture_output=True, text=True, timeout=1800)
                extras["mixed_precision"] = {"returncode": done.returncode,
                                             "stdout": done.stdout[-20000:]}

    dispatch = [d for d in dispatch if "error" not in d]
    rows = fit_rows(summarize(fit_runs, ("engine", "model", "impl")), engines, args.models)
    table = markdown(rows, summarize(graph_runs, ("engine", "impl")), dispatch, engines)
    info = {"machine": machine(), "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "rounds": rounds, "quick": args.quick, "engines": engines, "impls": impls}
    os.makedirs(args.out, exist_ok=True)
    payload = {**info, "fit_runs": fit_runs, "graph_runs": graph_runs, "dispatch": dispatch,
               "extras": extras, "summary": rows}
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in (f"run-{stamp}.json", "latest.json"):
        with open(os.path.join(args.out, name), "w") as handle:
            json.dump(payload, handle, indent=1)
    with open(os.path.join(args.out, "table.md"), "w") as handle:
        handle.write(table)
    chart(rows, os.path.join(args.out, "ratios.png"))
    if args.write_results:
        write_results(table, info)
    print(table)
    return payload


# ops_dispatch.py measures the engine selected by KBACKEND; run it with that engine set.
_DISPATCH = ("import os, runpy, sys; os.environ['KBACKEND'] = {0!r}; "
             "sys.argv = ['ops_dispatch.py', '--engine-only']; "
             "runpy.run_path('ops_dispatch.py', run_name='__main__')")


if __name__ == "__main__":
    main()
