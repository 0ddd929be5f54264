"""Functional forms of the merge layers: ``add([a, b])`` is ``Add()([a, b])``."""

from kbackend.layers.merging.concatenate import Concatenate
from kbackend.layers.merging.dot import Dot
from kbackend.layers.merging.elementwise import (
    Add,
    Average,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
)


def add(inputs, **kwargs):
    """Adds a list of inputs element-wise (functional form of `Add`).

    Args:
        inputs: a list of tensors of broadcast-compatible shapes.
        **kwargs: `Layer` arguments (name, dtype, ...).

    Returns:
        The sum.

    Example:
    >>> from kbackend import ops
    >>> tuple(add([ops.ones((1, 2)), ops.ones((1, 2))]).shape)
    (1, 2)
    """
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """``inputs[0] - inputs[1]`` (functional form of `Subtract`).

    Args:
        inputs: a list of exactly 2 tensors.
        **kwargs: `Layer` arguments.

    Returns:
        The difference.

    Example:
    >>> from kbackend import ops
    >>> tuple(subtract([ops.ones((1, 2)), ops.ones((1, 2))]).shape)
    (1, 2)
    """
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """Multiplies a list of inputs element-wise (functional form of `Multiply`).

    Args:
        inputs: a list of tensors.
        **kwargs: `Layer` arguments.

    Returns:
        The product.

    Example:
    >>> from kbackend import ops
    >>> tuple(multiply([ops.ones((1, 2)), ops.ones((1, 2))]).shape)
    (1, 2)
    """
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """Averages a list of inputs element-wise (functional form of `Average`).

    Args:
        inputs: a list of tensors.
        **kwargs: `Layer` arguments.

    Returns:
        The mean.

    Example:
    >>> from kbackend import ops
    >>> tuple(average([ops.ones((1, 2)), ops.ones((1, 2))]).shape)
    (1, 2)
    """
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """The element-wise maximum of a list of inputs (functional form of `Maximum`).

    Args:
        inputs: a list of tensors.
        **kwargs: `Layer` arguments.

    Returns:
        The maximum.

    Example:
    >>> from kbackend import ops
    >>> tuple(maximum([ops.ones((1, 2)), ops.zeros((1, 2))]).shape)
    (1, 2)
    """
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """The element-wise minimum of a list of inputs (functional form of `Minimum`).

    Args:
        inputs: a list of tensors.
        **kwargs: `Layer` arguments.

    Returns:
        The minimum.

    Example:
    >>> from kbackend import ops
    >>> tuple(minimum([ops.ones((1, 2)), ops.zeros((1, 2))]).shape)
    (1, 2)
    """
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """Concatenates a list of inputs along ``axis`` (functional form of `Concatenate`).

    Args:
        inputs: a list of tensors.
        axis: the concatenation axis.
        **kwargs: `Layer` arguments.

    Returns:
        The concatenation.

    Example:
    >>> from kbackend import ops
    >>> tuple(concatenate([ops.ones((1, 2)), ops.ones((1, 3))]).shape)
    (1, 5)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes=-1, **kwargs):
    """Batched dot product of two inputs (functional form of `Dot`).

    Args:
        inputs: a list of 2 tensors.
        axes: an int or a pair of ints: the axes to contract.
        **kwargs: `Dot`/`Layer` arguments (``normalize``, name, ...).

    Returns:
        The dot product.

    Example:
    >>> from kbackend import ops
    >>> tuple(dot([ops.ones((2, 3)), ops.ones((2, 3))], axes=1).shape)
    (2, 1)
    """
    return Dot(axes=axes, **kwargs)(inputs)
