"""Exponential, inverse-time, piecewise-constant and polynomial decay (Keras 3 formulas)."""

from kbackend import ops
from kbackend.backends.common.config import floatx
from kbackend.optimizers.schedules.learning_rate_schedule import LearningRateSchedule


def _as_float(step):
    return ops.cast(ops.convert_to_tensor(step), floatx())


class ExponentialDecay(LearningRateSchedule):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)``.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: the number of steps per factor of ``decay_rate``.
        decay_rate: the decay factor.
        staircase: if True, ``step / decay_steps`` is floored (decay in discrete jumps).
        name: the schedule's name.

    Returns:
        Calling the schedule with a step gives the learning rate (a scalar tensor).

    Example:
    >>> from kbackend import ops
    >>> s = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    >>> round(float(ops.convert_to_numpy(s(10))), 4)
    0.05
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        if decay_steps <= 0:
            raise ValueError(
                f"`decay_steps` must be > 0. Received: decay_steps={decay_steps}."
            )
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        p = ops.divide(_as_float(step), ops.cast(self.decay_steps, floatx()))
        if self.staircase:
            p = ops.floor(p)
        rate = ops.cast(self.decay_rate, floatx())
        return ops.multiply(ops.cast(self.initial_learning_rate, floatx()), ops.power(rate, p))

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class InverseTimeDecay(LearningRateSchedule):
    """``initial_learning_rate / (1 + decay_rate * step / decay_steps)``.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: how often to apply the decay.
        decay_rate: the decay rate.
        staircase: if True, ``step / decay_steps`` is floored.
        name: the schedule's name.

    Returns:
        Calling the schedule with a step gives the learning rate (a scalar tensor).

    Example:
    >>> from kbackend import ops
    >>> s = InverseTimeDecay(0.1, decay_steps=1, decay_rate=1.0)
    >>> round(float(ops.convert_to_numpy(s(1))), 4)
    0.05
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        p = ops.divide(_as_float(step), ops.cast(self.decay_steps, floatx()))
        if self.staircase:
            p = ops.floor(p)
        denominator = ops.add(1.0, ops.multiply(ops.cast(self.decay_rate, floatx()), p))
        return ops.divide(ops.cast(self.initial_learning_rate, floatx()), denominator)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class PiecewiseConstantDecay(LearningRateSchedule):
    """A constant learning rate on each interval between ``boundaries``.

    ``values[0]`` for ``step <= boundaries[0]``, ``values[i]`` for
    ``boundaries[i-1] < step <= boundaries[i]``, and ``values[-1]`` after the last boundary.

    Args:
        boundaries: increasing list of step boundaries.
        values: list of ``len(boundaries) + 1`` learning rates.
        name: the schedule's name.

    Returns:
        Calling the schedule with a step gives the learning rate (a scalar tensor).

    Example:
    >>> from kbackend import ops
    >>> s = PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
    >>> [round(float(ops.convert_to_numpy(s(x))), 4) for x in (10, 11, 25)]
    [1.0, 0.5, 0.1]
    """

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of `boundaries` should be 1 less than the length of `values`. "
                f"Received: boundaries of length {len(boundaries)} and values of length "
                f"{len(values)}."
            )
        self.boundaries = list(boundaries)
        self.values = list(values)
        self.name = name

    def __call__(self, step):
        step = _as_float(step)
        result = ops.convert_to_tensor(self.values[-1], dtype=floatx())
        # Walk the intervals from the last to the first so the earliest match wins.
        for boundary, value in reversed(list(zip(self.boundaries, self.values[:-1]))):
            result = ops.where(
                ops.less_equal(step, ops.cast(boundary, floatx())),
                ops.convert_to_tensor(value, dtype=floatx()), result,
            )
        return result

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """Polynomial decay from ``initial_learning_rate`` to ``end_learning_rate``.

    ``(initial - end) * (1 - step / decay_steps) ** power + end``, with the step capped at
    ``decay_steps``; with ``cycle=True`` ``decay_steps`` grows to the next multiple instead.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: the number of steps to reach ``end_learning_rate``.
        end_learning_rate: the final rate.
        power: the polynomial's power.
        cycle: whether to restart beyond ``decay_steps``.
        name: the schedule's name.

    Returns:
        Calling the schedule with a step gives the learning rate (a scalar tensor).

    Example:
    >>> from kbackend import ops
    >>> s = PolynomialDecay(1.0, decay_steps=10, end_learning_rate=0.0)
    >>> round(float(ops.convert_to_numpy(s(5))), 4)
    0.5
    """

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001,
                 power=1.0, cycle=False, name="PolynomialDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        step = _as_float(step)
        decay_steps = ops.cast(self.decay_steps, floatx())
        if self.cycle:
            multiplier = ops.where(
                ops.equal(step, 0), ops.ones_like(step), ops.ceil(ops.divide(step, decay_steps))
            )
            decay_steps = ops.multiply(decay_steps, multiplier)
        else:
            step = ops.minimum(step, decay_steps)
        p = ops.divide(step, decay_steps)
        initial = ops.cast(self.initial_learning_rate, floatx())
        end = ops.cast(self.end_learning_rate, floatx())
        return ops.add(
            ops.multiply(ops.subtract(initial, end),
                         ops.power(ops.subtract(1.0, p), ops.cast(self.power, floatx()))),
            end,
        )

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }
