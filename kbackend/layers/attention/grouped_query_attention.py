"""GroupedQueryAttention: attention where groups of query heads share key/value heads."""

import math

from kbackend import constraints, initializers, ops, regularizers
from kbackend.layers.attention._masks import compute_attention_mask, masked_softmax
from kbackend.layers.core.einsum_dense import EinsumDense
from kbackend.layers.layer import Layer
from kbackend.layers.regularization.dropout import Dropout


class GroupedQueryAttention(Layer):
    """Grouped-query attention (GQA): ``num_query_heads`` query heads share
    ``num_key_value_heads`` key/value heads (MQA when 1, MHA when equal).

    Args:
        head_dim: size of each attention head.
        num_query_heads: number of query heads.
        num_key_value_heads: number of key/value heads; must divide ``num_query_heads``.
        dropout: dropout rate on the attention probabilities (training only).
        use_bias: whether the projections have biases.
        flash_attention: passed to ``ops.dot_product_attention``.
        kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
        activity_regularizer, kernel_constraint, bias_constraint: as in `EinsumDense`.
        seed: optional int seed for the dropout.
        **kwargs: base `Layer` arguments.

    Call arguments: ``query (B, T, dim)``, ``value (B, S, dim)``, ``key`` (default value),
    ``query_mask``, ``value_mask``, ``key_mask``, ``attention_mask (B, T, S)``,
    ``return_attention_scores``, ``training``, ``use_causal_mask``.

    Returns:
        ``(B, T, dim)``, or ``(output, scores)`` with scores ``(B, num_query_heads, T, S)``.

    Weights (sub-layers, in order): ``query`` (kernel ``(dim, num_query_heads, head_dim)``,
    bias ``(num_query_heads, head_dim)``), ``key`` and ``value`` (kernel
    ``(dim, num_key_value_heads, head_dim)``, bias ``(num_key_value_heads, head_dim)``),
    ``attention_output`` (kernel ``(num_query_heads, head_dim, dim)``, bias ``(dim,)``).

    Example:
    >>> import numpy as np
    >>> layer = GroupedQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=2)
    >>> x = np.ones((1, 3, 8), "float32")
    >>> tuple(layer(x, x).shape)
    (1, 3, 8)
    """

    def __init__(self, head_dim, num_query_heads, num_key_value_heads, dropout=0.0,
                 use_bias=True, flash_attention=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 seed=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if num_query_heads % num_key_value_heads != 0:
            raise ValueError(
                f"GroupedQueryAttention {self.name}: num_query_heads ({num_query_heads}) must "
                f"be a multiple of num_key_value_heads ({num_key_value_heads})."
            )
        self.supports_masking = True
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout = dropout
        self.use_bias = use_bias
        self._flash_attention = flash_attention
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self._dropout_layer = Dropout(rate=dropout, seed=seed)
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(float(head_dim))

    def _dense(self, name, equation, output_shape, bias_axes, input_shape):
        layer = EinsumDense(
            equation, output_shape=output_shape,
            bias_axes=bias_axes if self.use_bias else None, name=name,
            kernel_initializer=self.kernel_initializer, bias_initializer=self.bias_initializer,
            kernel_regularizer=self.kernel_regularizer, bias_regularizer=self.bias_regularizer,
            kernel_constraint=self.kernel_constraint, bias_constraint=self.bias_constraint,
            dtype=self.dtype_policy)
        layer.build(input_shape)
        return layer

    def build(self, query_shape, value_shape=None, key_shape=None):
        query_shape = tuple(query_shape)
        value_shape = tuple(value_shape) if value_shape is not None else query_shape
        key_shape = tuple(key_shape) if key_shape is not None else value_shape
        for what, shape in (("query", query_shape), ("value", value_shape), ("key", key_shape)):
            if len(shape) != 3:
                raise ValueError(
                    f"GroupedQueryAttention {self.name}: {what} must have rank 3 "
                    f"(batch, positions, features), got shape {shape}."
                )
        self._build_shapes = {"query_shape": query_shape, "value_shape": value_shape,
                              "key_shape": key_shape}
        self._query_dense = self._dense(
            "query", "bqm,muh->bquh", (None, self.num_query_heads, self.head_dim), "uh",
            query_shape)
        self._key_dense = self._dense(
            "key", "bkm,mvh->bkvh", (None, self.num_key_value_heads, self.head_dim), "vh",
            key_shape)
        self._value_dense = self._dense(
            "value", "bkm,mvh->bkvh", (None, self.num_key_value_heads, self.head_dim), "vh",
            value_shape)
        self._output_dense = self._dense(
            "attention_output", "bquh,uhm->bqm", (None, query_shape[-1]), "m",
            query_shape[:-1] + (self.num_query_heads, self.head_dim))
        self.built = True

    def _maybe_build(self, args, kwargs):
        if self.built:
            return
        query = args[0] if args else kwargs["query"]
        value = args[1] if len(args) > 1 else kwargs.get("value")
        key = args[2] if len(args) > 2 else kwargs.get("key")
        if value is None:
            raise ValueError(
                f"GroupedQueryAttention {self.name}: call it as layer(query, value[, key]); "
                "the value argument is missing."
            )
        self.build(tuple(query.shape), tuple(value.shape),
                   None if key is None else tuple(key.shape))

    def get_build_config(self):
        shapes = getattr(self, "_build_shapes", None)
        return {k: list(v) for k, v in shapes.items()} if shapes else {}

    def build_from_config(self, config):
        if config and not self.built and config.get("query_shape") is not None:
            self.build(config["query_shape"], config.get("value_shape"),
                       config.get("key_shape"))

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None,
             use_causal_mask=False):
        if key is None:
            key = value
        mask = compute_attention_mask(
            query, value, query_mask=query_mask, value_mask=value_mask, key_mask=key_mask,
            attention_mask=attention_mask, use_causal_mask=use_causal_mask, key=key)
        q = self._query_dense(query)
        k = self._key_dense(key)
        v = self._value_dense(value)
        if mask is not None:
            mask = ops.expand_dims(mask, -3)
        scores = None
        if not return_attention_scores and not (training and self.dropout > 0):
            # The fused op groups query heads over the shared key/value heads itself.
            output = ops.dot_product_attention(
                q, k, v, mask=mask, scale=self._inverse_sqrt_head_dim,
                flash_attention=self._flash_attention)
        else:
            k = ops.repeat(k, self.num_repeats, axis=2)
            v = ops.repeat(v, self.num_repeats, axis=2)
            q = ops.multiply(q, ops.cast(self._inverse_sqrt_head_dim, q.dtype))
            logits = ops.einsum("bquh,bkuh->buqk", q, k)
            scores = masked_softmax(logits, mask, 1)
            dropped = self._dropout_layer(scores, training=training)
            output = ops.einsum("buqk,bkuh->bquh", dropped, v)
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        return tuple(query_shape)

    def compute_output_spec(self, query, value, key=None, return_attention_scores=False,
                            **kwargs):
        from kbackend.backends.common.keras_tensor import KerasTensor

        output = KerasTensor(tuple(query.shape), dtype=self.compute_dtype)
        if not return_attention_scores:
            return output
        source = (key if key is not None else value).shape[1]
        return output, KerasTensor(
            (query.shape[0], self.num_query_heads, query.shape[1], source),
            dtype=self.compute_dtype)

    def get_config(self):
        return {
            **super().get_config(),
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            "use_bias": self.use_bias,
            "dropout": self.dropout,
            "flash_attention": self._flash_attention,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "seed": self.seed,
        }


# Keras 3 exports the class under both names.
GroupQueryAttention = GroupedQueryAttention
