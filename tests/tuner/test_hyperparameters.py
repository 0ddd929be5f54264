"""HyperParameters: ranges, steps, sampling laws, conditions, config round trip."""

import numpy as np
import pytest

from kbackend.tuner import HyperParameters
from kbackend.tuner.hyperparameters import Boolean, Choice, Fixed, Float, Int


def _draw(hp, n=400, seed=0):
    rng = np.random.default_rng(seed)
    return [hp.random_sample(rng) for _ in range(n)]


def test_int_with_step_covers_exactly_the_grid():
    hp = Int("units", min_value=32, max_value=512, step=32)
    samples = _draw(hp)
    assert set(samples) == set(range(32, 513, 32))
    assert all(isinstance(v, int) for v in samples)
    assert hp.grid_values() == list(range(32, 513, 32))


def test_int_log_step_multiplies():
    hp = Int("n", 1, 1000, step=10, sampling="log")
    assert hp.grid_values() == [1, 10, 100, 1000]
    assert set(_draw(hp)) == {1, 10, 100, 1000}


def test_float_log_sampling_is_log_uniform():
    hp = Float("lr", 1e-4, 1e-2, sampling="log")
    samples = np.array(_draw(hp, n=2000))
    assert samples.min() >= 1e-4 and samples.max() <= 1e-2
    # log10 is uniform on [-4, -2]: mean -3, variance 4/12.
    np.testing.assert_allclose(np.log10(samples).mean(), -3.0, atol=0.05)
    np.testing.assert_allclose(np.log10(samples).var(), 4 / 12, atol=0.03)


def test_reverse_log_sampling_crowds_the_top():
    hp = Float("momentum", 0.1, 0.99, sampling="reverse_log")
    samples = np.array(_draw(hp, n=2000))
    assert samples.min() >= 0.1 and samples.max() <= 0.99
    # mirror image of log sampling: (0.1 + 0.99 - x) is log-uniform on [0.1, 0.99]
    mirrored = np.log(0.1 + 0.99 - samples)
    np.testing.assert_allclose(mirrored.mean(), (np.log(0.1) + np.log(0.99)) / 2, atol=0.05)


def test_linear_float_step_and_seeded_draws():
    hp = Float("rate", 0.0, 1.0, step=0.25)
    assert hp.grid_values() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert _draw(hp, seed=3) == _draw(hp, seed=3)
    continuous = Float("x", -1.0, 1.0)
    samples = np.array(_draw(continuous, n=2000))
    np.testing.assert_allclose(samples.mean(), 0.0, atol=0.05)
    with pytest.raises(ValueError, match="step"):
        continuous.grid_values()


def test_prob_value_round_trip():
    for hp in (Int("a", 1, 100, sampling="log"), Float("b", 0.5, 4.0),
               Float("c", 1e-3, 1.0, sampling="reverse_log")):
        for prob in (0.1, 0.5, 0.9):
            value = hp.prob_to_value(prob)
            assert hp.prob_to_value(hp.value_to_prob(value)) == pytest.approx(value, rel=0.05)


def test_choice_boolean_fixed():
    assert Choice("act", ["relu", "tanh"]).default == "relu"
    assert Choice("lr", [1e-2, 1e-3]).ordered
    assert not Choice("act", ["relu", "tanh"]).ordered
    assert set(_draw(Choice("act", ["a", "b", "c"]))) == {"a", "b", "c"}
    assert set(_draw(Boolean("flag"))) == {False, True}
    assert _draw(Fixed("f", 7), n=5) == [7] * 5


@pytest.mark.parametrize("make, error, match", [
    (lambda: Int("n", 5, 1), ValueError, "min_value=5"),
    (lambda: Float("x", 0.0, 1.0, sampling="log"), ValueError, "min_value > 0"),
    (lambda: Int("n", 1, 5, sampling="cubic"), ValueError, "linear"),
    (lambda: Choice("c", []), ValueError, "empty"),
    (lambda: Choice("c", [1, "a"]), TypeError, "one type"),
    (lambda: Choice("c", [1, 2], default=3), ValueError, "not one of"),
    (lambda: Int("n", 1, 5, default=9), ValueError, "outside"),
])
def test_invalid_definitions(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_define_by_run_returns_current_values():
    hp = HyperParameters()
    assert hp.Int("units", min_value=32, max_value=512, step=32) == 32
    assert hp.Choice("learning_rate", values=[1e-2, 1e-3, 1e-4]) == 1e-2
    assert hp.Float("dropout", 0.0, 0.5, default=0.25) == 0.25
    assert hp.Boolean("bn") is False
    assert hp.Fixed("epochs", 3) == 3
    hp.values["units"] = 64
    assert hp.Int("units", min_value=32, max_value=512, step=32) == 64  # declared once
    assert hp.get("units") == 64 and hp["learning_rate"] == 1e-2
    assert [p.name for p in hp.space] == ["units", "learning_rate", "dropout", "bn", "epochs"]
    with pytest.raises(KeyError, match="units"):
        hp.get("unit")


def test_conditional_scope():
    hp = HyperParameters()
    kind = hp.Choice("kind", ["mlp", "cnn"])
    with hp.conditional_scope("kind", ["cnn"]):
        filters = hp.Int("filters", 8, 32, step=8)
    assert kind == "mlp" and filters is None
    assert not hp.is_active("filters") and hp.get("filters") is None
    hp.values["kind"] = "cnn"
    assert hp.is_active("filters") and hp.get("filters") == 8
    # the parent_name / parent_values arguments are the same condition
    hp.values["kind"] = "mlp"
    assert hp.Int("layers", 1, 3, parent_name="kind", parent_values=["mlp"]) == 1
    assert [p.name for p in hp.active_space()] == ["kind", "layers"]
    with pytest.raises(ValueError, match="does not exist"):
        with hp.conditional_scope("missing", [1]):
            pass


def test_config_round_trip():
    hp = HyperParameters()
    hp.Int("units", 8, 64, step=8)
    hp.Float("lr", 1e-4, 1e-1, sampling="log")
    hp.Choice("kind", ["a", "b"])
    with hp.conditional_scope("kind", "b"):
        hp.Boolean("extra")
    hp.Fixed("seed", 1)
    hp.values["units"] = 16
    restored = HyperParameters.from_config(hp.get_config())
    assert restored.get_config() == hp.get_config()
    assert restored.get("units") == 16 and restored.get("extra") is None
