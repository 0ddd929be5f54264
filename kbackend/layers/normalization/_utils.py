"""Helpers shared by the normalization layers."""

from kbackend import constraints, initializers, ops, regularizers

_HALF_DTYPES = ("float16", "bfloat16")


def canonical_axes(axis, ndim, layer):
    """Returns ``axis`` (an int or a list of ints) as a sorted list of positive axes."""
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    result = []
    for a in axes:
        if isinstance(a, bool) or not isinstance(a, int):
            raise TypeError(
                f"{type(layer).__name__} {layer.name}: `axis` must be an int or a list of ints, "
                f"got {axis!r}."
            )
        if not -ndim <= a < ndim:
            raise ValueError(
                f"{type(layer).__name__} {layer.name}: axis {a} is out of range for inputs "
                f"of rank {ndim}. Expected an axis in [{-ndim}, {ndim})."
            )
        result.append(a % ndim)
    if len(set(result)) != len(result):
        raise ValueError(
            f"{type(layer).__name__} {layer.name}: duplicate entries in axis={axis!r}."
        )
    return sorted(result)


def check_axis_arg(axis, layer_name):
    """Validates the type of an ``axis`` constructor argument; returns it (lists kept)."""
    if isinstance(axis, (list, tuple)):
        if all(isinstance(a, int) and not isinstance(a, bool) for a in axis):
            return list(axis)
    elif isinstance(axis, int) and not isinstance(axis, bool):
        return axis
    raise TypeError(
        f"{layer_name}: invalid value for `axis`: expected an int or a list/tuple of ints, "
        f"received axis={axis!r}."
    )


def known_dims(input_shape, axes, layer):
    """The sizes of ``axes``; a clear error when one is unknown."""
    dims = []
    for a in axes:
        if input_shape[a] is None:
            raise ValueError(
                f"{type(layer).__name__} {layer.name}: axis {a} of the input must have a "
                f"known size, but the input shape is {tuple(input_shape)}."
            )
        dims.append(int(input_shape[a]))
    return dims


def statistics_dtype(dtype):
    """Half precision inputs are normalized in float32 (their sums overflow/lose bits)."""
    return "float32" if dtype in _HALF_DTYPES else dtype


def broadcast_to_rank(value, ndim, axes):
    """Reshapes a weight whose dims are ``axes`` so that it broadcasts over rank ``ndim``."""
    shape = [1] * ndim
    for a, d in zip(axes, value.shape):
        shape[a] = d
    return ops.reshape(value, shape)


def affine_config(layer):
    """The gamma/beta initializer, regularizer and constraint entries of a config."""
    return {
        "beta_initializer": initializers.serialize(layer.beta_initializer),
        "gamma_initializer": initializers.serialize(layer.gamma_initializer),
        "beta_regularizer": regularizers.serialize(layer.beta_regularizer),
        "gamma_regularizer": regularizers.serialize(layer.gamma_regularizer),
        "beta_constraint": constraints.serialize(layer.beta_constraint),
        "gamma_constraint": constraints.serialize(layer.gamma_constraint),
    }


def set_affine_args(layer, beta_initializer, gamma_initializer, beta_regularizer,
                    gamma_regularizer, beta_constraint, gamma_constraint):
    """Resolves and stores the gamma/beta arguments on ``layer``."""
    layer.beta_initializer = initializers.get(beta_initializer)
    layer.gamma_initializer = initializers.get(gamma_initializer)
    layer.beta_regularizer = regularizers.get(beta_regularizer)
    layer.gamma_regularizer = regularizers.get(gamma_regularizer)
    layer.beta_constraint = constraints.get(beta_constraint)
    layer.gamma_constraint = constraints.get(gamma_constraint)
