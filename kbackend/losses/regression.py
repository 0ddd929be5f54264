"""Regression losses: squared/absolute/percentage/log errors, Huber, log-cosh, cosine."""

import math

from kbackend import ops
from kbackend.backends.common import config as backend_config
from kbackend.losses.loss import LossFunctionWrapper, standardize_inputs


def mean_squared_error(y_true, y_pred):
    """Mean squared error over the last axis: ``mean(square(y_true - y_pred), axis=-1)``.

    Args:
        y_true: targets, shape ``(batch, d0, ..., dN)``.
        y_pred: predictions, same shape.

    Returns:
        The loss, shape ``(batch, d0, ..., dN-1)``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(mean_squared_error([[0.0, 2.0]], [[1.0, 0.0]])).tolist()
    [2.5]
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "mean_squared_error")
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """Mean absolute error over the last axis: ``mean(abs(y_true - y_pred), axis=-1)``.

    Args:
        y_true: targets, shape ``(batch, d0, ..., dN)``.
        y_pred: predictions, same shape.

    Returns:
        The loss, shape ``(batch, d0, ..., dN-1)``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(mean_absolute_error([[0.0, 2.0]], [[1.0, 0.0]])).tolist()
    [1.5]
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "mean_absolute_error")
    return ops.mean(ops.abs(y_true - y_pred), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    """``100 * mean(abs((y_true - y_pred) / max(abs(y_true), epsilon)), axis=-1)``.

    Args:
        y_true: targets, shape ``(batch, d0, ..., dN)``.
        y_pred: predictions, same shape.

    Returns:
        The loss, shape ``(batch, d0, ..., dN-1)``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(mean_absolute_percentage_error([[2.0]], [[1.0]])).tolist()
    [50.0]
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "mean_absolute_percentage_error")
    denominator = ops.maximum(ops.abs(y_true), backend_config.epsilon())
    return 100.0 * ops.mean(ops.abs((y_true - y_pred) / denominator), axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    """``mean(square(log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1)), axis=-1)``.

    Args:
        y_true: targets, shape ``(batch, d0, ..., dN)``.
        y_pred: predictions, same shape.

    Returns:
        The loss, shape ``(batch, d0, ..., dN-1)``.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(mean_squared_logarithmic_error([[0.0]], [[1.0]]))[0]), 4)
    0.4805
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "mean_squared_logarithmic_error")
    epsilon = backend_config.epsilon()
    first_log = ops.log(ops.maximum(y_pred, epsilon) + 1.0)
    second_log = ops.log(ops.maximum(y_true, epsilon) + 1.0)
    return ops.mean(ops.square(first_log - second_log), axis=-1)


def huber(y_true, y_pred, delta=1.0):
    """Huber loss: ``0.5 * e**2`` where ``|e| <= delta``, else ``delta * (|e| - 0.5 * delta)``,
    averaged over the last axis (``e = y_pred - y_true``).

    Args:
        y_true: targets, shape ``(batch, d0, ..., dN)``.
        y_pred: predictions, same shape.
        delta: where the loss turns from quadratic to linear.

    Returns:
        The loss, shape ``(batch, d0, ..., dN-1)``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(huber([[0.0, 0.0]], [[0.5, 3.0]])).tolist()
    [1.3125]
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "huber")
    delta = float(delta)
    error = y_pred - y_true
    abs_error = ops.abs(error)
    quadratic = 0.5 * ops.square(error)
    linear = delta * abs_error - 0.5 * delta * delta
    return ops.mean(ops.where(abs_error <= delta, quadratic, linear), axis=-1)


def log_cosh(y_true, y_pred):
    """``mean(log(cosh(y_pred - y_true)), axis=-1)``, computed without overflow.

    Args:
        y_true: targets, shape ``(batch, d0, ..., dN)``.
        y_pred: predictions, same shape.

    Returns:
        The loss, shape ``(batch, d0, ..., dN-1)``.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(log_cosh([[0.0]], [[1.0]]))[0]), 4)
    0.4338
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "log_cosh")
    error = y_pred - y_true
    # NOTE: log(cosh(x)) = x + softplus(-2x) - log(2) stays finite for large |x|.
    return ops.mean(error + ops.softplus(-2.0 * error) - math.log(2.0), axis=-1)


def _l2_normalize(x, axis):
    square_sum = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return x * ops.rsqrt(ops.maximum(square_sum, 1e-12))


def cosine_similarity(y_true, y_pred, axis=-1):
    """Negative cosine similarity along ``axis``: ``-sum(l2_norm(y_true) * l2_norm(y_pred))``.

    Values lie in [-1, 1]; -1 means the vectors point the same way. A zero vector gives 0.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        axis: the axis the similarity is computed along.

    Returns:
        The loss with ``axis`` reduced.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(cosine_similarity([[0.0, 1.0]], [[0.0, 2.0]])).tolist()
    [-1.0]
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "cosine_similarity")
    y_true = _l2_normalize(y_true, axis)
    y_pred = _l2_normalize(y_pred, axis)
    return -ops.sum(y_true * y_pred, axis=axis)


_REDUCTION = "sum_over_batch_size"


class MeanSquaredError(LossFunctionWrapper):
    """Mean of squares of errors (`mean_squared_error`), reduced over the batch.

    Args:
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "mean_squared_error".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(MeanSquaredError()([[0.0, 1.0]], [[1.0, 1.0]])))
    0.5
    """

    def __init__(self, reduction=_REDUCTION, name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, name=name, reduction=reduction, dtype=dtype)


class MeanAbsoluteError(LossFunctionWrapper):
    """Mean of absolute errors (`mean_absolute_error`), reduced over the batch.

    Args:
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "mean_absolute_error".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(MeanAbsoluteError()([[0.0, 1.0]], [[2.0, 1.0]])))
    1.0
    """

    def __init__(self, reduction=_REDUCTION, name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name=name, reduction=reduction, dtype=dtype)


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """`mean_absolute_percentage_error`, reduced over the batch.

    Args:
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "mean_absolute_percentage_error".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(MeanAbsolutePercentageError()([[2.0]], [[1.0]])))
    50.0
    """

    def __init__(self, reduction=_REDUCTION, name="mean_absolute_percentage_error",
                 dtype=None):
        super().__init__(mean_absolute_percentage_error, name=name, reduction=reduction,
                         dtype=dtype)


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """`mean_squared_logarithmic_error`, reduced over the batch.

    Args:
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "mean_squared_logarithmic_error".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(MeanSquaredLogarithmicError()([[0.0]], [[1.0]]))), 4)
    0.4805
    """

    def __init__(self, reduction=_REDUCTION, name="mean_squared_logarithmic_error",
                 dtype=None):
        super().__init__(mean_squared_logarithmic_error, name=name, reduction=reduction,
                         dtype=dtype)


class Huber(LossFunctionWrapper):
    """The Huber loss (`huber`), reduced over the batch.

    Args:
        delta: where the loss turns from quadratic to linear. Default 1.0.
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "huber_loss".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(Huber()([[0.0, 0.0]], [[0.5, 3.0]])))
    1.3125
    """

    def __init__(self, delta=1.0, reduction=_REDUCTION, name="huber_loss", dtype=None):
        super().__init__(huber, name=name, reduction=reduction, dtype=dtype, delta=delta)


class LogCosh(LossFunctionWrapper):
    """The logarithm of the hyperbolic cosine of the error (`log_cosh`), reduced.

    Args:
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "log_cosh".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(LogCosh()([[0.0]], [[1.0]]))), 4)
    0.4338
    """

    def __init__(self, reduction=_REDUCTION, name="log_cosh", dtype=None):
        super().__init__(log_cosh, name=name, reduction=reduction, dtype=dtype)


class CosineSimilarity(LossFunctionWrapper):
    """Negative cosine similarity along ``axis`` (`cosine_similarity`), reduced.

    Args:
        axis: the axis the similarity is computed along. Default -1.
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "cosine_similarity".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(CosineSimilarity()([[0.0, 1.0]], [[0.0, 3.0]])))
    -1.0
    """

    def __init__(self, axis=-1, reduction=_REDUCTION, name="cosine_similarity", dtype=None):
        super().__init__(cosine_similarity, name=name, reduction=reduction, dtype=dtype,
                         axis=axis)
