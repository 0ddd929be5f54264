"""DTypePolicy objects, the global policy, and their (de)serialization."""

import numpy as np
import pytest

import kbackend
from kbackend import config, dtype_policies, mixed_precision
from kbackend.dtype_policies import DTypePolicy

EXPECTED = {  # name -> (compute dtype, variable dtype)
    "float32": ("float32", "float32"),
    "float64": ("float64", "float64"),
    "float16": ("float16", "float16"),
    "bfloat16": ("bfloat16", "bfloat16"),
    "mixed_float16": ("float16", "float32"),
    "mixed_bfloat16": ("bfloat16", "float32"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_policy_dtypes(name):
    policy = DTypePolicy(name)
    assert (policy.compute_dtype, policy.variable_dtype) == EXPECTED[name]
    assert policy.name == name
    assert policy.quantization_mode is None
    assert repr(policy) == f'<DTypePolicy "{name}">'
    assert DTypePolicy.from_config(policy.get_config()) == policy


def test_float_dtype_policy_alias_and_public_module():
    assert dtype_policies.FloatDTypePolicy("mixed_float16") == DTypePolicy("mixed_float16")
    assert DTypePolicy.__module__ == "kbackend.dtype_policies"
    assert mixed_precision.Policy is DTypePolicy


def test_default_name_is_the_global_policy():
    assert DTypePolicy().name == "float32"
    config.set_dtype_policy("mixed_bfloat16")
    assert DTypePolicy().name == "mixed_bfloat16"


@pytest.mark.parametrize("identifier", [
    "mixed_float16",
    DTypePolicy("mixed_float16"),
    {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "mixed_float16"},
     "registered_name": None},
    {"class_name": "Policy", "config": {"name": "mixed_float16"}},  # Keras 2 files
])
def test_get_accepts_names_policies_and_dicts(identifier):
    assert dtype_policies.get(identifier).name == "mixed_float16"


def test_get_accepts_dtypes_and_none():
    assert dtype_policies.get(np.float64).name == "float64"
    assert dtype_policies.get(None).name == "float32"


def test_serialize_is_keras3_layout():
    assert dtype_policies.serialize(DTypePolicy("mixed_bfloat16")) == {
        "module": "keras", "class_name": "DTypePolicy",
        "config": {"name": "mixed_bfloat16"}, "registered_name": None,
    }


def test_unknown_name_lists_close_matches():
    with pytest.raises(ValueError, match="Did you mean 'mixed_float16'"):
        DTypePolicy("mixed_foat16")
    with pytest.raises(TypeError, match="must be a string"):
        DTypePolicy(3)
    with pytest.raises(ValueError, match="policy name"):
        config.set_dtype_policy(3)


def test_convert_input_casts_only_floats():
    policy = DTypePolicy("mixed_float16")
    x = policy.convert_input(np.ones((2,), "float32"), True, "float16")
    assert kbackend.ops.dtype(x) == "float16"
    i = policy.convert_input(np.ones((2,), "int32"), True, "float16")
    assert kbackend.ops.dtype(i) == "int32"
    assert kbackend.ops.dtype(policy.convert_input(np.ones(2, "float32"), False,
                                                   "float16")) == "float32"


@pytest.mark.parametrize("setter,getter", [
    (config.set_dtype_policy, config.dtype_policy),
    (mixed_precision.set_global_policy, mixed_precision.global_policy),
    (dtype_policies.set_dtype_policy, dtype_policies.dtype_policy),
])
def test_global_policy_setters_share_one_state(setter, getter):
    setter("mixed_float16")
    assert getter().name == "mixed_float16"
    assert config.dtype_policy().name == "mixed_float16"
    assert mixed_precision.global_policy().name == "mixed_float16"
    assert kbackend.layers.Dense(2).dtype_policy.name == "mixed_float16"
    setter(DTypePolicy("float64"))
    assert kbackend.layers.Dense(2).compute_dtype == "float64"


def test_fixture_restored_the_default():
    # Runs after tests that set a global policy: the autouse fixture reset it.
    assert config.dtype_policy().name == "float32"
    assert kbackend.layers.Dense(2).dtype_policy.name == "float32"
