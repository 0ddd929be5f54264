"""Embedding: maps integer ids to dense vectors."""

from kbackend import constraints, initializers, ops, regularizers
from kbackend.backends.common import dtypes
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
                 weights=None, lora_rank=None, **kwargs):
        # NOTE: Keras 3 still accepts (and ignores) the Keras 2 `input_length` argument.
        kwargs.pop("input_length", None)
        super().__init__(**kwargs)
        for name, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(
                    f"Embedding {self.name}: `{name}` must be a positive integer, got "
                    f"{value!r}."
                )
        if lora_rank is not None:
            raise NotImplementedError(
                f"Embedding {self.name}: LoRA (lora_rank={lora_rank}) is not supported yet; "
                "pass lora_rank=None."
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
        if weights is not None:
            self.build()
            if not isinstance(weights, (list, tuple)):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None):
        if self.built:
            return
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer, name="embeddings",
            regularizer=self.embeddings_regularizer, constraint=self.embeddings_constraint,
            trainable=True,
        )

    def call(self, inputs):
        if ops.dtype(inputs) not in ("int32", "int64"):
            inputs = ops.cast(inputs, "int32")
        embeddings = ops.cast(self.embeddings, self.compute_dtype)
        return ops.take(embeddings, inputs, axis=0)

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
        if self.lora_rank is not None:
            config["lora_rank"] = self.lora_rank
        return config
