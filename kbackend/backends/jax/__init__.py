"""The jax engine."""

import importlib

import jax as _jax

# NOTE: 64-bit types are enabled so that int64/float64 mean the same thing on every
# engine (Note [promotion] in common/dtypes.py); kbackend always passes explicit dtypes,
# so default computations stay float32 (floatx).
_jax.config.update("jax_enable_x64", True)

from kbackend.backends.jax import core  # noqa: E402,F401

# Note [lazy engine modules] (kbackend/backends/__init__.py): the other modules load on
# first access.
_LAZY_MODULES = ("image", "linalg", "math", "nn", "numpy", "random")


def __getattr__(name):
    if name in _LAZY_MODULES:
        # Importing a submodule binds it in this package, so this runs once per name.
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


CAN_TRAIN = True
SUPPORTS_SPARSE = False
IS_THREAD_SAFE = True
