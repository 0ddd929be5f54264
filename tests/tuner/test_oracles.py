"""Oracles without training: grid enumeration, the Hyperband schedule, retries, saving."""

import itertools
import math

import numpy as np
import pytest

from kbackend.tuner import HyperParameters, Objective, TrialStatus
from kbackend.tuner.errors import FatalValueError
from kbackend.tuner.objective import create_objective
from kbackend.tuner.oracles import (
    BayesianOptimizationOracle,
    GridSearchOracle,
    HyperbandOracle,
    RandomSearchOracle,
)


def _run(oracle, score_fn, limit=200):
    """Drives an oracle like a tuner; returns the trials in creation order."""
    created = []
    for _ in range(limit):
        trial = oracle.create_trial("tuner0")
        if trial.status == TrialStatus.STOPPED:
            return created
        trial.score = score_fn(trial.hyperparameters.values)
        trial.status = TrialStatus.COMPLETED
        oracle.end_trial(trial)
        created.append(trial)
    raise AssertionError("the oracle never stopped")


def test_objective_direction_inference():
    assert create_objective("val_accuracy") == Objective("val_accuracy", "max")
    assert create_objective("val_loss").direction == "min"
    assert create_objective("mean_absolute_error").direction == "min"
    assert create_objective(None).name == "val_loss"
    with pytest.raises(ValueError, match="direction"):
        create_objective("val_my_metric")
    with pytest.raises(ValueError, match="'min' or 'max'"):
        Objective("x", "up")


def test_grid_search_enumerates_the_grid_exactly_once():
    hps = HyperParameters()
    hps.Choice("a", [1, 2, 3])
    hps.Boolean("b")
    with hps.conditional_scope("a", [3]):
        hps.Int("c", 0, 1)
    oracle = GridSearchOracle(objective="loss", hyperparameters=hps)
    trials = _run(oracle, lambda v: 0.0)
    seen = [tuple((k, v[k]) for k in ("a", "b", "c") if k in v and (k != "c" or v["a"] == 3))
            for v in (t.hyperparameters.values for t in trials)]
    expected = [(("a", a), ("b", b)) for a, b in itertools.product([1, 2], [False, True])]
    expected += [(("a", 3), ("b", b), ("c", c))
                 for b, c in itertools.product([False, True], [0, 1])]
    assert sorted(seen) == sorted(expected)
    assert len(seen) == len(set(seen)) == 8


def test_random_search_is_seeded_and_stops_at_max_trials():
    def values(seed):
        hps = HyperParameters()
        hps.Int("units", 8, 256, step=8)
        hps.Float("lr", 1e-4, 1e-1, sampling="log")
        oracle = RandomSearchOracle(objective="val_loss", max_trials=5, seed=seed,
                                    hyperparameters=hps)
        return [t.hyperparameters.values for t in _run(oracle, lambda v: v["lr"])]

    first = values(7)
    assert len(first) == 5 and first == values(7) and first != values(8)
    assert all(8 <= v["units"] <= 256 and 1e-4 <= v["lr"] <= 1e-1 for v in first)


def test_random_search_stops_when_the_space_is_exhausted():
    hps = HyperParameters()
    hps.Choice("x", ["a", "b"])
    oracle = RandomSearchOracle(objective="loss", max_trials=10, seed=0, hyperparameters=hps)
    assert sorted(t.hyperparameters.values["x"] for t in _run(oracle, lambda v: 0.0)) == [
        "a", "b"]


# Hand-computed for max_epochs=9, factor=3 (Note [hyperband schedule]): per bracket, in run
# order, (trials, epochs) per round.
HYPERBAND_9_3 = [[(9, 1), (3, 3), (1, 9)], [(5, 3), (2, 9)], [(3, 9)]]


def test_hyperband_schedule_table():
    oracle = HyperbandOracle(objective="val_loss", max_epochs=9, factor=3)
    assert oracle.get_schedule() == HYPERBAND_9_3
    assert HyperbandOracle(max_epochs=2, factor=3).get_schedule() == [[(2, 2)]]


