"""`Tuner`: runs an oracle's trials by building and fitting models, and keeps the best.

Note [one trial]: for each trial the tuner builds ``executions_per_trial`` fresh models with
the trial's hyperparameters and fits each with what `search` received (the user's callbacks
are copied per execution). A callback saves the weights of the best epoch seen over all
executions to ``<directory>/<project_name>/trial_<id>/checkpoint.weights.h5``. The trial's
score is the best epoch value of the objective in each execution, averaged over executions;
`get_best_models` rebuilds the best trials' models and loads those checkpoints. A
`run_trial` override may return a float (the score), a dict of metric values, a `History`,
or a list of those (averaged).
"""

import copy
import json
import os
import shutil
import traceback

from kbackend.callbacks import Callback
from kbackend.tuner.errors import FailedTrialError, FatalError
from kbackend.tuner.hypermodel import get_hypermodel
from kbackend.tuner.trial import TrialStatus

__all__ = ["Tuner"]

_CHECKPOINT = "checkpoint.weights.h5"
_MAX_SPACE_BUILDS = 20


class _SaveBestEpoch(Callback):
    """Saves the model's weights whenever the objective beats the trial's best so far."""

    def __init__(self, objective, filepath):
        super().__init__()
        self.objective, self.filepath, self.best = objective, filepath, None

    def on_epoch_end(self, epoch, logs=None):
        try:
            value = self.objective.get_value(logs or {})
        except FatalError:
            return  # reported (with the logged names) when the trial's score is read
        if self.best is None or self.objective.better_than(value, self.best):
            self.best = value
            self.model.save_weights(self.filepath)


