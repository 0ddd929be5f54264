"""The backend facade: the selected engine's modules and core functions, by one name.

Generic code (ops, layers, trainers, ...) reaches the engine only through this module:
``from kbackend import backends`` then ``backends.numpy.add(...)``. It never imports
``kbackend.backends.<engine>`` nor the engine itself. The engine is chosen once, in
`kbackend.backends.common.config` (Note: variable, then config file, then auto-detect).
"""

import importlib

from kbackend.backends.common import config as _config
from kbackend.backends.common.dtypes import result_type, standardize_dtype  # noqa: F401
from kbackend.backends.common.keras_tensor import (  # noqa: F401
    KerasTensor,
    any_symbolic_tensors,
    is_keras_tensor,
)
from kbackend.backends.common.name_scope import name_scope  # noqa: F401
from kbackend.backends.common.stateless_scope import (  # noqa: F401
    StatelessScope,
    get_stateless_scope,
    in_stateless_scope,
)

ENGINE = _config.ENGINE


def _load_engine(name):
    try:
        return importlib.import_module(f"kbackend.backends.{name}")
    except ImportError as e:
        module, install = _config.ENGINE_REQUIREMENTS[name]
        raise ImportError(
            f"kbackend could not import the {name!r} engine ({e}). Install it with: "
            f"{install}, or pick another engine with KBACKEND="
            f"{'|'.join(_config.ENGINES)}."
        ) from e


_engine = _load_engine(ENGINE)

core = _engine.core
# Note [lazy engine modules]: the engine's numpy, nn, linalg, math, image and random modules
# load on first access (`backends.nn` below, `__getattr__` in the engine package), which keeps
# `import kbackend` cheap. Loading the numpy engine binds its package as this module's
# `numpy`; the facade's `numpy` is that engine's ops module, so the binding is dropped.
if globals().get("numpy") is _engine:
    globals().pop("numpy")
_LAZY_ENGINE_MODULES = ("numpy", "nn", "linalg", "math", "image", "random")


def __getattr__(name):
    if name in _LAZY_ENGINE_MODULES:
        module = getattr(_engine, name)
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


EngineLayer = importlib.import_module(f"kbackend.backends.{ENGINE}.layer").EngineLayer

# Capabilities (Note: tests skip by capability, never by engine name).
CAN_TRAIN = _engine.CAN_TRAIN
SUPPORTS_SPARSE = _engine.SUPPORTS_SPARSE
IS_THREAD_SAFE = _engine.IS_THREAD_SAFE

Variable = core.Variable
convert_to_tensor = core.convert_to_tensor
convert_to_numpy = core.convert_to_numpy
is_tensor = core.is_tensor
cast = core.cast
shape = core.shape
compute_output_spec = core.compute_output_spec
device_scope = core.device_scope


_loaded_modules = {}


def _engine_module(name):
    # NOTE: cached in a dict, not re-imported: these are called inside compiled steps, and
    # torch.compile breaks its graph at every importlib call.
    module = _loaded_modules.get(name)
    if module is None:
        module = importlib.import_module(f"kbackend.backends.{ENGINE}.{name}")
        _loaded_modules[name] = module
    return module


def trainer():
    """Returns the engine's trainer module (imported on first use: it is heavier)."""
    return _engine_module("trainer")


def distribution_lib():
    """Returns the engine's distribution module (Note [distribution]; imported on first use)."""
    return _engine_module("distribution")
