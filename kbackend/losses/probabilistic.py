"""Probabilistic losses: KL divergence, Poisson, CTC, generalized cross-entropy."""

from kbackend import ops
from kbackend.backends.common import config as backend_config
from kbackend.losses.loss import LossFunctionWrapper, standardize_inputs


def kl_divergence(y_true, y_pred):
    """Kullback-Leibler divergence: ``sum(y_true * log(y_true / y_pred), axis=-1)``.

    Both inputs are clipped to ``[epsilon, 1]`` first.

    Args:
        y_true: the target distribution.
        y_pred: the predicted distribution, same shape.

    Returns:
        The loss, with the last axis reduced.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(kl_divergence([[0.5, 0.5]], [[0.25, 0.75]]))[0]), 4)
    0.1438
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "kl_divergence")
    epsilon = backend_config.epsilon()
    y_true = ops.clip(y_true, epsilon, 1.0)
    y_pred = ops.clip(y_pred, epsilon, 1.0)
    return ops.sum(y_true * ops.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    """Poisson loss: ``mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)``.

    Args:
        y_true: observed counts.
        y_pred: predicted rates, same shape.

    Returns:
        The loss, with the last axis reduced.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(poisson([[1.0]], [[1.0]]))[0]), 4)
    1.0
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "poisson")
    epsilon = backend_config.epsilon()
    return ops.mean(y_pred - y_true * ops.log(y_pred + epsilon), axis=-1)


def ctc(y_true, y_pred):
    """Connectionist temporal classification loss, per sample.

    Label 0 is the blank (and padding) class: each label sequence's length is its number of
    non-zero entries, and every sample uses all ``max_time`` steps of ``y_pred``.

    Args:
        y_true: integer labels, shape ``(batch, max_label_length)``, padded with 0.
        y_pred: logits, shape ``(batch, max_time, num_classes)``.

    Returns:
        The loss, shape ``(batch,)``.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(ctc([[1]], np.zeros((1, 1, 2), "float32")))[0]), 4)
    0.6931
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    if len(y_true.shape) != 2:
        raise ValueError(
            "Targets `y_true` are expected to be a tensor of shape `(batch_size, max_length)` "
            f"in integer format. Received: y_true.shape={tuple(y_true.shape)}"
        )
    if len(y_pred.shape) != 3:
        raise ValueError(
            "Logits `y_pred` are expected to be a tensor of shape `(batch_size, max_time, "
            f"num_classes)`. Received: y_pred.shape={tuple(y_pred.shape)}"
        )
    y_true = ops.cast(y_true, "int32")
    mask_index = 0
    # NOTE: lengths built from the tensors, not from their shapes, so that unknown batch
    # and time sizes (inside tf.function) work.
    output_length = ops.sum(ops.cast(ops.ones_like(y_pred[:, :, 0]), "int32"), axis=1)
    target_length = ops.cast(ops.sum(ops.cast(ops.not_equal(y_true, mask_index), "int32"),
                                     axis=-1), "int32")
    return ops.ctc_loss(y_true, y_pred, target_length, output_length, mask_index=mask_index)


def categorical_generalized_cross_entropy(y_true, y_pred, q):
    """Generalized cross-entropy (Zhang & Sabuncu, 2018): ``(1 - p_true**q) / q``.

    Robust to noisy labels: ``q -> 0`` approaches cross-entropy, ``q = 1`` is the mean
    absolute error of the true-class probability.

    Args:
        y_true: integer labels, shape ``(batch, ...)`` (a trailing axis of size 1 is
            accepted).
        y_pred: probabilities, shape ``(batch, ..., num_classes)``.
        q: in (0, 1).

    Returns:
        The loss, shape of ``y_true``.

    Example:
    >>> from kbackend import ops
    >>> y = categorical_generalized_cross_entropy([1], [[0.75, 0.25]], q=0.5)
    >>> float(ops.convert_to_numpy(y)[0])
    1.0
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = ops.squeeze(y_true, axis=-1)
    num_classes = y_pred.shape[-1]
    one_hot = ops.one_hot(ops.cast(y_true, "int32"), num_classes, dtype=ops.dtype(y_pred))
    p_true = ops.sum(y_pred * one_hot, axis=-1)
    return (1.0 - ops.power(p_true, q)) / q


_REDUCTION = "sum_over_batch_size"


class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence (`kl_divergence`), reduced over the batch.

    Args:
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "kl_divergence".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(KLDivergence()([[0.5, 0.5]], [[0.25, 0.75]]))), 4)
    0.1438
    """

    def __init__(self, reduction=_REDUCTION, name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, name=name, reduction=reduction, dtype=dtype)


class Poisson(LossFunctionWrapper):
    """The Poisson loss (`poisson`), reduced over the batch.

    Args:
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "poisson".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(Poisson()([[1.0]], [[1.0]]))), 4)
    1.0
    """

    def __init__(self, reduction=_REDUCTION, name="poisson", dtype=None):
        super().__init__(poisson, name=name, reduction=reduction, dtype=dtype)


class CTC(LossFunctionWrapper):
    """Connectionist temporal classification loss (`ctc`), reduced over the batch.

    Args:
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "ctc".
        dtype: see `Loss`.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(CTC()([[1]], np.zeros((1, 1, 2), "float32")))), 4)
    0.6931
    """

    def __init__(self, reduction=_REDUCTION, name="ctc", dtype=None):
        super().__init__(ctc, name=name, reduction=reduction, dtype=dtype)


class CategoricalGeneralizedCrossEntropy(LossFunctionWrapper):
    """Generalized cross-entropy for noisy labels (`categorical_generalized_cross_entropy`).

    Args:
        q: in (0, 1); small values behave like cross-entropy, large ones like MAE. Default 0.5.
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "categorical_generalized_cross_entropy".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> loss = CategoricalGeneralizedCrossEntropy(q=0.5)([1], [[0.75, 0.25]])
    >>> float(ops.convert_to_numpy(loss))
    1.0
    """

    def __init__(self, q=0.5, reduction=_REDUCTION,
                 name="categorical_generalized_cross_entropy", dtype=None):
        if not 0 < q < 1:
            raise ValueError(
                f"q must be in the interval (0, 1). Received: q={q!r}. Values near 0 behave "
                "like cross-entropy, values near 1 like mean absolute error."
            )
        super().__init__(categorical_generalized_cross_entropy, name=name,
                         reduction=reduction, dtype=dtype, q=q)
        self.q = q
