"""benchmarks/inprocess_ab.py: kbackend and the native loop alternating in one process."""

import os
import sys

import pytest

from kbackend import backends

if backends.ENGINE not in ("torch", "tensorflow"):
    pytest.skip("the in-process A/B runs on torch and tensorflow", allow_module_level=True)

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))

import inprocess_ab  # noqa: E402


def test_reports_both_sides_and_their_ratios():
    result = inprocess_ab.measure(backends.ENGINE, "mlp", rounds=2)
    assert (result["engine"], result["model"], result["rounds"]) == (backends.ENGINE, "mlp", 2)
    assert result["kbackend_samples_per_s"] > 0 and result["native_samples_per_s"] > 0
    # The ratio is native time over kbackend time, i.e. the samples/s ratio.
    expected = result["kbackend_samples_per_s"] / result["native_samples_per_s"]
    assert result["kb_native_wall"] == pytest.approx(expected, rel=0.01)
    assert result["kb_native_cpu"] > 0
