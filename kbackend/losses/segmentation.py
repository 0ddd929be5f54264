"""Overlap losses for segmentation: Dice and Tversky."""

from kbackend import ops
from kbackend.backends.common import config as backend_config
from kbackend.losses.loss import LossFunctionWrapper, standardize_inputs


def dice(y_true, y_pred, axis=None):
    """Dice loss: ``1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + epsilon)``.

    Args:
        y_true: target masks (0/1 or soft).
        y_pred: predicted probabilities, same shape.
        axis: the axes summed over; None sums over everything (one scalar for the batch),
            e.g. ``(1, 2, 3)`` gives one loss per image.

    Returns:
        The loss, with ``axis`` reduced.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(dice([[1.0, 0.0]], [[1.0, 1.0]]))), 4)
    0.3333
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "dice")
    intersection = ops.sum(y_true * y_pred, axis=axis)
    union = ops.sum(y_true, axis=axis) + ops.sum(y_pred, axis=axis)
    return 1.0 - 2.0 * intersection / (union + backend_config.epsilon())


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """Tversky loss: ``1 - TP / (TP + alpha * FP + beta * FN + epsilon)``.

    With ``alpha = beta = 0.5`` it equals the Dice loss.

    Args:
        y_true: target masks (0/1 or soft).
        y_pred: predicted probabilities, same shape.
        alpha: the weight of false positives.
        beta: the weight of false negatives.
        axis: the axes summed over; None sums over everything.

    Returns:
        The loss, with ``axis`` reduced.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(tversky([[1.0, 0.0]], [[1.0, 1.0]]))), 4)
    0.3333
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "tversky")
    true_positives = ops.sum(y_true * y_pred, axis=axis)
    false_positives = ops.sum((1.0 - y_true) * y_pred, axis=axis)
    false_negatives = ops.sum(y_true * (1.0 - y_pred), axis=axis)
    denominator = (true_positives + alpha * false_positives + beta * false_negatives
                   + backend_config.epsilon())
    return 1.0 - true_positives / denominator


class Dice(LossFunctionWrapper):
    """The Dice loss (`dice`).

    Args:
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "dice".
        axis: the axes summed over (None: all). Default None.
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(Dice()([[1.0, 0.0]], [[1.0, 1.0]]))), 4)
    0.3333
    """

    def __init__(self, reduction="sum_over_batch_size", name="dice", axis=None, dtype=None):
        super().__init__(dice, name=name, reduction=reduction, dtype=dtype, axis=axis)
        self.axis = axis


class Tversky(LossFunctionWrapper):
    """The Tversky loss (`tversky`), a Dice loss with separate FP/FN weights.

    Args:
        alpha: the weight of false positives. Default 0.5.
        beta: the weight of false negatives. Default 0.5.
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "tversky".
        axis: the axes summed over (None: all). Default None.
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> loss = Tversky(alpha=0.3, beta=0.7)([[1.0, 0.0]], [[1.0, 1.0]])
    >>> round(float(ops.convert_to_numpy(loss)), 4)
    0.2308
    """

    def __init__(self, alpha=0.5, beta=0.5, reduction="sum_over_batch_size", name="tversky",
                 axis=None, dtype=None):
        super().__init__(tversky, name=name, reduction=reduction, dtype=dtype, alpha=alpha,
                         beta=beta, axis=axis)
        self.alpha = alpha
        self.beta = beta
        self.axis = axis
