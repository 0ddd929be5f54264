"""Layer: the core abstraction — state (variables) plus a computation (``call``).

Note [layer tracking]: layers and variables assigned as attributes, or held in lists,
tuples and dicts assigned as attributes, are tracked by ``__setattr__`` into
``self._tracked`` (attribute name -> value). ``layers``, ``weights`` and ``losses`` walk
that table, so a list extended after assignment is seen too. The engine mixin is told
about every variable and sub-layer (the torch one registers them with ``nn.Module``).
"""

import functools
import inspect
import threading

from kbackend import backends, tree
from kbackend import dtype_policies as policies
from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor, any_symbolic_tensors
from kbackend.backends.common.masking import get_keras_mask, set_keras_mask
from kbackend.backends.common.name_scope import current_caller, name_scope
from kbackend.backends.common.stateless_scope import StatelessScope, get_stateless_scope
from kbackend.backends.common.variables import (
    AutocastScope,
    VariableBase,
    initialize_all_variables,
)
from kbackend.layers.input_spec import InputSpec, assert_input_compatibility
from kbackend.ops.node import Node
from kbackend.ops.operation import Operation

_call_context = threading.local()
_KERAS_ONLY_CONFIG_KEYS = ("quantization_config", "lora_rank", "lora_alpha", "lora_enabled")


def _current_training():
    return getattr(_call_context, "training", None)


class _TrainingScope:
    """Carries the outermost call's ``training`` value to nested layer calls."""

    def __init__(self, training):
        self.training = training

    def __enter__(self):
        self.previous = getattr(_call_context, "training", None)
        _call_context.training = self.training

    def __exit__(self, *args):
        _call_context.training = self.previous


def _seed_generator_class():
    from kbackend.random.seed_generator import SeedGenerator

    return SeedGenerator


def _contains_trackable(value):
    if isinstance(value, (Layer, VariableBase, _seed_generator_class())):
        return True
    if isinstance(value, (list, tuple)):
        return any(_contains_trackable(v) for v in value)
    if isinstance(value, dict):
        return any(_contains_trackable(v) for v in value.values())
    return False


def _walk(value, path, found_layer, found_variable):
    if isinstance(value, Layer):
        found_layer(path, value)
    elif isinstance(value, VariableBase):
        found_variable(value)
    elif isinstance(value, _seed_generator_class()):
        # A seed generator's state is non-trainable layer state (carried by trainers) but
        # not a weight (not saved, not in get_weights), as in Keras.
        value.state._is_seed_state = True
        found_variable(value.state)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _walk(item, f"{path}_{i}", found_layer, found_variable)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{path}_{key}", found_layer, found_variable)


