"""Metric-learning losses: Circle loss."""

from kbackend import ops
from kbackend.backends.common.masking import set_keras_mask
from kbackend.losses.loss import LossFunctionWrapper


def _pair_masks(query_labels, key_labels, remove_diagonal):
    query_labels = ops.reshape(query_labels, (-1, 1))
    key_labels = ops.reshape(key_labels, (-1, 1))
    positive = ops.equal(query_labels, ops.transpose(key_labels))
    negative = ops.logical_not(positive)
    if remove_diagonal:
        # NOTE: positions from cumulative sums rather than eye(n): n may be unknown
        # while tracing (tf.function).
        query_index = ops.cumsum(ops.ones_like(query_labels), axis=0)
        key_index = ops.cumsum(ops.ones_like(key_labels), axis=0)
        positive = ops.logical_and(positive,
                                   ops.not_equal(query_index, ops.transpose(key_index)))
    return positive, negative


def circle(y_true, y_pred, ref_labels=None, ref_embeddings=None, remove_diagonal=True,
           gamma=80, margin=0.4):
    """Circle loss (Sun et al., 2020) on cosine distances between embeddings.

    Each query's positives (same label) and negatives (other labels) among the reference
    embeddings are weighted by how far they are from their optimum, giving
    ``softplus(logsumexp(-gamma * w_p * (m - d_p)) + logsumexp(gamma * w_n * (1 - m - d_n)))``
    with cosine distance ``d = max(1 - query . ref, 0)``. Samples whose loss is 0 are
    masked out of the batch average.

    Args:
        y_true: integer labels, shape ``(batch,)``.
        y_pred: L2-normalized embeddings, shape ``(batch, dim)``.
        ref_labels: labels of the reference embeddings (default: ``y_true``).
        ref_embeddings: reference embeddings (default: ``y_pred``).
        remove_diagonal: ignore each sample's pairing with itself (use with the default
            references).
        gamma: the scale factor.
        margin: the relaxation margin.

    Returns:
        The loss, shape ``(batch,)``.

    Example:
    >>> from kbackend import ops
    >>> y = circle([0, 0, 1], [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    >>> ops.convert_to_numpy(y).shape
    (3,)
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), "int32")
    ref_embeddings = y_pred if ref_embeddings is None else ops.convert_to_tensor(
        ref_embeddings, dtype=ops.dtype(y_pred))
    ref_labels = y_true if ref_labels is None else ops.cast(ref_labels, "int32")

    distances = ops.maximum(1.0 - ops.matmul(y_pred, ops.transpose(ref_embeddings)), 0.0)
    positive_mask, negative_mask = _pair_masks(y_true, ref_labels, remove_diagonal)
    positive_float = ops.cast(positive_mask, ops.dtype(distances))
    negative_float = ops.cast(negative_mask, ops.dtype(distances))

    positive_weights = ops.maximum((margin + distances) * positive_float, 0.0)
    negative_weights = ops.maximum((1.0 + margin - distances) * negative_float, 0.0)
    positive_logits = -gamma * positive_weights * (margin - distances)
    negative_logits = gamma * negative_weights * ((1.0 - margin) - distances)

    minus_inf = float("-inf")
    positive_term = ops.logsumexp(ops.where(positive_mask, positive_logits, minus_inf), axis=1)
    negative_term = ops.logsumexp(ops.where(negative_mask, negative_logits, minus_inf), axis=1)
    loss = ops.softplus(positive_term + negative_term)
    set_keras_mask(loss, loss > 0)
    return loss


class Circle(LossFunctionWrapper):
    """The Circle loss (`circle`) over a batch of embeddings and their labels.

    Args:
        gamma: the scale factor. Default 80.0.
        margin: the relaxation margin. Default 0.4.
        remove_diagonal: ignore each sample's pairing with itself. Default True.
        reduction: see `Loss`. Default "sum_over_batch_size" (over samples with loss > 0).
        name: default "circle".
        dtype: see `Loss`.

    Example:
    >>> from kbackend import ops
    >>> loss = Circle()([0, 0, 1], [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    >>> ops.convert_to_numpy(loss).shape
    ()
    """

    def __init__(self, gamma=80.0, margin=0.4, remove_diagonal=True,
                 reduction="sum_over_batch_size", name="circle", dtype=None):
        super().__init__(circle, name=name, reduction=reduction, dtype=dtype, gamma=gamma,
                         margin=margin, remove_diagonal=remove_diagonal)
        self.gamma = gamma
        self.margin = margin
        self.remove_diagonal = remove_diagonal
