"""Mask helpers shared by MultiHeadAttention and GroupedQueryAttention."""

from kbackend import ops
from kbackend.backends.common.masking import get_keras_mask


def compute_attention_mask(query, value, query_mask=None, value_mask=None, key_mask=None,
                           attention_mask=None, use_causal_mask=False, key=None):
    """Combines padding, causal and explicit masks into one ``(B, T, S)`` boolean mask.

    Masks default to the ``_keras_mask`` of the inputs. Returns None when nothing masks.
    """
    if query_mask is None:
        query_mask = get_keras_mask(query)
    if value_mask is None:
        value_mask = get_keras_mask(value)
    if key_mask is None and key is not None:
        key_mask = get_keras_mask(key)
    mask = None
    if query_mask is not None:
        mask = ops.expand_dims(ops.cast(query_mask, "bool"), -1)
    for padding in (value_mask, key_mask):
        if padding is not None:
            padding = ops.expand_dims(ops.cast(padding, "bool"), -2)
            mask = padding if mask is None else ops.logical_and(mask, padding)
    if use_causal_mask:
        target, source = ops.shape(query)[1], ops.shape(value)[1]
        rows = ops.expand_dims(ops.arange(target), -1)
        cols = ops.expand_dims(ops.arange(source), 0)
        causal = ops.expand_dims(ops.greater_equal(rows, cols), 0)
        mask = causal if mask is None else ops.logical_and(mask, causal)
    if attention_mask is not None:
        attention_mask = ops.cast(attention_mask, "bool")
        mask = attention_mask if mask is None else ops.logical_and(mask, attention_mask)
    return mask


def masked_softmax(scores, mask, num_axes):
    """Softmax over the last ``num_axes`` axes, with masked-out logits pushed to -inf."""
    if mask is not None:
        big = 3e4 if scores.dtype == "float16" else 1e9
        scores = ops.where(mask, scores, ops.cast(-big, scores.dtype))
    if num_axes == 1:
        return ops.softmax(scores, axis=-1)
    shape = ops.shape(scores)
    flat = ops.reshape(scores, tuple(shape[:-num_axes]) + (-1,))
    return ops.reshape(ops.softmax(flat, axis=-1), shape)
