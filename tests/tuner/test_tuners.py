"""Tuners end to end: search, best models from checkpoints, reload, Hyperband, errors."""

import numpy as np
import pytest

import kbackend as keras
from kbackend import tuner as kt


def _data(n=64):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]], "float32")).astype("float32")
    return x, y


class _Regressor(kt.HyperModel):
    """A linear model; counts builds and fits, records the epochs fit was asked for."""

    def __init__(self):
        super().__init__()
        self.fits = []

    def build(self, hp):
        # zero initial weights: lr=1e-6 stays at mean(y**2), lr=0.1 learns, on every engine
        model = keras.Sequential([keras.Input((3,)),
                                  keras.layers.Dense(1, kernel_initializer="zeros")])
        model.compile(optimizer=keras.optimizers.Adam(hp.Choice("lr", [1e-6, 0.1])),
                      loss="mse")
        return model

    def fit(self, hp, model, *args, **kwargs):
        self.fits.append((hp.values["lr"], kwargs.get("epochs"), kwargs.get("initial_epoch", 0)))
        return model.fit(*args, **kwargs)


@pytest.mark.requires_trainable_backend
def test_grid_search_picks_the_better_setting_and_reloads(tmp_path):
    x, y = _data()
    hypermodel = _Regressor()
    tuner = kt.GridSearch(hypermodel, objective="val_loss", directory=str(tmp_path),
                          project_name="grid", executions_per_trial=2)
    tuner.search(x, y, epochs=4, batch_size=16, validation_split=0.25, verbose=0)
    assert sorted(lr for lr, _, _ in hypermodel.fits) == [1e-6, 1e-6, 0.1, 0.1]
    best_hps = tuner.get_best_hyperparameters(num_trials=1)[0]
    assert best_hps.get("lr") == 0.1
    best_trial = tuner.oracle.get_best_trials(1)[0]
    assert (tmp_path / "grid" / f"trial_{best_trial.trial_id}" / "checkpoint.weights.h5").exists()

    # the best model holds its trial's best-epoch weights (over both executions)
    models = tuner.get_best_models(num_models=2)
    assert len(models) == 2
    mse = float(np.mean((np.asarray(models[0].predict(x[48:], verbose=0)) - y[48:]) ** 2))
    assert tuner.oracle.objective.best([mse, best_trial.score]) == pytest.approx(mse, rel=1e-3)
    per_execution = [t for t in tuner.oracle.get_best_trials(2)]
    assert per_execution[0].score < per_execution[1].score

    # overwrite=False reloads the finished search: nothing runs again
    again = _Regressor()
    reloaded = kt.GridSearch(again, objective="val_loss", directory=str(tmp_path),
                             project_name="grid")
    reloaded.search(x, y, epochs=4, validation_split=0.25, verbose=0)
    assert again.fits == []
    assert reloaded.get_best_hyperparameters()[0].values == best_hps.values
    # overwrite=True starts afresh
    fresh = kt.GridSearch(again, objective="val_loss", directory=str(tmp_path),
                          project_name="grid", overwrite=True, max_trials=1)
    fresh.search(x, y, epochs=1, validation_split=0.25, verbose=0)
    assert len(again.fits) == 1


@pytest.mark.requires_trainable_backend
def test_hyperband_passes_epochs_and_resumes_from_checkpoints(tmp_path, capsys):
    x, y = _data(32)
    hypermodel = _Regressor()
    tuner = kt.Hyperband(hypermodel, objective="val_loss", max_epochs=3, factor=3, seed=0,
                         directory=str(tmp_path), project_name="hb")
    tuner.search(x, y, epochs=50, validation_split=0.25, verbose=0)
    # max_epochs=3, factor=3 plans 3 x 1 epoch then 1 x 3 epochs, then 2 x 3 epochs; the
    # space holds only 2 settings, so round 0 closes after 2 trials and the search ends
    # when bracket 0 cannot draw a new setting.
    assert [(e, i) for _, e, i in hypermodel.fits] == [(1, 0), (1, 0), (3, 1)]
    first, second, promoted = tuner.oracle.trials.values()
    best = min((first, second), key=lambda t: t.score)
    assert promoted.hyperparameters.get("tuner/trial_id") == best.trial_id
    assert promoted.hyperparameters.get("lr") == best.hyperparameters.get("lr")
    # resumed from the checkpoint: its first epoch starts where the best trial ended
    assert promoted.score <= best.score + 1e-6
    tuner.results_summary()
    tuner.search_space_summary()
    out = capsys.readouterr().out
    assert "Results summary" in out and "lr (Choice)" in out and "Score:" in out


