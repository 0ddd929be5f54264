"""SpectralNormalization: divides a wrapped layer's kernel by its spectral norm."""

from kbackend import initializers, ops
from kbackend.layers.core.wrapper import Wrapper
from kbackend.layers.input_spec import InputSpec


def _l2_normalize(x):
    return ops.multiply(x, ops.rsqrt(ops.maximum(ops.sum(ops.square(x)), 1e-12)))


class SpectralNormalization(Wrapper):
    """Constrains the spectral norm (largest singular value) of a layer's kernel to 1.

    The norm is estimated by power iteration with a persistent vector ``vector_u``. On
    each call with ``training=True`` the layer runs ``power_iterations`` steps, writes
    ``kernel / sigma`` back into the wrapped layer's kernel and the new ``vector_u`` into
    its variable (both with `Variable.assign`), then calls the wrapped layer. In inference
    the wrapped layer runs unchanged. (A kernel of all zeros is left as it is.)

    Weights, in order: the wrapped layer's weights (e.g. ``kernel``, ``bias``), then the
    non-trainable ``vector_u`` of shape ``(1, kernel.shape[-1])``, initialized from
    ``TruncatedNormal(stddev=0.02)``.

    Args:
        layer: a `Layer` with a ``kernel`` (Dense, Conv2D, ...) or ``embeddings``
            (Embedding) attribute.
        power_iterations: number of power iteration steps per training call (default 1).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns the wrapped layer's output.

    Example:
    >>> from kbackend import layers, ops
    >>> sn = SpectralNormalization(layers.Dense(3))
    >>> sn(ops.ones((2, 4)), training=True).shape
    (2, 3)
    >>> [w.name for w in sn.weights]
    ['kernel', 'vector_u', 'bias']
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        super().__init__(layer, **kwargs)
        if isinstance(power_iterations, bool) or not isinstance(power_iterations, int) or (
            power_iterations <= 0
        ):
            raise ValueError(
                f"SpectralNormalization {self.name}: `power_iterations` must be an int "
                f"greater than zero, got power_iterations={power_iterations!r}."
            )
        self.power_iterations = power_iterations

    def _kernel_variable(self):
        for name in ("kernel", "embeddings"):
            variable = getattr(self.layer, name, None)
            if variable is not None:
                return variable
        raise ValueError(
            f"SpectralNormalization {self.name}: the wrapped layer "
            f"{type(self.layer).__name__} has no attribute 'kernel' nor 'embeddings'; wrap a "
            "layer such as Dense, Conv2D or Embedding."
        )

    def build(self, input_shape):
        super().build(input_shape)
        if input_shape is not None and input_shape[-1] is not None:
            self.input_spec = InputSpec(min_ndim=1, axes={-1: input_shape[-1]})
        kernel = self._kernel_variable()
        self.kernel_shape = tuple(kernel.shape)
        self.vector_u = self.add_weight(
            shape=(1, self.kernel_shape[-1]),
            initializer=initializers.TruncatedNormal(stddev=0.02),
            trainable=False, name="vector_u", dtype=kernel.dtype, autocast=False)

    @property
    def weights(self):
        # Keras 3 lists the wrapped kernel first, then vector_u, then the wrapped layer's
        # other weights; get_weights/set_weights lists follow that order.
        if not self.built:
            return super().weights
        kernel = self._kernel_variable()
        rest = [v for v in super().weights if v is not kernel and v is not self.vector_u]
        return [kernel, self.vector_u] + rest

    def normalized_weights(self):
        """Returns ``(new_vector_u, kernel / sigma)`` after the power iterations."""
        kernel = self._kernel_variable()
        kernel_value = ops.convert_to_tensor(kernel.value)
        weights = ops.reshape(kernel_value, (-1, self.kernel_shape[-1]))
        vector_u = ops.convert_to_tensor(self.vector_u.value)
        vector_v = None
        for _ in range(self.power_iterations):
            vector_v = _l2_normalize(ops.matmul(vector_u, ops.transpose(weights)))
            vector_u = _l2_normalize(ops.matmul(vector_v, weights))
        vector_u = ops.stop_gradient(vector_u)
        vector_v = ops.stop_gradient(vector_v)
        sigma = ops.matmul(ops.matmul(vector_v, weights), ops.transpose(vector_u))
        new_kernel = ops.reshape(ops.divide(weights, sigma), self.kernel_shape)
        return (ops.cast(vector_u, self.vector_u.dtype), ops.cast(new_kernel, kernel.dtype))

    def call(self, inputs, training=False):
        if training:
            kernel = self._kernel_variable()
            new_vector_u, new_kernel = self.normalized_weights()
            # A zero kernel has no direction to estimate: keep both unchanged.
            all_zero = ops.all(ops.equal(kernel.value, 0))
            self.vector_u.assign(ops.where(all_zero, self.vector_u.value, new_vector_u))
            kernel.assign(ops.where(all_zero, kernel.value, new_kernel))
        return self.layer(inputs)

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        return {**super().get_config(), "power_iterations": self.power_iterations}