class Layer(backends.EngineLayer, Operation):
    """The base class of all layers.

    A layer holds variables (created in ``build`` with `add_weight`) and computes
    ``call(inputs, ...)``. It builds itself on the first call from the input shape,
    propagates ``training`` and ``mask`` to nested layers, tracks sub-layers and
    variables assigned as attributes, and records graph nodes when called on symbolic
    inputs.

    Args:
        trainable: whether the layer's variables are updated by training.
        dtype: a dtype name or `DTypePolicy` ("mixed_float16" computes in float16 and
            stores variables in float32); None uses the global policy.
        autocast: whether floating inputs are cast to the compute dtype.
        name: layer name; unique snake_case class name by default (``dense_1``...).
        activity_regularizer: optional regularizer applied to the outputs.
        input_shape: optional shape (without batch) for the first layer of a Sequential.

    Example:
    >>> import kbackend
    >>> from kbackend import ops
    >>> class Scale(Layer):
    ...     def build(self, input_shape):
    ...         self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones")
    ...     def call(self, x):
    ...         return ops.multiply(x, self.scale)
    >>> layer = Scale()
    >>> ops.convert_to_numpy(layer(ops.ones((2, 3)))).tolist()
    [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    >>> len(layer.weights)
    1
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Every subclass's build marks the layer built when it returns (also when users
        # call build() by hand).
        if "build" in cls.__dict__ and not getattr(cls.__dict__["build"], "_wrapped", False):
            original = cls.__dict__["build"]

            @functools.wraps(original)
            def build(self, *args, **kwargs):
                with name_scope(self.name, caller=self):
                    result = original(self, *args, **kwargs)
                if args and not self.built:
                    self._build_shapes = args[0] if len(args) == 1 else list(args)
                elif kwargs and not self.built:
                    self._build_shapes = dict(kwargs)
                self.built = True
                self._post_build()
                return result

            build._wrapped = True
            cls.build = build

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None,
                 autocast=True, name=None, input_shape=None, input_dim=None,
                 batch_size=None, **kwargs):
        self._engine_init()
        # These must exist before any attribute assignment reaches __setattr__.
        object.__setattr__(self, "_tracked", {})
        object.__setattr__(self, "_tracking_enabled", True)
        Operation.__init__(self, name=name)
        for key in ("input_dim", "batch_input_shape"):
            kwargs.pop(key, None)
        # Keys newer Keras versions write into layer configs; harmless when unset.
        for key in _KERAS_ONLY_CONFIG_KEYS:
            if key in kwargs and not kwargs[key]:
                kwargs.pop(key)
        if kwargs:
            raise TypeError(
                f"{type(self).__name__} ({self.name}) got unexpected keyword arguments: "
                f"{sorted(kwargs)}."
            )
        if input_dim is not None and input_shape is None:
            input_shape = (input_dim,)
        self._input_shape_arg = tuple(input_shape) if input_shape is not None else None
        self._batch_size_arg = batch_size
        self.built = False
        self._trainable = bool(trainable)
        self.dtype_policy = policies.get(dtype)
        self.autocast = autocast
        self._own_variables = []
        self._losses = []
        self._build_shapes = None
        # Layers that define compute_mask support masking; others set it explicitly.
        self.supports_masking = type(self).compute_mask is not Layer.compute_mask
        self.input_spec = None
        self.activity_regularizer = _get_regularizer(activity_regularizer)
        self._call_signature = inspect.signature(self.call)
        self._call_takes_training = "training" in self._call_signature.parameters
        self._call_takes_mask = "mask" in self._call_signature.parameters

    # --- attribute tracking (Note [layer tracking]) ---------------------------------
    def __setattr__(self, name, value):
        tracked = self.__dict__.get("_tracked")
        if tracked is not None and self.__dict__.get("_tracking_enabled", False):
            if _contains_trackable(value):
                tracked[name] = value
                _walk(value, name, self._engine_track_sublayer,
                      self._engine_track_variable)
            else:
                tracked.pop(name, None)
        super().__setattr__(name, value)

    def __delattr__(self, name):
        self.__dict__.get("_tracked", {}).pop(name, None)
        super().__delattr__(name)

    def _retrack_variables(self):
        for variable in self._own_variables:
            self._engine_track_variable(variable)
        for layer in self._flat_layers():
            layer._retrack_variables()

    def _flat_layers(self):
        layers = []
        seen = set()

        def add(path, layer):
            if id(layer) not in seen and layer is not self:
                seen.add(id(layer))
                layers.append(layer)

        for key, value in list(self._tracked.items()):
            _walk(value, key, add, lambda v: None)
        return layers

    @property
    def layers(self):
        """The direct sub-layers, in assignment order."""
        return self._flat_layers()

    @property
    def _flat_variables_attr(self):
        found = []
        for key, value in list(self._tracked.items()):
            _walk(value, key, lambda p, layer: None, found.append)
        return found

    def _collect_variables(self, include_layers=True):
        result, seen = [], set()

        def add(variable):
            if id(variable) not in seen:
                seen.add(id(variable))
                result.append(variable)

        for variable in self._own_variables:
            add(variable)
        for variable in self._flat_variables_attr:
            add(variable)
        if include_layers:
            for layer in self._flat_layers():
                for variable in layer._collect_variables():
                    add(variable)
        return result

    @property
    def variables(self):
        """All variables of the layer and its sub-layers (incl. non-trainable state)."""
        return self._collect_variables()

    @property
    def weights(self):
        """All weights, in Keras 3's order: the layer's own in creation order, then each
        sub-layer's (so ``get_weights`` lists move between kbackend and Keras 3)."""
        own = [v for v in self._collect_variables(False) if not _is_seed_state(v)]
        # Within a layer Keras lists the variables created trainable first (a later change
        # of `trainable`, as LoRA makes to the kernel, keeps the place).
        created_trainable = [v for v in own if getattr(v, "_created_trainable", v.trainable)]
        others = [v for v in own if not getattr(v, "_created_trainable", v.trainable)]
        nested = [v for layer in self._flat_layers() for v in layer.weights]
        return _unique(created_trainable + others + nested)

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        own = [v for v in self._collect_variables(False) if v.trainable]
        nested = [v for layer in self._flat_layers() for v in layer.trainable_weights]
        return _unique(own + nested)

    @property
    def non_trainable_weights(self):
        """Non-trainable weights (e.g. moving statistics); seed-generator states excluded."""
        return [v for v in self.non_trainable_variables if not _is_seed_state(v)]

    @property
    def non_trainable_variables(self):
        """Non-trainable weights plus seed-generator states (all state a step carries)."""
        if not self.trainable:
            return self._collect_variables()
        own = [v for v in self._collect_variables(False) if not v.trainable]
        nested = [v for layer in self._flat_layers() for v in layer.non_trainable_variables]
        return _unique(own + nested)

    trainable_variables = trainable_weights

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        # Freezing a layer freezes its whole sub-tree (fine-tuning).
        value = bool(value)
        self._trainable = value
        for variable in self._collect_variables(False):
            # Only variables created trainable follow the switch (statistics stay frozen).
            if not hasattr(variable, "_created_trainable"):
                variable._created_trainable = variable.trainable
            if variable._created_trainable:
                variable.trainable = value
        for layer in self._flat_layers():
            layer.trainable = value

    # --- dtypes ---------------------------------------------------------------------
    @property
    def dtype(self):
        """The dtype of the layer's variables."""
        return self.dtype_policy.variable_dtype

    @property
    def compute_dtype(self):
        return self.dtype_policy.compute_dtype

    @property
    def variable_dtype(self):
        return self.dtype_policy.variable_dtype

    def _variable_autocast_dtype(self):
        # Only a mixed policy casts variable reads; None also switches off a scope entered
        # by an enclosing mixed layer (Note [autocast scope]).
        policy = self.dtype_policy
        compute = policy.compute_dtype
        if (self.autocast and compute != policy.variable_dtype
                and dtypes.is_float_dtype(compute)):
            return compute
        return None

    # --- weights ------------------------------------------------------------------------
    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True,
                   autocast=True, regularizer=None, constraint=None, aggregation="none",
                   synchronization="auto", name=None):
        """Creates a variable owned by this layer.

        Args:
            shape: the variable's shape (default ``()``).
            initializer: an initializer name, object or callable; "glorot_uniform" for
                float variables and "zeros" otherwise when None.
            dtype: the variable dtype (default: the layer's variable dtype).
            trainable: whether training updates it.
            regularizer: optional regularizer (its penalty is added to ``losses``).
            constraint: optional constraint applied after optimizer updates.
            name: variable name.

        Returns:
            The new `kbackend.Variable`.
        """
        from kbackend import initializers

        shape = () if shape is None else tuple(shape)
        dtype = dtypes.standardize_dtype(dtype or self.variable_dtype)
        if initializer is None:
            initializer = "glorot_uniform" if dtypes.is_float_dtype(dtype) else "zeros"
        initializer = initializers.get(initializer)
        scope = _NullScope() if current_caller() is self else name_scope(self.name, caller=self)
        with scope:
            variable = backends.Variable(
                initializer, shape=shape, dtype=dtype, trainable=trainable,
                autocast=autocast, aggregation=aggregation, synchronization=synchronization,
                name=name or "variable",
            )
        variable._created_trainable = bool(trainable)
        variable.regularizer = _get_regularizer(regularizer)
        variable.constraint = _get_constraint(constraint)
        self._own_variables.append(variable)
        self._engine_track_variable(variable)
        return variable

    def get_weights(self):
        """Returns the weights as a list of NumPy arrays (order of ``weights``)."""
        return [v.numpy() for v in self.weights]

    def set_weights(self, weights):
        """Sets the weights from a list of arrays in the order of ``weights``."""
        variables = self.weights
        if len(weights) != len(variables):
            raise ValueError(
                f'Layer "{self.name}" expects {len(variables)} weight arrays, but '
                f"set_weights received {len(weights)}. Expected shapes: "
                f"{[v.shape for v in variables]}."
            )
        for variable, value in zip(variables, weights):
            shape = tuple(getattr(value, "shape", ()))
            if shape != variable.shape:
                raise ValueError(
                    f'Layer "{self.name}": weight "{variable.path}" has shape '
                    f"{variable.shape}, but the value given has shape {shape}."
                )
        for variable, value in zip(variables, weights):
            variable.assign(value)

    def count_params(self):
        """The total number of scalars in the layer's weights."""
        if not self.built:
            raise ValueError(
                f'Layer "{self.name}" is not built yet, so its weights do not exist. '
                "Call it on data or call build(input_shape) first."
            )
        total = 0
        for variable in self.weights:
            size = 1
            for dim in variable.shape:
                size *= dim
            total += size
        return total

    # --- losses ----------------------------------------------------------------------
    def add_loss(self, loss):
        """Adds a scalar loss tensor (collected in ``losses``; fit adds it to the loss)."""
        scope = get_stateless_scope()
        if scope is not None and scope.collect_losses:
            scope.add_loss(loss)
            return
        self._losses.append(loss)

    def _clear_losses(self):
        self._losses = []
        for layer in self._flat_layers():
            layer._clear_losses()

    @property
    def losses(self):
        """Losses added in the last call (by this layer and every nested one) plus the
        penalties of regularized trainable weights.

        Example:
        >>> import kbackend
        >>> from kbackend import ops
        >>> layer = kbackend.layers.Dense(2, kernel_regularizer="l2")
        >>> _ = layer(ops.ones((1, 3)))
        >>> len(layer.losses)
        1
        """
        from kbackend import ops

        added, regularized = [], []
        seen_layers, seen_variables = set(), set()

        # One walk for both (a train step reads this every step): a layer's added losses
        # count at any depth; weights count only below trainable layers, as in
        # `trainable_weights`.
        def visit(layer, trainable):
            seen_layers.add(id(layer))
            added.extend(layer._losses)
            trainable = trainable and layer.trainable
            if trainable:
                for variable in layer._collect_variables(False):
                    if (variable.trainable and variable.regularizer is not None
                            and id(variable) not in seen_variables):
                        seen_variables.add(id(variable))
                        regularized.append(variable)
            for sub_layer in layer._flat_layers():
                if id(sub_layer) not in seen_layers:
                    visit(sub_layer, trainable)

        visit(self, True)
        return added + [ops.convert_to_tensor(v.regularizer(v.value)) for v in regularized]

    # --- building -------------------------------------------------------------------------
    def build(self, input_shape=None):
        """Creates the layer's variables; called automatically on the first call."""
        self.built = True

    build._wrapped = True

    def _post_build(self):
        pass

    def _maybe_build(self, args, kwargs):
        if self.built:
            return
        shapes = _shapes_for_build(self, args, kwargs)
        if shapes is None:
            self.build()
        elif isinstance(shapes, dict):
            self.build(**shapes)
        else:
            self.build(shapes)
        if not self.built:
            self.built = True

    def get_build_config(self):
        """The shapes the layer was built with (saved so loading can rebuild it)."""
        if self._build_shapes is None:
            return None
        return {"input_shape": _shape_to_config(self._build_shapes)}

    def build_from_config(self, config):
        """Rebuilds the layer from `get_build_config`'s output."""
        if config and not self.built:
            shape = config.get("input_shape")
            if shape is not None:
                self.build(tree.map_shape_structure(tuple, shape))

    # --- calling ---------------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        if not args and not kwargs:
            raise ValueError(f'Layer "{self.name}" was called without inputs.')
        args = _convert_first_argument(args)
        recorded_kwargs = {k: v for k, v in kwargs.items() if k != "training"}
        training = kwargs.pop("training", None)
        if training is None:
            training = _current_training()
        if training is None:
            # torch: a mode chosen with nn.Module.train()/eval() (backends/torch/layer.py).
            training = self._engine_training_mode()
        if self._call_takes_training:
            if training is None:
                default = self._call_signature.parameters["training"].default
                training = None if default is inspect.Parameter.empty else default
            kwargs["training"] = training
        input_mask = kwargs.get("mask")
        if input_mask is None and args and backends.is_tensor(args[0]):
            # Fast path (Note [eager call fast paths]): one tensor, no tree walk.
            input_mask = get_keras_mask(args[0])
            if input_mask is not None and self._call_takes_mask:
                kwargs["mask"] = input_mask
        elif input_mask is None and args:
            masks = tree.map_structure(
                lambda x: get_keras_mask(x) if x is not None else None, args[0]
            )
            if any(m is not None for m in tree.flatten(masks)):
                input_mask = masks if tree.is_nested(args[0]) else tree.flatten(masks)[0]
                if self._call_takes_mask:
                    kwargs["mask"] = input_mask
        if self.input_spec is not None and args:
            assert_input_compatibility(self.input_spec, args[0], self.name)
        with _TrainingScope(training):
            if (len(args) != 1 or kwargs and not _plain_kwargs(kwargs)
                    or not backends.is_tensor(args[0])) and any_symbolic_tensors(args, kwargs):
                return self._symbolic_call(args, kwargs, recorded_kwargs, input_mask)
            return self._eager_call(args, kwargs, input_mask)

    def _eager_call(self, args, kwargs, input_mask=None):
        self._maybe_build(args, kwargs)
        if self._losses:
            self._losses = []
        if self.autocast and dtypes.is_float_dtype(self.compute_dtype):
            args = (_autocast(args[0], self.compute_dtype),) + args[1:] if args else args
        # Variables are read in the compute dtype during call (Note [autocast scope]).
        with name_scope(self.name, caller=self), AutocastScope(self._variable_autocast_dtype()):
            outputs = self.call(*args, **kwargs)
        self._after_call(args, outputs, input_mask)
        return outputs

    def _after_call(self, args, outputs, input_mask):
        if self.activity_regularizer is not None:
            for output in tree.flatten(outputs):
                self.add_loss(self.activity_regularizer(output))
        if args and self.supports_masking:
            mask = self.compute_mask(args[0], input_mask)
            if mask is not None:
                flat_outputs, flat_masks = tree.flatten(outputs), tree.flatten(mask)
                if len(flat_masks) == 1 and len(flat_outputs) > 1:
                    flat_masks = flat_masks * len(flat_outputs)
                for output, output_mask in zip(flat_outputs, flat_masks):
                    if output is not None and output_mask is not None:
                        set_keras_mask(output, output_mask)

    def _symbolic_call(self, args, kwargs, recorded_kwargs, input_mask=None):
        self._maybe_build(args, kwargs)
        outputs = self.compute_output_spec(*args, **kwargs)
        self._losses = []
        # Sub-layers built lazily during the trace deferred their variables (Note
        # [deferred initialization]); materialize them now, outside the trace.
        initialize_all_variables()
        self._retrack_variables()
        # NOTE: `training` is not recorded: a graph replays with the caller's value.
        Node(self, call_args=args, call_kwargs=recorded_kwargs, outputs=outputs)
        if args and self.supports_masking:
            mask = self.compute_mask(args[0], input_mask)
            if mask is not None:
                flat_outputs, flat_masks = tree.flatten(outputs), tree.flatten(mask)
                if len(flat_masks) == 1 and len(flat_outputs) > 1:
                    flat_masks = flat_masks * len(flat_outputs)
                for output, output_mask in zip(flat_outputs, flat_masks):
                    if isinstance(output, KerasTensor) and isinstance(output_mask, KerasTensor):
                        output._keras_mask = output_mask
        return outputs

    def call(self, *args, **kwargs):
        raise NotImplementedError(
            f'Layer "{self.name}" ({type(self).__name__}) does not implement call(). '
            "Subclasses of Layer must define call(self, inputs, ...)."
        )

    def compute_output_spec(self, *args, **kwargs):
        """Output KerasTensors for symbolic inputs, traced without real computation."""
        if type(self).compute_output_shape is not Layer.compute_output_shape:
            shapes = tree.map_structure(
                lambda x: x.shape if isinstance(x, KerasTensor) else x, args[0]
            ) if args else None
            output_shape = self.compute_output_shape(shapes)
            dtype = self.compute_dtype
            if isinstance(output_shape, tuple) and all(
                d is None or isinstance(d, int) for d in output_shape
            ):
                return KerasTensor(output_shape, dtype=dtype)
            return tree.map_shape_structure(lambda s: KerasTensor(s, dtype=dtype), output_shape)

        def run(*a, **k):
            return self._eager_call(a, k)

        with StatelessScope(initialize_variables=False):
            return backends.compute_output_spec(run, *args, **kwargs)

    def compute_output_shape(self, *args, **kwargs):
        """The output shape(s) for input shape(s); derived from `compute_output_spec`."""
        def to_tensor(shape):
            return KerasTensor(shape, dtype=self.compute_dtype)

        inputs = tree.map_shape_structure(to_tensor, args[0]) if args else None
        outputs = Layer.compute_output_spec(self, inputs, **kwargs)
        return tree.map_structure(lambda x: x.shape, outputs)

    def compute_mask(self, inputs, previous_mask=None):
        """The output mask; by default the input mask passes through unchanged."""
        if not self.supports_masking:
            return None
        return previous_mask

    # --- stateless execution ------------------------------------------------------------
    def stateless_call(self, trainable_variables, non_trainable_variables, *args,
                       return_losses=False, **kwargs):
        """Calls the layer as a pure function of the given variable values.

        Args:
            trainable_variables: values for ``self.trainable_variables``, in order.
            non_trainable_variables: values for ``self.non_trainable_variables``.
            *args, **kwargs: the call's arguments.
            return_losses: also return the losses added during the call.

        Returns:
            ``(outputs, new_non_trainable_values)`` (plus losses if asked); the layer's
            own variables are not modified.
        """
        trainable = self.trainable_variables
        non_trainable = self.non_trainable_variables
        if len(trainable_variables) != len(trainable) or len(non_trainable_variables) != len(
            non_trainable
        ):
            raise ValueError(
                f'stateless_call of "{self.name}": expected {len(trainable)} trainable and '
                f"{len(non_trainable)} non-trainable values, got "
                f"{len(trainable_variables)} and {len(non_trainable_variables)}."
            )
        mapping = list(zip(trainable, trainable_variables)) + list(
            zip(non_trainable, non_trainable_variables)
        )
        with StatelessScope(state_mapping=mapping, collect_losses=return_losses) as scope:
            outputs = self(*args, **kwargs)
            new_non_trainable = [
                scope.get_current_value(v) if scope.get_current_value(v) is not None else v.value
                for v in non_trainable
            ]
        if return_losses:
            return outputs, new_non_trainable, scope.losses
        return outputs, new_non_trainable

    # --- configuration -------------------------------------------------------------------
    def get_config(self):
        """The constructor arguments, as a JSON-serializable dict."""
        config = {"name": self.name, "trainable": self.trainable}
        config["dtype"] = _serialize_policy(self.dtype_policy)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = policies.get(config["dtype"])
        try:
            return cls(**config)
        except TypeError as e:
            raise TypeError(
                f"Could not create {cls.__name__} from its config ({e}). A layer with "
                "constructor arguments beyond name/trainable/dtype must override "
                "get_config() to return them."
            ) from None

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"

    def _obj_type(self):
        return "Layer"


