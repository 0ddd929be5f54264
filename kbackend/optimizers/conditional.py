"""Conditional state updates that work eagerly, under tf.function and inside jax.jit.

Note [conditional updates]: a data-dependent branch that changes state (the gradient
accumulation boundary, the loss-scale skip, the EMA overwrite) cannot be a Python ``if``
in a compiled step, and an ``ops.cond`` whose branches assign Variables would leak traced
values out of jax's branch functions. Instead the branch runs inside a nested
`StatelessScope`, which records its assignments without applying them; each recorded
variable is then assigned ``ops.where(pred, new_value, old_value)``. Reads inside the nested
scope fall through to the enclosing scope, so this composes with the trainer's own scope.
Both branches are computed; the optimizer state is small next to a train step.
"""

from kbackend import backends, ops


def apply_if(pred, true_fn, false_fn=None):
    """Runs ``true_fn`` (else ``false_fn``) for their effect on Variables, selected by ``pred``.

    Args:
        pred: a scalar boolean tensor.
        true_fn: a function of no arguments that assigns Variables.
        false_fn: optional function of no arguments that assigns Variables.

    Returns:
        None. Every variable assigned by either branch gets the value of the chosen one.

    Example:
    >>> import kbackend
    >>> from kbackend import ops
    >>> v = kbackend.Variable(1.0)
    >>> apply_if(ops.convert_to_tensor(False), lambda: v.assign(5.0))
    >>> float(v.numpy())
    1.0
    """
    pred = ops.convert_to_tensor(pred)
    true_updates = _record(true_fn)
    false_updates = _record(false_fn) if false_fn is not None else {}
    variables = {id(v): v for v, _ in list(true_updates.values()) + list(false_updates.values())}
    for key, variable in variables.items():
        old = variable.value
        new_true = true_updates[key][1] if key in true_updates else old
        new_false = false_updates[key][1] if key in false_updates else old
        variable.assign(ops.where(pred, new_true, new_false))


def _record(fn):
    with backends.StatelessScope() as scope:
        fn()
    return {
        id(v): (v, scope.get_current_value(v)) for v in scope.assigned_variables
    }
