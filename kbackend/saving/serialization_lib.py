"""serialize_keras_object / deserialize_keras_object in the Keras 3 config layout.

A serialized object is ``{"module", "class_name", "config", "registered_name",
"build_config"?}``. kbackend's own classes are written with Keras's module names
(``keras.layers`` ...) so that configs move between kbackend and Keras 3.

Note [safe deserialization]: a config can only name kbackend's own public classes and
functions or objects the user registered (``register_keras_serializable``, custom_objects,
``custom_object_scope``). Nothing is imported from a module named in a config, and
Lambda bytecode is refused unless ``safe_mode=False``.
"""

import importlib
import inspect
import threading

import numpy as np

from kbackend.saving.object_registration import (
    _GLOBAL_CUSTOM_NAMES,
    get_registered_object,
)

# Public kbackend modules that configs may name, by family.
_FAMILIES = {
    "layers": "kbackend.layers",
    "models": "kbackend.models",
    "initializers": "kbackend.initializers",
    "regularizers": "kbackend.regularizers",
    "constraints": "kbackend.constraints",
    "activations": "kbackend.activations",
    "losses": "kbackend.losses",
    "metrics": "kbackend.metrics",
    "optimizers": "kbackend.optimizers",
    "optimizers.schedules": "kbackend.optimizers.schedules",
    "dtype_policies": "kbackend.dtype_policies",
    "random": "kbackend.random",
    # Functional graphs record op calls (ops.add, ...) as Operation nodes.
    "ops.numpy": "kbackend.ops.numpy",
    "ops.nn": "kbackend.ops.nn",
    "ops.core": "kbackend.ops.core",
    "ops.math": "kbackend.ops.math",
    "ops.linalg": "kbackend.ops.linalg",
    "ops.image": "kbackend.ops.image",
}
_ROOT_CLASSES = {"Functional", "Sequential", "Model", "DTypePolicy", "FloatDTypePolicy"}

_MODEL_MODULES = {
    "Functional": "keras.src.models.functional",
    "Sequential": "keras.src.models.sequential",
    "Model": "keras.src.models.model",
}

# NOTE: arguments that later Keras 3 releases added to a class and write into every config
# (e.g. Keras 3.15's VarianceScaling ``input_axes``/``output_axes``, MultiHeadAttention's
# ``sliding_window``/``use_gate``, BatchNormalization's ``renorm*``). At these values they
# mean "behave as before", so a key the kbackend class does not take is dropped when it
# holds exactly this value; any other value is kept, and the class's own error names it.
_NEWER_KERAS_DEFAULTS = {
    "input_axes": None,
    "output_axes": None,
    "sliding_window": None,
    "use_gate": False,
    "renorm": False,
    "renorm_clipping": None,
    "renorm_momentum": 0.99,
}

_safe_mode = {"enabled": True}
_scope = threading.local()


def enable_unsafe_deserialization():
    """Allows Lambda layers with bytecode to be loaded everywhere (see Note [safe ...]).

    Example:
    >>> enable_unsafe_deserialization(); _safe_mode["enabled"] = True
    """
    _safe_mode["enabled"] = False


def in_safe_mode(safe_mode=None):
    """True unless safe mode was turned off by the argument, the current
    deserialization call, or globally."""
    if safe_mode is not None:
        return bool(safe_mode)
    scoped = getattr(_scope, "safe_mode", None)
    if scoped is not None:
        return scoped
    return _safe_mode["enabled"]


class SafeModeScope:
    """Sets the safe mode seen by `in_safe_mode` (e.g. in from_config) inside a block."""

    def __init__(self, safe_mode=True):
        self.safe_mode = safe_mode

    def __enter__(self):
        self.previous = getattr(_scope, "safe_mode", None)
        _scope.safe_mode = self.safe_mode if self.safe_mode is not None else self.previous
        return self

    def __exit__(self, *args):
        _scope.safe_mode = self.previous


