"""The tensorflow engine."""

import importlib

from kbackend.backends.tensorflow import core  # noqa: F401

# Note [lazy engine modules] (kbackend/backends/__init__.py): the other modules load on
# first access.
_LAZY_MODULES = ("image", "linalg", "math", "nn", "numpy", "random")


def __getattr__(name):
    if name in _LAZY_MODULES:
        # Importing a submodule binds it in this package, so this runs once per name.
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


CAN_TRAIN = True
SUPPORTS_SPARSE = True
IS_THREAD_SAFE = True
