"""PReLU layer: a leaky ReLU with a learned slope."""

from kbackend import constraints, initializers, ops, regularizers
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer


class PReLU(Layer):
    """Parametric ReLU: ``x`` if ``x >= 0`` else ``alpha * x``, with ``alpha`` learned.

    Args:
        alpha_initializer: initializer of ``alpha`` (default "Zeros").
        alpha_regularizer: optional regularizer of ``alpha``.
        alpha_constraint: optional constraint of ``alpha``.
        shared_axes: axes (1-based, batch axis excluded from counting as 0) along which
            ``alpha`` is shared, e.g. ``[1, 2]`` for one slope per channel of
            ``(batch, height, width, channels)`` inputs.
        **kwargs: base `Layer` arguments.

    Weights: ``alpha`` of shape ``input_shape[1:]`` with shared axes set to 1.

    Example:
    >>> from kbackend import ops
    >>> layer = PReLU(shared_axes=[1])
    >>> tuple(layer(ops.ones((2, 3, 4))).shape)
    (2, 3, 4)
    >>> tuple(layer.weights[0].shape)
    (1, 4)
    """

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None,
                 alpha_constraint=None, shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif isinstance(shared_axes, int):
            self.shared_axes = [shared_axes]
        else:
            self.shared_axes = list(shared_axes)

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            if not 1 <= axis < len(input_shape):
                raise ValueError(
                    f"PReLU {self.name}: shared axis {axis} is out of range for input shape "
                    f"{tuple(input_shape)}; shared_axes count from 1 (the axis after batch)."
                )
            param_shape[axis - 1] = 1
        if any(d is None for d in param_shape):
            raise ValueError(
                f"PReLU {self.name}: alpha would have an unknown dim (input shape "
                f"{tuple(input_shape)}); share that axis with shared_axes or fix its size."
            )
        self.alpha = self.add_weight(
            shape=param_shape, name="alpha", initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer, constraint=self.alpha_constraint,
        )
        axes = {i: input_shape[i] for i in range(1, len(input_shape))
                if i not in (self.shared_axes or ())}
        self.input_spec = InputSpec(ndim=len(input_shape), axes=axes)

    def call(self, inputs):
        alpha = ops.cast(self.alpha, self.compute_dtype)
        positive = ops.relu(inputs)
        negative = ops.multiply(ops.negative(alpha), ops.relu(ops.negative(inputs)))
        return ops.add(positive, negative)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": self.alpha_regularizer,
            "alpha_constraint": self.alpha_constraint,
            "shared_axes": self.shared_axes,
        }
