"""JaxLayer and FlaxLayer: pure jax functions and Flax modules as kbackend layers (jax only).

Note [jax layer state]: ``init_fn`` (or the ``params``/``state`` given) yields two pytrees.
Each array leaf becomes one kbackend Variable (params trainable when floating point, state
non-trainable), created in ``jax.tree_util`` flatten order, so the weights file has a
stable order. A call rebuilds the pytrees from the Variables' current values and calls
``call_fn``; new state is written back with ``Variable.assign``. Because reads and writes
go through Variables, the layer works eagerly, inside ``fit`` (whose jax step is a jitted
pure function over all Variables) and through ``stateless_call``.

Note [jax layer arguments]: like Keras, ``call_fn``'s optional arguments are chosen by
name: it always takes ``params`` and ``inputs`` and may take ``state``, ``rng`` and
``training``; it returns ``outputs``, or ``(outputs, new_state)`` when it takes ``state``.
``init_fn`` may take ``rng``, ``inputs`` and ``training`` and returns ``params``, or
``(params, state)`` when ``call_fn`` takes ``state``.
"""

import inspect

import jax
import jax.numpy as jnp
import numpy as np

from kbackend.backends.common import dtypes
from kbackend.layers.layer import Layer
from kbackend.random.seed_generator import SeedGenerator

_CALL_ARGUMENTS = ("params", "state", "rng", "inputs", "training")
_INIT_ARGUMENTS = ("rng", "inputs", "training")


def _argument_names(fn, allowed, what):
    names = list(inspect.signature(fn).parameters)
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise ValueError(
            f"{what} {getattr(fn, '__name__', fn)!r} has arguments {unknown} that JaxLayer "
            f"does not know. Expected names among {list(allowed)} (Note [jax layer "
            "arguments]); rename the arguments or wrap the function."
        )
    return set(names)


def _zeros_for(input_shape, dtype):
    # NOTE: unknown dims (the batch) become 1 so that init_fn sees a concrete array.
    if isinstance(input_shape, dict):
        return {k: _zeros_for(v, dtype) for k, v in input_shape.items()}
    if isinstance(input_shape, (list, tuple)) and input_shape and isinstance(
        input_shape[0], (list, tuple)
    ):
        return type(input_shape)(_zeros_for(s, dtype) for s in input_shape)
    shape = tuple(1 if d is None else int(d) for d in input_shape)
    return jnp.zeros(shape, dtype=dtype)


