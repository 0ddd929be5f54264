"""AdditiveAttention: Bahdanau-style attention."""

from kbackend import ops
from kbackend.layers.attention.attention import Attention


class AdditiveAttention(Attention):
    """Additive attention layer, a.k.a. Bahdanau-style attention.

    ``scores = sum(scale * tanh(query[:, :, None] + key[:, None]), axis=-1)``, then masked
    softmax over the value axis, and ``scores @ value``.

    Args:
        use_scale: if True, a trainable vector ``scale`` of shape ``(dim,)`` weights the
            last axis before summing.
        dropout: dropout rate on the attention distribution (training only).
        seed: optional int seed for the dropout.
        **kwargs: base `Layer` arguments.

    Call arguments: as `Attention` (``inputs``, ``mask``, ``training``,
    ``return_attention_scores``, ``use_causal_mask``).

    Returns:
        ``(B, Tq, dim)``, or ``(outputs, scores)`` with ``return_attention_scores=True``.

    Weights: ``scale`` (shape ``(dim,)``, glorot_uniform) if ``use_scale``.

    Example:
    >>> import numpy as np
    >>> layer = AdditiveAttention()
    >>> q, v = np.ones((2, 3, 4), "float32"), np.ones((2, 5, 4), "float32")
    >>> tuple(layer([q, v]).shape)
    (2, 3, 4)
    """

    def __init__(self, use_scale=True, dropout=0.0, seed=None, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, seed=seed, **kwargs)

    def build(self, input_shape=None):
        self._validate_inputs(input_shape)
        dim = input_shape[0][-1]
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(shape=(dim,), initializer="glorot_uniform",
                                         name="scale")
        self.built = True

    def _calculate_scores(self, query, key):
        summed = ops.tanh(ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3)))
        if self.scale is not None:
            summed = ops.multiply(summed, ops.cast(self.scale, self.compute_dtype))
        return ops.sum(summed, axis=-1)

    def get_config(self):
        config = super().get_config()
        del config["score_mode"]
        return config
