"""Every test here starts and ends with the default global dtype policy."""

import importlib

import pytest

# NOTE: the package re-exports a function named dtype_policy, which hides the submodule.
policy_module = importlib.import_module("kbackend.dtype_policies.dtype_policy")


@pytest.fixture(autouse=True)
def restore_global_policy():
    saved = policy_module._global["policy"]
    policy_module.set_dtype_policy(None)
    yield
    policy_module._global["policy"] = saved
