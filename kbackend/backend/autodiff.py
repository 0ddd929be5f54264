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


def compute_gradients(loss_fn, variables, has_aux=False):
    """Runs ``loss_fn()`` and returns its value and the gradients w.r.t. ``variables``.

    The stateful counterpart of `value_and_grad`, for training steps written once for every
    engine: ``loss_fn`` reads the variables (e.g. calls the model) and may update other
    state (e.g. BatchNormalization statistics); on jax this also works inside the jitted
    train step, where the trainer maps the model state through a StatelessScope.

    Args:
        loss_fn: a function of no arguments returning a scalar loss (or ``(loss, aux)``).
        variables: the variables to differentiate (usually ``model.trainable_variables``).
        has_aux: whether ``loss_fn`` returns ``(loss, aux)``.

    Returns:
        ``(loss, grads)`` (``((loss, aux), grads)`` with aux); grads follow ``variables``.

    Example:
    >>> import kbackend
    >>> from kbackend import ops
    >>> if kbackend.backends.CAN_TRAIN:
    ...     w = kbackend.Variable([1.0, 3.0])
    ...     loss, grads = compute_gradients(lambda: ops.sum(w * w), [w])
    ...     ops.convert_to_numpy(grads[0]).tolist()
    ... else:
    ...     [2.0, 6.0]
    [2.0, 6.0]
    """
    return backends.trainer().compute_gradients(loss_fn, variables, has_aux=has_aux)