class JaxLayer(Layer):
    """Wraps a pure jax function ``call_fn(params, state, rng, inputs, training)`` as a layer.

    The parameters (and optional state) are pytrees of arrays; each leaf becomes a
    Variable, so the layer trains with ``fit``, saves with ``save``/``load_model`` and
    runs in ``stateless_call``. Only available with ``KBACKEND=jax``.

    Args:
        call_fn: the model function. It takes ``params`` and ``inputs`` and, optionally
            (chosen by argument name), ``state``, ``rng`` and ``training``. It returns
            the outputs, or ``(outputs, new_state)`` when it takes ``state``.
        init_fn: optional ``init_fn(rng, inputs, training)`` (arguments chosen by name)
            returning ``params`` or ``(params, state)``; called on build with zeros of
            the input shape. Needed to save the layer.
        params: initial parameters pytree, used when ``init_fn`` is None.
        state: initial state pytree, used when ``init_fn`` is None.
        seed: integer seed for the ``rng`` keys given to ``init_fn`` and ``call_fn``.
        **kwargs: other Layer arguments (``name``, ``dtype``, ``trainable``).

    Returns:
        A layer whose call returns ``call_fn``'s outputs.

    Example:
    >>> import jax.numpy as jnp, numpy as np
    >>> def call_fn(params, inputs):
    ...     return inputs @ params["w"] + params["b"]
    >>> def init_fn(rng, inputs):
    ...     return {"w": jnp.ones((inputs.shape[-1], 2)), "b": jnp.zeros((2,))}
    >>> layer = JaxLayer(call_fn, init_fn)
    >>> np.asarray(layer(np.ones((1, 3), "float32"))).tolist()
    [[3.0, 3.0]]
    """

    def __init__(self, call_fn, init_fn=None, params=None, state=None, seed=None, **kwargs):
        if not callable(call_fn):
            raise TypeError(f"JaxLayer: `call_fn` must be callable, got {call_fn!r}.")
        if init_fn is None and params is None:
            raise ValueError(
                "JaxLayer needs `init_fn` or `params`, got neither. Pass "
                "init_fn(rng, inputs, training) returning the parameters, or the params "
                "pytree itself."
            )
        super().__init__(**kwargs)
        self.call_fn = call_fn
        self.init_fn = init_fn
        self._call_names = _argument_names(call_fn, _CALL_ARGUMENTS, "call_fn")
        for required in ("params", "inputs"):
            if required not in self._call_names:
                raise ValueError(
                    f"JaxLayer: call_fn must take an argument named {required!r}; its "
                    f"arguments are {sorted(self._call_names)}."
                )
        self._init_names = (
            _argument_names(init_fn, _INIT_ARGUMENTS, "init_fn") if init_fn else set()
        )
        self._initial_params = params
        self._initial_state = state
        self.seed = seed
        self.seed_generator = SeedGenerator(seed)
        self.params_treedef = None
        self.state_treedef = None

    def _next_rng(self):
        # The [seed, counter] pair is a valid raw uint32 key; folding keeps draws distinct.
        pair = jnp.asarray(self.seed_generator.next(), dtype="uint32")
        return jax.random.fold_in(jax.random.PRNGKey(pair[0]), pair[1])

    def _initialize(self, input_shape):
        if self.init_fn is None:
            return self._initial_params, self._initial_state
        available = {
            "rng": self._next_rng(),
            "inputs": _zeros_for(input_shape, self.compute_dtype),
            "training": False,
        }
        # NOTE: init may run while a model is traced symbolically; forcing eager
        # evaluation keeps the initial values concrete.
        with jax.ensure_compile_time_eval():
            result = self.init_fn(**{k: v for k, v in available.items()
                                     if k in self._init_names})
        if "state" in self._call_names:
            if not (isinstance(result, tuple) and len(result) == 2):
                raise ValueError(
                    "JaxLayer: call_fn takes `state`, so init_fn must return "
                    f"(params, state); got {type(result).__name__}."
                )
            return result
        return result, None

    def build(self, input_shape=None):
        params, state = self._initialize(input_shape)
        self.params_treedef, self.params_variables = self._make_variables(
            params, "param", trainable=True
        )
        self.state_treedef, self.state_variables = self._make_variables(
            state, "state", trainable=False
        )
        self.built = True

    def _make_variables(self, tree, prefix, trainable):
        leaves, treedef = jax.tree_util.tree_flatten(tree)
        variables = []
        for i, leaf in enumerate(leaves):
            value = np.asarray(leaf)
            dtype = dtypes.standardize_dtype(value.dtype)
            variables.append(self.add_weight(
                shape=value.shape,
                initializer=lambda shape, dtype=None, value=value: value,
                dtype=dtype,
                trainable=trainable and dtypes.is_float_dtype(dtype),
                autocast=False,
                name=f"{prefix}_{i}",
            ))
        return treedef, variables

    def call(self, inputs, training=None):
        arguments = {
            "params": jax.tree_util.tree_unflatten(
                self.params_treedef, [v.value for v in self.params_variables]
            ),
            "inputs": inputs,
        }
        if "state" in self._call_names:
            arguments["state"] = jax.tree_util.tree_unflatten(
                self.state_treedef, [v.value for v in self.state_variables]
            )
        if "rng" in self._call_names:
            arguments["rng"] = self._next_rng()
        if "training" in self._call_names:
            arguments["training"] = bool(training)
        outputs = self.call_fn(**arguments)
        if "state" not in self._call_names:
            return outputs
        outputs, new_state = outputs
        new_leaves = jax.tree_util.tree_leaves(new_state)
        if len(new_leaves) != len(self.state_variables):
            raise ValueError(
                f"JaxLayer {self.name!r}: call_fn returned a state with {len(new_leaves)} "
                f"arrays, expected {len(self.state_variables)} (same structure as the "
                "state it received)."
            )
        for variable, value in zip(self.state_variables, new_leaves):
            variable.assign(value)
        return outputs

    def get_config(self):
        from kbackend.saving import serialization_lib

        if self.init_fn is None:
            raise ValueError(
                f"JaxLayer {self.name!r} was made from `params` without `init_fn`, so its "
                "config cannot rebuild it. Pass init_fn to save the whole layer, or use "
                "save_weights()/load_weights()."
            )
        config = super().get_config()
        config.update({
            "call_fn": serialization_lib.serialize_keras_object(self.call_fn),
            "init_fn": serialization_lib.serialize_keras_object(self.init_fn),
            "seed": self.seed,
        })
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kbackend.saving import serialization_lib

        config = dict(config)
        for key in ("call_fn", "init_fn"):
            if isinstance(config.get(key), dict):
                config[key] = serialization_lib.deserialize_keras_object(
                    config[key], custom_objects=custom_objects
                )
        return super().from_config(config)


