"""Attention layers: Attention, AdditiveAttention, MultiHeadAttention, GroupedQueryAttention."""

from kbackend.layers.attention.additive_attention import AdditiveAttention
from kbackend.layers.attention.attention import Attention
from kbackend.layers.attention.grouped_query_attention import (
    GroupedQueryAttention,
    GroupQueryAttention,
)
from kbackend.layers.attention.multi_head_attention import MultiHeadAttention

PUBLIC_CLASSES = (AdditiveAttention, Attention, GroupedQueryAttention, MultiHeadAttention)

__all__ = [cls.__name__ for cls in PUBLIC_CLASSES] + ["GroupQueryAttention", "PUBLIC_CLASSES"]
