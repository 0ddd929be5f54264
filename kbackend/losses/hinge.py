"""Hinge losses for maximum-margin classifiers."""

from kbackend import ops
from kbackend.losses.loss import LossFunctionWrapper, standardize_inputs


def _to_signed_labels(y_true):
    """Maps 0/1 labels to -1/1; labels that are not all 0 or 1 are kept as given."""
    is_binary = ops.all(ops.logical_or(ops.equal(y_true, 0), ops.equal(y_true, 1)))
    return ops.where(is_binary, 2.0 * y_true - 1.0, y_true)


def hinge(y_true, y_pred):
    """``mean(maximum(1 - y_true * y_pred, 0), axis=-1)``.

    Args:
        y_true: labels, -1 or 1 (0/1 labels are converted to -1/1).
        y_pred: predictions (scores), same shape.

    Returns:
        The loss, with the last axis reduced.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(hinge([[0.0, 1.0]], [[0.5, 0.5]])).tolist()
    [1.0]
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "hinge")
    y_true = _to_signed_labels(y_true)
    return ops.mean(ops.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


def squared_hinge(y_true, y_pred):
    """``mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)``.

    Args:
        y_true: labels, -1 or 1 (0/1 labels are converted to -1/1).
        y_pred: predictions (scores), same shape.

    Returns:
        The loss, with the last axis reduced.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(squared_hinge([[0.0, 1.0]], [[0.5, 0.5]])).tolist()
    [1.25]
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "squared_hinge")
    y_true = _to_signed_labels(y_true)
    return ops.mean(ops.square(ops.maximum(1.0 - y_true * y_pred, 0.0)), axis=-1)


def categorical_hinge(y_true, y_pred):
    """``maximum(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0)`` over the last axis.

    Args:
        y_true: one-hot labels.
        y_pred: predictions (scores), same shape.

    Returns:
        The loss, with the last axis reduced.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(categorical_hinge([[0.0, 1.0]], [[0.5, 0.25]])).tolist()
    [1.25]
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "categorical_hinge")
    positive = ops.sum(y_true * y_pred, axis=-1)
    negative = ops.max((1.0 - y_true) * y_pred, axis=-1)
    return ops.maximum(negative - positive + 1.0, 0.0)


_REDUCTION = "sum_over_batch_size"


class Hinge(LossFunctionWrapper):
    """The hinge loss (`hinge`), reduced over the batch.

    Args:
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "hinge".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(Hinge()([[0.0, 1.0]], [[0.5, 0.5]])))
    1.0
    """

    def __init__(self, reduction=_REDUCTION, name="hinge", dtype=None):
        super().__init__(hinge, name=name, reduction=reduction, dtype=dtype)


class SquaredHinge(LossFunctionWrapper):
    """The squared hinge loss (`squared_hinge`), reduced over the batch.

    Args:
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "squared_hinge".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(SquaredHinge()([[0.0, 1.0]], [[0.5, 0.5]])))
    1.25
    """

    def __init__(self, reduction=_REDUCTION, name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, name=name, reduction=reduction, dtype=dtype)


class CategoricalHinge(LossFunctionWrapper):
    """The categorical hinge loss (`categorical_hinge`), reduced over the batch.

    Args:
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "categorical_hinge".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(CategoricalHinge()([[0.0, 1.0]], [[0.5, 0.25]])))
    1.25
    """

    def __init__(self, reduction=_REDUCTION, name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, name=name, reduction=reduction, dtype=dtype)
