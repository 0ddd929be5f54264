"""kbackend: the Keras 3 API, written once, run on jax, torch, tensorflow or numpy.

Example:
>>> import kbackend as keras
>>> keras.ops.convert_to_numpy(keras.ops.add(1.0, 2.0)).item()
3.0
"""

from kbackend import (  # noqa: F401
    activations,
    backend,
    config,
    constraints,
    dtype_policies,
    export,
    initializers,
    layers,
    models,
    ops,
    random,
    regularizers,
    saving,
    tree,
    utils,
)
from kbackend.backends import KerasTensor, Variable  # noqa: F401
from kbackend.backends import device_scope as device  # noqa: F401
from kbackend.backends.common.name_scope import name_scope  # noqa: F401
from kbackend.backends.common.stateless_scope import StatelessScope  # noqa: F401
from kbackend.layers import Input, InputSpec, Layer  # noqa: F401,E402
from kbackend.models import Functional, Model, Sequential  # noqa: F401,E402
from kbackend.ops.function import Function  # noqa: F401,E402

__version__ = "0.1.0"

Variable.__module__ = "kbackend"

# Heavier packages load on first use, keeping `import kbackend` cheap.
_LAZY_SUBPACKAGES = (
    "callbacks", "datasets", "distribution", "losses", "metrics", "mixed_precision",
    "optimizers", "testing", "trainers",
)


def __getattr__(name):
    if name in _LAZY_SUBPACKAGES:
        import importlib

        module = importlib.import_module(f"kbackend.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'kbackend' has no attribute {name!r}")
KerasTensor.__module__ = "kbackend"
