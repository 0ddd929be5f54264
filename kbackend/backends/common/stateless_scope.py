"""StatelessScope: read variables from a mapping and collect assignments, without mutation.

Inside the scope, reading a Variable returns the value mapped to it, and ``assign``
records the new value in the scope instead of changing the variable. Trainers use it to
write a pure function of the model state (``stateless_call``).
"""

import threading

_state = threading.local()


class StatelessScope:
    """Maps variables to values for the duration of a ``with`` block.

    Args:
        state_mapping: iterable of ``(variable, value)`` pairs.
        collect_losses: whether ``add_loss`` calls inside are collected here.

    Example:
    >>> import kbackend
    >>> v = kbackend.Variable(1.0)
    >>> with StatelessScope([(v, 2.0)]) as scope:
    ...     v.assign(3.0)
    ...     float(v.value)
    3.0
    >>> float(v.numpy())
    1.0
    """

    def __init__(self, state_mapping=None, collect_losses=False, initialize_variables=True):
        from kbackend.backends import convert_to_tensor

        self.parent = None
        self.collect_losses = collect_losses
        self.initialize_variables = initialize_variables
        self.losses = []
        self.assigned_variables = []
        self.state_mapping = {}
        for variable, value in state_mapping or ():
            value = convert_to_tensor(value, dtype=variable.dtype)
            self.state_mapping[id(variable)] = value

    def __enter__(self):
        self.parent = getattr(_state, "scope", None)
        _state.scope = self
        return self

    def __exit__(self, *args):
        _state.scope = self.parent

    def add_loss(self, loss):
        self.losses.append(loss)

    def add_update(self, variable, value):
        if not any(v is variable for v in self.assigned_variables):
            self.assigned_variables.append(variable)
        self.state_mapping[id(variable)] = value

    def get_current_value(self, variable):
        return self.state_mapping.get(id(variable), None)


def get_stateless_scope():
    """Returns the innermost active StatelessScope, or None."""
    return getattr(_state, "scope", None)


def in_stateless_scope():
    """True inside a StatelessScope."""
    return getattr(_state, "scope", None) is not None
