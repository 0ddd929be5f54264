"""GroupNormalization: normalizes groups of channels within each example."""

from kbackend import ops
from kbackend.layers.input_spec import InputSpec
from kbackend.layers.layer import Layer
from kbackend.layers.normalization import _utils


class GroupNormalization(Layer):
    """Splits the channels (``axis``) into ``groups`` and normalizes each group of each
    example over its channels and all non-batch axes; then applies per-channel ``gamma``
    and ``beta``. ``groups=1`` is LayerNormalization over all axes, ``groups=channels``
    (or -1) is instance normalization.

    Weights, in order: ``gamma`` (if ``scale``), ``beta`` (if ``center``), shape
    ``(channels,)``.

    Args:
        groups: number of groups; must divide the number of channels (default 32;
            -1 means one group per channel).
        axis: the channel axis (default -1).
        epsilon: added to the variance (default 1e-3).
        center: learn an offset ``beta``.
        scale: learn a factor ``gamma``.
        beta_initializer, gamma_initializer: initializers ("zeros", "ones").
        beta_regularizer, gamma_regularizer: optional regularizers.
        beta_constraint, gamma_constraint: optional constraints.
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns a tensor of the input's shape.

    Example:
    >>> from kbackend import ops
    >>> GroupNormalization(groups=2)(ops.ones((1, 5, 4))).shape
    (1, 5, 4)
    """

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        super().__init__(**kwargs)
        if isinstance(groups, bool) or not isinstance(groups, int) or (
            groups < 1 and groups != -1
        ):
            raise ValueError(
                f"GroupNormalization {self.name}: `groups` must be a positive int (or -1), "
                f"got {groups!r}."
            )
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(
                f"GroupNormalization {self.name}: `axis` must be an int, got {axis!r}."
            )
        self.groups = groups
        self.axis = axis
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        _utils.set_affine_args(self, beta_initializer, gamma_initializer, beta_regularizer,
                               gamma_regularizer, beta_constraint, gamma_constraint)
        self.supports_masking = True
        self.gamma = None
        self.beta = None

    def build(self, input_shape):
        ndim = len(input_shape)
        (self._axis,) = _utils.canonical_axes(self.axis, ndim, self)
        if self._axis == 0:
            raise ValueError(
                f"GroupNormalization {self.name}: the channel axis cannot be the batch axis "
                f"(axis={self.axis} for input shape {tuple(input_shape)})."
            )
        (dim,) = _utils.known_dims(input_shape, [self._axis], self)
        groups = dim if self.groups == -1 else self.groups
        if groups > dim:
            raise ValueError(
                f"GroupNormalization {self.name}: the number of groups ({groups}) cannot be "
                f"more than the number of channels ({dim}) of input shape "
                f"{tuple(input_shape)}."
            )
        if dim % groups != 0:
            raise ValueError(
                f"GroupNormalization {self.name}: the number of groups ({groups}) must divide "
                f"the number of channels ({dim}) of input shape {tuple(input_shape)}."
            )
        self._groups = groups
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
        self.input_spec = InputSpec(ndim=ndim, axes={self._axis: dim})

    def call(self, inputs):
        ndim = len(inputs.shape)
        compute_dtype = ops.dtype(inputs)
        work_dtype = _utils.statistics_dtype(compute_dtype)
        x = ops.cast(inputs, work_dtype)
        shape = list(ops.shape(x))
        dim = shape[self._axis]
        grouped_shape = (shape[:self._axis] + [self._groups, dim // self._groups]
                         + shape[self._axis + 1:])
        grouped = ops.reshape(x, grouped_shape)
        # Statistics over every axis but the batch and the group axis.
        axes = [i for i in range(1, ndim + 1) if i != self._axis]
        mean = ops.mean(grouped, axis=axes, keepdims=True)
        centered = ops.subtract(grouped, mean)
        variance = ops.mean(ops.square(centered), axis=axes, keepdims=True)
        normalized = ops.multiply(centered, ops.rsqrt(ops.add(variance, self.epsilon)))
        outputs = ops.reshape(normalized, shape)
        if self.gamma is not None:
            outputs = ops.multiply(outputs, _utils.broadcast_to_rank(
                ops.cast(self.gamma, work_dtype), ndim, [self._axis]))
        if self.beta is not None:
            outputs = ops.add(outputs, _utils.broadcast_to_rank(
                ops.cast(self.beta, work_dtype), ndim, [self._axis]))
        return ops.cast(outputs, compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            **_utils.affine_config(self),
        }
