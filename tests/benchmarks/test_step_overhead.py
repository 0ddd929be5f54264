"""benchmarks/step_overhead.py: torch's per-step Python, kbackend against a native loop."""

import os
import sys

import pytest

from kbackend import backends

if backends.ENGINE != "torch":
    pytest.skip("the step-overhead probe runs on torch", allow_module_level=True)

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))

import step_overhead  # noqa: E402
import torch  # noqa: E402


def test_reports_both_sides_and_leaves_the_thread_count_alone():
    threads = torch.get_num_threads()
    result = step_overhead.measure(rounds=2, steps=4)
    assert (result["engine"], result["rounds"], result["steps"]) == ("torch", 2, 4)
    assert result["kbackend_us_per_step"] > 0 and result["native_us_per_step"] > 0
    assert result["overhead_us"] == (
        result["kbackend_us_per_step"] - result["native_us_per_step"])
    assert torch.get_num_threads() == threads
