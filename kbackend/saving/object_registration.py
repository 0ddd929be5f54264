"""The registry of user classes and functions that configs may name."""

import inspect
import threading

_GLOBAL_CUSTOM_OBJECTS = {}
_GLOBAL_CUSTOM_NAMES = {}
_scope = threading.local()


class custom_object_scope:  # noqa: N801 (keras spelling)
    """Makes ``custom_objects`` visible to deserialization inside a ``with`` block.

    Args:
        custom_objects: a dict mapping names to classes or functions.

    Example:
    >>> def my_activation(x):
    ...     return x
    >>> with custom_object_scope({"my_activation": my_activation}):
    ...     get_custom_objects_in_scope()["my_activation"] is my_activation
    True
    """

    def __init__(self, custom_objects):
        self.custom_objects = dict(custom_objects or {})

    def __enter__(self):
        stack = getattr(_scope, "stack", None)
        if stack is None:
            stack = _scope.stack = []
        stack.append(self.custom_objects)
        return self

    def __exit__(self, *args):
        _scope.stack.pop()


CustomObjectScope = custom_object_scope


def get_custom_objects_in_scope():
    merged = {}
    for objects in getattr(_scope, "stack", None) or ():
        merged.update(objects)
    return merged


def get_custom_objects():
    """The global dict of registered custom objects (``"package>Name" -> object``).

    Example:
    >>> isinstance(get_custom_objects(), dict)
    True
    """
    return _GLOBAL_CUSTOM_OBJECTS


def register_keras_serializable(package="Custom", name=None):
    """Class/function decorator registering it for deserialization as ``package>name``.

    Args:
        package: a namespace for the name (default "Custom").
        name: the registered name (default: the object's ``__name__``).

    Example:
    >>> @register_keras_serializable(package="demo")
    ... def double(x):
    ...     return x * 2
    >>> get_registered_name(double)
    'demo>double'
    """

    def decorator(obj):
        registered = f"{package}>{name or obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"Cannot register {obj.__name__}: a class needs a get_config() method."
            )
        _GLOBAL_CUSTOM_OBJECTS[registered] = obj
        _GLOBAL_CUSTOM_NAMES[obj] = registered
        return obj

    return decorator


def get_registered_name(obj):
    """The name ``obj`` is registered under, or its ``__name__``.

    Example:
    >>> get_registered_name(len)
    'len'
    """
    return _GLOBAL_CUSTOM_NAMES.get(obj, getattr(obj, "__name__", type(obj).__name__))


def get_registered_object(name, custom_objects=None, module_objects=None):
    """Looks ``name`` up in custom_objects, the active scopes, the registry, then module_objects.

    Example:
    >>> get_registered_object("nothing_here") is None
    True
    """
    for table in (custom_objects, get_custom_objects_in_scope(), _GLOBAL_CUSTOM_OBJECTS,
                  module_objects):
        if table and name in table:
            return table[name]
    return None