def test_run_trial_override_and_bayesian_search(tmp_path):
    class QuadraticTuner(kt.BayesianOptimization):
        def run_trial(self, trial, *args, **kwargs):
            return (trial.hyperparameters.Float("x", -1.0, 1.0) - 0.25) ** 2

    tuner = QuadraticTuner(objective=kt.Objective("score", "min"), max_trials=10,
                           num_initial_points=3, seed=0, directory=str(tmp_path))
    tuner.search(verbose=0)
    best = tuner.get_best_hyperparameters()[0].get("x")
    assert abs(best - 0.25) < 0.1
    assert len(tuner.oracle.trials) == 10


class _Failing(kt.RandomSearch):
    def __init__(self, error, **kwargs):
        self.error, self.calls = error, []
        super().__init__(objective=kt.Objective("score", "min"), seed=0, **kwargs)

    def run_trial(self, trial, *args, **kwargs):
        x = trial.hyperparameters.Float("x", 0.0, 1.0)
        self.calls.append(trial.trial_id)
        if self.error is not None and len(self.calls) <= 2:
            raise self.error
        return x


@pytest.mark.parametrize("error, retries, expected_calls, statuses", [
    (kt.errors.FailedTrialError("bad setting"), 2, ["0", "1", "2"],
     ["FAILED", "FAILED", "COMPLETED"]),
    (ValueError("flaky"), 2, ["0", "0", "0"], ["COMPLETED"]),
    (ValueError("flaky"), 0, ["0", "1", "2"], ["FAILED", "FAILED", "COMPLETED"]),
])
def test_retry_semantics(tmp_path, error, retries, expected_calls, statuses):
    tuner = _Failing(error, max_trials=3 if len(statuses) == 3 else 1,
                     max_retries_per_trial=retries, directory=str(tmp_path))
    tuner.search(verbose=0)
    assert tuner.calls == expected_calls
    assert [t.status for t in tuner.oracle.trials.values()] == statuses


@pytest.mark.parametrize("error", [kt.errors.FatalValueError("stop"), kt.errors.FatalError("x"),
                                   kt.errors.FatalRuntimeError("y")])
def test_fatal_errors_stop_the_search(tmp_path, error):
    tuner = _Failing(error, max_trials=3, directory=str(tmp_path))
    with pytest.raises(type(error)):
        tuner.search(verbose=0)
    assert tuner.calls == ["0"]


def test_consecutive_failures_stop_the_search(tmp_path):
    tuner = _Failing(ValueError("always"), max_trials=5, max_consecutive_failed_trials=2,
                     directory=str(tmp_path))
    with pytest.raises(RuntimeError, match="limit of 2"):
        tuner.search(verbose=0)
    assert tuner.calls == ["0", "1"]


def test_tuner_argument_errors(tmp_path):
    with pytest.raises(ValueError, match="hypermodel=None"):
        kt.RandomSearch(objective="val_loss", directory=str(tmp_path))
    with pytest.raises(TypeError, match="hypermodel"):
        kt.RandomSearch(hypermodel=3, objective="val_loss", directory=str(tmp_path))
    with pytest.raises(ValueError, match="factor"):
        kt.Hyperband(lambda hp: None, objective="val_loss", factor=1, directory=str(tmp_path))


def test_missing_objective_is_fatal_and_names_the_logged_metrics(tmp_path):
    class DictTuner(kt.RandomSearch):
        def run_trial(self, trial, *args, **kwargs):
            trial.hyperparameters.Int("n", 1, 3)
            return {"loss": 1.0}

    tuner = DictTuner(objective="val_accuracy", max_trials=2, directory=str(tmp_path))
    with pytest.raises(kt.errors.FatalValueError, match=r"val_accuracy.*\['loss'\]"):
        tuner.search(verbose=0)


def test_lazy_attribute_of_the_package():
    assert keras.tuner is kt
