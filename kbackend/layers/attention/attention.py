"""Attention: dot-product (Luong-style) or concat attention over ``[query, value, key]``."""

from kbackend import ops, random
from kbackend.layers.layer import Layer
from kbackend.layers.regularization import _utils as _dropout_utils

_SCORE_MODES = ("dot", "concat")


def _large_negative(dtype):
    # NOTE: float16 cannot hold 1e9; 65504 is its largest finite value.
    return 65504.0 if dtype == "float16" else 1e9


class Attention(Layer):
    """Dot-product attention layer, a.k.a. Luong-style attention.

    Computes ``scores = query @ key^T`` ("dot") or
    ``scores = concat_score_weight * sum(tanh(scale * (query + key)))`` ("concat"),
    masks them, takes ``softmax`` over the value axis and returns ``scores @ value``.

    Args:
        use_scale: if True, a trainable scalar ``scale`` multiplies the scores.
        score_mode: "dot" or "concat".
        dropout: dropout rate on the attention distribution (training only).
        seed: optional int seed for the dropout.
        **kwargs: base `Layer` arguments.

    Call arguments:
        inputs: ``[query, value]`` or ``[query, value, key]``: query ``(B, Tq, dim)``,
            value ``(B, Tv, dim)``, key ``(B, Tv, dim)`` (default: value).
        mask: optional ``[query_mask, value_mask]``, booleans ``(B, Tq)`` and ``(B, Tv)``.
        training: whether dropout is active.
        return_attention_scores: also return the attention distribution ``(B, Tq, Tv)``.
        use_causal_mask: position ``i`` attends only to positions ``j <= i``.

    Returns:
        ``(B, Tq, dim)``, or ``(outputs, scores)`` with ``return_attention_scores=True``.

    Weights: ``scale`` (shape ``()``) if ``use_scale``, then ``concat_score_weight``
    (shape ``()``) if ``score_mode="concat"``.

    Example:
    >>> import numpy as np
    >>> layer = Attention()
    >>> q, v = np.ones((2, 3, 4), "float32"), np.ones((2, 5, 4), "float32")
    >>> tuple(layer([q, v]).shape)
    (2, 3, 4)
    """

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if score_mode not in _SCORE_MODES:
            raise ValueError(
                f"{type(self).__name__} {self.name}: score_mode must be one of "
                f"{_SCORE_MODES}, got {score_mode!r}."
            )
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = _dropout_utils.check_rate(dropout, f"{type(self).__name__} {self.name}")
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True

    def build(self, input_shape=None):
        self._validate_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(shape=(), initializer="ones", name="scale")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                shape=(), initializer="ones", name="concat_score_weight")
        self.built = True

    def _validate_inputs(self, inputs, mask=None):
        name = f"{type(self).__name__} {self.name}"
        if not isinstance(inputs, (list, tuple)) or len(inputs) not in (2, 3):
            raise ValueError(
                f"{name}: inputs must be a list [query, value] or [query, value, key], got "
                f"{type(inputs).__name__} {inputs!r:.80}. Pass the tensors as a list."
            )
        if mask is not None and (not isinstance(mask, (list, tuple)) or len(mask) not in (2, 3)):
            raise ValueError(
                f"{name}: mask must be a list [query_mask, value_mask], got {mask!r:.80}."
            )

    def _calculate_scores(self, query, key):
        dtype = self.compute_dtype
        if self.score_mode == "dot":
            scores = ops.matmul(query, ops.swapaxes(key, -1, -2))
            if self.scale is not None:
                scores = ops.multiply(scores, ops.cast(self.scale, dtype))
            return scores
        q = ops.expand_dims(query, -2)
        k = ops.expand_dims(key, -3)
        summed = ops.add(q, k)
        if self.scale is not None:
            summed = ops.multiply(summed, ops.cast(self.scale, dtype))
        scores = ops.sum(ops.tanh(summed), axis=-1)
        return ops.multiply(ops.cast(self.concat_score_weight, dtype), scores)

    def _apply_scores(self, scores, value, scores_mask=None, training=False):
        if scores_mask is not None:
            padding = ops.cast(ops.logical_not(scores_mask), scores.dtype)
            scores = ops.subtract(scores, ops.multiply(_large_negative(scores.dtype), padding))
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = random.dropout(weights, self.dropout, seed=self.seed_generator)
        return ops.matmul(weights, value), weights

    def call(self, inputs, mask=None, training=False, return_attention_scores=False,
             use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = mask[0] if mask is not None else None
        value_mask = mask[1] if mask is not None else None
        scores = self._calculate_scores(query, key)
        scores_mask = None
        if value_mask is not None:
            scores_mask = ops.expand_dims(ops.cast(value_mask, "bool"), -2)
        if use_causal_mask:
            shape = ops.shape(scores)
            rows = ops.expand_dims(ops.arange(shape[-2]), -1)
            cols = ops.expand_dims(ops.arange(shape[-1]), 0)
            causal = ops.expand_dims(ops.greater_equal(rows, cols), 0)
            scores_mask = causal if scores_mask is None else ops.logical_and(scores_mask, causal)
        result, weights = self._apply_scores(scores, value, scores_mask, training)
        if query_mask is not None:
            result = ops.multiply(
                result, ops.expand_dims(ops.cast(query_mask, result.dtype), -1))
        if return_attention_scores:
            return result, weights
        return result

    def compute_mask(self, inputs, previous_mask=None):
        if previous_mask is None:
            return None
        if isinstance(previous_mask, (list, tuple)):
            return previous_mask[0]
        return previous_mask

    def compute_output_shape(self, input_shape):
        query_shape, value_shape = tuple(input_shape[0]), tuple(input_shape[1])
        return query_shape[:-1] + value_shape[-1:]

    def compute_output_spec(self, inputs, mask=None, training=False,
                            return_attention_scores=False, use_causal_mask=False):
        from kbackend.backends.common.keras_tensor import KerasTensor

        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        output = KerasTensor(tuple(query.shape[:-1]) + tuple(value.shape[-1:]),
                             dtype=self.compute_dtype)
        if return_attention_scores:
            scores = KerasTensor(tuple(query.shape[:-1]) + (key.shape[-2],),
                                 dtype=self.compute_dtype)
            return output, scores
        return output

    def get_config(self):
        return {**super().get_config(), "use_scale": self.use_scale,
                "score_mode": self.score_mode, "dropout": self.dropout, "seed": self.seed}
