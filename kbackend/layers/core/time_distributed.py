"""TimeDistributed: applies a layer to every temporal slice of an input."""

from kbackend import ops
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.layers.core.wrapper import Wrapper


class TimeDistributed(Wrapper):
    """Applies ``layer`` to every slice ``inputs[:, t]`` along axis 1, with shared weights.

    The batch and time axes are merged, the layer is called once, and the result is split
    again, so the layer sees inputs of shape ``(batch * timesteps, ...)``. A mask of shape
    ``(batch, timesteps, ...)`` is passed to layers whose ``call`` takes one, and the
    timestep mask passes through.

    Args:
        layer: the `Layer` to apply to each timestep.
        **kwargs: base `Layer` arguments.

    Input shape: ``(batch, timesteps, ...)``, rank at least 3.

    Example:
    >>> from kbackend import layers, ops
    >>> layer = TimeDistributed(layers.Dense(4))
    >>> tuple(layer(ops.ones((2, 5, 3))).shape)
    (2, 5, 4)
    """

    def __init__(self, layer, **kwargs):
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    def _check_rank(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3 or not all(
            d is None or isinstance(d, int) for d in input_shape
        ):
            raise ValueError(
                f"TimeDistributed {self.name}: the input must be a single tensor of rank >= 3 "
                f"(batch, timesteps, ...), got input shape {input_shape}."
            )

    def build(self, input_shape):
        self._check_rank(input_shape)
        if not self.layer.built:
            self.layer.build((None,) + tuple(input_shape[2:]))

    def compute_output_shape(self, input_shape):
        self._check_rank(input_shape)
        inner = self.layer.compute_output_shape((None,) + tuple(input_shape[2:]))
        return (input_shape[0], input_shape[1]) + tuple(inner[1:])

    def compute_output_spec(self, inputs, training=None, mask=None):
        self._check_rank(inputs.shape)
        inner_input = KerasTensor((None,) + tuple(inputs.shape[2:]), dtype=inputs.dtype)
        inner = self.layer.compute_output_spec(inner_input)
        return KerasTensor((inputs.shape[0], inputs.shape[1]) + tuple(inner.shape[1:]),
                           dtype=inner.dtype)

    def call(self, inputs, training=None, mask=None):
        shape = ops.shape(inputs)
        batch_size, timesteps = shape[0], shape[1]
        merged = ops.reshape(inputs, (-1,) + tuple(shape[2:]))
        kwargs = {}
        if training is not None and self.layer._call_takes_training:
            kwargs["training"] = training
        if mask is not None and self.layer._call_takes_mask:
            mask_shape = tuple(ops.shape(mask))
            if mask_shape[:2] != (batch_size, timesteps):
                raise ValueError(
                    f"TimeDistributed {self.name}: the mask must have shape "
                    f"({batch_size}, {timesteps}, ...), got mask shape {mask_shape} for "
                    f"input shape {tuple(shape)}."
                )
            kwargs["mask"] = ops.reshape(mask, (-1,) + mask_shape[2:])
        outputs = self.layer(merged, **kwargs)
        output_shape = tuple(ops.shape(outputs))
        return ops.reshape(outputs, (batch_size, timesteps) + output_shape[1:])