class _NullScope:
    def __enter__(self):
        return self

    def __exit__(self, *args):
        return None


def _is_seed_state(variable):
    # Seed-generator states and stateful RNN states are step state, not weights (Keras 3
    # leaves both out of `weights`/`get_weights`).
    return getattr(variable, "_is_seed_state", False)


def _unique(variables):
    seen, result = set(), []
    for v in variables:
        if id(v) not in seen:
            seen.add(id(v))
            result.append(v)
    return result


def _get_regularizer(identifier):
    if identifier is None:
        return None
    from kbackend import regularizers

    return regularizers.get(identifier)


def _get_constraint(identifier):
    if identifier is None:
        return None
    from kbackend import constraints

    return constraints.get(identifier)


def _serialize_policy(policy):
    return {"module": "keras", "class_name": "DTypePolicy",
            "config": {"name": policy.name}, "registered_name": None}


def _convert_first_argument(args):
    first = args[0]
    if backends.is_tensor(first):
        return args  # Note [eager call fast paths]: a tensor is kept as it is.

    from kbackend import ops

    def convert(x):
        if x is None or isinstance(x, (KerasTensor, VariableBase)) or backends.is_tensor(x):
            return x
        if hasattr(x, "__array__") or isinstance(x, (int, float, bool)):
            import numpy as np

            array = np.asarray(x)
            if array.dtype.kind in "USO":
                return array  # NOTE: strings stay NumPy arrays (string layers read them).
            return ops.convert_to_tensor(array)
        return x

    return (tree.map_structure(convert, first),) + args[1:]


