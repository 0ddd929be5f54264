"""EinsumDense: a dense layer written as an einsum equation."""

from kbackend import activations, constraints, initializers, ops, regularizers
from kbackend.layers.core import _lora
from kbackend.layers.core._einsum_utils import analyze_einsum_string
from kbackend.layers.layer import Layer


def _matmul_plan(equation, kernel_shape):
    """``(num_leading, contracted_size, new_shape)`` when ``equation`` is a matmul in
    disguise, else None.

    Note [EinsumDense as matmul]: "abc,cde->abde" (attention projections) and
    "abcd,cde->abe" (attention output) contract the input's trailing axes with the
    kernel's leading axes, in the same order, and keep the rest in order: that is
    ``reshape(reshape(x, lead + (C,)) @ reshape(kernel, (C, N)), lead + new)``. Engines
    run a 2-D-kernel matmul as one GEMM (torch.einsum instead goes through a batch-1 bmm
    with extra permutes and copies, forward and backward), and the sums are the same, so
    only rounding can differ.
    """
    if "." in equation or "->" not in equation:
        return None
    operands, output = equation.split("->")
    if operands.count(",") != 1:
        return None
    source, kernel = operands.split(",")
    for letters in (source, kernel, output):
        if len(set(letters)) != len(letters):
            return None
    for size in range(1, min(len(source), len(kernel)) + 1):
        contracted = source[-size:]
        if kernel[:size] != contracted:
            continue
        leading, new = source[:-size], kernel[size:]
        if output != leading + new or not leading or not new:
            return None
        if set(leading) & set(kernel):
            return None
        dims = [int(d) for d in kernel_shape]
        contracted_size = 1
        for d in dims[:size]:
            contracted_size *= d
        if contracted_size == 0:
            return None
        return len(leading), contracted_size, tuple(dims[size:])
    return None


def _matmul_call(plan, inputs, kernel):
    """Runs Note [EinsumDense as matmul]; None when the leading shape is too unknown."""
    num_leading, contracted_size, new_shape = plan
    leading = tuple(inputs.shape[:num_leading])
    if sum(d is None for d in leading) > 1:
        return None
    leading = tuple(-1 if d is None else d for d in leading)
    x = inputs
    if len(inputs.shape) != num_leading + 1:
        x = ops.reshape(inputs, leading + (contracted_size,))
    if len(kernel.shape) != 2:
        kernel = ops.reshape(kernel, (contracted_size, -1))
    outputs = ops.matmul(x, kernel)
    if len(new_shape) != 1:
        outputs = ops.reshape(outputs, leading + new_shape)
    return outputs


class EinsumDense(Layer):
    """A dense layer of any rank: ``activation(einsum(equation, inputs, kernel) + bias)``.

    Args:
        equation: "input,kernel->output", e.g. "ab,bc->ac" (Dense), "abc,cd->abd"
            (Dense on 3D inputs), or "...b,bc->...c" ("..." stands for unnamed dims).
        output_shape: the output shape without the batch axis (an int for rank 2); None
            for a dim means it is inferred from the input.
        activation: activation name or function (None: linear).
        bias_axes: output letters that get a bias (e.g. "c"); None: no bias.
        kernel_initializer, bias_initializer: initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: regularizers.
        kernel_constraint, bias_constraint: constraints.
        **kwargs: base `Layer` arguments.

    Weights: ``kernel`` (shape from the equation), then ``bias`` if ``bias_axes``.

    Example:
    >>> from kbackend import ops
    >>> layer = EinsumDense("abc,cd->abd", output_shape=(None, 4), bias_axes="d")
    >>> tuple(layer(ops.ones((2, 3, 5))).shape)
    (2, 3, 4)
    >>> [tuple(w.shape) for w in layer.weights]
    [(5, 4), (4,)]
    """

    def __init__(self, equation, output_shape, activation=None, bias_axes=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None,
                 lora_alpha=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if not isinstance(equation, str):
            raise TypeError(
                f"EinsumDense {self.name}: equation must be a string like 'ab,bc->ac', got "
                f"{equation!r}."
            )
        self.equation = equation
        if isinstance(output_shape, int):
            self.partial_output_shape = (output_shape,)
        else:
            self.partial_output_shape = tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        self.full_output_shape = None
        self._matmul_plan = None

    def build(self, input_shape):
        kernel_shape, bias_shape, full_output_shape = analyze_einsum_string(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape, self.name)
        self.full_output_shape = full_output_shape
        self._matmul_plan = _matmul_plan(self.equation, kernel_shape)
        self._kernel = self.add_weight(
            shape=kernel_shape, initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
            name="kernel",
        )
        self.bias = None
        if bias_shape is not None:
            self.bias = self.add_weight(
                shape=bias_shape, initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                name="bias",
            )
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
            rank: rank of ``lora_kernel_a`` (kernel shape[:-1] + (rank,)) and
                ``lora_kernel_b`` (rank, kernel shape[-1]).
            lora_alpha: scale numerator (default: ``rank``).
            a_initializer, b_initializer: initializers of the factors.

        Example:
        >>> from kbackend import ops
        >>> layer = EinsumDense("ab,bc->ac", 3)
        >>> _ = layer(ops.ones((1, 4)))
        >>> layer.enable_lora(2)
        >>> [tuple(w.shape) for w in layer.trainable_weights]
        [(2, 3), (2, 3)]
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
        kernel = ops.cast(self.kernel, self.compute_dtype)
        outputs = None
        if self._matmul_plan is not None:
            outputs = _matmul_call(self._matmul_plan, inputs, kernel)
        if outputs is None:
            outputs = ops.einsum(self.equation, inputs, kernel)
        if self.bias is not None:
            outputs = ops.add(outputs, ops.cast(self.bias, self.compute_dtype))
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        _, _, full_output_shape = analyze_einsum_string(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape, self.name)
        return full_output_shape

    def get_config(self):
        output_shape = self.partial_output_shape
        config = {
            **super().get_config(),
            "output_shape": list(output_shape) if len(output_shape) != 1
            else output_shape[0],
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": self.kernel_regularizer,
            "bias_regularizer": self.bias_regularizer,
            "activity_regularizer": self.activity_regularizer,
            "kernel_constraint": self.kernel_constraint,
            "bias_constraint": self.bias_constraint,
        }
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config
