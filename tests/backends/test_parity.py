"""Every engine module defines every interface function with the same signature."""

import importlib
import inspect

import pytest

from kbackend.backends.common.config import ENGINE
from kbackend.backends.common.interface import (
    ENGINE_CONSTANTS,
    ENGINE_CORE_EXTRAS,
    ENGINE_LAYER_HOOKS,
    ENGINE_MODULES,
    INTERFACE,
)


def _engine_module(name):
    return importlib.import_module(f"kbackend.backends.{ENGINE}.{name}")


@pytest.mark.parametrize("module_name", sorted(INTERFACE))
def test_engine_defines_every_function_with_the_same_signature(module_name):
    module = _engine_module(module_name)
    missing, mismatched = [], []
    for function_name, expected in INTERFACE[module_name].items():
        function = getattr(module, function_name, None)
        if function is None:
            missing.append(function_name)
            continue
        actual = str(inspect.signature(function))
        if actual != expected:
            mismatched.append(f"{function_name}{actual} != {expected}")
    assert not missing, f"{ENGINE}.{module_name} lacks: {missing}"
    assert not mismatched, f"{ENGINE}.{module_name} signatures differ: {mismatched}"


def test_engine_package_shape():
    package = importlib.import_module(f"kbackend.backends.{ENGINE}")
    for name in ENGINE_MODULES:
        assert hasattr(package, name)
    for name in ENGINE_CONSTANTS:
        assert isinstance(getattr(package, name), bool)
    core = _engine_module("core")
    for name in ENGINE_CORE_EXTRAS:
        assert hasattr(core, name), name
    engine_layer = _engine_module("layer").EngineLayer
    for name in ENGINE_LAYER_HOOKS:
        assert callable(getattr(engine_layer, name, None)), name
