"""Cross-entropy losses: binary, categorical, sparse categorical, and their focal forms.

The elementwise cross-entropies come from ``kbackend.ops`` (``binary_crossentropy``,
``categorical_crossentropy``, ``sparse_categorical_crossentropy``), which clip
probabilities to ``[epsilon, 1 - epsilon]`` and use stable forms for logits.
"""

import warnings

import numpy as np

from kbackend import ops
from kbackend.backends.common import config as backend_config
from kbackend.backends.common import dtypes as backend_dtypes
from kbackend.backends.common.masking import set_keras_mask
from kbackend.losses.loss import LossFunctionWrapper, standardize_inputs


def _broadcast_pair(y_true, y_pred):
    shape_true, shape_pred = tuple(y_true.shape), tuple(y_pred.shape)
    if shape_true == shape_pred or None in shape_true or None in shape_pred:
        return y_true, y_pred
    shape = tuple(np.broadcast_shapes(shape_true, shape_pred))
    return ops.broadcast_to(y_true, shape), ops.broadcast_to(y_pred, shape)


def _check_axis(axis):
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise ValueError(f"`axis` must be an int. Received: axis={axis!r}")


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Binary cross-entropy, averaged over ``axis``.

    Args:
        y_true: 0/1 (or soft) labels, shape ``(batch, d0, ..., dN)``.
        y_pred: probabilities, or logits if ``from_logits``; same shape.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in [0, 1]; labels become ``y * (1 - s) + 0.5 * s``.
        axis: the axis the mean is taken over.

    Returns:
        The loss with ``axis`` reduced.

    Example:
    >>> from kbackend import ops
    >>> y = binary_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])
    >>> round(float(ops.convert_to_numpy(y)[0]), 4)
    0.6931
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "binary_crossentropy")
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    y_true, y_pred = _broadcast_pair(y_true, y_pred)
    return ops.mean(ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits),
                    axis=axis)


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25,
                              gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1):
    """Binary focal cross-entropy: ``(1 - p_t)**gamma * bce``, averaged over ``axis``.

    ``p_t`` is the predicted probability of the true label; with ``apply_class_balancing``
    the positives are weighted by ``alpha`` and the negatives by ``1 - alpha``.

    Args:
        y_true: 0/1 (or soft) labels.
        y_pred: probabilities, or logits if ``from_logits``; same shape.
        apply_class_balancing: weight the classes by ``alpha`` / ``1 - alpha``.
        alpha: the positive class weight (used with ``apply_class_balancing``).
        gamma: the focusing parameter (0 gives plain binary cross-entropy).
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in [0, 1]; labels become ``y * (1 - s) + 0.5 * s``.
        axis: the axis the mean is taken over.

    Returns:
        The loss with ``axis`` reduced.

    Example:
    >>> from kbackend import ops
    >>> y = binary_focal_crossentropy([[1.0]], [[0.5]], gamma=2.0)
    >>> round(float(ops.convert_to_numpy(y)[0]), 4)
    0.1733
    """
    y_true, y_pred = standardize_inputs(y_true, y_pred, "binary_focal_crossentropy")
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    y_true, y_pred = _broadcast_pair(y_true, y_pred)
    if from_logits:
        y_pred = ops.sigmoid(y_pred)
    bce = ops.binary_crossentropy(y_true, y_pred, from_logits=False)
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal_bce = ops.power(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal_bce = (y_true * alpha + (1.0 - y_true) * (1.0 - alpha)) * focal_bce
    return ops.mean(focal_bce, axis=axis)


def _smooth_categorical(y_true, label_smoothing, axis):
    num_classes = ops.cast(ops.shape(y_true)[axis], ops.dtype(y_true))
    return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes


def _warn_single_class(y_pred, what):
    if tuple(y_pred.shape)[-1:] == (1,):
        warnings.warn(
            f"In loss {what}, expected y_pred.shape to be (batch_size, num_classes) with "
            f"num_classes > 1. Received: y_pred.shape={tuple(y_pred.shape)}. Consider "
            "using 'binary_crossentropy' if you only have 2 classes.",
            SyntaxWarning,
            stacklevel=3,
        )


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Categorical cross-entropy between one-hot (or soft) labels and predictions.

    Args:
        y_true: one-hot labels, shape ``(batch, ..., num_classes)``.
        y_pred: probabilities, or logits if ``from_logits``; same shape.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in [0, 1]; labels become ``y * (1 - s) + s / num_classes``.
        axis: the class axis.

    Returns:
        The loss with ``axis`` reduced.

    Example:
    >>> from kbackend import ops
    >>> y = categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])
    >>> round(float(ops.convert_to_numpy(y)[0]), 4)
    0.6931
    """
    _check_axis(axis)
    y_true, y_pred = standardize_inputs(y_true, y_pred, "categorical_crossentropy")
    _warn_single_class(y_pred, "categorical_crossentropy")
    if label_smoothing:
        y_true = _smooth_categorical(y_true, label_smoothing, axis)
    y_true, y_pred = _broadcast_pair(y_true, y_pred)
    return ops.categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False,
                                   label_smoothing=0.0, axis=-1):
    """Categorical focal cross-entropy: ``sum(-alpha * (1 - p)**gamma * y * log(p))``.

    Args:
        y_true: one-hot labels.
        y_pred: probabilities, or logits if ``from_logits``; same shape.
        alpha: the weighting factor.
        gamma: the focusing parameter.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in [0, 1]; labels become ``y * (1 - s) + s / num_classes``.
        axis: the class axis.

    Returns:
        The loss with ``axis`` reduced.

    Example:
    >>> from kbackend import ops
    >>> y = categorical_focal_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])
    >>> round(float(ops.convert_to_numpy(y)[0]), 4)
    0.0433
    """
    _check_axis(axis)
    y_true, y_pred = standardize_inputs(y_true, y_pred, "categorical_focal_crossentropy")
    _warn_single_class(y_pred, "categorical_focal_crossentropy")
    if label_smoothing:
        y_true = _smooth_categorical(y_true, label_smoothing, axis)
    if from_logits:
        y_pred = ops.softmax(y_pred, axis=axis)
    epsilon = backend_config.epsilon()
    output = y_pred / ops.sum(y_pred, axis=axis, keepdims=True)
    output = ops.clip(output, epsilon, 1.0 - epsilon)
    cce = -y_true * ops.log(output)
    focal_cce = alpha * ops.power(1.0 - output, gamma) * cce
    return ops.sum(focal_cce, axis=axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None,
                                    axis=-1):
    """Categorical cross-entropy with integer labels.

    Args:
        y_true: integer labels, the shape of ``y_pred`` without the class axis (a trailing
            axis of size 1 is accepted).
        y_pred: probabilities, or logits if ``from_logits``.
        from_logits: whether ``y_pred`` holds logits.
        ignore_class: a label whose entries get loss 0 and are masked out of the
            reduction (e.g. a padding or "void" class). None: no label is ignored.
        axis: the class axis.

    Returns:
        The loss with the class axis reduced.

    Example:
    >>> from kbackend import ops
    >>> y = sparse_categorical_crossentropy([1, 2], [[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]],
    ...                                     ignore_class=2)
    >>> [round(v, 4) for v in ops.convert_to_numpy(y).tolist()]
    [0.6931, 0.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    if not backend_dtypes.is_int_dtype(ops.dtype(y_true)):
        y_true = ops.cast(y_true, "int32")
    shape_true, shape_pred = tuple(y_true.shape), tuple(y_pred.shape)
    if len(shape_true) == len(shape_pred) and shape_true[-1:] == (1,):
        y_true = ops.squeeze(y_true, axis=-1)
        shape_true = shape_true[:-1]
    if len(shape_true) != len(shape_pred) - 1:
        raise ValueError(
            "sparse_categorical_crossentropy: y_true must have the shape of y_pred without "
            f"the class axis. Received: y_true.shape={shape_true}, "
            f"y_pred.shape={shape_pred}. Pass integer class indices, not one-hot labels "
            "(use categorical_crossentropy for one-hot labels)."
        )
    if ignore_class is None:
        return ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits,
                                                   axis=axis)
    valid = ops.not_equal(y_true, ops.cast(ignore_class, ops.dtype(y_true)))
    # NOTE: ignored entries get label 0 so that the op sees valid indices; their loss is
    # then zeroed and masked out, so the choice of label does not matter.
    y_true = ops.where(valid, y_true, ops.zeros_like(y_true))
    result = ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits,
                                                 axis=axis)
    result = ops.where(valid, result, ops.zeros_like(result))
    set_keras_mask(result, valid)
    return result


