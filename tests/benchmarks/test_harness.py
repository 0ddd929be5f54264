"""The benchmark harness cannot rot: its pure parts everywhere, a --quick run on numpy."""

import json
import os
import subprocess
import sys

import pytest

from kbackend import backends

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))

import harness  # noqa: E402


def test_runs_alternate_between_rounds():
    runs = harness.plan_fit_runs(["jax"], ["mlp"], ["kbackend", "native", "keras"], 3)
    orders = [[impl for r, _, _, impl in runs if r == i] for i in range(3)]
    assert orders == [["kbackend", "native", "keras"], ["native", "keras", "kbackend"],
                      ["keras", "kbackend", "native"]]
    # The numpy engine cannot train: only kbackend (predict) runs there.
    assert [r[3] for r in harness.plan_fit_runs(["numpy"], ["mlp"], ["kbackend", "native"],
                                                1)] == ["kbackend"]


def test_summary_ratios_and_target():
    runs = [
        {"engine": "jax", "model": "mlp", "impl": "kbackend", "fit_samples_per_s": v}
        for v in (90.0, 110.0, 100.0)
    ] + [
        {"engine": "jax", "model": "mlp", "impl": "native", "fit_samples_per_s": 80.0},
        {"engine": "jax", "model": "mlp", "impl": "keras", "fit_samples_per_s": 125.0},
        {"engine": "jax", "model": "mlp", "impl": "keras", "error": "boom"},
    ]
    summary = harness.summarize(runs, ("engine", "model", "impl"))
    (row,) = harness.fit_rows(summary, ["jax"], ["mlp"])
    assert row["kbackend"] == 100.0
    assert row["kb_native"] == pytest.approx(1.25)
    assert row["kb_keras"] == pytest.approx(0.8)
    assert row["meets_target"] is False  # 100 < 1.0 x max(80, 125)
    table = harness.markdown([row], {}, [], ["jax"])
    assert "| jax | mlp | 100 | 80 | 125 | 1.25 | 0.80 | ≥1.0 | **no** |" in table


def test_write_results_replaces_only_its_section(tmp_path):
    path = tmp_path / "RESULTS.md"
    path.write_text("# Benchmark results\n\nhand-written notes\n")
    info = {"machine": "test box", "date": "today", "rounds": 1, "quick": True}
    harness.write_results("first table\n", info, str(path))
    harness.write_results("second table\n", info, str(path))
    text = path.read_text()
    assert "hand-written notes" in text and "second table" in text
    assert "first table" not in text and text.count(harness.BEGIN) == 1


@pytest.mark.skipif(backends.ENGINE != "numpy",
                    reason="the end-to-end --quick run belongs to the numpy engine's run")
def test_quick_run_writes_json_table_and_chart(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT)
    done = subprocess.run(
        [sys.executable, os.path.join(ROOT, "benchmarks", "harness.py"), "--quick",
         "--engines", "numpy", "--models", "mlp", "--out", str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    payload = json.loads((tmp_path / "latest.json").read_text())
    (run,) = payload["fit_runs"]
    assert "error" not in run and run["predict_latency_ms"] > 0
    assert payload["graph_runs"][0]["build_ms"] > 0
    assert "| numpy | mlp |" in (tmp_path / "table.md").read_text()
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return
    assert (tmp_path / "ratios.png").stat().st_size > 0
