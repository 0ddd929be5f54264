"""GaussianDropout, GaussianNoise and AlphaDropout: random noise during training."""

import math

from kbackend import ops, random
from kbackend.layers.layer import Layer
from kbackend.layers.regularization import _utils

# SELU's constants: AlphaDropout keeps SELU activations' mean and variance.
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


class _NoiseLayer(Layer):
    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)


class GaussianDropout(_NoiseLayer):
    """Multiplies the inputs by noise drawn from ``N(1, rate / (1 - rate))`` in training.

    Args:
        rate: drop probability of the equivalent Dropout, in [0, 1).
        seed: optional int seed.
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns a tensor of the input's shape (the inputs in inference).

    Example:
    >>> from kbackend import ops
    >>> GaussianDropout(0.2, seed=1)(ops.ones((2, 3)), training=True).shape
    (2, 3)
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.rate = _utils.check_rate(rate, f"GaussianDropout {self.name}")

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        stddev = math.sqrt(self.rate / (1.0 - self.rate)) if self.rate < 1 else math.inf
        noise = random.normal(ops.shape(inputs), mean=1.0, stddev=stddev,
                              dtype=ops.dtype(inputs), seed=self.seed_generator)
        return ops.multiply(inputs, noise)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


class GaussianNoise(_NoiseLayer):
    """Adds zero-mean Gaussian noise of standard deviation ``stddev`` in training.

    Args:
        stddev: standard deviation of the noise (>= 0).
        seed: optional int seed.
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns a tensor of the input's shape (the inputs in inference).

    Example:
    >>> from kbackend import ops
    >>> GaussianNoise(0.1, seed=1)(ops.ones((2, 3)), training=True).shape
    (2, 3)
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        if isinstance(stddev, bool) or not isinstance(stddev, (int, float)) or not (
            math.isfinite(stddev) and stddev >= 0
        ):
            raise ValueError(
                f"GaussianNoise {self.name}: invalid value received for argument `stddev`: "
                f"expected a non-negative float, received stddev={stddev!r}."
            )
        self.stddev = float(stddev)

    def call(self, inputs, training=False):
        if not training or self.stddev == 0:
            return inputs
        noise = random.normal(ops.shape(inputs), mean=0.0, stddev=self.stddev,
                              dtype=ops.dtype(inputs), seed=self.seed_generator)
        return ops.add(inputs, noise)

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}


class AlphaDropout(_NoiseLayer):
    """Dropout for SELU networks: keeps the inputs' mean and variance.

    In training, dropped entries are set to SELU's negative saturation value
    ``-scale * alpha`` and the result is transformed affinely (``a * x + b``) so that
    the mean and variance are preserved.

    Args:
        rate: fraction of the entries to drop, in [0, 1).
        noise_shape: optional shape of the keep mask (None entries take the input's size).
        seed: optional int seed.
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns a tensor of the input's shape (the inputs in inference).

    Example:
    >>> from kbackend import ops
    >>> AlphaDropout(0.2, seed=1)(ops.ones((2, 3)), training=True).shape
    (2, 3)
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.rate = _utils.check_rate(rate, f"AlphaDropout {self.name}")
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate >= 1:
            raise ValueError(
                f"AlphaDropout {self.name}: rate=1 drops everything and has no affine "
                "correction; use a rate below 1."
            )
        dtype = ops.dtype(inputs)
        noise_shape = _utils.concrete_noise_shape(inputs, self.noise_shape)
        uniform = random.uniform(noise_shape, dtype=dtype, seed=self.seed_generator)
        kept = ops.cast(ops.greater_equal(uniform, self.rate), dtype)
        alpha_p = -_SELU_ALPHA * _SELU_SCALE
        a = ((1 - self.rate) * (1 + self.rate * alpha_p**2)) ** -0.5
        b = -a * alpha_p * self.rate
        x = ops.add(ops.multiply(inputs, kept), ops.multiply(ops.subtract(1.0, kept), alpha_p))
        return ops.add(ops.multiply(x, a), b)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed,
                "noise_shape": list(self.noise_shape) if self.noise_shape else None}
