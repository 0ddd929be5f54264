"""Cosine decay (with optional linear warmup) and cosine decay with warm restarts (SGDR)."""

import math

from kbackend import ops
from kbackend.backends.common.config import floatx
from kbackend.optimizers.schedules.learning_rate_schedule import LearningRateSchedule


def _as_float(step):
    return ops.cast(ops.convert_to_tensor(step), floatx())


class CosineDecay(LearningRateSchedule):
    """Cosine decay, optionally after a linear warmup.

    Without warmup: ``lr(step) = initial * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps))
    + alpha)`` with ``s = min(step, decay_steps)``. With ``warmup_target``, the rate first rises
    linearly from ``initial_learning_rate`` to ``warmup_target`` over ``warmup_steps``, then
    decays from ``warmup_target`` the same way.

    Args:
        initial_learning_rate: the starting rate.
        decay_steps: the number of decay steps (after warmup).
        alpha: the minimum rate as a fraction of the decayed-from rate.
        name: the schedule's name.
        warmup_target: the rate reached at the end of warmup (None: no warmup).
        warmup_steps: the number of warmup steps.

    Returns:
        Calling the schedule with a step gives the learning rate (a scalar tensor).

    Example:
    >>> from kbackend import ops
    >>> s = CosineDecay(1.0, decay_steps=10)
    >>> round(float(ops.convert_to_numpy(s(5))), 4)
    0.5
    """

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        if decay_steps <= 0:
            raise ValueError(
                f"`decay_steps` must be > 0. Received: decay_steps={decay_steps}."
            )
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def _decay(self, step, rate):
        fraction = ops.divide(step, ops.cast(self.decay_steps, floatx()))
        cosine = ops.multiply(0.5, ops.add(1.0, ops.cos(ops.multiply(math.pi, fraction))))
        decayed = ops.add(ops.multiply(1.0 - self.alpha, cosine), self.alpha)
        return ops.multiply(decayed, ops.cast(rate, floatx()))

    def __call__(self, step):
        step = _as_float(step)
        if self.warmup_target is None:
            step = ops.minimum(step, ops.cast(self.decay_steps, floatx()))
            return self._decay(step, self.initial_learning_rate)
        warmup_steps = float(self.warmup_steps)
        step = ops.minimum(step, ops.cast(self.decay_steps + warmup_steps, floatx()))
        initial = ops.cast(self.initial_learning_rate, floatx())
        target = ops.cast(self.warmup_target, floatx())
        fraction = ops.divide(step, max(warmup_steps, 1.0))
        warmup = ops.add(initial, ops.multiply(ops.subtract(target, initial), fraction))
        decayed = self._decay(ops.subtract(step, warmup_steps), self.warmup_target)
        return ops.where(ops.less(step, warmup_steps), warmup, decayed)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR, Loshchilov & Hutter 2017).

    The i-th period lasts ``first_decay_steps * t_mul ** i`` steps and starts from
    ``initial_learning_rate * m_mul ** i``.

    Args:
        initial_learning_rate: the starting rate.
        first_decay_steps: the length of the first period.
        t_mul: the factor by which each period is longer than the previous one.
        m_mul: the factor by which each restart's rate is smaller than the previous one.
        alpha: the minimum rate as a fraction of ``initial_learning_rate``.
        name: the schedule's name.

    Returns:
        Calling the schedule with a step gives the learning rate (a scalar tensor).

    Example:
    >>> from kbackend import ops
    >>> s = CosineDecayRestarts(1.0, first_decay_steps=10)
    >>> round(float(ops.convert_to_numpy(s(10))), 4)
    1.0
    """

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
                 alpha=0.0, name="SGDRDecay"):
        if first_decay_steps <= 0:
            raise ValueError(
                "`first_decay_steps` must be > 0. Received: "
                f"first_decay_steps={first_decay_steps}."
            )
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self.t_mul = t_mul
        self.m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def __call__(self, step):
        fraction = ops.divide(_as_float(step), ops.cast(self.first_decay_steps, floatx()))
        if self.t_mul == 1.0:
            restart = ops.floor(fraction)
            fraction = ops.subtract(fraction, restart)
        else:
            t_mul = float(self.t_mul)
            restart = ops.floor(ops.divide(
                ops.log(ops.subtract(1.0, ops.multiply(fraction, 1.0 - t_mul))),
                math.log(t_mul),
            ))
            t_pow = ops.power(ops.cast(t_mul, floatx()), restart)
            restart_sum = ops.divide(ops.subtract(1.0, t_pow), 1.0 - t_mul)
            fraction = ops.divide(ops.subtract(fraction, restart_sum), t_pow)
        m_factor = ops.power(ops.cast(self.m_mul, floatx()), restart)
        cosine = ops.multiply(
            ops.multiply(0.5, m_factor), ops.add(1.0, ops.cos(ops.multiply(math.pi, fraction)))
        )
        decayed = ops.add(ops.multiply(1.0 - self.alpha, cosine), self.alpha)
        return ops.multiply(ops.cast(self.initial_learning_rate, floatx()), decayed)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self.t_mul,
            "m_mul": self.m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }
