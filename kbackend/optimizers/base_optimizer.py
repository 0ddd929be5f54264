"""The optimizer base class: slots, clipping, weight decay, EMA, accumulation, stateless use.

Note [optimizer state]: every piece of state that changes per step is a Variable created by
`Optimizer.add_variable` (the step counter ``iterations``, the learning rate when it is a
float, and each slot), and every change goes through ``Variable.assign*`` or `kbackend.ops`.
That is what lets one update rule run eagerly (torch), under ``tf.function`` and inside the
jax trainer's jitted pure step, and what `Optimizer.stateless_apply` relies on. Data-dependent
branches go through `kbackend.optimizers.conditional.apply_if` (Note [conditional updates]).

Note [fast paths]: an optimizer whose update rule has a fused engine implementation names it
in ``_fused_kind``; when the update runs eagerly (outside any StatelessScope) the engine's
``optimizer.py`` may perform it (e.g. torch ``_foreach`` kernels). The generic ``update_step``
is the reference: the fused path must give the same numbers (tests compare them).
"""

import importlib
import numbers
import re
import warnings

from kbackend import backends, initializers, ops
from kbackend.backends.common.config import floatx
from kbackend.backends.common.name_scope import name_scope
from kbackend.backends.common.variables import VariableBase
from kbackend.optimizers import clipping
from kbackend.optimizers.conditional import apply_if
from kbackend.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kbackend.saving import serialization_lib

_engine_optimizer = {}


def engine_optimizer_module():
    """The selected engine's ``optimizer`` module (fast paths), imported on first use."""
    module = _engine_optimizer.get("module")
    if module is None:
        module = importlib.import_module(f"kbackend.backends.{backends.ENGINE}.optimizer")
        _engine_optimizer["module"] = module
    return module


def _auto_name(cls_name):
    return "".join("_" + c.lower() if c.isupper() else c for c in cls_name).lstrip("_")


class Optimizer:
    """Base class of every optimizer (see Note [optimizer state]).

    A subclass creates its slot variables in ``build(var_list)`` (with
    `add_variable_from_reference` / `add_variable`) and writes the rule for one variable in
    ``update_step(gradient, variable, learning_rate)`` with ``Variable.assign*`` and ops.

    Args:
        learning_rate: a float, a `LearningRateSchedule` (called with ``iterations``) or a
            callable of no arguments.
        weight_decay: if set, decoupled weight decay ``v -= v * weight_decay * lr`` is applied
            before each update (see `exclude_from_weight_decay`).
        clipnorm: clip each gradient to this L2 norm.
        clipvalue: clip each gradient element to ``[-clipvalue, clipvalue]``.
        global_clipnorm: clip all gradients together to this global L2 norm. At most one of
            the three clipping arguments may be set.
        use_ema: keep an exponential moving average of the model variables.
        ema_momentum: the EMA momentum (``average = m * average + (1 - m) * variable``).
        ema_overwrite_frequency: every this many steps, overwrite the model variables with
            their averages (None: only in `finalize_variable_values`).
        loss_scale_factor: a constant the loss is multiplied by (`scale_loss`) and the
            gradients divided by.
        gradient_accumulation_steps: an int >= 2: update only every this many steps, with the
            mean of the accumulated gradients.
        name: the optimizer's name (prefix of its variables' paths).

    Example:
    >>> import kbackend
    >>> from kbackend import optimizers
    >>> w = kbackend.Variable([1.0, 2.0])
    >>> opt = optimizers.SGD(learning_rate=0.5)
    >>> opt.apply([kbackend.ops.convert_to_tensor([1.0, 1.0])], [w])
    >>> w.numpy().tolist(), int(opt.iterations.numpy())
    ([0.5, 1.5], 1)
    """

    _fused_kind = None

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        for legacy in ("lr", "decay"):
            if legacy in kwargs:
                raise ValueError(
                    f"Argument `{legacy}` is no longer supported. "
                    + ("Use `learning_rate` instead." if legacy == "lr" else
                       "Use a `kbackend.optimizers.schedules.LearningRateSchedule` as "
                       "`learning_rate` instead.")
                )
        if kwargs:
            raise TypeError(
                f"{type(self).__name__} got unexpected keyword arguments {sorted(kwargs)}."
            )
        if sum(x is not None for x in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
                f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                f"global_clipnorm={global_clipnorm}."
            )
        if gradient_accumulation_steps is not None and (
            not isinstance(gradient_accumulation_steps, int) or gradient_accumulation_steps < 2
        ):
            raise ValueError(
                "`gradient_accumulation_steps` must be an int >= 2 (or None). Received: "
                f"gradient_accumulation_steps={gradient_accumulation_steps!r}."
            )
        if use_ema and not 0 <= ema_momentum <= 1:
            raise ValueError(
                f"`ema_momentum` must be in [0, 1]. Received: ema_momentum={ema_momentum}."
            )
        if ema_overwrite_frequency is not None and (
            not isinstance(ema_overwrite_frequency, int) or ema_overwrite_frequency < 1
        ):
            raise ValueError(
                "`ema_overwrite_frequency` must be a positive int or None. Received: "
                f"ema_overwrite_frequency={ema_overwrite_frequency!r}."
            )
        self.name = name or _auto_name(type(self).__name__)
        if not isinstance(self.name, str) or "/" in self.name:
            raise ValueError(f"An optimizer name must be a string without '/', got {name!r}.")
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self._variables = []
        self._trainable_variables = []
        self._trainable_variables_indices = {}
        self._exclude_from_weight_decay = set()
        self._exclude_from_weight_decay_names = []
        self._model_variables_moving_average = []
        self._accumulated_gradients = []
        self._iterations = self.add_variable(
            shape=(), initializer="zeros", dtype="int64", name="iteration",
            aggregation="only_first_replica",
        )
        self._learning_rate = self._make_learning_rate(learning_rate)

    # --- learning rate ---------------------------------------------------------------
    def _make_learning_rate(self, learning_rate):
        if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
            return learning_rate
        if not isinstance(learning_rate, numbers.Real) and not hasattr(learning_rate, "dtype"):
            raise TypeError(
                "`learning_rate` must be a float, a LearningRateSchedule or a callable. "
                f"Received: learning_rate={learning_rate!r} of type "
                f"{type(learning_rate).__name__}."
            )
        return self.add_variable(
            shape=(), initializer=initializers.Constant(float(learning_rate)),
            dtype=floatx(), name="learning_rate", aggregation="only_first_replica",
        )

    @property
    def learning_rate(self):
        """The current learning rate: the variable, or the schedule's value at ``iterations``."""
        return self._get_current_learning_rate()

    @learning_rate.setter
    def learning_rate(self, value):
        if isinstance(value, LearningRateSchedule) or callable(value):
            self._learning_rate = value
            return
        if not isinstance(self._learning_rate, VariableBase):
            raise TypeError(
                "This optimizer was created with a LearningRateSchedule or a callable as its "
                "learning rate, so a float cannot be assigned to it. Assign a new schedule "
                "instead, or create the optimizer with a float learning rate."
            )
        self._learning_rate.assign(value)

    def _get_current_learning_rate(self):
        if isinstance(self._learning_rate, LearningRateSchedule):
            return self._learning_rate(self._iterations)
        if callable(self._learning_rate) and not isinstance(self._learning_rate, VariableBase):
            return self._learning_rate()
        return self._learning_rate

    @property
    def iterations(self):
        """The number of `apply` calls so far (an int64 Variable)."""
        return self._iterations

    @property
    def variables(self):
        """Every optimizer variable: iteration, learning rate (if a float), then slots."""
        return list(self._variables)

    # --- variables ---------------------------------------------------------------------
    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none",
                     name=None):
        """Creates and tracks an optimizer variable (non-trainable).

        Args:
            shape: the variable's shape.
            initializer: an initializer name, instance or callable ``f(shape, dtype)``.
            dtype: the dtype (default ``floatx()``).
            aggregation: the variable's aggregation under distribution.
            name: its name (the path is ``"<optimizer name>/<name>"``).

        Returns:
            The new Variable.

        Example:
        >>> from kbackend import optimizers
        >>> opt = optimizers.SGD()
        >>> opt.add_variable((2,), name="slot").path
        'SGD/slot'
        """
        if isinstance(initializer, str):
            initializer = initializers.get(initializer)
        with name_scope(self.name, caller=self):
            variable = backends.Variable(
                initializer=initializer, shape=tuple(shape), dtype=dtype or floatx(),
                trainable=False, aggregation=aggregation, name=name or "variable",
            )
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """Creates a slot variable with the shape and dtype of ``reference_variable``.

        Args:
            reference_variable: the model variable the slot belongs to.
            name: the slot's name; the variable is named ``"<reference path>_<name>"``
                with "/" replaced by "_".
            initializer: its initializer (default zeros).

        Returns:
            The new Variable.

        Example:
        >>> import kbackend
        >>> from kbackend import optimizers
        >>> w = kbackend.Variable([1.0], name="w")
        >>> optimizers.Adam().add_variable_from_reference(w, "momentum").name
        'w_momentum'
        """
        name = name or "var"
        base = getattr(reference_variable, "path", None) or str(reference_variable.name)
        name = base.replace("/", "_").replace(":", "_") + "_" + name
        return self.add_variable(
            shape=reference_variable.shape, initializer=initializer,
            dtype=reference_variable.dtype, name=name,
        )

    def build(self, variables):
        """Creates the optimizer's state for ``variables`` (the model's trainable variables).

        Args:
            variables: list of Variables this optimizer will update.

        Example:
        >>> import kbackend
        >>> from kbackend import optimizers
        >>> opt = optimizers.Adam()
        >>> opt.build([kbackend.Variable([1.0, 2.0])])
        >>> len(opt.variables)
        4
        """
        variables = list(variables)
        if self.use_ema:
            self._model_variables_moving_average = [
                self.add_variable_from_reference(v, "average") for v in variables
            ]
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = [
                self.add_variable_from_reference(v, "gradient_accumulator") for v in variables
            ]
        self._trainable_variables = variables
        self._trainable_variables_indices = {id(v): i for i, v in enumerate(variables)}
        self.built = True

    def _get_variable_index(self, variable):
        index = self._trainable_variables_indices.get(id(variable))
        if index is None:
            raise ValueError(
                f"Unknown variable {getattr(variable, 'path', variable)!r}: this optimizer "
                "was built for other variables and can only update those. Create a new "
                "optimizer (or a MultiOptimizer) for this variable."
            )
        return index

    # --- applying gradients --------------------------------------------------------------
    def apply_gradients(self, grads_and_vars):
        """Applies ``[(gradient, variable), ...]``; returns ``iterations``.

        Args:
            grads_and_vars: iterable of ``(gradient, variable)`` pairs.

        Returns:
            The ``iterations`` variable.

        Example:
        >>> import kbackend
        >>> from kbackend import optimizers
        >>> w = kbackend.Variable([1.0])
        >>> _ = optimizers.SGD(1.0).apply_gradients([(kbackend.ops.ones((1,)), w)])
        >>> w.numpy().tolist()
        [0.0]
        """
        pairs = list(grads_and_vars)
        grads = [g for g, _ in pairs]
        variables = [v for _, v in pairs]
        self.apply(grads, variables)
        return self._iterations

    def apply(self, grads, trainable_variables=None):
        """Updates ``trainable_variables`` with ``grads`` (builds on first use).

        Args:
            grads: list of gradients (None entries are skipped with a warning).
            trainable_variables: list of Variables; default: those given to `build`.

        Returns:
            None.

        Example:
        >>> import kbackend
        >>> from kbackend import optimizers
        >>> w = kbackend.Variable([1.0, 2.0])
        >>> optimizers.SGD(learning_rate=0.1).apply([kbackend.ops.ones((2,))], [w])
        >>> [round(x, 4) for x in w.numpy().tolist()]
        [0.9, 1.9]
        """
        grads = list(grads)
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "apply(grads) without `trainable_variables` needs a built optimizer. "
                    "Call optimizer.build(variables) first or pass the variables."
                )
            trainable_variables = self._trainable_variables
        else:
            trainable_variables = list(trainable_variables)
            if not self.built:
                self.build(trainable_variables)
        if len(grads) != len(trainable_variables):
            raise ValueError(
                f"apply() got {len(grads)} gradients for {len(trainable_variables)} "
                "variables; pass one gradient per variable, in the same order."
            )
        if not grads:
            return
        grads, trainable_variables = _filter_empty_gradients(grads, trainable_variables)
        with engine_optimizer_module().apply_context():
            grads = [
                ops.cast(ops.convert_to_tensor(g), v.dtype)
                for g, v in zip(grads, trainable_variables)
            ]
            if any(v.overwrite_with_gradient for v in trainable_variables):
                grads, trainable_variables = self._overwrite_with_gradients(
                    grads, trainable_variables)
            if self.loss_scale_factor is not None:
                grads = [ops.divide(g, self.loss_scale_factor) for g in grads]
            self._apply_gradients_and_bookkeeping(grads, trainable_variables)
            for variable in trainable_variables:
                if variable.constraint is not None:
                    variable.assign(variable.constraint(variable.value))

    def _overwrite_with_gradients(self, grads, variables):
        kept_grads, kept_variables = [], []
        for g, v in zip(grads, variables):
            if v.overwrite_with_gradient:
                v.assign(g)
            else:
                kept_grads.append(g)
                kept_variables.append(v)
        return kept_grads, kept_variables

    def _apply_gradients_and_bookkeeping(self, grads, trainable_variables):
        if grads:
            if self.gradient_accumulation_steps:
                self._accumulate_or_update(grads, trainable_variables)
            else:
                self._clip_decay_and_update(grads, trainable_variables)
        if self.use_ema:
            self._update_model_variables_moving_average(self._trainable_variables)
            if self.ema_overwrite_frequency:
                step = ops.add(self._iterations.value, 1)
                apply_if(
                    ops.equal(ops.mod(step, self.ema_overwrite_frequency), 0),
                    lambda: self._overwrite_model_variables_with_average_value(
                        self._trainable_variables),
                )
        # Note [iteration increment]: a Python 1 added to the int64 counter stays int64
        # (weak Python scalars, one promotion table) and `assign` converts to the
        # variable's dtype anyway, so no constant tensor is built per step.
        self._iterations.assign_add(1)

    def _clip_decay_and_update(self, grads, trainable_variables):
        grads = self._clip_gradients(grads)
        learning_rate = self._get_current_learning_rate()
        self._apply_weight_decay(trainable_variables)
        self._backend_update_step(grads, trainable_variables, learning_rate)

    def _accumulate_or_update(self, grads, trainable_variables):
        steps = self.gradient_accumulation_steps
        accumulators = [
            self._accumulated_gradients[self._get_variable_index(v)] for v in trainable_variables
        ]

        def update():
            mean_grads = [
                ops.divide(ops.add(g, a.value), ops.cast(steps, g.dtype))
                for g, a in zip(grads, accumulators)
            ]
            self._clip_decay_and_update(mean_grads, trainable_variables)
            for a in accumulators:
                a.assign(ops.zeros_like(a.value))

        def accumulate():
            for g, a in zip(grads, accumulators):
                a.assign(ops.add(a.value, g))

        is_update_step = ops.equal(ops.mod(ops.add(self._iterations.value, 1), steps), 0)
        apply_if(is_update_step, update, accumulate)

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        kind = self._fused_kind
        if kind is not None and not backends.in_stateless_scope():
            fused = engine_optimizer_module().get_fused_update(kind)
            if fused is not None and fused(self, grads, trainable_variables, learning_rate):
                return
        for g, v in zip(grads, trainable_variables):
            self.update_step(g, v, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
        """Applies one gradient to one variable (written by each optimizer).

        Args:
            gradient: the gradient tensor (already clipped, in the variable's dtype).
            variable: the Variable to update.
            learning_rate: the current learning rate (tensor or Variable).
        """
        raise NotImplementedError(
            f"{type(self).__name__} must implement update_step(gradient, variable, "
            "learning_rate)."
        )

    def stateless_apply(self, optimizer_variables, grads, trainable_variables):
        """Pure form of `apply`: returns new values instead of assigning.

        Args:
            optimizer_variables: values for `variables`, in order.
            grads: the gradients, one per trainable variable given to `build`.
            trainable_variables: values of the variables given to `build`, in order.

        Returns:
            ``(new_trainable_values, new_optimizer_values)``.

        Example:
        >>> import kbackend
        >>> from kbackend import optimizers, ops
        >>> w = kbackend.Variable([1.0])
        >>> opt = optimizers.SGD(1.0); opt.build([w])
        >>> new_w, _ = opt.stateless_apply([v.value for v in opt.variables],
        ...                                [ops.ones((1,))], [w.value])
        >>> ops.convert_to_numpy(new_w[0]).tolist(), w.numpy().tolist()
        ([0.0], [1.0])
        """
        if not self.built:
            raise ValueError(
                "stateless_apply() needs a built optimizer: call optimizer.build(variables)."
            )
        own = self.variables
        optimizer_variables = list(optimizer_variables)
        trainable_variables = list(trainable_variables)
        if len(optimizer_variables) != len(own):
            raise ValueError(
                f"stateless_apply() got {len(optimizer_variables)} optimizer values but the "
                f"optimizer has {len(own)} variables; pass [v.value for v in "
                "optimizer.variables]."
            )
        if len(trainable_variables) != len(self._trainable_variables):
            raise ValueError(
                f"stateless_apply() got {len(trainable_variables)} trainable values but the "
                f"optimizer was built for {len(self._trainable_variables)} variables."
            )
        mapping = list(zip(self._trainable_variables, trainable_variables))
        mapping += list(zip(own, optimizer_variables))
        with backends.StatelessScope(mapping) as scope:
            self.apply(grads)
        new_trainable = [scope.get_current_value(v) for v in self._trainable_variables]
        new_optimizer = [scope.get_current_value(v) for v in own]
        return new_trainable, new_optimizer

    # --- clipping, weight decay, EMA ----------------------------------------------------
    def _clip_gradients(self, grads):
        if self.clipnorm is not None and self.clipnorm > 0:
            return clipping.clip_by_norm(grads, self.clipnorm)
        if self.global_clipnorm is not None and self.global_clipnorm > 0:
            return clipping.clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue is not None and self.clipvalue > 0:
            return clipping.clip_by_value(grads, self.clipvalue)
        return grads

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Excludes variables from weight decay (call before the optimizer is built).

        Args:
            var_list: Variables to exclude.
            var_names: regular expressions; a variable whose name matches one is excluded.

        Example:
        >>> from kbackend import optimizers
        >>> opt = optimizers.AdamW()
        >>> opt.exclude_from_weight_decay(var_names=["bias", "gamma"])
        """
        if self.built:
            raise ValueError(
                "exclude_from_weight_decay() can only be called before the optimizer is "
                "built (before its first apply() or build())."
            )
        for variable in var_list or ():
            self._exclude_from_weight_decay.add(id(variable))
        self._exclude_from_weight_decay_names.extend(var_names or ())

    def _use_weight_decay(self, variable):
        if id(variable) in self._exclude_from_weight_decay:
            return False
        return not any(
            re.search(pattern, variable.name) for pattern in self._exclude_from_weight_decay_names
        )

    def _apply_weight_decay(self, variables):
        if self.weight_decay is None:
            return
        learning_rate = self._get_current_learning_rate()
        for variable in variables:
            if self._use_weight_decay(variable):
                lr = ops.cast(learning_rate, variable.dtype)
                decay = ops.cast(self.weight_decay, variable.dtype)
                value = variable.value
                variable.assign(ops.subtract(value, ops.multiply(ops.multiply(value, decay), lr)))

    def _update_model_variables_moving_average(self, variables):
        not_first_step = ops.not_equal(self._iterations.value, 0)
        for variable, average in zip(variables, self._model_variables_moving_average):
            momentum = ops.multiply(ops.cast(not_first_step, variable.dtype), self.ema_momentum)
            average.assign(ops.add(
                ops.multiply(momentum, average.value),
                ops.multiply(ops.subtract(1.0, momentum), variable.value),
            ))

    def _overwrite_model_variables_with_average_value(self, variables):
        for variable in variables:
            average = self._model_variables_moving_average[self._get_variable_index(variable)]
            variable.assign(average.value)

    def finalize_variable_values(self, var_list):
        """Writes the EMA averages into ``var_list`` when ``use_ema`` (end of ``fit``).

        Args:
            var_list: the model's trainable variables.

        Example:
        >>> import kbackend
        >>> from kbackend import optimizers
        >>> w = kbackend.Variable([1.0])
        >>> opt = optimizers.SGD(use_ema=True); opt.build([w])
        >>> opt.finalize_variable_values([w])
        """
        if self.use_ema and self.built:
            self._overwrite_model_variables_with_average_value(var_list)

    def scale_loss(self, loss):
        """Multiplies ``loss`` by ``loss_scale_factor`` (when set) before differentiation.

        Args:
            loss: the loss tensor.

        Returns:
            The scaled loss.

        Example:
        >>> from kbackend import optimizers
        >>> optimizers.SGD(loss_scale_factor=4.0).scale_loss(2.0)
        8.0
        """
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    # --- saving and config ----------------------------------------------------------------
    def save_own_variables(self, store):
        """Writes each variable's value into ``store`` under "0", "1", ..."""
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        """Restores the values written by `save_own_variables`."""
        variables = self.variables
        if len(store.keys()) != len(variables):
            raise ValueError(
                f"Optimizer {self.name!r} has {len(variables)} variables but the saved state "
                f"holds {len(store.keys())}. Build the optimizer on the same model first."
            )
        for i, variable in enumerate(variables):
            variable.assign(store[str(i)])

    def _learning_rate_config(self):
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            return serialization_lib.serialize_keras_object(lr)
        if isinstance(lr, VariableBase):
            return float(lr.numpy())
        return lr

    def get_config(self):
        """Returns the constructor arguments (a schedule is serialized)."""
        return {
            "name": self.name,
            "learning_rate": self._learning_rate_config(),
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Creates an optimizer from `get_config`'s output."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = serialization_lib.deserialize_keras_object(
                config["learning_rate"], custom_objects=custom_objects
            )
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def _filter_empty_gradients(grads, variables):
    kept = [(g, v) for g, v in zip(grads, variables) if g is not None]
    if not kept:
        raise ValueError(
            "No gradients provided for any variable: every gradient is None. Check that the "
            "loss depends on the variables: "
            f"{[getattr(v, 'path', v) for v in variables]}."
        )
    if len(kept) < len(grads):
        missing = [getattr(v, "path", v) for g, v in zip(grads, variables) if g is None]
        warnings.warn(
            f"Gradients do not exist for variables {missing} when minimizing the loss; they "
            "are left unchanged.", stacklevel=3,
        )
    return [g for g, _ in kept], [v for _, v in kept]


Optimizer.__module__ = "kbackend.optimizers"