class FlaxLayer(JaxLayer):
    """Wraps a Flax (linen) module as a layer; only available with ``KBACKEND=jax``.

    The module's ``"params"`` collection becomes trainable Variables and every other
    collection (e.g. ``"batch_stats"``) non-trainable state, updated when called with
    ``training=True``. If the called method takes a ``training`` argument it receives
    the layer's training flag; the ``rng`` is passed as the ``"dropout"`` stream.

    Args:
        module: a ``flax.linen.Module`` instance.
        method: the module method to call (a name or the function); default
            ``__call__``.
        variables: optional initial variables dict (``module.init`` output); when None
            the module is initialized on build.
        **kwargs: other JaxLayer/Layer arguments (``seed``, ``name``, ...).

    Returns:
        A layer whose call returns the module's outputs.

    Example:
    >>> import flax.linen as nn, numpy as np
    >>> layer = FlaxLayer(nn.Dense(2))
    >>> tuple(layer(np.ones((4, 3), "float32")).shape)
    (4, 2)
    """

    def __init__(self, module, method=None, variables=None, **kwargs):
        self.module = module
        self.method = method
        method_fn = getattr(module, method) if isinstance(method, str) else (
            method or module.__call__
        )
        self._method_takes_training = (
            "training" in inspect.signature(method_fn).parameters
        )

        def call_fn(params, state, rng, inputs, training):
            return self._apply(params, state, rng, inputs, training)

        def init_fn(rng, inputs, training):
            return self._split(self._init(rng, inputs, training))

        params = state = None
        if variables is not None:
            params, state = self._split(variables)
            init_fn = None
        super().__init__(call_fn, init_fn=init_fn, params=params, state=state, **kwargs)

    def _kwargs(self, training):
        return {"training": bool(training)} if self._method_takes_training else {}

    def _init(self, rng, inputs, training):
        params_rng, dropout_rng = jax.random.split(rng)
        return self.module.init(
            {"params": params_rng, "dropout": dropout_rng}, inputs,
            method=self.method, **self._kwargs(training)
        )

    @staticmethod
    def _split(variables):
        variables = dict(variables)
        params = variables.pop("params", {})
        return params, variables

    def _apply(self, params, state, rng, inputs, training):
        variables = {"params": params, **state}
        mutable = list(state) if (training and state) else False
        result = self.module.apply(
            variables, inputs, rngs={"dropout": rng}, method=self.method,
            mutable=mutable, **self._kwargs(training)
        )
        if mutable:
            outputs, updates = result
            return outputs, {**state, **dict(updates)}
        return result, state

    def get_config(self):
        raise ValueError(
            f"FlaxLayer {self.name!r} cannot be saved with its config: a Flax module has "
            "no kbackend config. Save the weights with save_weights() and rebuild the "
            "layer from the module in code."
        )


JaxLayer.__module__ = "kbackend.layers"
FlaxLayer.__module__ = "kbackend.layers"
