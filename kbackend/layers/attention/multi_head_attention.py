"""MultiHeadAttention: the Transformer's multi-head (scaled dot-product) attention."""

import math

from kbackend import constraints, initializers, ops, regularizers
from kbackend.layers.attention import _equations
from kbackend.layers.attention._masks import compute_attention_mask, masked_softmax
from kbackend.layers.core.einsum_dense import EinsumDense
from kbackend.layers.layer import Layer
from kbackend.layers.regularization.dropout import Dropout


def _shape(x):
    return None if x is None else tuple(x.shape)


class MultiHeadAttention(Layer):
    """Multi-head attention as in "Attention Is All You Need".

    Projects query, key and value into ``num_heads`` heads, computes
    ``softmax(Q K^T / sqrt(key_dim)) V`` per head over ``attention_axes``, and projects
    the concatenated heads back. Uses ``ops.dot_product_attention`` (the engine's fused
    kernel) for rank-3 inputs when no attention scores or dropout are requested.

    Args:
        num_heads: number of attention heads.
        key_dim: size of each head for query and key.
        value_dim: size of each head for value (default: ``key_dim``).
        dropout: dropout rate on the attention probabilities (training only).
        use_bias: whether the projections have biases.
        output_shape: size(s) of the output's last axes (default: the query's last dim).
        attention_axes: axes over which attention is applied (default: all axes except
            batch, heads and features).
        flash_attention: passed to ``ops.dot_product_attention``.
        kernel_initializer, bias_initializer: initializers of the projections.
        kernel_regularizer, bias_regularizer, activity_regularizer: regularizers.
        kernel_constraint, bias_constraint: constraints.
        seed: optional int seed for the dropout.
        **kwargs: base `Layer` arguments.

    Call arguments:
        query ``(B, T, dim)``, value ``(B, S, dim)``, key ``(B, S, dim)`` (default: value);
        query_mask / value_mask / key_mask: boolean padding masks ``(B, T)`` / ``(B, S)``;
        attention_mask: boolean ``(B, T, S)``, True means attend;
        return_attention_scores: also return the ``(B, heads, T, S)`` probabilities;
        training: whether dropout is active; use_causal_mask: causal masking.

    Returns:
        ``(B, T, output_dim)``, or ``(output, scores)``.

    Weights (sub-layers, in order): ``query`` (kernel ``(dim, heads, key_dim)``, bias
    ``(heads, key_dim)``), ``key`` (same), ``value`` (kernel ``(dim, heads, value_dim)``,
    bias ``(heads, value_dim)``), ``attention_output`` (kernel
    ``(heads, value_dim, output_dim)``, bias ``(output_dim,)``).

    Example:
    >>> import numpy as np
    >>> layer = MultiHeadAttention(num_heads=2, key_dim=4)
    >>> x = np.ones((1, 3, 8), "float32")
    >>> tuple(layer(x, x).shape)
    (1, 3, 8)
    >>> len(layer.weights)
    8
    """

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True,
                 output_shape=None, attention_axes=None, flash_attention=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, seed=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        for arg, value in (("num_heads", num_heads), ("key_dim", key_dim)):
            if not isinstance(value, int) or value <= 0:
                raise ValueError(
                    f"MultiHeadAttention {self.name}: {arg} must be a positive integer, got "
                    f"{value!r}."
                )
        self.supports_masking = True
        self._num_heads = num_heads
        self._key_dim = key_dim
        self._value_dim = value_dim if value_dim else key_dim
        self._dropout = dropout
        self._use_bias = use_bias
        if output_shape is not None and not isinstance(output_shape, int):
            output_shape = tuple(output_shape)
        self._output_shape = output_shape
        self._flash_attention = flash_attention
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        self._attention_axes = tuple(attention_axes) if attention_axes is not None else None
        self.seed = seed
        self._dropout_layer = Dropout(rate=dropout, seed=seed)
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(key_dim))
        self._build_shapes = None

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)

    def _dense_kwargs(self):
        return {
            "kernel_initializer": self._kernel_initializer,
            "bias_initializer": self._bias_initializer,
            "kernel_regularizer": self._kernel_regularizer,
            "bias_regularizer": self._bias_regularizer,
            "kernel_constraint": self._kernel_constraint,
            "bias_constraint": self._bias_constraint,
            "dtype": self.dtype_policy,
        }

    def _projection(self, name, input_shape, heads_dim):
        equation, bias_axes, output_rank = _equations.projection_equation(len(input_shape))
        layer = EinsumDense(
            equation, output_shape=(None,) * (output_rank - 3) + (self._num_heads, heads_dim),
            bias_axes=bias_axes if self._use_bias else None, name=name,
            **self._dense_kwargs())
        layer.build(input_shape)
        return layer

    def build(self, query_shape, value_shape=None, key_shape=None):
        query_shape = tuple(query_shape)
        value_shape = tuple(value_shape) if value_shape is not None else query_shape
        key_shape = tuple(key_shape) if key_shape is not None else value_shape
        if query_shape[-1] is None or value_shape[-1] is None or key_shape[-1] is None:
            raise ValueError(
                f"MultiHeadAttention {self.name}: the last axis of query, value and key must "
                f"be known, got query {query_shape}, value {value_shape}, key {key_shape}."
            )
        if len(query_shape) < 3 or len(value_shape) != len(query_shape):
            raise ValueError(
                f"MultiHeadAttention {self.name}: query and value must have the same rank "
                f">= 3 (batch, positions..., features), got query {query_shape} and value "
                f"{value_shape}."
            )
        self._build_shapes = {"query_shape": query_shape, "value_shape": value_shape,
                              "key_shape": key_shape}
        self._query_dense = self._projection("query", query_shape, self._key_dim)
        self._key_dense = self._projection("key", key_shape, self._key_dim)
        self._value_dense = self._projection("value", value_shape, self._value_dim)
        rank = len(query_shape) + 1
        if self._attention_axes is None:
            axes = tuple(range(1, rank - 2))
        else:
            axes = tuple(a % (rank - 1) if a < 0 else a for a in self._attention_axes)
            if any(a == 0 or a >= rank - 2 for a in axes):
                raise ValueError(
                    f"MultiHeadAttention {self.name}: attention_axes {self._attention_axes} "
                    f"must name axes of the query {query_shape} other than batch and features."
                )
        self._resolved_axes = axes
        self._score_equation, self._combine_equation = _equations.attention_equations(
            rank, axes)
        if self._output_shape is None:
            output_dims = (query_shape[-1],)
        elif isinstance(self._output_shape, int):
            output_dims = (self._output_shape,)
        else:
            output_dims = self._output_shape
        equation, bias_axes = _equations.output_equation(rank, len(output_dims))
        self._output_dense = EinsumDense(
            equation, output_shape=(None,) * (rank - 3) + tuple(output_dims),
            bias_axes=bias_axes if self._use_bias else None, name="attention_output",
            **self._dense_kwargs())
        self._output_dense.build(query_shape[:-1] + (self._num_heads, self._value_dim))
        self.built = True

    def _maybe_build(self, args, kwargs):
        if self.built:
            return
        query = args[0] if args else kwargs["query"]
        value = args[1] if len(args) > 1 else kwargs.get("value")
        key = args[2] if len(args) > 2 else kwargs.get("key")
        if value is None:
            raise ValueError(
                f"MultiHeadAttention {self.name}: call it as layer(query, value[, key]); the "
                "value argument is missing."
            )
        self.build(_shape(query), _shape(value), _shape(key))

    def get_build_config(self):
        # NOTE: Keras 3's layout for a multi-argument build: {"shapes_dict": {...}}.
        if self._build_shapes is None:
            return {}
        return {"shapes_dict": {k: list(v) for k, v in self._build_shapes.items()
                                if v is not None}}

    def build_from_config(self, config):
        # Also reads the flat layout older kbackend files used.
        shapes = (config or {}).get("shapes_dict", config)
        if shapes and not self.built and shapes.get("query_shape") is not None:
            self.build(shapes["query_shape"], shapes.get("value_shape"),
                       shapes.get("key_shape"))

    def _compute_attention(self, query, key, value, mask, training, return_scores):
        rank = len(query.shape)
        use_fused = (
            rank == 4 and self._resolved_axes == (1,) and not return_scores
            and not (training and self._dropout > 0)
        )
        if use_fused:
            if mask is not None:
                mask = ops.expand_dims(mask, -3)
            output = ops.dot_product_attention(
                query, key, value, mask=mask, scale=self._inverse_sqrt_key_dim,
                flash_attention=self._flash_attention)
            return output, None
        query = ops.multiply(query, ops.cast(self._inverse_sqrt_key_dim, query.dtype))
        scores = ops.einsum(self._score_equation, key, query)
        if mask is not None:
            num_axes = len(self._resolved_axes)
            for _ in range(len(scores.shape) - len(mask.shape)):
                mask = ops.expand_dims(mask, -2 * num_axes - 1)
        probabilities = masked_softmax(scores, mask, len(self._resolved_axes))
        dropped = self._dropout_layer(probabilities, training=training)
        output = ops.einsum(self._combine_equation, dropped, value)
        return output, probabilities

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None,
             use_causal_mask=False):
        if key is None:
            key = value
        mask = compute_attention_mask(
            query, value, query_mask=query_mask, value_mask=value_mask, key_mask=key_mask,
            attention_mask=attention_mask, use_causal_mask=use_causal_mask, key=key)
        projected_query = self._query_dense(query)
        projected_key = self._key_dense(key)
        projected_value = self._value_dense(value)
        output, scores = self._compute_attention(
            projected_query, projected_key, projected_value, mask, training,
            return_attention_scores)
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        query_shape = tuple(query_shape)
        if self._output_shape is None:
            return query_shape
        if isinstance(self._output_shape, int):
            return query_shape[:-1] + (self._output_shape,)
        return query_shape[:-1] + tuple(self._output_shape)

    def compute_output_spec(self, query, value, key=None, return_attention_scores=False,
                            **kwargs):
        from kbackend.backends.common.keras_tensor import KerasTensor

        output = KerasTensor(self.compute_output_shape(query.shape), dtype=self.compute_dtype)
        if not return_attention_scores:
            return output
        key_shape = tuple((key if key is not None else value).shape)
        rank = len(query.shape) + 1
        axes = self._resolved_axes
        batch = [query.shape[i] for i in range(rank - 2) if i not in axes]
        scores_shape = (tuple(batch) + (self._num_heads,)
                        + tuple(query.shape[i] for i in axes) + tuple(key_shape[i] for i in axes))
        return output, KerasTensor(scores_shape, dtype=self.compute_dtype)

    def get_config(self):
        output_shape = self._output_shape
        return {
            **super().get_config(),
            "num_heads": self._num_heads,
            "key_dim": self._key_dim,
            "value_dim": self._value_dim,
            "dropout": self._dropout,
            "use_bias": self._use_bias,
            "output_shape": list(output_shape) if isinstance(output_shape, tuple)
            else output_shape,
            "attention_axes": list(self._attention_axes) if self._attention_axes else None,
            "flash_attention": self._flash_attention,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "seed": self.seed,
        }
