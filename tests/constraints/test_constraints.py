"""Constraints against NumPy formulas, names, configs and errors."""

import numpy as np
import pytest

from kbackend import backend, constraints, ops

W = np.random.default_rng(0).standard_normal((4, 3)).astype("float32") * 2


def _np(x):
    return ops.convert_to_numpy(x)


def _norms(w, axis):
    return np.sqrt(np.sum(w**2, axis=axis, keepdims=True))


@pytest.mark.parametrize("axis", [0, 1, [0, 1]])
def test_max_norm(axis):
    ax = tuple(axis) if isinstance(axis, list) else axis
    norms = _norms(W, ax)
    expected = W * np.clip(norms, 0, 1.5) / (backend.epsilon() + norms)
    np.testing.assert_allclose(_np(constraints.MaxNorm(1.5, axis)(W)), expected, rtol=1e-5)


def test_min_max_norm_unit_norm_non_neg():
    norms = _norms(W, 0)
    desired = 0.5 * np.clip(norms, 1.0, 2.0) + 0.5 * norms
    np.testing.assert_allclose(_np(constraints.MinMaxNorm(1.0, 2.0, 0.5)(W)),
                               W * desired / (backend.epsilon() + norms), rtol=1e-5)
    unit = _np(constraints.UnitNorm(axis=1)(W))
    np.testing.assert_allclose(np.linalg.norm(unit, axis=1), np.ones(4), rtol=1e-5)
    np.testing.assert_array_equal(_np(constraints.NonNeg()(W)), np.maximum(W, 0))
    np.testing.assert_array_equal(_np(constraints.Constraint()(W)), W)


@pytest.mark.parametrize("name,cls_name", [
    ("max_norm", "MaxNorm"), ("min_max_norm", "MinMaxNorm"), ("non_neg", "NonNeg"),
    ("unit_norm", "UnitNorm"), ("MaxNorm", "MaxNorm")])
def test_get_names_and_round_trip(name, cls_name):
    constraint = constraints.get(name)
    assert type(constraint).__name__ == cls_name
    config = constraints.serialize(constraint)
    assert config["module"] == "keras.constraints" and config["class_name"] == cls_name
    clone = constraints.deserialize(config)
    assert type(clone) is type(constraint) and clone.get_config() == constraint.get_config()


def test_defaults_and_errors():
    assert constraints.MaxNorm().get_config() == {"max_value": 2, "axis": 0}
    assert constraints.MinMaxNorm().get_config() == {
        "min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}
    assert constraints.get(None) is None
    with pytest.raises(ValueError, match="non_neg"):
        constraints.get("nonneg")
    with pytest.raises(ValueError, match="Could not interpret"):
        constraints.get(1.5)
