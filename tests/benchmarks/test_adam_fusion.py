"""benchmarks/adam_fusion.py: the fused and generic tensorflow Adam, timed per apply."""

import os
import sys

import pytest

from kbackend import backends

if backends.ENGINE != "tensorflow":
    pytest.skip("adam_fusion.py measures tensorflow's fused Adam", allow_module_level=True)

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))

import adam_fusion  # noqa: E402


def test_measures_both_rules_on_a_benchmark_model():
    result = adam_fusion.measure("cnn", rounds=1, calls=1)
    assert (result["model"], result["variables"], result["elements"]) == ("cnn", 6, 110986)
    assert result["fused_ms"] > 0 and result["generic_ms"] > 0
    # The fused rule is one XLA call per apply; the generic one a dozen kernels per variable.
    assert result["fused_graph_ops_per_apply"] * 4 < result["generic_graph_ops_per_apply"]