class Tuner:
    """Base class of the tuners: runs trials chosen by an `Oracle` (Note [one trial]).

    Args:
        oracle: the `Oracle` that chooses values.
        hypermodel: a `HyperModel` or a function ``hp -> compiled model``; may be None
            only when `run_trial` is overridden.
        max_model_size: trials whose model has more parameters fail (FailedTrialError).
        optimizer, loss, metrics: when given, each model is compiled again with them.
        distribution_strategy: accepted for API compatibility; use kbackend.distribution.
        directory: where the project folder goes (default ".").
        project_name: the project folder's name (default "untitled_project").
        logger: accepted for API compatibility (unused).
        tuner_id: a name for this tuner (default "tuner0").
        overwrite: False reloads an existing project and continues it; True deletes it.
        executions_per_trial: models built and fitted per trial (averaged).

    Example:
    >>> from kbackend.tuner import RandomSearch
    >>> import kbackend as keras
    >>> def build_model(hp):
    ...     model = keras.Sequential([keras.Input((2,)),
    ...                               keras.layers.Dense(hp.Int("units", 1, 3))])
    ...     model.compile(loss="mse")
    ...     return model
    >>> import tempfile
    >>> tuner = RandomSearch(build_model, objective="loss", max_trials=1,
    ...                      directory=tempfile.mkdtemp())
    >>> tuner.search_space_summary()  # doctest: +ELLIPSIS
    Search space summary
    ...
    """

    def __init__(self, oracle, hypermodel=None, max_model_size=None, optimizer=None,
                 loss=None, metrics=None, distribution_strategy=None, directory=None,
                 project_name=None, logger=None, tuner_id=None, overwrite=False,
                 executions_per_trial=1):
        del distribution_strategy, logger
        if hypermodel is None and type(self).run_trial is Tuner.run_trial:
            raise ValueError("Received hypermodel=None. Pass a HyperModel or a function "
                             "hp -> model, or override `Tuner.run_trial`.")
        if int(executions_per_trial) < 1:
            raise ValueError(f"executions_per_trial must be >= 1, received "
                             f"{executions_per_trial}.")
        self.oracle = oracle
        self.hypermodel = get_hypermodel(hypermodel) if hypermodel is not None else None
        self.max_model_size = max_model_size
        self.optimizer, self.loss, self.metrics = optimizer, loss, metrics
        self.directory = directory or "."
        self.project_name = project_name or "untitled_project"
        self.tuner_id = tuner_id or "tuner0"
        self.executions_per_trial = int(executions_per_trial)
        self._verbose = 1
        if overwrite and os.path.exists(self.project_dir):
            shutil.rmtree(self.project_dir)
        reloading = os.path.exists(os.path.join(self.project_dir, "oracle.json"))
        if reloading:
            print(f"Reloading Tuner from {self.project_dir}")
        self.oracle._set_project_dir(self.project_dir, overwrite=overwrite)
        if self.hypermodel is not None and not reloading:
            self._populate_initial_space()

    @property
    def project_dir(self):
        return os.path.join(self.directory, self.project_name)

    def get_trial_dir(self, trial_id):
        """Returns (and creates) the folder of one trial."""
        path = os.path.join(self.project_dir, f"trial_{trial_id}")
        os.makedirs(path, exist_ok=True)
        return path

    def _checkpoint_path(self, trial_id):
        return os.path.join(self.get_trial_dir(trial_id), _CHECKPOINT)

    # --- the search space -----------------------------------------------------------------
    def _populate_initial_space(self):
        """Builds the hypermodel with default values (and with each conditional parent
        value) so that the search space is known before the first trial."""
        hp = self.oracle.get_space()
        self.hypermodel.declare_hyperparameters(hp)
        self._build_for_space(hp)
        explored = set()
        for _ in range(_MAX_SPACE_BUILDS):
            pending = [(c["name"], v) for p in self.oracle.hyperparameters.space
                       for c in p.conditions for v in c["values"]
                       if (c["name"], repr(v)) not in explored]
            if not pending:
                break
            name, value = pending[0]
            explored.add((name, repr(value)))
            hp = self.oracle.get_space()
            hp.values[name] = value
            self._build_for_space(hp)

    def _build_for_space(self, hp):
        try:
            self.hypermodel.build(hp)
        except FatalError:
            raise
        except Exception:  # noqa: BLE001 - a failing default build only limits discovery
            pass
        self.oracle.update_space(hp)

    def search_space_summary(self, extended=False):
        """Prints the search space: each hyperparameter's name, kind and configuration."""
        del extended
        space = self.oracle.get_space().space
        print("Search space summary")
        print(f"Default search space size: {len(space)}")
        for hp in space:
            config = {k: v for k, v in hp.get_config().items() if k != "name"}
            print(f"{hp.name} ({type(hp).__name__})")
            print(config)

    # --- running trials -------------------------------------------------------------------
    def search(self, *fit_args, **fit_kwargs):
        """Runs trials until the oracle stops; arguments go to `model.fit`.

        Args:
            *fit_args: e.g. ``x, y``.
            **fit_kwargs: e.g. ``epochs=5, validation_split=0.2, callbacks=[...]``.

        Returns:
            None. Read the results with `get_best_hyperparameters` / `get_best_models`.
        """
        self._verbose = fit_kwargs.get("verbose", 1)
        self.on_search_begin()
        while True:
            trial = self.oracle.create_trial(self.tuner_id)
            if trial.status in (TrialStatus.STOPPED, TrialStatus.IDLE):
                # NOTE: IDLE means "wait for other workers"; a single tuner has none.
                break
            self.on_trial_begin(trial)
            self._try_run_and_update_trial(trial, *fit_args, **fit_kwargs)
            self.on_trial_end(trial)
        self.on_search_end()

    def _try_run_and_update_trial(self, trial, *fit_args, **fit_kwargs):
        try:
            try:
                results = self.run_trial(trial, *fit_args, **fit_kwargs)
            finally:
                # a run_trial override may declare hyperparameters itself
                self.oracle.update_space(trial.hyperparameters)
            self._record_results(trial, results)
            trial.status = TrialStatus.COMPLETED
        except FatalError:
            trial.status, trial.message = TrialStatus.FAILED, traceback.format_exc()
            self.oracle.save()
            raise
        except FailedTrialError:
            trial.status, trial.message = TrialStatus.FAILED, traceback.format_exc()
        except Exception:  # noqa: BLE001 - retried by the oracle (Note [retry semantics])
            trial.status, trial.message = TrialStatus.INVALID, traceback.format_exc()

    def run_trial(self, trial, *fit_args, **fit_kwargs):
        """Builds and fits the trial's models (Note [one trial]).

        Args:
            trial: the `Trial` to run.
            *fit_args, **fit_kwargs: what `search` received.

        Returns:
            A list with one fit result (a `History`) per execution.
        """
        hp = trial.hyperparameters
        checkpoint = _SaveBestEpoch(self.oracle.objective, self._checkpoint_path(trial.trial_id))
        results = []
        for _ in range(self.executions_per_trial):
            kwargs = dict(fit_kwargs)
            kwargs["callbacks"] = _copy_callbacks(fit_kwargs.get("callbacks")) + [checkpoint]
            model = self._build_hypermodel(hp)
            results.append(self.hypermodel.fit(hp, model, *fit_args, **kwargs))
        return results

    def _build_hypermodel(self, hp):
        from kbackend.backend import clear_session

        clear_session(free_memory=False)  # the same layer names in every trial
        model = self.hypermodel.build(hp)
        self.oracle.update_space(hp)
        if model is None:
            raise FailedTrialError("The hypermodel's build(hp) returned None; return the "
                                   "compiled model.")
        if self.optimizer is not None or self.loss is not None or self.metrics is not None:
            model.compile(optimizer=self.optimizer or getattr(model, "optimizer", None),
                          loss=self.loss or getattr(model, "loss", None), metrics=self.metrics)
        if self.max_model_size is not None:
            size = model.count_params()
            if size > self.max_model_size:
                raise FailedTrialError(f"Oversized model: {size} parameters, more than "
                                       f"max_model_size={self.max_model_size}.")
        return model

    def _record_results(self, trial, results):
        if not isinstance(results, list):
            results = [results]
        if not results:
            raise ValueError("run_trial returned an empty list; return at least one result.")
        scores, steps, metrics = [], [], {}
        for result in results:
            score, step, logs = self._read_result(result)
            scores.append(score)
            steps.append(step)
            for name, value in logs.items():
                metrics.setdefault(name, []).append(value)
        trial.score = float(sum(scores) / len(scores))
        trial.best_step = steps[-1]
        trial.metrics = {name: float(sum(v) / len(v)) for name, v in metrics.items()}

    def _read_result(self, result):
        objective = self.oracle.objective
        if isinstance(result, (int, float)):
            return float(result), 0, {objective.name: float(result)}
        history = getattr(result, "history", None)
        if isinstance(history, dict):
            num_epochs = min((len(v) for v in history.values()), default=0)
            if num_epochs == 0:
                raise ValueError("The fit History holds no epochs; train for at least one.")
            epoch_logs = [{k: float(v[i]) for k, v in history.items()}
                          for i in range(num_epochs)]
            values = [objective.get_value(logs) for logs in epoch_logs]
            best = values.index(objective.best(values))
            return values[best], best, epoch_logs[best]
        if isinstance(result, dict):
            logs = {k: float(v) for k, v in result.items()}
            return objective.get_value(logs), 0, logs
        raise TypeError(f"run_trial / HyperModel.fit must return a float, a dict of metrics, "
                        f"a History or a list of those; received {type(result).__name__}.")

    # --- hooks ----------------------------------------------------------------------------
    def on_search_begin(self):
        """Called once when `search` starts."""

    def on_trial_begin(self, trial):
        """Called before each trial runs."""

    def on_trial_end(self, trial):
        """Records the trial with the oracle (which may retry or stop the search)."""
        self.oracle.end_trial(trial)
        if trial.status != TrialStatus.INVALID:
            with open(os.path.join(self.get_trial_dir(trial.trial_id), "trial.json"), "w") as f:
                json.dump(trial.get_state(), f, default=str)
        if self._verbose:
            best = self.oracle.get_best_trials(1)
            best_score = best[0].score if best else None
            print(f"Trial {trial.trial_id} {trial.status.lower()}: score={trial.score}; "
                  f"best {self.oracle.objective.name} so far: {best_score}")

    def on_search_end(self):
        """Called once when `search` ends."""

    # --- results --------------------------------------------------------------------------
    def get_best_hyperparameters(self, num_trials=1):
        """Returns the `HyperParameters` of the best ``num_trials`` trials, best first."""
        return [t.hyperparameters for t in self.oracle.get_best_trials(num_trials)]

    def get_best_models(self, num_models=1):
        """Returns the best ``num_models`` models with their trials' best-epoch weights."""
        return [self.load_model(t) for t in self.oracle.get_best_trials(num_models)]

    def load_model(self, trial):
        """Rebuilds a trial's model and loads its checkpoint."""
        from kbackend.backend import clear_session

        clear_session(free_memory=False)
        model = self.hypermodel.build(trial.hyperparameters)
        path = os.path.join(self.project_dir, f"trial_{trial.trial_id}", _CHECKPOINT)
        if not os.path.exists(path):
            raise ValueError(f"Trial {trial.trial_id} has no checkpoint at {path}; it did not "
                             "save weights (did fit log the objective?).")
        model.load_weights(path)
        return model

    def results_summary(self, num_trials=10):
        """Prints the best ``num_trials`` trials: hyperparameters and scores."""
        print("Results summary")
        print(f"Results in {self.project_dir}")
        print(f"Showing {num_trials} best trials")
        print(self.oracle.objective)
        for trial in self.oracle.get_best_trials(num_trials):
            print()
            trial.summary()

    @property
    def remaining_trials(self):
        """How many trials may still be created (None when unlimited)."""
        if self.oracle.max_trials is None:
            return None
        return self.oracle.max_trials - len(self.oracle.trials)


def _copy_callbacks(callbacks):
    copies = []
    for callback in callbacks or []:
        try:
            copies.append(copy.deepcopy(callback))
        except Exception:  # noqa: BLE001 - an uncopyable callback is shared as it is
            copies.append(callback)
    return copies


Tuner.__module__ = "kbackend.tuner"
