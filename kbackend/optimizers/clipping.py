"""Gradient clipping by value, by norm and by global norm (Keras 3 semantics)."""

from kbackend import ops


def clip_by_value(grads, clipvalue):
    """Clips every gradient element to ``[-clipvalue, clipvalue]``.

    Args:
        grads: list of gradient tensors.
        clipvalue: positive float.

    Returns:
        The clipped gradients.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(clip_by_value([ops.convert_to_tensor([3.0, -0.5])], 1.0)[0])
    array([ 1. , -0.5], dtype=float32)
    """
    return [ops.clip(g, -clipvalue, clipvalue) for g in grads]


def clip_by_norm(grads, clipnorm):
    """Rescales each gradient so that its own L2 norm is at most ``clipnorm``.

    Args:
        grads: list of gradient tensors.
        clipnorm: positive float.

    Returns:
        The clipped gradients.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(clip_by_norm([ops.convert_to_tensor([3.0, 4.0])], 1.0)[0])
    array([0.6, 0.8], dtype=float32)
    """
    result = []
    for g in grads:
        squared_sum = ops.sum(ops.square(g), keepdims=True)
        # NOTE: sqrt at 0 has an infinite derivative; keep the norm finite for zero grads.
        positive = ops.greater(squared_sum, 0)
        safe = ops.where(positive, squared_sum, ops.ones_like(squared_sum))
        norm = ops.where(positive, ops.sqrt(safe), squared_sum)
        clip = ops.cast(clipnorm, g.dtype)
        result.append(ops.divide(ops.multiply(g, clip), ops.maximum(norm, clip)))
    return result


def global_norm(grads):
    """The L2 norm of all gradients taken together (a scalar tensor).

    Args:
        grads: list of gradient tensors.

    Returns:
        A float32 scalar tensor.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(global_norm([ops.convert_to_tensor([3.0]),
    ...                                         ops.convert_to_tensor([4.0])])))
    5.0
    """
    total = None
    for g in grads:
        part = ops.sum(ops.square(ops.cast(g, "float32")))
        total = part if total is None else ops.add(total, part)
    return ops.sqrt(total)


def clip_by_global_norm(grads, clipnorm):
    """Rescales all gradients together so that their global norm is at most ``clipnorm``.

    Args:
        grads: list of gradient tensors.
        clipnorm: positive float.

    Returns:
        The clipped gradients.

    Example:
    >>> from kbackend import ops
    >>> g = clip_by_global_norm([ops.convert_to_tensor([3.0]), ops.convert_to_tensor([4.0])], 1.0)
    >>> [round(float(ops.convert_to_numpy(x)[0]), 4) for x in g]
    [0.6, 0.8]
    """
    norm = global_norm(grads)
    clip = ops.convert_to_tensor(clipnorm, dtype="float32")
    scale = ops.divide(clip, ops.maximum(norm, clip))
    return [ops.multiply(g, ops.cast(scale, g.dtype)) for g in grads]
