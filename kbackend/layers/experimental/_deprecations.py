"""The deprecation table behind ``layers.experimental`` (STYLE 14).

Each old name warns once per process (a DeprecationWarning naming the replacement),
then resolves to the stable ``kbackend.layers`` class.
"""

import difflib
import warnings

_warned = set()


def resolve(name, names, module):
    """Returns ``kbackend.layers.<name>`` for an old ``module.<name>`` spelling."""
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3)
        hint = f" Did you mean {close}?" if close else f" Available: {sorted(names)}."
        raise AttributeError(f"module {module!r} has no attribute {name!r}.{hint}")
    from kbackend import layers

    old = f"{module}.{name}"
    if old not in _warned:
        _warned.add(old)
        warnings.warn(
            f"`{old}` is a deprecated tf.keras 2 spelling; use `kbackend.layers.{name}` "
            "instead (same class).",
            DeprecationWarning,
            stacklevel=3,
        )
    return getattr(layers, name)
