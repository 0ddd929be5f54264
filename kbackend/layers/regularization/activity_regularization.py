"""ActivityRegularization: adds an L1/L2 penalty on its inputs to the loss."""

from kbackend import regularizers
from kbackend.layers.layer import Layer


class ActivityRegularization(Layer):
    """Returns its inputs unchanged and adds ``l1 * sum(|x|) + l2 * sum(x ** 2)`` to the
    layer's losses (collected by `Model.fit`).

    Args:
        l1: L1 factor (default 0.0).
        l2: L2 factor (default 0.0).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns the inputs.

    Example:
    >>> from kbackend import ops
    >>> layer = ActivityRegularization(l1=0.5)
    >>> _ = layer(ops.ones((2, 2)))
    >>> float(ops.convert_to_numpy(layer.losses[0]))
    2.0
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.l1 = float(l1)
        self.l2 = float(l2)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.pop("activity_regularizer", None)
        return {**config, "l1": self.l1, "l2": self.l2}