def _public_module(obj_type):
    module = obj_type.__module__
    if module.startswith("kbackend"):
        family = module[len("kbackend"):].lstrip(".")
        if obj_type.__name__ in _MODEL_MODULES and family in ("models", ""):
            # Keras 3 names its model classes by their defining module in configs.
            return _MODEL_MODULES[obj_type.__name__]
        if family in ("models", "") or obj_type.__name__ in _ROOT_CLASSES:
            return "keras"
        if family.startswith("ops."):
            return f"keras.src.{family}"
        return f"keras.{family}"
    return module


def serialize_keras_object(obj):
    """Returns a JSON-compatible description of ``obj`` (Keras 3 layout).

    Example:
    >>> serialize_keras_object((1, 2))
    [1, 2]
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (np.integer, np.floating, np.bool_)):
        return obj.item()
    if isinstance(obj, list):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, tuple):
        # JSON has no tuples: configs store them as lists, as Keras files do.
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, np.ndarray) or type(obj).__module__.split(".")[0] in (
        "jax", "jaxlib", "torch", "tensorflow"
    ):
        array = np.asarray(obj)
        return {"class_name": "__numpy__",
                "config": {"value": array.tolist(), "dtype": array.dtype.name}}
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        if obj.__name__ == "<lambda>":
            raise ValueError(
                "Cannot serialize a lambda function. Define it with `def` and register it "
                "with @kbackend.saving.register_keras_serializable()."
            )
        registered = _GLOBAL_CUSTOM_NAMES.get(obj)
        return {"module": _public_module_of_function(obj), "class_name": "function",
                "config": obj.__name__, "registered_name": registered or obj.__name__}
    if inspect.isclass(obj):
        return {"module": _public_module(obj), "class_name": "__type__",
                "config": obj.__name__,
                "registered_name": _GLOBAL_CUSTOM_NAMES.get(obj)}
    if not hasattr(obj, "get_config"):
        raise TypeError(
            f"Cannot serialize {obj!r} of type {type(obj).__name__}: it has no get_config()."
        )
    config = obj.get_config()
    result = {
        "module": _public_module(type(obj)),
        "class_name": type(obj).__name__,
        "config": serialize_keras_object(config),
        "registered_name": _GLOBAL_CUSTOM_NAMES.get(type(obj)),
    }
    if hasattr(obj, "get_build_config"):
        build_config = obj.get_build_config()
        if build_config is not None:
            result["build_config"] = serialize_keras_object(build_config)
    if hasattr(obj, "get_compile_config"):
        compile_config = obj.get_compile_config()
        if compile_config is not None:
            result["compile_config"] = serialize_keras_object(compile_config)
    return result


def _public_module_of_function(fn):
    module = getattr(fn, "__module__", "") or ""
    if module.startswith("kbackend."):
        return "keras." + module[len("kbackend."):].split(".")[0]
    return module


def _family_of(module):
    if not module:
        return None
    for prefix in ("keras.src.", "kbackend.", "keras."):
        if module.startswith(prefix):
            rest = module[len(prefix):]
            if rest.startswith("optimizers.schedules"):
                return "optimizers.schedules"
            if rest.startswith("ops."):
                return ".".join(rest.split(".")[:2])
            return rest.split(".")[0]
    if module in ("keras", "kbackend"):
        return "models"
    return None


def _lookup_builtin(module, name):
    """Finds a kbackend public class/function; never imports a module named by a config."""
    families = []
    family = _family_of(module)
    if family in _FAMILIES:
        families.append(family)
    families.extend(f for f in _FAMILIES if f not in families)
    for family in families:
        try:
            namespace = importlib.import_module(_FAMILIES[family])
        except ImportError:
            continue
        obj = getattr(namespace, name, None)
        if obj is not None and getattr(obj, "__module__", "").startswith("kbackend"):
            return obj
    return None


def _resolve(config, custom_objects):
    class_name = config.get("class_name")
    registered = config.get("registered_name")
    for key in (registered, class_name):
        if key:
            obj = get_registered_object(key, custom_objects)
            if obj is not None:
                return obj
    obj = _lookup_builtin(config.get("module"), class_name)
    if obj is None:
        raise TypeError(
            f"Could not locate class {class_name!r}. Make sure custom classes and functions "
            "are decorated with `@kbackend.saving.register_keras_serializable()` or passed "
            f"in `custom_objects`. Full object config: {config}"
        )
    return obj


def deserialize_keras_object(config, custom_objects=None, safe_mode=None, **kwargs):
    """Rebuilds an object from `serialize_keras_object`'s output (see Note [safe ...]).

    Args:
        config: the serialized form.
        custom_objects: optional dict of user classes/functions by name.
        safe_mode: refuse Lambda bytecode. None (default) inherits the enclosing
            deserialization call's setting (e.g. a Lambda's ``from_config`` inside
            ``load_model(..., safe_mode=False)``), else the global one, which is True.

    Example:
    >>> deserialize_keras_object({"class_name": "__tuple__", "config": {"value": [1, 2]}})
    (1, 2)
    """
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):
        obj = get_registered_object(config, custom_objects)
        return obj if obj is not None else config
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(x, custom_objects, safe_mode) for x in config]
    if not isinstance(config, dict):
        raise TypeError(f"Cannot deserialize {config!r}.")
    if "class_name" not in config or "config" not in config:
        return {k: deserialize_keras_object(v, custom_objects, safe_mode)
                for k, v in config.items()}
    class_name = config["class_name"]
    inner = config["config"]
    if class_name == "__tuple__":
        return tuple(deserialize_keras_object(x, custom_objects, safe_mode)
                     for x in inner["value"])
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__lambda__":
        if in_safe_mode(safe_mode):
            raise ValueError(
                "Refusing to deserialize a Python lambda: it would run bytecode taken from "
                "the file. If you trust the source, pass safe_mode=False (or call "
                "kbackend.config.enable_unsafe_deserialization())."
            )
        from kbackend.saving.lambda_code import function_from_code

        return function_from_code(inner)
    if class_name == "function":
        name = config.get("registered_name") or inner
        obj = get_registered_object(name, custom_objects) or get_registered_object(
            inner, custom_objects) or _lookup_builtin(config.get("module"), inner)
        if obj is None:
            raise TypeError(
                f"Could not locate function {inner!r}. Register it with "
                "@kbackend.saving.register_keras_serializable() or pass it in custom_objects."
            )
        return obj
    if class_name == "__type__":
        return _resolve({"class_name": inner, "module": config.get("module"),
                         "registered_name": config.get("registered_name")}, custom_objects)
    cls = _resolve(config, custom_objects)
    if not hasattr(cls, "from_config"):
        raise TypeError(f"{class_name} cannot be created from a config (no from_config).")
    from kbackend.saving.object_registration import custom_object_scope

    inner = drop_newer_keras_defaults(cls, inner)
    with custom_object_scope(custom_objects or {}), SafeModeScope(safe_mode):
        instance = cls.from_config(inner)
        build_config = config.get("build_config")
        if build_config and hasattr(instance, "build_from_config") and not getattr(
            instance, "built", False
        ):
            instance.build_from_config(deserialize_keras_object(build_config))
        compile_config = config.get("compile_config")
        if compile_config and hasattr(instance, "compile_from_config"):
            instance.compile_from_config(compile_config)
    return instance


def _explicit_init_parameters(cls):
    names = set()
    for klass in inspect.getmro(cls):
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        try:
            parameters = inspect.signature(init).parameters.values()
        except (TypeError, ValueError):
            continue
        names.update(p.name for p in parameters
                     if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL))
    return names


def drop_newer_keras_defaults(cls, inner):
    """Returns ``inner`` without the `_NEWER_KERAS_DEFAULTS` keys ``cls`` does not take."""
    if not isinstance(inner, dict) or not any(k in inner for k in _NEWER_KERAS_DEFAULTS):
        return inner
    accepted = _explicit_init_parameters(cls)
    return {k: v for k, v in inner.items()
            if not (k in _NEWER_KERAS_DEFAULTS and k not in accepted
                    and v == _NEWER_KERAS_DEFAULTS[k])}
