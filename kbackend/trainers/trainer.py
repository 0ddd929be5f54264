"""Trainer: compile / fit / evaluate / predict, written once for every engine.

Note [one train step]: ``train_step`` is engine-neutral. It computes gradients with
`kbackend.backend.compute_gradients` and updates through ``optimizer.apply``; every state
change goes through ``Variable.assign``. The engine only decides how the step runs
(``backends/<engine>/trainer.py: make_function``): jax jits it as a pure function of all
state (mapped through a StatelessScope, buffers donated), tensorflow wraps it in
``tf.function``, torch runs it eagerly (``torch.compile`` when asked). A user's own
``train_step`` written the same way runs unchanged on jax, torch and tensorflow.
"""

import warnings

import numpy as np

from kbackend import backends, ops, tree
from kbackend.backend.autodiff import compute_gradients
from kbackend.distribution import trainer_hooks as distribution_hooks
from kbackend.trainers.compile_utils import CompileLoss, CompileMetrics
from kbackend.trainers.data_adapters import data_adapter_utils
from kbackend.trainers.epoch_iterator import EpochIterator

_NOT_COMPILED = (
    "You must call `compile()` before using the model for {what}. For example: "
    "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')."
)


class Trainer:
    """The training API mixed into `kbackend.Model` (see Note [one train step])."""

    compiled = False
    optimizer = None
    history = None
    stop_training = False
    train_function = None
    test_function = None
    predict_function = None
    _initial_epoch = None  # set by BackupAndRestore to resume an interrupted fit
    _distribution = None  # captured by compile (Note [distributed step])

    # --- compile --------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True):
        """Configures the model for training.

        Args:
            optimizer: an optimizer name ("adam", "rmsprop", ...) or instance.
            loss: a loss name, instance or function; a list or dict for several outputs.
            loss_weights: scalars weighting each output's loss (list or dict).
            metrics: metrics to track ("accuracy" picks the right variant); a list, or a
                dict/list of lists per output.
            weighted_metrics: metrics that also use sample weights.
            run_eagerly: run the step uncompiled (for debugging).
            steps_per_execution: batches per compiled call (Note [steps per
                execution]); batch callbacks then run once per call.
            jit_compile: True, False or "auto" (jax: jit; tensorflow: tf.function;
                torch: eager unless True, then torch.compile).
            auto_scale_loss: wrap the optimizer in LossScaleOptimizer under the
                "mixed_float16" policy.

        Example:
        >>> import kbackend
        >>> from kbackend import layers
        >>> model = kbackend.Sequential([layers.Input((4,)), layers.Dense(1)])
        >>> model.compile(optimizer="adam", loss="mse", metrics=["mae"])
        """
        from kbackend import optimizers

        self.optimizer = optimizers.get(optimizer)
        if auto_scale_loss and self.dtype_policy.name == "mixed_float16":
            if not isinstance(self.optimizer, optimizers.LossScaleOptimizer):
                self.optimizer = optimizers.LossScaleOptimizer(self.optimizer)
        output_names = self._compile_output_names()
        self._compile_loss = (
            CompileLoss(loss, loss_weights, output_names) if loss is not None else None
        )
        self._compile_metrics = CompileMetrics(
            metrics, weighted_metrics, output_names, self._compile_loss
        )
        from kbackend.metrics import Mean

        self._loss_tracker = Mean(name="loss")
        self.run_eagerly = bool(run_eagerly)
        self.steps_per_execution = int(steps_per_execution)
        self.jit_compile = jit_compile
        self._compile_config = {
            "optimizer": self.optimizer,
            "loss": loss,
            "loss_weights": loss_weights,
            "metrics": metrics,
            "weighted_metrics": weighted_metrics,
            "run_eagerly": run_eagerly,
            "steps_per_execution": steps_per_execution,
            "jit_compile": jit_compile,
        }
        self.compiled = True
        self.stop_training = False
        self._distribution = distribution_hooks.capture()  # Note [distributed step]
        self._reset_functions()

    def _compile_output_names(self):
        names = getattr(self, "output_names", None)
        if names and len(names) > 1:
            return list(names)
        return None

    def _reset_functions(self):
        self.train_function = None
        self.test_function = None
        self.predict_function = None

    def get_compile_config(self):
        """The compile arguments, serialized (saved in .keras files to recompile on load)."""
        from kbackend.saving import serialization_lib

        if not self.compiled:
            return None
        return serialization_lib.serialize_keras_object(self._compile_config)

    def compile_from_config(self, config):
        """Recompiles from `get_compile_config`'s output (objects are deserialized)."""
        from kbackend.saving import serialization_lib

        config = {k: v for k, v in config.items() if v is not None}
        if "optimizer" not in config:
            return
        restored = {}
        for key, value in config.items():
            if isinstance(value, (dict, list)) and key != "loss_weights":
                value = serialization_lib.deserialize_keras_object(value)
            restored[key] = value
        self.compile(**restored)

    def _assert_compiled(self, what):
        if not self.compiled:
            raise RuntimeError(_NOT_COMPILED.format(what=what))

    def _jit_setting(self):
        """True, False or "auto" for the engine's make_function (run_eagerly wins)."""
        setting = self.jit_compile if self.compiled else "auto"
        if self.compiled and self.run_eagerly:
            return False
        if setting == "auto" and not self._all_layers_support_jit():
            return False  # e.g. string preprocessing layers run outside compiled steps
        return setting

    def _all_layers_support_jit(self):
        stack = list(self._flat_layers())
        while stack:
            layer = stack.pop()
            if getattr(layer, "supports_jit", True) is False:
                return False
            stack.extend(layer._flat_layers())
        return True

    # --- metrics --------------------------------------------------------------------
    @property
    def metrics(self):
        """Every metric: the loss tracker, compile metrics, per-output losses, and metrics
        held as attributes (e.g. by a custom train_step)."""
        from kbackend.metrics import Metric

        result = []
        if self.compiled:
            result.append(self._loss_tracker)
            if self._compile_loss is not None:
                result.extend(self._compile_loss.trackers)
            result.extend(self._compile_metrics.metrics)
        for value in list(self.__dict__.values()):
            if isinstance(value, Metric) and value not in result:
                result.append(value)
        return result

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    def reset_metrics(self):
        for metric in self.metrics:
            metric.reset_state()

    def _metric_variables(self):
        return [v for m in self.metrics for v in m.variables]

    # --- the step, written once (Note [one train step]) --------------------------------
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss plus the losses added by layers (``model.losses``)."""
        total = None
        if self._compile_loss is not None and y is not None:
            total = self._compile_loss(y, y_pred, sample_weight)
        extra = self._collected_losses()
        for value in extra:
            value = ops.cast(value, "float32")
            total = value if total is None else ops.add(total, value)
        if total is None:
            total = ops.convert_to_tensor(0.0)
        return total

    def _collected_losses(self):
        scope = backends.get_stateless_scope()
        if scope is not None and scope.collect_losses:
            return list(scope.losses)
        return self.losses

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Updates the compile metrics and returns every metric's current result."""
        if y is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def get_metrics_result(self):
        """``{name: value}`` for every metric (dict-valued metrics are merged)."""
        results = {}
        for metric in self.metrics:
            value = metric.result()
            if isinstance(value, dict):
                results.update(value)
            else:
                results[metric.name] = value
        return results

    def train_step(self, data):
        """One optimization step on a batch; returns the metrics' results."""
        x, y, sample_weight = data_adapter_utils.unpack_x_y_sample_weight(data)

        def loss_fn():
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
            # Differentiate the scaled loss (mixed-precision loss scaling); log the real one.
            return self.optimizer.scale_loss(loss), (loss, y_pred)

        # One read: each walks every layer (~0.35 ms on a small model, per step).
        trainable_variables = self.trainable_variables
        (_, (loss, y_pred)), grads = compute_gradients(
            loss_fn, trainable_variables, has_aux=True
        )
        grads = distribution_hooks.reduce_gradients(self, grads)
        self.optimizer.apply(grads, trainable_variables)
        self._loss_tracker.update_state(loss, sample_weight=_batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data):
        """Evaluates one batch; returns the metrics' results."""
        x, y, sample_weight = data_adapter_utils.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        self._loss_tracker.update_state(loss, sample_weight=_batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        """Returns the model's predictions for one batch."""
        x, _, _ = data_adapter_utils.unpack_x_y_sample_weight(data)
        return self(x, training=False)

    # --- compiled functions ------------------------------------------------------------
    def _state_variables(self, training):
        variables = list(self.trainable_variables) + list(self.non_trainable_variables)
        if training:
            variables += list(self.optimizer.variables)
        variables += self._metric_variables()
        seen, result = set(), []
        for v in variables:
            if id(v) not in seen:
                seen.add(id(v))
                result.append(v)
        return result

    def make_train_function(self, force=False):
        """Builds ``self.train_function(data) -> logs`` for the engine in use."""
        if self.train_function is not None and not force:
            return self.train_function
        self.train_function = distribution_hooks.make_function(
            self, self.train_step, self._state_variables(True), self._jit_setting())
        return self.train_function

    def make_test_function(self, force=False):
        """Builds ``self.test_function(data) -> logs``."""
        if self.test_function is not None and not force:
            return self.test_function
        self.test_function = distribution_hooks.make_function(
            self, self.test_step, self._state_variables(False), self._jit_setting(),
            split_batches=False)
        return self.test_function

    def make_predict_function(self, force=False):
        """Builds ``self.predict_function(data) -> predictions``."""
        if self.predict_function is not None and not force:
            return self.predict_function
        variables = list(self.trainable_variables) + list(self.non_trainable_variables)
        self.predict_function = distribution_hooks.make_function(
            self, self.predict_step, variables, self._jit_setting(), split_batches=False)
        return self.predict_function

    # Note [steps per execution]: with ``steps_per_execution=N`` fit and evaluate hand N
    # batches at once to one compiled function that runs ``train_step`` (``test_step``) N
    # times in a Python loop; the batch callbacks run once per call (``begin`` with the
    # first step's index, ``end`` with the last step's and the last step's logs), as in
    # Keras 3. What the loop becomes depends on the engine's make_function: under jax.jit
    # and tf.function it is unrolled into one traced program (one dispatch, one host
    # round trip per N steps; a shorter last group traces once more); on torch (eager)
    # it is a plain Python loop, so only the per-step callback and logs work is saved.
    # Every step reads and assigns state through Variables, so N steps in one call give
    # the same result as N calls.
    def _run_execution(self, kind, batches):
        """Runs ``kind`` ("train" or "test") on a group of batches; returns the logs."""
        single = self.train_function if kind == "train" else self.test_function
        if len(batches) == 1:
            return single(batches[0])
        # Keyed to the single-step function, so a rebuilt step (make_*_function(force=True),
        # compile) also rebuilds the multi-step one. Kept in __dict__ directly: it is a
        # cache, not state for layer tracking or saving.
        functions = self.__dict__.setdefault("_multi_step_functions", {})
        owner, function = functions.get(kind, (None, None))
        if owner is not single:
            step = self.train_step if kind == "train" else self.test_step

            def multi_step(group):
                logs = None
                for data in group:
                    logs = step(data)
                return logs

            function = distribution_hooks.make_function(
                self, multi_step, self._state_variables(kind == "train"),
                self._jit_setting(), split_batches=kind == "train")
            functions[kind] = (single, function)
        return function(tuple(batches))

    def _build_for_data(self, data, training):
        """Builds model, metrics and optimizer on a first batch, before compiling a step."""
        x, y, sample_weight = data_adapter_utils.unpack_x_y_sample_weight(data)
        with distribution_hooks.model_scope(self):  # state made here is distributed too
            if not self.built or (self.compiled and not self._compile_metrics.built):
                y_pred = self(x, training=False)
                if self.compiled and y is not None and not self._compile_metrics.built:
                    self._compile_metrics.build(y, y_pred)
            if training and not self.optimizer.built:
                self.optimizer.build(self.trainable_variables)

    # --- fit / evaluate / predict ---------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1, **kwargs):
        """Trains the model; returns a `History` (``history.history[name]`` per epoch).

        Args follow Keras 3: data as arrays / dicts / lists, a generator, a PyDataset, a
        tf.data.Dataset or a torch DataLoader; ``validation_split`` takes the last
        fraction of array data; ``class_weight`` maps class index to a weight.
        """
        from kbackend import callbacks as callbacks_module

        self._assert_compiled("training")
        if not backends.CAN_TRAIN:
            raise RuntimeError(
                f"The {backends.ENGINE} engine runs inference only and cannot train. Use "
                "KBACKEND=jax, torch or tensorflow for fit()."
            )
        _check_legacy_fit_arguments(kwargs, x)
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = (
                data_adapter_utils.train_validation_split(
                    (x, y, sample_weight), validation_split=validation_split)
            )
        iterator = EpochIterator(
            x=x, y=y, sample_weight=sample_weight, batch_size=batch_size,
            steps_per_epoch=steps_per_epoch, shuffle=shuffle, class_weight=class_weight,
            steps_per_execution=self.steps_per_execution, **kwargs,
        )
        self._check_data_against_model(iterator)
        callback_list = callbacks_module.CallbackList(
            callbacks, add_history=True, add_progbar=verbose != 0, verbose=verbose,
            epochs=epochs, steps=iterator.num_batches, model=self,
        )
        self.stop_training = False
        callback_list.on_train_begin()
        if self._initial_epoch is not None:
            initial_epoch = self._initial_epoch
        training_logs = {}
        validation_iterator = None
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callback_list.on_epoch_begin(epoch)
            logs = {}
            for begin, end, batches in iterator.enumerate_executions():
                if self.train_function is None:
                    self._build_for_data(batches[0], training=True)
                    self.make_train_function()
                callback_list.on_train_batch_begin(begin)
                logs = self._run_execution("train", batches)
                callback_list.on_train_batch_end(end, logs)
                if self.stop_training:
                    break
            epoch_logs = _to_python(self.get_metrics_result() if logs else logs)
            if validation_data is not None and _should_validate(epoch, validation_freq):
                if validation_iterator is None:
                    vx, vy, vsw = data_adapter_utils.unpack_x_y_sample_weight(validation_data)
                    validation_iterator = EpochIterator(
                        x=vx, y=vy, sample_weight=vsw,
                        batch_size=validation_batch_size or batch_size,
                        steps_per_epoch=validation_steps, shuffle=False,
                        steps_per_execution=self.steps_per_execution,
                    )
                callback_list.on_test_begin()
                val_logs = self._evaluate_iterator(validation_iterator, callback_list)
                callback_list.on_test_end(val_logs)
                epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
            callback_list.on_epoch_end(epoch, epoch_logs)
            training_logs = epoch_logs
            if self.stop_training:
                break
        if hasattr(self.optimizer, "finalize_variable_values"):
            self.optimizer.finalize_variable_values(self.trainable_variables)
        callback_list.on_train_end(logs=training_logs)
        return self.history

    def _check_data_against_model(self, iterator):
        checker = getattr(iterator, "check_against_model", None)
        if checker is not None:
            checker(self)

    def _evaluate_iterator(self, iterator, callback_list):
        self.reset_metrics()
        logs = {}
        for begin, end, batches in iterator.enumerate_executions():
            if self.test_function is None:
                self._build_for_data(batches[0], training=False)
                self.make_test_function()
            if callback_list is not None:
                callback_list.on_test_batch_begin(begin)
            logs = self._run_execution("test", batches)
            if callback_list is not None:
                callback_list.on_test_batch_end(end, logs)
        return _to_python(self.get_metrics_result() if logs else logs)

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        """Returns the loss and metrics on the given data (a list, or a dict if asked)."""
        from kbackend import callbacks as callbacks_module

        self._assert_compiled("evaluation")
        iterator = EpochIterator(x=x, y=y, sample_weight=sample_weight, batch_size=batch_size,
                                 steps_per_epoch=steps, shuffle=False,
                                 steps_per_execution=self.steps_per_execution, **kwargs)
        self._check_data_against_model(iterator)
        callback_list = callbacks_module.CallbackList(
            callbacks, add_progbar=verbose != 0, verbose=verbose, epochs=1,
            steps=iterator.num_batches, model=self,
        )
        callback_list.on_test_begin()
        logs = self._evaluate_iterator(iterator, callback_list)
        callback_list.on_test_end(logs)
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None,
                **kwargs):
        """Returns the predictions as NumPy arrays (nested outputs keep their structure)."""
        from kbackend import callbacks as callbacks_module

        iterator = EpochIterator(x=x, batch_size=batch_size, steps_per_epoch=steps,
                                 shuffle=False, steps_per_execution=1, **kwargs)
        callback_list = callbacks_module.CallbackList(
            callbacks, add_progbar=verbose != 0, verbose=verbose, epochs=1,
            steps=iterator.num_batches, model=self,
        )
        callback_list.on_predict_begin()
        outputs = []
        for step, data in iterator.enumerate_epoch():
            if self.predict_function is None:
                if not self.built:
                    x_batch, _, _ = data_adapter_utils.unpack_x_y_sample_weight(data)
                    self(x_batch, training=False)
                self.make_predict_function()
            callback_list.on_predict_batch_begin(step)
            batch_outputs = self.predict_function(data)
            outputs.append(tree.map_structure(ops.convert_to_numpy, batch_outputs))
            callback_list.on_predict_batch_end(step, {"outputs": batch_outputs})
        callback_list.on_predict_end()
        if not outputs:
            raise ValueError("predict: the input data produced no batches.")
        return tree.map_structure(lambda *parts: np.concatenate(parts, axis=0), *outputs)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       return_dict=False):
        """Runs one training step on one batch; returns loss and metrics."""
        self._assert_compiled("training")
        data = _single_batch(x, y, sample_weight, class_weight)
        if self.train_function is None:
            self._build_for_data(data, training=True)
            self.make_train_function()
        logs = _to_python(self.train_function(data))
        return logs if return_dict else _flatten_logs(logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Evaluates one batch; returns loss and metrics."""
        self._assert_compiled("evaluation")
        data = _single_batch(x, y, sample_weight, None)
        if self.test_function is None:
            self._build_for_data(data, training=False)
            self.make_test_function()
        logs = _to_python(self.test_function(data))
        return logs if return_dict else _flatten_logs(logs)

    def predict_on_batch(self, x):
        """Returns predictions for one batch as NumPy arrays."""
        if self.predict_function is None:
            if not self.built:
                self(_convert_batch(x), training=False)
            self.make_predict_function()
        return tree.map_structure(
            ops.convert_to_numpy, self.predict_function((_convert_batch(x),))
        )


def _batch_size(x):
    first = tree.flatten(x)[0]
    return ops.shape(first)[0] if hasattr(first, "shape") else None


def _to_python(logs):
    result = {}
    for key, value in (logs or {}).items():
        try:
            array = np.asarray(ops.convert_to_numpy(value))
            result[key] = float(array) if array.ndim == 0 else array
        except (TypeError, ValueError):
            result[key] = value
    return result


def _flatten_logs(logs):
    values = list(logs.values())
    return values[0] if len(values) == 1 else values


def _should_validate(epoch, validation_freq):
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return (epoch + 1) in validation_freq


def _convert_batch(x):
    def convert(value):
        if isinstance(value, np.ndarray) and value.dtype.kind not in "USO":
            return ops.convert_to_tensor(value)
        return value

    return tree.map_structure(convert, x)


def _single_batch(x, y, sample_weight, class_weight):
    if class_weight is not None and y is not None:
        sample_weight = data_adapter_utils.class_weight_to_sample_weights(y, class_weight)
    return data_adapter_utils.pack_x_y_sample_weight(
        _convert_batch(x), _convert_batch(y) if y is not None else None,
        _convert_batch(sample_weight) if sample_weight is not None else None)


def _check_legacy_fit_arguments(kwargs, x):
    # tf.keras 2 spellings: accepted for generators/PyDataset, no effect on arrays.
    legacy = [k for k in ("workers", "use_multiprocessing", "max_queue_size") if k in kwargs]
    if legacy and isinstance(x, (np.ndarray, list, dict, tuple)):
        warnings.warn(
            f"fit({', '.join(legacy)}=...) has no effect on array inputs; it applies to "
            "generators and PyDataset.", stacklevel=3)
