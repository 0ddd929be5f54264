"""kbackend: the Keras 3 API, written once, run on jax, torch, tensorflow or numpy.

Example:
>>> import kbackend as keras
>>> keras.ops.convert_to_numpy(keras.ops.add(1.0, 2.0)).item()
3.0
"""

# Note [lazy imports]: `import kbackend` loads only the engine, its `core` module (Note [lazy
# engine modules] in kbackend/backends/__init__.py) and the core classes; every
# other package and the classes below load on first attribute access (module `__getattr__`),
# so a script pays only for what it uses. `from kbackend import layers` and
# `kbackend.layers.Dense` work unchanged; see tests/test_lazy_imports.py.
from kbackend import config, tree  # noqa: F401
from kbackend.backends import KerasTensor, Variable  # noqa: F401
from kbackend.backends import device_scope as device  # noqa: F401
from kbackend.backends.common.name_scope import name_scope  # noqa: F401
from kbackend.backends.common.stateless_scope import StatelessScope  # noqa: F401

__version__ = "0.1.0"

Variable.__module__ = "kbackend"

# Heavier packages load on first use, keeping `import kbackend` cheap.
_LAZY_SUBPACKAGES = (
    "applications", "callbacks", "datasets", "distribution", "losses", "metrics", "mixed_precision",
    "optimizers", "testing", "trainers", "tuner",
)


# Packages that used to load eagerly (Note [lazy imports]).
_LAZY_SUBPACKAGES += (
    "activations", "backend", "constraints", "dtype_policies", "export", "initializers", "layers",
    "models", "ops", "random", "regularizers", "saving", "utils",
)
# Public classes that live in a lazily loaded module: name -> module.
_LAZY_NAMES = {
    "Input": "kbackend.layers", "InputSpec": "kbackend.layers", "Layer": "kbackend.layers",
    "Functional": "kbackend.models", "Model": "kbackend.models",
    "Sequential": "kbackend.models", "Function": "kbackend.ops.function",
}


def __getattr__(name):
    import importlib

    if name in _LAZY_SUBPACKAGES:
        value = importlib.import_module(f"kbackend.{name}")
    elif name in _LAZY_NAMES:
        value = getattr(importlib.import_module(_LAZY_NAMES[name]), name)
    else:
        raise AttributeError(f"module 'kbackend' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY_SUBPACKAGES) | set(_LAZY_NAMES))
KerasTensor.__module__ = "kbackend"
