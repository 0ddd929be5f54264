"""Helpers shared by the regularization layers."""

import math


def check_rate(rate, layer_name, name="rate"):
    """Returns ``rate`` as a float after checking that it lies in [0, 1]."""
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not (
        math.isfinite(rate) and 0 <= rate <= 1
    ):
        raise ValueError(
            f"{layer_name}: invalid value received for argument `{name}`: expected a float "
            f"between 0 and 1, received {name}={rate!r}."
        )
    return float(rate)


def concrete_noise_shape(inputs, noise_shape):
    """``noise_shape`` with its None entries replaced by the inputs' sizes."""
    shape = tuple(inputs.shape)
    if noise_shape is None:
        return shape
    if len(noise_shape) != len(shape):
        raise ValueError(
            f"noise_shape {tuple(noise_shape)} must have the rank of the inputs, whose shape "
            f"is {shape}."
        )
    return tuple(s if d is None else int(d) for d, s in zip(noise_shape, shape))
