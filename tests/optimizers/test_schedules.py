"""Learning rate schedules against their formulas, and serialization."""

import math

import numpy as np
import pytest

from kbackend import ops
from kbackend.optimizers import schedules

STEPS = [0, 1, 5, 10, 17, 40]


def _values(schedule):
    return [float(ops.convert_to_numpy(schedule(step))) for step in STEPS]


def cosine_restarts(step, lr=1.0, first=10, t_mul=2.0, m_mul=0.5, alpha=0.1):
    start, length, i = 0, first, 0
    while step >= start + length:
        start, length, i = start + length, length * t_mul, i + 1
    frac = (step - start) / length
    return lr * ((1 - alpha) * 0.5 * m_mul**i * (1 + math.cos(math.pi * frac)) + alpha)


def cosine(step, lr=0.5, decay=20, alpha=0.1, target=None, warmup=0):
    if target is None:
        s = min(step, decay)
        return lr * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * s / decay)) + alpha)
    s = min(step, decay + warmup)
    if s < warmup:
        return lr + (target - lr) * s / warmup
    s -= warmup
    return target * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * s / decay)) + alpha)


def polynomial_cycle(step, lr=1.0, decay=8, end=0.1, power=2.0):
    mult = 1 if step == 0 else math.ceil(step / decay)
    return (lr - end) * (1 - step / (decay * mult)) ** power + end


CASES = {
    "exponential": (schedules.ExponentialDecay(1.0, 10, 0.5),
                    lambda s: 0.5 ** (s / 10)),
    "exponential_staircase": (schedules.ExponentialDecay(1.0, 10, 0.5, staircase=True),
                              lambda s: 0.5 ** (s // 10)),
    "inverse_time": (schedules.InverseTimeDecay(1.0, 5, 0.5),
                     lambda s: 1.0 / (1 + 0.5 * s / 5)),
    "inverse_time_staircase": (schedules.InverseTimeDecay(1.0, 5, 0.5, staircase=True),
                               lambda s: 1.0 / (1 + 0.5 * (s // 5))),
    "piecewise": (schedules.PiecewiseConstantDecay([5, 17], [1.0, 0.5, 0.1]),
                  lambda s: 1.0 if s <= 5 else (0.5 if s <= 17 else 0.1)),
    "polynomial": (schedules.PolynomialDecay(1.0, 20, end_learning_rate=0.1, power=2.0),
                   lambda s: (1.0 - 0.1) * (1 - min(s, 20) / 20) ** 2 + 0.1),
    "polynomial_cycle": (schedules.PolynomialDecay(1.0, 8, 0.1, power=2.0, cycle=True),
                         polynomial_cycle),
    "cosine": (schedules.CosineDecay(0.5, 20, alpha=0.1), cosine),
    "cosine_warmup": (schedules.CosineDecay(0.0, 20, alpha=0.1, warmup_target=0.5,
                                            warmup_steps=10),
                      lambda s: cosine(s, lr=0.0, target=0.5, warmup=10)),
    "cosine_restarts": (schedules.CosineDecayRestarts(1.0, 10, t_mul=2.0, m_mul=0.5,
                                                      alpha=0.1), cosine_restarts),
    "cosine_restarts_tmul1": (
        schedules.CosineDecayRestarts(1.0, 10, t_mul=1.0, m_mul=0.5, alpha=0.1),
        lambda s: 1.0 * ((1 - 0.1) * 0.5 * 0.5 ** (s // 10)
                         * (1 + math.cos(math.pi * (s % 10) / 10)) + 0.1)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_schedule_matches_formula(case):
    schedule, formula = CASES[case]
    np.testing.assert_allclose(_values(schedule), [formula(s) for s in STEPS],
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", sorted(CASES))
def test_schedule_round_trip(case):
    schedule, _ = CASES[case]
    restored = schedules.deserialize(schedules.serialize(schedule))
    assert type(restored) is type(schedule)
    assert restored.get_config() == schedule.get_config()
    np.testing.assert_allclose(_values(restored), _values(schedule))


def test_schedule_accepts_step_tensor():
    schedule = schedules.ExponentialDecay(1.0, 1, 0.5)
    value = schedule(ops.convert_to_tensor(2, dtype="int64"))
    assert abs(float(ops.convert_to_numpy(value)) - 0.25) < 1e-7


def test_piecewise_validates_lengths():
    with pytest.raises(ValueError, match="boundaries"):
        schedules.PiecewiseConstantDecay([1, 2], [1.0])
