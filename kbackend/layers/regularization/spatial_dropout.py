"""SpatialDropout1D/2D/3D: drop whole feature maps (channels) during training."""

from kbackend.backends.common.config import image_data_format
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.regularization.dropout import Dropout


def _data_format(data_format, layer_name):
    data_format = image_data_format() if data_format is None else data_format
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{layer_name}: `data_format` must be 'channels_last' or 'channels_first', got "
            f"{data_format!r}."
        )
    return data_format


class _SpatialDropout(Dropout):
    _RANK = 3

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        self.input_spec = InputSpec(ndim=self._RANK)

    def _noise_shape(self, inputs):
        shape = tuple(inputs.shape)
        spatial = (1,) * (self._RANK - 2)
        if getattr(self, "data_format", "channels_last") == "channels_first":
            return (shape[0], shape[1]) + spatial
        return (shape[0],) + spatial + (shape[-1],)

    def get_config(self):
        config = super().get_config()
        config.pop("noise_shape")
        return config


class SpatialDropout1D(_SpatialDropout):
    """Drops entire channels of ``(batch, steps, channels)`` inputs during training.

    Args:
        rate: fraction of the channels to drop, in [0, 1].
        seed: optional int seed.
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns a tensor of the input's shape.

    Example:
    >>> from kbackend import ops
    >>> SpatialDropout1D(0.5, seed=1)(ops.ones((2, 3, 4)), training=True).shape
    (2, 3, 4)
    """

    _RANK = 3


class SpatialDropout2D(_SpatialDropout):
    """Drops entire channels of 4D image inputs during training.

    Args:
        rate: fraction of the channels to drop, in [0, 1].
        data_format: "channels_last" or "channels_first" (None: the global setting).
        seed: optional int seed.
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns a tensor of the input's shape.

    Example:
    >>> from kbackend import ops
    >>> SpatialDropout2D(0.5, seed=1)(ops.ones((2, 3, 3, 4)), training=True).shape
    (2, 3, 3, 4)
    """

    _RANK = 4

    def __init__(self, rate, data_format=None, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        self.data_format = _data_format(data_format, f"SpatialDropout2D {self.name}")

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


class SpatialDropout3D(_SpatialDropout):
    """Drops entire channels of 5D volume inputs during training.

    Args:
        rate: fraction of the channels to drop, in [0, 1].
        data_format: "channels_last" or "channels_first" (None: the global setting).
        seed: optional int seed.
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns a tensor of the input's shape.

    Example:
    >>> from kbackend import ops
    >>> SpatialDropout3D(0.5, seed=1)(ops.ones((1, 2, 2, 2, 3)), training=True).shape
    (1, 2, 2, 2, 3)
    """

    _RANK = 5

    def __init__(self, rate, data_format=None, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        self.data_format = _data_format(data_format, f"SpatialDropout3D {self.name}")

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}
