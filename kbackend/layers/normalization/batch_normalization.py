"""BatchNormalization: normalizes with batch statistics in training, moving ones otherwise."""

from kbackend import initializers, ops
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer
from kbackend.layers.normalization import _utils


class BatchNormalization(Layer):
    """Normalizes its inputs along the feature ``axis``.

    In training (``training=True`` and the layer trainable) it uses the batch's mean and
    variance over every other axis and updates the moving statistics with
    ``moving = moving * momentum + batch * (1 - momentum)`` (through `Variable.assign`,
    so the update also works inside a compiled, stateless train step). Otherwise it uses
    the moving statistics. Output: ``gamma * (x - mean) / sqrt(var + epsilon) + beta``.

    A mask (e.g. from `Embedding(mask_zero=True)`) excludes the masked positions from
    the batch statistics; the mask passes through. Half-precision inputs are
    normalized in float32.

    Weights, in order: ``gamma`` (if ``scale``), ``beta`` (if ``center``), then the
    non-trainable ``moving_mean`` and ``moving_variance``; all of shape ``(features,)``.

    Args:
        axis: the feature axis (default -1).
        momentum: moving average momentum (default 0.99).
        epsilon: added to the variance (default 1e-3).
        center: learn an offset ``beta``.
        scale: learn a factor ``gamma``.
        beta_initializer, gamma_initializer, moving_mean_initializer,
            moving_variance_initializer: initializers ("zeros", "ones", "zeros", "ones").
        beta_regularizer, gamma_regularizer: optional regularizers.
        beta_constraint, gamma_constraint: optional constraints.
        synchronized: compute the batch statistics across replicas under a distribution
            strategy (on one device it changes nothing).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns a tensor of the input's shape.

    Example:
    >>> from kbackend import ops
    >>> layer = BatchNormalization()
    >>> layer(ops.ones((4, 3)), training=True).shape
    (4, 3)
    >>> [w.name for w in layer.weights]
    ['gamma', 'beta', 'moving_mean', 'moving_variance']
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(
                f"BatchNormalization {self.name}: `axis` must be an int, got {axis!r}."
            )
        self.axis = axis
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.synchronized = synchronized
        _utils.set_affine_args(self, beta_initializer, gamma_initializer, beta_regularizer,
                               gamma_regularizer, beta_constraint, gamma_constraint)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.supports_masking = True
        self.gamma = None
        self.beta = None

    def build(self, input_shape):
        ndim = len(input_shape)
        (self._axis,) = _utils.canonical_axes(self.axis, ndim, self)
        (dim,) = _utils.known_dims(input_shape, [self._axis], self)
        shape = (dim,)
        if self.scale:
            self.gamma = self.add_weight(
                shape=shape, initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                name="gamma", autocast=False)
        if self.center:
            self.beta = self.add_weight(
                shape=shape, initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                name="beta", autocast=False)
        self.moving_mean = self.add_weight(
            shape=shape, initializer=self.moving_mean_initializer, trainable=False,
            name="moving_mean", autocast=False)
        self.moving_variance = self.add_weight(
            shape=shape, initializer=self.moving_variance_initializer, trainable=False,
            name="moving_variance", autocast=False)
        self.input_spec = InputSpec(ndim=ndim, axes={self._axis: dim})
        self._reduction_axes = [i for i in range(ndim) if i != self._axis]

    def _moments(self, inputs, mask):
        if mask is None:
            return ops.moments(inputs, axes=self._reduction_axes,
                               synchronized=self.synchronized)
        weights = ops.cast(mask, inputs.dtype)
        while len(weights.shape) < len(inputs.shape):
            weights = ops.expand_dims(weights, -1)
        weights = ops.multiply(weights, ops.ones_like(inputs))
        count = ops.maximum(ops.sum(weights, axis=self._reduction_axes), 1.0)
        mean = ops.divide(ops.sum(ops.multiply(inputs, weights), axis=self._reduction_axes),
                          count)
        centered = ops.subtract(inputs, _utils.broadcast_to_rank(
            mean, len(inputs.shape), [self._axis]))
        variance = ops.divide(
            ops.sum(ops.multiply(ops.square(centered), weights), axis=self._reduction_axes),
            count)
        return mean, variance

    def call(self, inputs, training=None, mask=None):
        ndim = len(inputs.shape)
        compute_dtype = ops.dtype(inputs)
        work_dtype = _utils.statistics_dtype(ops.dtype(inputs))
        inputs = ops.cast(inputs, work_dtype)
        if training and self.trainable:
            mean, variance = self._moments(inputs, mask)
            momentum = self.momentum
            moving_mean = ops.cast(self.moving_mean.value, work_dtype)
            moving_variance = ops.cast(self.moving_variance.value, work_dtype)
            self.moving_mean.assign(ops.cast(
                ops.add(ops.multiply(moving_mean, momentum),
                        ops.multiply(mean, 1.0 - momentum)), self.moving_mean.dtype))
            self.moving_variance.assign(ops.cast(
                ops.add(ops.multiply(moving_variance, momentum),
                        ops.multiply(variance, 1.0 - momentum)), self.moving_variance.dtype))
        else:
            mean = ops.cast(self.moving_mean.value, work_dtype)
            variance = ops.cast(self.moving_variance.value, work_dtype)
        inverse = ops.rsqrt(ops.add(variance, self.epsilon))
        if self.gamma is not None:
            inverse = ops.multiply(inverse, ops.cast(self.gamma, work_dtype))
        offset = ops.negative(ops.multiply(mean, inverse))
        if self.beta is not None:
            offset = ops.add(offset, ops.cast(self.beta, work_dtype))
        axes = [self._axis]
        outputs = ops.add(
            ops.multiply(inputs, _utils.broadcast_to_rank(inverse, ndim, axes)),
            _utils.broadcast_to_rank(offset, ndim, axes))
        return ops.cast(outputs, compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            **_utils.affine_config(self),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(
                self.moving_variance_initializer),
            "synchronized": self.synchronized,
        }
