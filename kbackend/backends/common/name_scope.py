"""name_scope: hierarchical names for variables (``"encoder/dense/kernel"``)."""

import threading

_state = threading.local()


class name_scope:  # noqa: N801 (keras spelling)
    """Pushes ``name`` onto the current scope path for the duration of a ``with`` block.

    Args:
        name: the scope name.
        caller: the object that opened the scope (e.g. a Layer), if any.

    Example:
    >>> with name_scope("encoder"):
    ...     current_path()
    'encoder'
    """

    def __init__(self, name, caller=None, **kwargs):
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                f"A name scope must be a string without '/', got {name!r}."
            )
        self.name = name
        self.caller = caller

    def __enter__(self):
        stack = getattr(_state, "stack", None)
        if stack is None:
            stack = _state.stack = []
        stack.append(self)
        return self

    def __exit__(self, *args):
        _state.stack.pop()


def current_path():
    """Returns the current scope path, e.g. ``"model/dense"`` (``""`` outside scopes)."""
    stack = getattr(_state, "stack", None) or ()
    return "/".join(scope.name for scope in stack)


def current_caller():
    """The object that opened the innermost scope (e.g. the Layer being built), or None."""
    stack = getattr(_state, "stack", None)
    return stack[-1].caller if stack else None
