"""The five kinds of hyperparameter: Int, Float, Choice, Boolean, Fixed.

Note [unit cube]: every hyperparameter maps its values to and from a probability in [0, 1]
(`prob_to_value` / `value_to_prob`). Random search draws the probability uniformly, the
Bayesian oracle fits its Gaussian process in that cube, and grid search lists
`grid_values()`. With a `step`, the values form a finite list (for ``sampling="log"`` the
step *multiplies*: 1, 10, 100, ...) and the cube is cut into equal cells, one per value.
"""

import math

__all__ = ["Boolean", "Choice", "Fixed", "Float", "HyperParameter", "Int"]

_SAMPLINGS = ("linear", "log", "reverse_log")


class HyperParameter:
    """Base class of a named hyperparameter with a default and activation conditions.

    Args:
        name: unique name of the hyperparameter.
        default: value used when nothing else is set.
        conditions: list of ``{"name": parent_name, "values": [...]}``; the
            hyperparameter is active only when every parent holds one of its values.

    Example:
    >>> Int("units", 8, 64, step=8).default
    8
    """

    def __init__(self, name, default=None, conditions=None):
        if not isinstance(name, str) or not name:
            raise ValueError(f"A hyperparameter name must be a non-empty string, received "
                             f"{name!r}.")
        self.name = name
        self._default = default
        self.conditions = [dict(c) for c in (conditions or [])]

    @property
    def default(self):
        return self._default

    def random_sample(self, rng):
        """Returns a random value drawn with the NumPy Generator ``rng``."""
        return self.prob_to_value(float(rng.uniform()))

    def grid_values(self):
        """Returns the finite list of values, in order (grid search)."""
        raise NotImplementedError

    def get_config(self):
        return {"name": self.name, "default": self._default, "conditions": self.conditions}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "name")
        return f"{type(self).__name__}(name={self.name!r}, {args})"


def _check_sampling(name, sampling, min_value, max_value):
    sampling = (sampling or "linear").lower()
    if sampling not in _SAMPLINGS:
        raise ValueError(f"Hyperparameter {name!r}: unknown sampling {sampling!r}; expected one "
                         f"of {list(_SAMPLINGS)}.")
    if min_value > max_value:
        raise ValueError(f"Hyperparameter {name!r}: min_value={min_value} is greater than "
                         f"max_value={max_value}; swap them.")
    if sampling != "linear" and min_value <= 0:
        raise ValueError(f"Hyperparameter {name!r}: sampling={sampling!r} needs min_value > 0, "
                         f"received min_value={min_value}. Use sampling='linear' or a positive "
                         "range.")
    return sampling


class _Numerical(HyperParameter):
    """Shared logic of Int and Float: a range, an optional step, a sampling law."""

    _cast = float

    def __init__(self, name, min_value, max_value, step=None, sampling="linear", default=None,
                 conditions=None):
        super().__init__(name, default=default, conditions=conditions)
        self.min_value = self._cast(min_value)
        self.max_value = self._cast(max_value)
        self.sampling = _check_sampling(name, sampling, self.min_value, self.max_value)
        if step is not None and step <= 0:
            raise ValueError(f"Hyperparameter {name!r}: step must be positive, received "
                             f"{step}.")
        if step is not None and self.sampling != "linear" and step <= 1:
            raise ValueError(f"Hyperparameter {name!r}: with sampling={self.sampling!r} the "
                             f"step multiplies, so it must be > 1; received {step}.")
        self.step = step
        if default is not None and not self.min_value <= default <= self.max_value:
            raise ValueError(f"Hyperparameter {name!r}: default={default} is outside "
                             f"[{self.min_value}, {self.max_value}].")

    @property
    def default(self):
        return self.min_value if self._default is None else self._default

    def _finite_values(self):
        """The list of values when a step makes them finite, else None."""
        if self.step is None:
            return None
        low, high, values = self.min_value, self.max_value, []
        if self.sampling == "linear":
            count = int(math.floor((high - low) / self.step + 1e-9)) + 1
            values = [low + i * self.step for i in range(count)]
        else:
            value = low
            while value <= high * (1 + 1e-9):
                values.append(value)
                value = value * self.step
            if self.sampling == "reverse_log":
                values = sorted(high + low - v for v in values)
        return [self._cast(round(v, 12)) if self._cast is float else self._cast(round(v))
                for v in values]

    def prob_to_value(self, prob):
        values = self._finite_values()
        if values is not None:
            return values[min(int(prob * len(values)), len(values) - 1)]
        low, high = self.min_value, self.max_value
        if self.sampling == "linear":
            value = low + prob * (high - low)
        elif self.sampling == "log":
            value = low * (high / low) ** prob
        else:
            value = high + low - low * (high / low) ** (1 - prob)
        return self._finish(min(max(value, low), high))

    def value_to_prob(self, value):
        values = self._finite_values()
        if values is not None:
            index = min(range(len(values)), key=lambda i: abs(values[i] - value))
            return (index + 0.5) / len(values)
        low, high = self.min_value, self.max_value
        if high == low:
            return 0.5
        if self.sampling == "linear":
            return (value - low) / (high - low)
        if self.sampling == "log":
            return math.log(value / low) / math.log(high / low)
        return 1 - math.log((high + low - value) / low) / math.log(high / low)

    def _finish(self, value):
        return value

    def grid_values(self):
        values = self._finite_values()
        if values is None:
            raise ValueError(f"Hyperparameter {self.name!r} is a continuous Float, which has no "
                             "finite grid; give it a `step` to use it with GridSearch.")
        return values

    def get_config(self):
        config = super().get_config()
        config.update(min_value=self.min_value, max_value=self.max_value, step=self.step,
                      sampling=self.sampling)
        return config


