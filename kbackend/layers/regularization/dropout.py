"""Dropout: zeros random entries during training."""

from kbackend import ops, random
from kbackend.layers.layer import Layer
from kbackend.layers.regularization import _utils


class Dropout(Layer):
    """Sets entries to 0 with probability ``rate`` and scales the others by
    ``1 / (1 - rate)``, only when called with ``training=True`` (the identity otherwise).

    Args:
        rate: fraction of the entries to drop, in [0, 1].
        noise_shape: optional shape of the keep mask, broadcast to the inputs (None entries
            take the input's size), e.g. ``(batch, 1, features)`` to drop the same
            features at every time step.
        seed: optional int seed, for reproducible masks.
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns a tensor of the input's shape.

    Example:
    >>> from kbackend import ops
    >>> layer = Dropout(0.5, seed=1)
    >>> ops.convert_to_numpy(layer(ops.ones((4,)), training=False)).tolist()
    [1.0, 1.0, 1.0, 1.0]
    >>> sorted(set(ops.convert_to_numpy(layer(ops.ones((100,)), training=True)).tolist()))
    [0.0, 2.0]
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = _utils.check_rate(rate, f"{type(self).__name__} {self.name}")
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def _noise_shape(self, inputs):
        return _utils.concrete_noise_shape(inputs, self.noise_shape)

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate >= 1:
            return ops.zeros_like(inputs)
        return random.dropout(inputs, self.rate, noise_shape=self._noise_shape(inputs),
                              seed=self.seed_generator)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed,
                "noise_shape": list(self.noise_shape) if self.noise_shape else None}
