"""Builds the flat ``kbackend.ops`` namespace from the op modules."""

import inspect


def public_functions(module):
    """The public functions defined in ``module`` (not imported into it)."""
    return {
        name: obj
        for name, obj in vars(module).items()
        if not name.startswith("_")
        and inspect.isfunction(obj)
        and obj.__module__ == module.__name__
    }


def export_public(namespace, modules):
    """Copies the public functions of ``modules`` into ``namespace``."""
    for module in modules:
        namespace.update(public_functions(module))