class Int(_Numerical):
    """An integer hyperparameter in ``[min_value, max_value]`` (both included).

    Args:
        name: unique name.
        min_value: smallest value.
        max_value: largest value.
        step: distance between values (a multiplier when ``sampling`` is "log" or
            "reverse_log"); defaults to 1 for linear sampling.
        sampling: "linear", "log" or "reverse_log".
        default: value when nothing else is set; defaults to ``min_value``.
        conditions: activation conditions (see `HyperParameter`).

    Example:
    >>> Int("units", 32, 512, step=32).grid_values()[:3]
    [32, 64, 96]
    """

    _cast = int

    def __init__(self, name, min_value, max_value, step=None, sampling="linear", default=None,
                 conditions=None):
        if step is None and (sampling or "linear").lower() == "linear":
            step = 1
        super().__init__(name, min_value, max_value, step=step, sampling=sampling,
                         default=default, conditions=conditions)

    def _finish(self, value):
        return int(round(value))


class Float(_Numerical):
    """A float hyperparameter in ``[min_value, max_value]``.

    Args:
        name: unique name.
        min_value: smallest value.
        max_value: largest value.
        step: distance between values (a multiplier for log sampling); None samples the
            continuous range.
        sampling: "linear", "log" or "reverse_log".
        default: value when nothing else is set; defaults to ``min_value``.
        conditions: activation conditions (see `HyperParameter`).

    Example:
    >>> Float("lr", 1e-4, 1e-2, sampling="log").prob_to_value(0.5)
    0.001
    """

    def _finish(self, value):
        return float(round(value, 12))


class Choice(HyperParameter):
    """One value out of a list of values of one type (int, float, str or bool).

    Args:
        name: unique name.
        values: the possible values.
        ordered: whether the values are ordered (default: True for numbers).
        default: value when nothing else is set; defaults to ``values[0]``.
        conditions: activation conditions (see `HyperParameter`).

    Example:
    >>> Choice("lr", [1e-2, 1e-3]).default
    0.01
    """

    def __init__(self, name, values, ordered=None, default=None, conditions=None):
        super().__init__(name, default=default, conditions=conditions)
        values = list(values)
        if not values:
            raise ValueError(f"Choice {name!r} received an empty `values` list; give at least "
                             "one value.")
        types = {type(v) for v in values}
        if len(types) > 1 and not types <= {int, float}:
            raise TypeError(f"Choice {name!r} can hold values of one type only, received types "
                            f"{sorted(t.__name__ for t in types)}; make all values the same "
                            "type.")
        if types == {int, float}:
            values = [float(v) for v in values]
        if default is not None and default not in values:
            raise ValueError(f"Choice {name!r}: default={default!r} is not one of the values "
                             f"{values}.")
        self.values = values
        numeric = isinstance(values[0], (int, float)) and not isinstance(values[0], bool)
        self.ordered = numeric if ordered is None else bool(ordered)

    @property
    def default(self):
        return self.values[0] if self._default is None else self._default

    def prob_to_value(self, prob):
        return self.values[min(int(prob * len(self.values)), len(self.values) - 1)]

    def value_to_prob(self, value):
        return (self.values.index(value) + 0.5) / len(self.values)

    def grid_values(self):
        return list(self.values)

    def get_config(self):
        config = super().get_config()
        config.update(values=self.values, ordered=self.ordered)
        return config


class Boolean(HyperParameter):
    """A True / False hyperparameter.

    Args:
        name: unique name.
        default: value when nothing else is set (False).
        conditions: activation conditions (see `HyperParameter`).

    Example:
    >>> Boolean("dropout").grid_values()
    [False, True]
    """

    def __init__(self, name, default=False, conditions=None):
        if default not in (True, False):
            raise ValueError(f"Boolean {name!r}: default must be True or False, received "
                             f"{default!r}.")
        super().__init__(name, default=bool(default), conditions=conditions)

    def prob_to_value(self, prob):
        return bool(prob >= 0.5)

    def value_to_prob(self, value):
        return 0.75 if value else 0.25

    def grid_values(self):
        return [False, True]


class Fixed(HyperParameter):
    """A hyperparameter that always holds one value.

    Args:
        name: unique name.
        value: the value.
        conditions: activation conditions (see `HyperParameter`).

    Example:
    >>> Fixed("epochs", 3).grid_values()
    [3]
    """

    def __init__(self, name, value, conditions=None, default=None):
        del default  # present only so that configs round-trip
        super().__init__(name, default=value, conditions=conditions)
        self.value = value

    def prob_to_value(self, prob):
        return self.value

    def value_to_prob(self, value):
        return 0.5

    def grid_values(self):
        return [self.value]

    def get_config(self):
        return {"name": self.name, "value": self.value, "conditions": self.conditions}


for _cls in (HyperParameter, Int, Float, Choice, Boolean, Fixed):
    _cls.__module__ = "kbackend.tuner.hyperparameters"

HP_CLASSES = {cls.__name__: cls for cls in (Int, Float, Choice, Boolean, Fixed)}
