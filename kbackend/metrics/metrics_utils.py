"""Shared helpers of the confusion-matrix metrics: thresholds and weighted counts.

Note [confusion counts]: a prediction counts as positive at threshold ``t`` when
``y_pred > t``; a label is positive when it is non-zero. Counts are weighted sums over
``(thresholds, entries)`` comparisons, written with ops only (no data-dependent shapes),
so they run inside compiled steps on every engine.
"""

from kbackend import ops
from kbackend.losses.loss import squeeze_or_expand_to_same_rank

# Predictions outside the top k are pushed below every threshold.
NEG_INF = -1e10

TRUE_POSITIVES = "true_positives"
FALSE_POSITIVES = "false_positives"
TRUE_NEGATIVES = "true_negatives"
FALSE_NEGATIVES = "false_negatives"


def to_list(x):
    if isinstance(x, (list, tuple)):
        return list(x)
    return [x]


def parse_init_thresholds(thresholds, default_threshold=0.5, what="thresholds"):
    """Returns the thresholds as a list of floats, checking that they lie in [0, 1]."""
    if thresholds is not None:
        invalid = [t for t in to_list(thresholds) if t is None or not 0 <= t <= 1]
        if invalid:
            raise ValueError(
                f"Threshold values must be in [0, 1]; received {what}={thresholds!r} "
                f"(invalid: {invalid})."
            )
    values = to_list(default_threshold if thresholds is None else thresholds)
    return [float(t) for t in values]


def filter_top_k(x, k):
    """Keeps the ``k`` largest entries of the last axis and sets the others to NEG_INF."""
    num_classes = ops.shape(x)[-1]
    _, indices = ops.top_k(x, k)
    top_k_mask = ops.sum(ops.one_hot(indices, num_classes, dtype=ops.dtype(x)), axis=-2)
    return x * top_k_mask + NEG_INF * (1.0 - top_k_mask)


def _expand_weights(weights, target):
    """Per-sample (lower-rank) weights get trailing axes so that they broadcast."""
    weights, target = squeeze_or_expand_to_same_rank(weights, target)
    extra = len(ops.shape(target)) - len(ops.shape(weights))
    if extra > 0 and len(ops.shape(weights)) > 0:
        weights = ops.reshape(weights, tuple(ops.shape(weights)) + (1,) * extra)
    return ops.broadcast_to(weights, ops.shape(target))


def update_confusion_matrix_variables(variables_to_update, y_true, y_pred, thresholds,
                                      top_k=None, class_id=None, sample_weight=None,
                                      multi_label=False, label_weights=None, dtype="float32"):
    """Adds the weighted confusion counts of one batch to the given variables.

    See Note [confusion counts].

    Args:
        variables_to_update: dict from count names (``TRUE_POSITIVES``...) to variables of
            shape ``(num_thresholds,)``, or ``(num_thresholds, num_labels)`` with
            ``multi_label``.
        y_true: labels, same shape as ``y_pred`` (a trailing axis of 1 may differ).
        y_pred: scores in [0, 1].
        thresholds: list or 1-D tensor of thresholds.
        top_k: only the top ``k`` predictions of each row may be positive.
        class_id: only this class (last-axis index) is counted.
        sample_weight: optional weights broadcastable to ``y_pred``.
        multi_label: keep the last axis (one count per label) instead of flattening.
        label_weights: optional per-label weights (flattened mode only).
        dtype: the counts' dtype.
    """
    y_pred = ops.convert_to_tensor(y_pred, dtype=dtype)
    y_true = ops.convert_to_tensor(y_true, dtype=dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    if tuple(ops.shape(y_true)) != tuple(ops.shape(y_pred)):
        try:
            y_true = ops.broadcast_to(y_true, ops.shape(y_pred))
        except Exception as e:  # noqa: BLE001 (the engines raise different types)
            raise ValueError(
                "y_true and y_pred must have the same shape. Received: "
                f"y_true.shape={tuple(ops.shape(y_true))}, "
                f"y_pred.shape={tuple(ops.shape(y_pred))}."
            ) from e
    weights = None
    if sample_weight is not None:
        weights = _expand_weights(ops.convert_to_tensor(sample_weight, dtype=dtype), y_pred)
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        # Keep the class axis (size 1) so that weights stay aligned.
        y_true = y_true[..., class_id:class_id + 1]
        y_pred = y_pred[..., class_id:class_id + 1]
        if weights is not None:
            weights = weights[..., class_id:class_id + 1]
    if not multi_label and label_weights is not None:
        label_weights = ops.broadcast_to(ops.convert_to_tensor(label_weights, dtype=dtype),
                                         ops.shape(y_pred))
        weights = label_weights if weights is None else weights * label_weights
    num_thresholds = len(thresholds)
    if multi_label:
        # (thresholds, samples, labels): one count per threshold and label.
        flat_shape = (1, -1, ops.shape(y_pred)[-1])
        threshold_shape = (num_thresholds, 1, 1)
    else:
        # (thresholds, entries): every entry of every label pooled.
        flat_shape = (1, -1)
        threshold_shape = (num_thresholds, 1)
    y_pred = ops.reshape(y_pred, flat_shape)
    # NOTE: labels are positive when non-zero (they may be soft or boolean).
    positives = ops.cast(ops.not_equal(ops.reshape(y_true, flat_shape), 0.0), dtype)
    negatives = 1.0 - positives
    if weights is not None:
        weights = ops.reshape(weights, flat_shape)
        positives = positives * weights
        negatives = negatives * weights
    thresholds = ops.reshape(ops.convert_to_tensor(thresholds, dtype=dtype), threshold_shape)
    predicted = ops.cast(ops.greater(y_pred, thresholds), dtype)

    # Each count is a weighted sum; the complements come from the totals, which saves
    # a (thresholds x entries) product each.
    counts = {}
    if TRUE_POSITIVES in variables_to_update or FALSE_NEGATIVES in variables_to_update:
        counts[TRUE_POSITIVES] = ops.sum(predicted * positives, axis=1)
    if FALSE_POSITIVES in variables_to_update or TRUE_NEGATIVES in variables_to_update:
        counts[FALSE_POSITIVES] = ops.sum(predicted * negatives, axis=1)
    if FALSE_NEGATIVES in variables_to_update:
        counts[FALSE_NEGATIVES] = ops.sum(positives, axis=1) - counts[TRUE_POSITIVES]
    if TRUE_NEGATIVES in variables_to_update:
        counts[TRUE_NEGATIVES] = ops.sum(negatives, axis=1) - counts[FALSE_POSITIVES]
    for key, variable in variables_to_update.items():
        if key not in counts:
            raise ValueError(
                f"Unknown confusion count {key!r}; expected one of "
                f"{[TRUE_POSITIVES, FALSE_POSITIVES, TRUE_NEGATIVES, FALSE_NEGATIVES]}."
            )
        variable.assign_add(counts[key])
