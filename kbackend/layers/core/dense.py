"""Dense: ``activation(inputs @ kernel + bias)``."""

from kbackend import activations, constraints, initializers, ops, regularizers
from kbackend.layers.core import _lora
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer


class Dense(Layer):
    """A densely connected layer: ``output = activation(dot(input, kernel) + bias)``.

    Applied to the last axis of inputs of any rank.

    Args:
        units: output size.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias.
        kernel_initializer, bias_initializer: initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: regularizers.
        kernel_constraint, bias_constraint: constraints.
        lora_rank: optional int; if set, the layer calls ``enable_lora(lora_rank,
            lora_alpha)`` when built (see `enable_lora`).
        lora_alpha: LoRA scale numerator (default: ``lora_rank``, i.e. scale 1).

    Example:
    >>> from kbackend import ops
    >>> layer = Dense(4)
    >>> layer(ops.ones((2, 3))).shape
    (2, 4)
    >>> [w.name for w in layer.weights]
    ['kernel', 'bias']
    """

    def __init__(self, units, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None,
                 lora_alpha=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if not isinstance(units, int) or units <= 0:
            raise ValueError(
                f"Dense {self.name}: units must be a positive integer, got {units!r}."
            )
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"Dense {self.name}: the last dimension of the inputs must be known, got "
                f"input shape {tuple(input_shape)}."
            )
        self._kernel = self.add_weight(
            shape=(input_dim, self.units), initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
            name="kernel",
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(self.units,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                name="bias",
            )
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, lora_alpha=self.lora_alpha)

    @property
    def kernel(self):
        """The kernel used in `call`: with LoRA, ``kernel + lora_alpha / rank * a @ b``."""
        if self.lora_enabled:
            return _lora.merged(self._kernel, self.lora_kernel_a, self.lora_kernel_b,
                                self.lora_alpha, self.lora_rank)
        return self._kernel

    def enable_lora(self, rank, lora_alpha=None, a_initializer="he_uniform",
                    b_initializer="zeros"):
        """Freezes ``kernel`` and adds trainable low-rank factors (Note [LoRA]).

        Args:
            rank: rank of the factors ``lora_kernel_a`` (input_dim, rank) and
                ``lora_kernel_b`` (rank, units).
            lora_alpha: scale numerator; the update is ``lora_alpha / rank * a @ b``
                (default: ``rank``).
            a_initializer, b_initializer: initializers of the factors.

        Example:
        >>> from kbackend import ops
        >>> layer = Dense(3)
        >>> _ = layer(ops.ones((1, 4)))
        >>> layer.enable_lora(2)
        >>> [w.name for w in layer.trainable_weights]
        ['bias', 'lora_kernel_a', 'lora_kernel_b']
        """
        _lora.check_enable_lora(self, rank, self.kernel_constraint)
        self.lora_kernel_a, self.lora_kernel_b = _lora.add_lora_factors(
            self, self._kernel, rank, ("lora_kernel_a", "lora_kernel_b"), a_initializer,
            b_initializer, self.kernel_regularizer)
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank
        self.lora_enabled = True

    def save_own_variables(self, store):
        """Writes the (LoRA-merged) kernel and the bias as ``store["0"], store["1"]``."""
        if not self.built:
            return
        values = [self.kernel] + ([self.bias] if self.bias is not None else [])
        _lora.store_values(store, [ops.convert_to_numpy(v) for v in values])

    def load_own_variables(self, store):
        """Reads what `save_own_variables` wrote; LoRA factors restart at zeros."""
        if not self.built:
            return
        targets = [self._kernel] + ([self.bias] if self.bias is not None else [])
        _lora.load_values(self, store, targets)
        if self.lora_enabled:
            _lora.reset_factors(self.lora_kernel_a, self.lora_kernel_b)

    def call(self, inputs):
        compute_dtype = self.compute_dtype
        outputs = ops.matmul(inputs, ops.cast(self.kernel, compute_dtype))
        if self.bias is not None:
            outputs = ops.add(outputs, ops.cast(self.bias, compute_dtype))
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            **({"lora_rank": self.lora_rank, "lora_alpha": self.lora_alpha}
               if self.lora_rank else {}),
        }
