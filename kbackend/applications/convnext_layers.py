"""The two layers ConvNeXt adds to the catalog: LayerScale and StochasticDepth."""

from kbackend import initializers, ops, random
from kbackend.layers import Layer
from kbackend.saving import register_keras_serializable


@register_keras_serializable(package="kbackend.applications")
class StochasticDepth(Layer):
    """Drops a whole residual branch per sample while training (Huang et al., 2016).

    Args:
        drop_path_rate: the probability of dropping the branch.
        **kwargs: Layer arguments (``name``, ``dtype``, ...).

    Returns:
        While training, the input scaled by ``1 / (1 - rate)`` or zeroed per sample; else
        the input.

    Example:
    >>> import numpy as np
    >>> StochasticDepth(0.5)(np.ones((2, 3), "float32")).shape
    (2, 3)
    """

    def __init__(self, drop_path_rate, **kwargs):
        super().__init__(**kwargs)
        self.drop_path_rate = drop_path_rate
        self.seed_generator = random.SeedGenerator()

    def call(self, x, training=None):
        if not training or not self.drop_path_rate:
            return x
        keep_prob = 1.0 - self.drop_path_rate
        shape = (ops.shape(x)[0],) + (1,) * (len(x.shape) - 1)
        keep = ops.floor(keep_prob + random.uniform(shape, 0, 1, dtype=x.dtype,
                                                    seed=self.seed_generator))
        return (x / keep_prob) * keep

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "drop_path_rate": self.drop_path_rate}


@register_keras_serializable(package="kbackend.applications")
class LayerScale(Layer):
    """Multiplies the last axis by a learned per-channel scale (Touvron et al., 2021).

    Args:
        init_values: the initial value of every scale.
        projection_dim: the size of the last axis.
        **kwargs: Layer arguments.

    Returns:
        ``inputs * gamma``.

    Example:
    >>> import numpy as np
    >>> LayerScale(0.5, 2)(np.ones((1, 2), "float32")).tolist()
    [[0.5, 0.5]]
    """

    def __init__(self, init_values, projection_dim, **kwargs):
        super().__init__(**kwargs)
        self.init_values = init_values
        self.projection_dim = projection_dim

    def build(self, input_shape):
        self.gamma = self.add_weight(shape=(self.projection_dim,),
                                     initializer=initializers.Constant(self.init_values),
                                     trainable=True, name="gamma")

    def call(self, x):
        return x * ops.cast(self.gamma, x.dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "init_values": self.init_values,
                "projection_dim": self.projection_dim}


StochasticDepth.__module__ = "kbackend.applications.convnext"
LayerScale.__module__ = "kbackend.applications.convnext"