def test_hyperband_runs_the_schedule_and_promotes_the_best():
    hps = HyperParameters()
    hps.Float("x", 0.0, 1.0)
    oracle = HyperbandOracle(objective="val_loss", max_epochs=9, factor=3, seed=0,
                             hyperparameters=hps, hyperband_iterations=2)
    trials = _run(oracle, lambda v: abs(v["x"] - 0.5))
    assert len(trials) == 2 * sum(n for bracket in HYPERBAND_9_3 for n, _ in bracket)
    by_id = {t.trial_id: t for t in trials}
    counts = {}
    for trial in trials[:23]:
        values = trial.hyperparameters.values
        key = (values["tuner/bracket"], values["tuner/round"])
        counts[key] = counts.get(key, 0) + 1
        bracket = HYPERBAND_9_3[2 - key[0]]
        assert values["tuner/epochs"] == bracket[key[1]][1]
        if key[1] == 0:
            assert values["tuner/initial_epoch"] == 0 and "tuner/trial_id" not in values
        else:
            past = by_id[values["tuner/trial_id"]].hyperparameters.values
            assert values["tuner/initial_epoch"] == bracket[key[1] - 1][1]
            assert past["tuner/round"] == key[1] - 1 and past["x"] == values["x"]
    assert counts == {(b, r): HYPERBAND_9_3[2 - b][r][0] for b in range(3) for r in range(b + 1)}
    # round 1 of bracket 2 trains exactly the 3 best of its 9 round-0 trials
    round0 = [t for t in trials[:9]]
    best3 = sorted(round0, key=lambda t: t.score)[:3]
    promoted = [t.hyperparameters.values["tuner/trial_id"] for t in trials[9:12]]
    assert promoted == [t.trial_id for t in best3]


def test_bayesian_optimization_finds_the_minimum():
    hps = HyperParameters()
    hps.Float("x", 0.0, 1.0)
    oracle = BayesianOptimizationOracle(objective=Objective("score", "min"), max_trials=12,
                                        num_initial_points=3, seed=0, hyperparameters=hps)
    trials = _run(oracle, lambda v: (v["x"] - 0.7) ** 2)
    assert len(trials) == 12
    best = oracle.get_best_trials(1)[0]
    assert abs(best.hyperparameters.values["x"] - 0.7) < 0.05
    # the GP-chosen trials land closer to the optimum than random ones do on average
    gp_distances = [abs(t.hyperparameters.values["x"] - 0.7) for t in trials[3:]]
    assert np.median(gp_distances) < 0.15


def test_retries_then_failure_then_consecutive_failure_limit():
    hps = HyperParameters()
    hps.Float("x", 0.0, 1.0)
    oracle = RandomSearchOracle(objective="loss", max_trials=10, seed=0, hyperparameters=hps,
                                max_retries_per_trial=1, max_consecutive_failed_trials=2)
    trial = oracle.create_trial()
    trial.status = TrialStatus.INVALID
    oracle.end_trial(trial)
    retried = oracle.create_trial()
    assert retried.trial_id == trial.trial_id and retried.retries == 1
    retried.status = TrialStatus.INVALID
    oracle.end_trial(retried)
    assert oracle.trials[trial.trial_id].status == TrialStatus.FAILED
    second = oracle.create_trial()
    assert second.trial_id != trial.trial_id
    second.status, second.message = TrialStatus.FAILED, "boom"
    with pytest.raises(RuntimeError, match="consecutive failures exceeded the limit of 2"):
        oracle.end_trial(second)


def test_oracle_state_saves_and_reloads(tmp_path):
    def make():
        hps = HyperParameters()
        hps.Int("n", 1, 50)
        return HyperbandOracle(objective="val_loss", max_epochs=3, factor=3, seed=1,
                               hyperparameters=hps)

    oracle = make()
    oracle._set_project_dir(str(tmp_path))
    first = _run(oracle, lambda v: float(v["n"]), limit=200)
    reloaded = make()
    reloaded._set_project_dir(str(tmp_path), overwrite=False)
    assert list(reloaded.trials) == [t.trial_id for t in first]
    assert reloaded.get_best_trials(1)[0].score == oracle.get_best_trials(1)[0].score
    assert reloaded.create_trial().status == TrialStatus.STOPPED
    assert math.isclose(reloaded.get_best_trials(1)[0].score, min(t.score for t in first))


def test_new_entries_policy():
    declared = HyperParameters()
    declared.Int("units", 1, 4)
    built = HyperParameters()
    built.Int("units", 1, 4)
    built.Float("lr", 1e-3, 1e-1, sampling="log")

    strict = RandomSearchOracle(objective="loss", hyperparameters=declared,
                                allow_new_entries=False)
    with pytest.raises(FatalValueError, match="allow_new_entries"):
        strict.update_space(built)

    frozen = RandomSearchOracle(objective="loss", hyperparameters=declared,
                                tune_new_entries=False, seed=0)
    frozen.update_space(built)
    assert [type(hp).__name__ for hp in frozen.hyperparameters.space] == ["Int", "Fixed"]
    trials = _run(frozen, lambda v: 0.0)
    assert {t.hyperparameters.values["lr"] for t in trials} == {1e-3}
    assert len(trials) == 4  # the 4 values of "units", then the space is exhausted