_REDUCTION = "sum_over_batch_size"


class BinaryCrossentropy(LossFunctionWrapper):
    """Binary cross-entropy between labels and predictions (`binary_crossentropy`).

    Args:
        from_logits: whether ``y_pred`` holds logits. Default False.
        label_smoothing: in [0, 1]. Default 0.
        axis: the axis the mean is taken over. Default -1.
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "binary_crossentropy".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> loss = BinaryCrossentropy()([[0.0, 1.0]], [[0.5, 0.5]])
    >>> round(float(ops.convert_to_numpy(loss)), 4)
    0.6931
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1, reduction=_REDUCTION,
                 name="binary_crossentropy", dtype=None):
        super().__init__(binary_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


class BinaryFocalCrossentropy(LossFunctionWrapper):
    """Binary focal cross-entropy (`binary_focal_crossentropy`), reduced over the batch.

    Args:
        apply_class_balancing: weight the classes by ``alpha`` / ``1 - alpha``. Default False.
        alpha: the positive class weight. Default 0.25.
        gamma: the focusing parameter. Default 2.0.
        from_logits: whether ``y_pred`` holds logits. Default False.
        label_smoothing: in [0, 1]. Default 0.
        axis: the axis the mean is taken over. Default -1.
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "binary_focal_crossentropy".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> loss = BinaryFocalCrossentropy(gamma=2.0)([[1.0]], [[0.5]])
    >>> round(float(ops.convert_to_numpy(loss)), 4)
    0.1733
    """

    def __init__(self, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False,
                 label_smoothing=0.0, axis=-1, reduction=_REDUCTION,
                 name="binary_focal_crossentropy", dtype=None):
        super().__init__(binary_focal_crossentropy, name=name, reduction=reduction,
                         dtype=dtype, apply_class_balancing=apply_class_balancing,
                         alpha=alpha, gamma=gamma, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self.apply_class_balancing = apply_class_balancing
        self.alpha = alpha
        self.gamma = gamma


class CategoricalCrossentropy(LossFunctionWrapper):
    """Categorical cross-entropy with one-hot labels (`categorical_crossentropy`).

    Args:
        from_logits: whether ``y_pred`` holds logits. Default False.
        label_smoothing: in [0, 1]. Default 0.
        axis: the class axis. Default -1.
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "categorical_crossentropy".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> loss = CategoricalCrossentropy()([[0.0, 1.0]], [[0.5, 0.5]])
    >>> round(float(ops.convert_to_numpy(loss)), 4)
    0.6931
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1, reduction=_REDUCTION,
                 name="categorical_crossentropy", dtype=None):
        super().__init__(categorical_crossentropy, name=name, reduction=reduction,
                         dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


class CategoricalFocalCrossentropy(LossFunctionWrapper):
    """Categorical focal cross-entropy (`categorical_focal_crossentropy`), reduced.

    Args:
        alpha: the weighting factor. Default 0.25.
        gamma: the focusing parameter. Default 2.0.
        from_logits: whether ``y_pred`` holds logits. Default False.
        label_smoothing: in [0, 1]. Default 0.
        axis: the class axis. Default -1.
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "categorical_focal_crossentropy".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> loss = CategoricalFocalCrossentropy()([[0.0, 1.0]], [[0.5, 0.5]])
    >>> round(float(ops.convert_to_numpy(loss)), 4)
    0.0433
    """

    def __init__(self, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction=_REDUCTION, name="categorical_focal_crossentropy", dtype=None):
        super().__init__(categorical_focal_crossentropy, name=name, reduction=reduction,
                         dtype=dtype, alpha=alpha, gamma=gamma, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self.alpha = alpha
        self.gamma = gamma


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Categorical cross-entropy with integer labels (`sparse_categorical_crossentropy`).

    Args:
        from_logits: whether ``y_pred`` holds logits. Default False.
        ignore_class: a label to leave out of the loss and of the average. Default None.
        reduction: see `Loss`. Default "sum_over_batch_size".
        name: default "sparse_categorical_crossentropy".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> loss = SparseCategoricalCrossentropy()([1], [[0.5, 0.5]])
    >>> round(float(ops.convert_to_numpy(loss)), 4)
    0.6931
    """

    _integer_labels = True

    def __init__(self, from_logits=False, ignore_class=None, reduction=_REDUCTION,
                 name="sparse_categorical_crossentropy", dtype=None):
        super().__init__(sparse_categorical_crossentropy, name=name, reduction=reduction,
                         dtype=dtype, from_logits=from_logits, ignore_class=ignore_class)
        self.from_logits = from_logits
        self.ignore_class = ignore_class