# Note [eager call fast paths]: an eager call on one tensor (the common case) skips the
# tree walks of __call__ (masks, symbolic check, conversion, autocast), which give the
# same answer for a single leaf, and `_autocast` remembers per (engine dtype object,
# compute dtype) whether a cast is needed: dtype objects are hashable and their standard
# name never changes, while standardizing a NumPy dtype's name costs microseconds.
_AUTOCAST_NEEDED = {}


def _plain_kwargs(kwargs):
    # True when no keyword value can hold a KerasTensor (bools, None, strings, numbers).
    return all(v is None or type(v) in (bool, int, float, str) for v in kwargs.values())


def _autocast(inputs, compute_dtype):
    from kbackend import ops

    def cast(x):
        if x is None or isinstance(x, KerasTensor):
            return x
        if backends.is_tensor(x):
            key = (x.dtype, compute_dtype)
            needed = _AUTOCAST_NEEDED.get(key)
            if needed is None:
                dtype = dtypes.standardize_dtype(x.dtype)
                needed = dtypes.is_float_dtype(dtype) and dtype != compute_dtype
                _AUTOCAST_NEEDED[key] = needed
            if needed:
                return ops.cast(x, compute_dtype)
        return x

    if backends.is_tensor(inputs):
        return cast(inputs)
    return tree.map_structure(cast, inputs)


def _shape_of(x):
    shape = getattr(x, "shape", None)
    if shape is None:
        return None
    return tuple(None if d is None else int(d) for d in shape)


def _shapes_for_build(layer, args, kwargs):
    if not args:
        return None
    first = args[0]
    if tree.is_nested(first):
        return tree.map_structure(_shape_of, first)
    return _shape_of(first)


def _shape_to_config(shapes):
    return tree.map_shape_structure(list, shapes) if shapes is not None else None


InputSpec.__module__ = "kbackend.layers"
