"""LayerNormalization: normalizes each example over its feature axes."""

from kbackend import ops
from kbackend.layers.layer import Layer
from kbackend.layers.normalization import _utils


class LayerNormalization(Layer):
    """Normalizes each example independently over ``axis`` (the same in training and
    inference): ``gamma * (x - mean) / sqrt(var + epsilon) + beta``.

    With ``rms_scaling=True`` the mean is not subtracted and ``center``/``scale`` are
    ignored: ``x * gamma / sqrt(mean(x ** 2) + epsilon)`` (RMS normalization; only
    ``gamma`` is created). Half-precision inputs are normalized in float32.

    Weights, in order: ``gamma`` (if ``scale`` or ``rms_scaling``), ``beta`` (if
    ``center`` and not ``rms_scaling``); their shape is the input's sizes on ``axis``.

    Args:
        axis: int or list of ints, the axes normalized (default -1).
        epsilon: added to the variance (default 1e-3).
        center: learn an offset ``beta``.
        scale: learn a factor ``gamma``.
        rms_scaling: use RMS scaling as described above.
        beta_initializer, gamma_initializer: initializers ("zeros", "ones").
        beta_regularizer, gamma_regularizer: optional regularizers.
        beta_constraint, gamma_constraint: optional constraints.
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns a tensor of the input's shape.

    Example:
    >>> from kbackend import ops
    >>> layer = LayerNormalization()
    >>> layer(ops.ones((2, 3))).shape
    (2, 3)
    >>> [w.name for w in layer.weights]
    ['gamma', 'beta']
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, rms_scaling=False,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.axis = _utils.check_axis_arg(axis, f"LayerNormalization {self.name}")
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.rms_scaling = rms_scaling
        _utils.set_affine_args(self, beta_initializer, gamma_initializer, beta_regularizer,
                               gamma_regularizer, beta_constraint, gamma_constraint)
        self.supports_masking = True
        self.gamma = None
        self.beta = None

    def build(self, input_shape):
        self._axes = _utils.canonical_axes(self.axis, len(input_shape), self)
        shape = tuple(_utils.known_dims(input_shape, self._axes, self))
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight(
                shape=shape, initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                name="gamma", autocast=False)
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(
                shape=shape, initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                name="beta", autocast=False)

    def call(self, inputs):
        ndim = len(inputs.shape)
        compute_dtype = ops.dtype(inputs)
        work_dtype = _utils.statistics_dtype(compute_dtype)
        x = ops.cast(inputs, work_dtype)

        def broadcast(weight):
            return _utils.broadcast_to_rank(ops.cast(weight, work_dtype), ndim, self._axes)

        if self.rms_scaling:
            mean_square = ops.mean(ops.square(x), axis=self._axes, keepdims=True)
            outputs = ops.multiply(x, ops.rsqrt(ops.add(mean_square, self.epsilon)))
            outputs = ops.multiply(outputs, broadcast(self.gamma))
            return ops.cast(outputs, compute_dtype)
        # NOTE: one op, so that an engine with a fused kernel uses it (torch:
        # F.layer_norm, Note [fused layer norm]); every engine computes the same
        # (x - mean) * rsqrt(var + epsilon) * gamma + beta in work_dtype.
        gamma = None if self.gamma is None else ops.cast(self.gamma, work_dtype)
        beta = None if self.beta is None else ops.cast(self.beta, work_dtype)
        outputs = ops.layer_normalization(x, gamma, beta, axis=tuple(self._axes),
                                          epsilon=self.epsilon)
        return ops.cast(outputs, compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            **_utils.affine_config(self),
        }
