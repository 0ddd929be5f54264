"""`HyperParameters`: the search space and the current values of one trial.

Note [define-by-run]: a hypermodel declares its hyperparameters while it builds the model:
``hp.Int("units", 32, 512, step=32)`` registers "units" the first time it is called and
returns the current value (the one the oracle chose, else the default). Conditional
hyperparameters (declared inside `conditional_scope`, or with ``parent_name`` and
``parent_values``) are active only when their parent holds one of the listed values; an
inactive hyperparameter returns None.
"""

import contextlib
import copy

from kbackend.tuner import hyperparameter_types
from kbackend.tuner.hyperparameter_types import (  # noqa: F401  (re-exported)
    Boolean,
    Choice,
    Fixed,
    Float,
    HyperParameter,
    Int,
)

__all__ = ["Boolean", "Choice", "Fixed", "Float", "HyperParameter", "HyperParameters", "Int"]


class HyperParameters:
    """A container of hyperparameters: the space (`space`) and current values (`values`).

    Calling `Int`, `Float`, `Choice`, `Boolean` or `Fixed` registers a hyperparameter (once)
    and returns its current value; `get(name)` reads a value back.

    Example:
    >>> hp = HyperParameters()
    >>> hp.Int("units", min_value=32, max_value=512, step=32)
    32
    >>> hp.Choice("learning_rate", values=[1e-2, 1e-3])
    0.01
    >>> hp.get("units"), sorted(hp.values)
    (32, ['learning_rate', 'units'])
    """

    def __init__(self):
        self._hps = {}  # name -> HyperParameter, in declaration order
        self.values = {}
        self._conditions = []  # the stack of active conditional scopes

    # --- the space ------------------------------------------------------------------------
    @property
    def space(self):
        """The list of declared `HyperParameter` objects, in declaration order."""
        return list(self._hps.values())

    def space_names(self):
        """The names of the declared hyperparameters."""
        return list(self._hps)

    def _register(self, hp, overwrite=False):
        if hp.name in self._hps and not overwrite:
            return self._retrieve(hp.name)
        self._hps[hp.name] = hp
        if hp.name not in self.values or overwrite:
            self.values[hp.name] = hp.default
        return self._retrieve(hp.name)

    def register(self, hp):
        """Adds a `HyperParameter` object to the space; returns its current value."""
        return self._register(hp)

    def _retrieve(self, name):
        return self.values.get(name) if self.is_active(name) else None

    def _scope_conditions(self, parent_name, parent_values):
        conditions = [dict(c) for c in self._conditions]
        if parent_name is not None:
            if parent_values is None:
                raise ValueError(f"parent_name={parent_name!r} needs parent_values too (the "
                                 "parent's values for which this hyperparameter is active).")
            conditions.append(self._make_condition(parent_name, parent_values))
        return conditions

    def _make_condition(self, parent_name, parent_values):
        if parent_name not in self._hps:
            raise ValueError(f"The parent hyperparameter {parent_name!r} does not exist; "
                             f"declare it before its conditional children. Declared: "
                             f"{list(self._hps)}.")
        if not isinstance(parent_values, (list, tuple)):
            parent_values = [parent_values]
        return {"name": parent_name, "values": list(parent_values)}

    @contextlib.contextmanager
    def conditional_scope(self, parent_name, parent_values):
        """Opens a scope whose hyperparameters are active only for some parent values.

        Args:
            parent_name: name of an already declared hyperparameter.
            parent_values: a value or list of values of the parent.

        Returns:
            A context manager.

        Example:
        >>> hp = HyperParameters()
        >>> kind = hp.Choice("kind", ["mlp", "cnn"])
        >>> with hp.conditional_scope("kind", "cnn"):
        ...     filters = hp.Int("filters", 8, 32)
        >>> filters is None
        True
        """
        self._conditions.append(self._make_condition(parent_name, parent_values))
        try:
            yield
        finally:
            self._conditions.pop()

    def is_active(self, hyperparameter):
        """Whether a hyperparameter (object or name) is active for the current values."""
        name = getattr(hyperparameter, "name", hyperparameter)
        hp = self._hps.get(name)
        if hp is None:
            return name in self.values
        for condition in hp.conditions:
            parent = condition["name"]
            if not self.is_active(parent) or self.values.get(parent) not in condition["values"]:
                return False
        return True

    def active_space(self):
        """The hyperparameters that are active for the current values."""
        return [hp for hp in self._hps.values() if self.is_active(hp)]

    # --- declaring ------------------------------------------------------------------------
    def Int(self, name, min_value, max_value, step=None, sampling="linear",  # noqa: N802
            default=None, parent_name=None, parent_values=None):
        """Declares an integer range (see `kbackend.tuner.hyperparameters.Int`).

        Returns:
            The current value (None when inactive).
        """
        return self._register(hyperparameter_types.Int(
            name, min_value, max_value, step=step, sampling=sampling, default=default,
            conditions=self._scope_conditions(parent_name, parent_values)))

    def Float(self, name, min_value, max_value, step=None, sampling="linear",  # noqa: N802
              default=None, parent_name=None, parent_values=None):
        """Declares a float range (see `kbackend.tuner.hyperparameters.Float`).

        Returns:
            The current value (None when inactive).
        """
        return self._register(hyperparameter_types.Float(
            name, min_value, max_value, step=step, sampling=sampling, default=default,
            conditions=self._scope_conditions(parent_name, parent_values)))

    def Choice(self, name, values, ordered=None, default=None, parent_name=None,  # noqa: N802
               parent_values=None):
        """Declares a choice among values (see `kbackend.tuner.hyperparameters.Choice`).

        Returns:
            The current value (None when inactive).
        """
        return self._register(hyperparameter_types.Choice(
            name, values, ordered=ordered, default=default,
            conditions=self._scope_conditions(parent_name, parent_values)))

    def Boolean(self, name, default=False, parent_name=None, parent_values=None):  # noqa: N802
        """Declares a boolean (see `kbackend.tuner.hyperparameters.Boolean`).

        Returns:
            The current value (None when inactive).
        """
        return self._register(hyperparameter_types.Boolean(
            name, default=default, conditions=self._scope_conditions(parent_name, parent_values)))

    def Fixed(self, name, value, parent_name=None, parent_values=None):  # noqa: N802
        """Declares a fixed value (see `kbackend.tuner.hyperparameters.Fixed`).

        Returns:
            The value (None when inactive).
        """
        return self._register(hyperparameter_types.Fixed(
            name, value, conditions=self._scope_conditions(parent_name, parent_values)))

    # --- reading --------------------------------------------------------------------------
    def get(self, name):
        """Returns the current value of ``name`` (None when it is inactive).

        Raises:
            KeyError: when no hyperparameter or value has this name (the message lists the
                known names).
        """
        if name not in self.values:
            raise KeyError(f"Unknown hyperparameter {name!r}; known: {sorted(self.values)}.")
        return self._retrieve(name)

    def __getitem__(self, name):
        return self.get(name)

    def __contains__(self, name):
        return name in self._hps or name in self.values

    def copy(self):
        """Returns an independent copy (space and values)."""
        return copy.deepcopy(self)

    def merge(self, hps, overwrite=True):
        """Adds the hyperparameters of ``hps`` (a HyperParameters or a list) to this one."""
        space = hps.space if isinstance(hps, HyperParameters) else list(hps)
        for hp in space:
            if overwrite or hp.name not in self._hps:
                self._hps[hp.name] = copy.deepcopy(hp)
                if isinstance(hps, HyperParameters) and hp.name in hps.values:
                    self.values[hp.name] = hps.values[hp.name]
                elif overwrite or hp.name not in self.values:
                    self.values[hp.name] = hp.default

    # --- serialization --------------------------------------------------------------------
    def get_config(self):
        """Returns a JSON-friendly dict ``{"space": [...], "values": {...}}``."""
        return {
            "space": [{"class_name": type(hp).__name__, "config": hp.get_config()}
                      for hp in self._hps.values()],
            "values": dict(self.values),
        }

    @classmethod
    def from_config(cls, config):
        """Rebuilds a HyperParameters from `get_config()`'s dict."""
        hps = cls()
        for item in config.get("space", []):
            name = item["class_name"]
            if name not in hyperparameter_types.HP_CLASSES:
                raise ValueError(f"Unknown hyperparameter class {name!r}; expected one of "
                                 f"{sorted(hyperparameter_types.HP_CLASSES)}.")
            hp = hyperparameter_types.HP_CLASSES[name].from_config(item["config"])
            hps._hps[hp.name] = hp
        hps.values = dict(config.get("values", {}))
        return hps

    def __repr__(self):
        return f"HyperParameters(values={self.values})"


HyperParameters.__module__ = "kbackend.tuner"
