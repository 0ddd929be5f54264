"""Embedding: maps integer ids to dense vectors."""

from kbackend import constraints, initializers, ops, regularizers
from kbackend.backends.common import dtypes
from kbackend.layers.core import _lora
from kbackend.layers.layer import Layer


class Embedding(Layer):
    """Turns non-negative integer ids into dense vectors: ``embeddings[ids]``.

    Args:
        input_dim: vocabulary size (largest id + 1).
        output_dim: size of each vector.
        embeddings_initializer: initializer of the ``embeddings`` matrix (default
            "uniform": RandomUniform(-0.05, 0.05)).
        embeddings_regularizer: optional regularizer of the matrix.
        embeddings_constraint: optional constraint of the matrix.
        mask_zero: if True, id 0 is padding: the output carries a mask ``ids != 0`` (so
            ``input_dim`` should be the vocabulary size + 1).
        weights: optional initial weights, ``[embeddings]``.
        lora_rank: optional int; if set, ``enable_lora(lora_rank, lora_alpha)`` is called
            when the layer is built (see `enable_lora`).
        lora_alpha: LoRA scale numerator (default: ``lora_rank``).
        **kwargs: base `Layer` arguments.

    Input shape: ``(batch, ...)`` integers. Output shape: ``(batch, ..., output_dim)``.

    Weights: ``embeddings`` of shape ``(input_dim, output_dim)``.

    Example:
    >>> import numpy as np
    >>> layer = Embedding(10, 4)
    >>> tuple(layer(np.array([[1, 2, 3]])).shape)
    (1, 3, 4)
    """

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 weights=None, lora_rank=None, lora_alpha=None, **kwargs):
        # NOTE: Keras 3 still accepts (and ignores) the Keras 2 `input_length` argument.
        kwargs.pop("input_length", None)
        super().__init__(**kwargs)
        for name, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(
                    f"Embedding {self.name}: `{name}` must be a positive integer, got "
                    f"{value!r}."
                )
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        self.autocast = False
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        if weights is not None:
            self.build()
            if not isinstance(weights, (list, tuple)):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None):
        if self.built:
            return
        self._embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer, name="embeddings",
            regularizer=self.embeddings_regularizer, constraint=self.embeddings_constraint,
            trainable=True,
        )
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, lora_alpha=self.lora_alpha)

    @property
    def embeddings(self):
        """The embedding matrix; with LoRA, ``embeddings + lora_alpha / rank * a @ b``."""
        if self.lora_enabled:
            return _lora.merged(self._embeddings, self.lora_embeddings_a,
                                self.lora_embeddings_b, self.lora_alpha, self.lora_rank)
        return self._embeddings

    def enable_lora(self, rank, lora_alpha=None, a_initializer="he_uniform",
                    b_initializer="zeros"):
        """Freezes ``embeddings`` and adds trainable low-rank factors (Note [LoRA]).

        Args:
            rank: rank of ``lora_embeddings_a`` (input_dim, rank) and
                ``lora_embeddings_b`` (rank, output_dim).
            lora_alpha: scale numerator (default: ``rank``).
            a_initializer, b_initializer: initializers of the factors.

        Example:
        >>> layer = Embedding(10, 4)
        >>> layer.build()
        >>> layer.enable_lora(2)
        >>> [w.name for w in layer.trainable_weights]
        ['lora_embeddings_a', 'lora_embeddings_b']
        """
        _lora.check_enable_lora(self, rank, self.embeddings_constraint)
        self.lora_embeddings_a, self.lora_embeddings_b = _lora.add_lora_factors(
            self, self._embeddings, rank, ("lora_embeddings_a", "lora_embeddings_b"),
            a_initializer, b_initializer, self.embeddings_regularizer)
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank
        self.lora_enabled = True

    def save_own_variables(self, store):
        """Writes the (LoRA-merged) embeddings as ``store["0"]``."""
        if not self.built:
            return
        _lora.store_values(store, [ops.convert_to_numpy(self.embeddings)])

    def load_own_variables(self, store):
        """Reads what `save_own_variables` wrote; LoRA factors restart at zeros."""
        if not self.built:
            return
        _lora.load_values(self, store, [self._embeddings])
        if self.lora_enabled:
            _lora.reset_factors(self.lora_embeddings_a, self.lora_embeddings_b)

    def call(self, inputs):
        if ops.dtype(inputs) not in ("int32", "int64"):
            inputs = ops.cast(inputs, "int32")
        outputs = ops.take(ops.cast(self._embeddings, self.compute_dtype), inputs, axis=0)
        if self.lora_enabled:
            # NOTE: gather rows of `a` and multiply, rather than merging the whole matrix.
            rows = ops.take(ops.cast(self.lora_embeddings_a, self.compute_dtype), inputs,
                            axis=0)
            update = ops.matmul(rows, ops.cast(self.lora_embeddings_b, self.compute_dtype))
            outputs = ops.add(outputs, ops.multiply(update, self.lora_alpha / self.lora_rank))
        return outputs

    def compute_mask(self, inputs, previous_mask=None):
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def compute_output_spec(self, inputs, **kwargs):
        from kbackend.backends.common.keras_tensor import KerasTensor

        return KerasTensor(self.compute_output_shape(inputs.shape),
                           dtype=dtypes.standardize_dtype(self.compute_dtype))

    def get_config(self):
        config = {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": self.embeddings_regularizer,
            "embeddings_constraint": self.embeddings_constraint,
            "mask_zero": self.mask_zero,
        }
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config
