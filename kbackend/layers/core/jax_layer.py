"""``kbackend.layers.JaxLayer`` / ``FlaxLayer``: the jax engine's classes, or stubs elsewhere.

The classes import jax (and flax when used), so they live in
``kbackend/backends/jax/jax_layer.py`` and are reached here by the engine name (no static
import of the engine folder). On other engines the names exist but constructing them
raises a ValueError naming KBACKEND=jax.
"""

import importlib

from kbackend import backends

_NEEDS_JAX = (
    "{cls} wraps jax functions and needs the jax engine, but this process runs "
    "KBACKEND={engine!r}. Set KBACKEND=jax before importing kbackend."
)

if backends.ENGINE == "jax":
    _module = importlib.import_module(f"kbackend.backends.{backends.ENGINE}.jax_layer")
    JaxLayer = _module.JaxLayer
    FlaxLayer = _module.FlaxLayer
else:

    class JaxLayer:
        """Wraps a pure jax function as a layer; only available with KBACKEND=jax.

        Args:
            call_fn: ``call_fn(params, state, rng, inputs, training)``.
            init_fn: optional ``init_fn(rng, inputs, training)``.
            params: initial parameters pytree.
            state: initial state pytree.
            seed: integer seed.
            **kwargs: other Layer arguments.

        Returns:
            Nothing on this engine: construction raises ValueError.

        Example:
        >>> import kbackend
        >>> kbackend.backend.backend() == "jax" or "needs KBACKEND=jax"
        'needs KBACKEND=jax'
        """

        def __init__(self, call_fn=None, init_fn=None, params=None, state=None, seed=None,
                     **kwargs):
            raise ValueError(_NEEDS_JAX.format(cls=type(self).__name__,
                                               engine=backends.ENGINE))

        @classmethod
        def from_config(cls, config):
            return cls(**config)

    class FlaxLayer(JaxLayer):
        """Wraps a Flax module as a layer; only available with KBACKEND=jax.

        Args:
            module: a ``flax.linen.Module``.
            method: the method to call (default ``__call__``).
            variables: optional initial variables.
            **kwargs: other Layer arguments.

        Returns:
            Nothing on this engine: construction raises ValueError.

        Example:
        >>> import kbackend
        >>> kbackend.backend.backend() == "jax" or "needs KBACKEND=jax"
        'needs KBACKEND=jax'
        """

        def __init__(self, module=None, method=None, variables=None, **kwargs):
            raise ValueError(_NEEDS_JAX.format(cls=type(self).__name__,
                                               engine=backends.ENGINE))

    JaxLayer.__module__ = "kbackend.layers"
    FlaxLayer.__module__ = "kbackend.layers"
