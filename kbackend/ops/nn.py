"""The neural-network ops (``kbackend.ops.nn``, also re-exported by ``kbackend.ops``).

Each op is an `Operation` subclass (``call`` + ``compute_output_spec``) plus a function
that sends KerasTensors to the Operation and real tensors straight to the engine.

Dtypes (the shared rules): activations, normalizations, losses, attention and
average pooling give ``float_result_type`` of their inputs (ints become ``floatx()``,
float16/bfloat16 stay); conv ops give ``result_type(inputs, kernel)``; ``max_pool`` and
the rearrangements (``depth_to_space``...) keep the input dtype; ``one_hot``/``multi_hot``
give ``dtype`` (default ``floatx()``); ``ctc_decode`` gives int32 labels.
``data_format=None`` means `kbackend.backends.common.config.image_data_format()`.
"""

from kbackend import backends
from kbackend.backends.common import config, dtypes
from kbackend.backends.common.keras_tensor import KerasTensor, any_symbolic_tensors
from kbackend.ops.operation import Operation
from kbackend.ops.shape_utils import broadcast_shapes, canonicalize_axis, reduce_shape


def _float_dtype(*xs):
    return dtypes.float_result_type(*[dtypes.infer_dtype(x) for x in xs if x is not None])


def _shape(x):
    shape = getattr(x, "shape", None)
    if shape is None:
        import numpy as np

        return np.shape(x)
    return tuple(None if d is None else int(d) for d in shape)


def _data_format(data_format, op):
    data_format = config.image_data_format() if data_format is None else data_format
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{op}: data_format must be 'channels_last' or 'channels_first', got "
            f"{data_format!r}."
        )
    return data_format


def _tuple(value, n, name, op):
    if isinstance(value, int):
        return (value,) * n
    value = tuple(value)
    if len(value) == 1:
        return value * n
    if len(value) != n:
        raise ValueError(f"{op}: `{name}` must be an int or {n} ints, got {value}.")
    return value


def _padding(padding, op):
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"{op}: padding must be 'valid' or 'same', got {padding!r}.")
    return padding


def _conv_length(length, kernel, stride, dilation, padding, op, shape):
    if length is None:
        return None
    if padding == "same":
        return -(-length // stride)
    k_eff = (kernel - 1) * dilation + 1
    out = (length - k_eff) // stride + 1
    if out < 1:
        raise ValueError(
            f"{op}: the input of shape {shape} is too small for a window of size {k_eff} "
            "with padding='valid'; use padding='same' or a smaller window."
        )
    return out


def _deconv_length(length, kernel, stride, dilation, padding, output_padding):
    if length is None:
        return None
    k_eff = (kernel - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(k_eff - stride, 0)
        return length * stride
    pad = k_eff // 2 if padding == "same" else 0
    return (length - 1) * stride + k_eff - 2 * pad + output_padding


def _split_channels(shape, data_format):
    if data_format == "channels_last":
        return shape[0], list(shape[1:-1]), shape[-1]
    return shape[0], list(shape[2:]), shape[1]


def _join_channels(batch, spatial, channels, data_format):
    if data_format == "channels_last":
        return (batch, *spatial, channels)
    return (batch, channels, *spatial)


def _check_rank(shape, op, name="inputs"):
    if len(shape) not in (3, 4, 5):
        raise ValueError(
            f"{op}: expected {name} of rank 3, 4 or 5 (batch, spatial..., channels), got "
            f"shape {shape}."
        )


# ---------------------------------------------------------------------- activations


class _Elementwise(Operation):
    """Base of the elementwise float ops: output of the input's shape, float dtype."""

    function = None

    def __init__(self, name=None, **params):
        super().__init__(name=name)
        self.params = params

    def call(self, x):
        return getattr(backends.nn, self.function)(x, **self.params)

    def compute_output_spec(self, x):
        return KerasTensor(_shape(x), dtype=_float_dtype(x))


class Relu(_Elementwise):
    function = "relu"


class Relu6(_Elementwise):
    function = "relu6"


class Sigmoid(_Elementwise):
    function = "sigmoid"


class SparseSigmoid(_Elementwise):
    function = "sparse_sigmoid"


class Softplus(_Elementwise):
    function = "softplus"


class Softsign(_Elementwise):
    function = "softsign"


class SoftShrink(_Elementwise):
    function = "soft_shrink"


class SparsePlus(_Elementwise):
    function = "sparse_plus"


class Silu(_Elementwise):
    function = "silu"


class Squareplus(_Elementwise):
    function = "squareplus"


class LogSigmoid(_Elementwise):
    function = "log_sigmoid"


class LeakyRelu(_Elementwise):
    function = "leaky_relu"


class HardSigmoid(_Elementwise):
    function = "hard_sigmoid"


class HardSilu(_Elementwise):
    function = "hard_silu"


class Elu(_Elementwise):
    function = "elu"


class Selu(_Elementwise):
    function = "selu"


class Celu(_Elementwise):
    function = "celu"


class Gelu(_Elementwise):
    function = "gelu"


class HardTanh(_Elementwise):
    function = "hard_tanh"


class HardShrink(_Elementwise):
    function = "hard_shrink"


class TanhShrink(_Elementwise):
    function = "tanh_shrink"


class Threshold(_Elementwise):
    function = "threshold"


class Softmax(_Elementwise):
    function = "softmax"


class LogSoftmax(_Elementwise):
    function = "log_softmax"


class Sparsemax(_Elementwise):
    function = "sparsemax"


def relu(x):
    """Rectified linear unit: ``max(x, 0)``.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.relu([-1.0, 0.0, 2.0])).tolist()
    [0.0, 0.0, 2.0]
    """
    if isinstance(x, KerasTensor):
        return Relu().symbolic_call(x)
    return backends.nn.relu(x)


def relu6(x):
    """Rectified linear unit capped at 6: ``min(max(x, 0), 6)``.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.relu6([-1.0, 3.0, 8.0])).tolist()
    [0.0, 3.0, 6.0]
    """
    if isinstance(x, KerasTensor):
        return Relu6().symbolic_call(x)
    return backends.nn.relu6(x)


def sigmoid(x):
    """Logistic sigmoid: ``1 / (1 + exp(-x))``.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.sigmoid([0.0])).tolist()
    [0.5]
    """
    if isinstance(x, KerasTensor):
        return Sigmoid().symbolic_call(x)
    return backends.nn.sigmoid(x)


def sparse_sigmoid(x):
    """Piecewise-linear sigmoid: 0 below -1, 1 above 1, ``(x + 1) / 2`` between.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.sparse_sigmoid([-2.0, 0.0, 2.0])).tolist()
    [0.0, 0.5, 1.0]
    """
    if isinstance(x, KerasTensor):
        return SparseSigmoid().symbolic_call(x)
    return backends.nn.sparse_sigmoid(x)


def softplus(x):
    """Softplus: ``log(1 + exp(x))``, computed stably.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(ops.softplus([0.0]))[0]), 4)
    0.6931
    """
    if isinstance(x, KerasTensor):
        return Softplus().symbolic_call(x)
    return backends.nn.softplus(x)


def softsign(x):
    """Softsign: ``x / (1 + |x|)``.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.softsign([1.0, -3.0])).tolist()
    [0.5, -0.75]
    """
    if isinstance(x, KerasTensor):
        return Softsign().symbolic_call(x)
    return backends.nn.softsign(x)


def soft_shrink(x, threshold=0.5):
    """Soft shrinkage: ``x - threshold`` above it, ``x + threshold`` below ``-threshold``.

    Args:
        x: input tensor.
        threshold: the non-negative threshold.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.soft_shrink([-1.0, 0.25, 1.0])).tolist()
    [-0.5, 0.0, 0.5]
    """
    if isinstance(x, KerasTensor):
        return SoftShrink(threshold=threshold).symbolic_call(x)
    return backends.nn.soft_shrink(x, threshold)


def sparse_plus(x):
    """SparsePlus: 0 below -1, ``x`` above 1, ``(x + 1)**2 / 4`` between.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.sparse_plus([-2.0, 0.0, 2.0])).tolist()
    [0.0, 0.25, 2.0]
    """
    if isinstance(x, KerasTensor):
        return SparsePlus().symbolic_call(x)
    return backends.nn.sparse_plus(x)


def silu(x):
    """Sigmoid linear unit (swish): ``x * sigmoid(x)``.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.silu([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Silu().symbolic_call(x)
    return backends.nn.silu(x)


def swish(x):
    """Alias of `silu`: ``x * sigmoid(x)``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.swish([0.0])).tolist()
    [0.0]
    """
    return silu(x)


def squareplus(x, b=4):
    """Squareplus: ``(x + sqrt(x**2 + b)) / 2``.

    Args:
        x: input tensor.
        b: smoothness, non-negative.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.squareplus([0.0])).tolist()
    [1.0]
    """
    if isinstance(x, KerasTensor):
        return Squareplus(b=b).symbolic_call(x)
    return backends.nn.squareplus(x, b)


def log_sigmoid(x):
    """Log of the sigmoid: ``-softplus(-x)``, computed stably.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(ops.log_sigmoid([0.0]))[0]), 4)
    -0.6931
    """
    if isinstance(x, KerasTensor):
        return LogSigmoid().symbolic_call(x)
    return backends.nn.log_sigmoid(x)


def leaky_relu(x, negative_slope=0.2):
    """Leaky ReLU: ``x`` if ``x >= 0`` else ``negative_slope * x``.

    Args:
        x: input tensor.
        negative_slope: slope for negative inputs.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.leaky_relu([-1.0, 2.0], 0.5)).tolist()
    [-0.5, 2.0]
    """
    if isinstance(x, KerasTensor):
        return LeakyRelu(negative_slope=negative_slope).symbolic_call(x)
    return backends.nn.leaky_relu(x, negative_slope)


def hard_sigmoid(x):
    """Hard sigmoid: ``relu6(x + 3) / 6``.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.hard_sigmoid([-4.0, 0.0, 4.0])).tolist()
    [0.0, 0.5, 1.0]
    """
    if isinstance(x, KerasTensor):
        return HardSigmoid().symbolic_call(x)
    return backends.nn.hard_sigmoid(x)


def hard_silu(x):
    """Hard SiLU (hard swish): ``x * hard_sigmoid(x)``.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.hard_silu([-4.0, 0.0, 4.0])).tolist()
    [-0.0, 0.0, 4.0]
    """
    if isinstance(x, KerasTensor):
        return HardSilu().symbolic_call(x)
    return backends.nn.hard_silu(x)


def hard_swish(x):
    """Alias of `hard_silu`: ``x * hard_sigmoid(x)``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.hard_swish([4.0])).tolist()
    [4.0]
    """
    return hard_silu(x)


def elu(x, alpha=1.0):
    """Exponential linear unit: ``x`` if ``x > 0`` else ``alpha * (exp(x) - 1)``.

    Args:
        x: input tensor.
        alpha: scale of the negative part.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.elu([0.0, 2.0])).tolist()
    [0.0, 2.0]
    """
    if isinstance(x, KerasTensor):
        return Elu(alpha=alpha).symbolic_call(x)
    return backends.nn.elu(x, alpha)


def selu(x):
    """Scaled exponential linear unit (self-normalizing constants).

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.selu([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Selu().symbolic_call(x)
    return backends.nn.selu(x)


def celu(x, alpha=1.0):
    """Continuously differentiable ELU: ``max(x, 0) + min(0, alpha * (exp(x / alpha) - 1))``.

    Args:
        x: input tensor.
        alpha: the CELU alpha.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.celu([0.0, 1.0])).tolist()
    [0.0, 1.0]
    """
    if isinstance(x, KerasTensor):
        return Celu(alpha=alpha).symbolic_call(x)
    return backends.nn.celu(x, alpha)


def gelu(x, approximate=True):
    """Gaussian error linear unit (tanh approximation unless ``approximate=False``).

    Args:
        x: input tensor.
        approximate: use the tanh approximation.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.gelu([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Gelu(approximate=approximate).symbolic_call(x)
    return backends.nn.gelu(x, approximate)


def hard_tanh(x):
    """Hard tanh: ``clip(x, -1, 1)``.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.hard_tanh([-2.0, 0.5, 2.0])).tolist()
    [-1.0, 0.5, 1.0]
    """
    if isinstance(x, KerasTensor):
        return HardTanh().symbolic_call(x)
    return backends.nn.hard_tanh(x)


def hard_shrink(x, threshold=0.5):
    """Hard shrinkage: ``x`` where ``|x| > threshold``, else 0.

    Args:
        x: input tensor.
        threshold: the threshold.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.hard_shrink([-1.0, 0.25, 1.0])).tolist()
    [-1.0, 0.0, 1.0]
    """
    if isinstance(x, KerasTensor):
        return HardShrink(threshold=threshold).symbolic_call(x)
    return backends.nn.hard_shrink(x, threshold)


def tanh_shrink(x):
    """Tanh shrink: ``x - tanh(x)``.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.tanh_shrink([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return TanhShrink().symbolic_call(x)
    return backends.nn.tanh_shrink(x)


def threshold(x, threshold, default_value):
    """Keeps ``x`` where ``x > threshold``, else ``default_value``.

    Args:
        x: input tensor.
        threshold: the threshold.
        default_value: the value put where ``x <= threshold``.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.threshold([1.0, 3.0], 2.0, 0.0)).tolist()
    [0.0, 3.0]
    """
    if isinstance(x, KerasTensor):
        return Threshold(threshold=threshold, default_value=default_value).symbolic_call(x)
    return backends.nn.threshold(x, threshold, default_value)


def _check_axis(x, axis, op):
    if isinstance(x, KerasTensor) and len(x.shape):
        canonicalize_axis(axis, len(x.shape), op)


def softmax(x, axis=-1):
    """Softmax along ``axis``: ``exp(x) / sum(exp(x))``, computed stably.

    Args:
        x: input tensor.
        axis: the axis to normalize.

    Returns:
        A float tensor of the same shape whose slices along ``axis`` sum to 1.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.softmax([0.0, 0.0])).tolist()
    [0.5, 0.5]
    """
    if isinstance(x, KerasTensor):
        _check_axis(x, axis, "softmax")
        return Softmax(axis=axis).symbolic_call(x)
    return backends.nn.softmax(x, axis)


def log_softmax(x, axis=-1):
    """Log of the softmax along ``axis``, computed stably.

    Args:
        x: input tensor.
        axis: the axis to normalize.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(ops.log_softmax([0.0, 0.0]))[0]), 4)
    -0.6931
    """
    if isinstance(x, KerasTensor):
        _check_axis(x, axis, "log_softmax")
        return LogSoftmax(axis=axis).symbolic_call(x)
    return backends.nn.log_softmax(x, axis)


def sparsemax(x, axis=-1):
    """Sparsemax: the Euclidean projection of ``x`` onto the probability simplex.

    Args:
        x: input tensor.
        axis: the axis to normalize.

    Returns:
        A float tensor of the same shape, sparse along ``axis``, summing to 1.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.sparsemax([0.0, 2.0])).tolist()
    [0.0, 1.0]
    """
    if isinstance(x, KerasTensor):
        _check_axis(x, axis, "sparsemax")
        return Sparsemax(axis=axis).symbolic_call(x)
    return backends.nn.sparsemax(x, axis)


class Glu(Operation):
    def __init__(self, axis=-1, name=None):
        super().__init__(name=name)
        self.axis = axis

    def call(self, x):
        return backends.nn.glu(x, self.axis)

    def compute_output_spec(self, x):
        shape = list(x.shape)
        axis = canonicalize_axis(self.axis, len(shape), "glu")
        if shape[axis] is not None:
            if shape[axis] % 2:
                raise ValueError(
                    f"glu: the size of axis {self.axis} must be even, got shape {x.shape}."
                )
            shape[axis] //= 2
        return KerasTensor(tuple(shape), dtype=_float_dtype(x))


def glu(x, axis=-1):
    """Gated linear unit: splits ``x`` in halves ``a, b`` along ``axis``; ``a * sigmoid(b)``.

    Args:
        x: input tensor; the size of ``axis`` must be even.
        axis: the axis to split.

    Returns:
        A float tensor with ``axis`` halved.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.glu([2.0, 0.0])).tolist()
    [1.0]
    """
    if isinstance(x, KerasTensor):
        return Glu(axis).symbolic_call(x)
    return backends.nn.glu(x, axis)


# ---------------------------------------------------------------------- convolution


class Conv(Operation):
    def __init__(self, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 name=None):
        super().__init__(name=name)
        self.strides = strides
        self.padding = padding
        self.data_format = data_format
        self.dilation_rate = dilation_rate

    def call(self, inputs, kernel):
        return backends.nn.conv(
            inputs, kernel, self.strides, self.padding, self.data_format, self.dilation_rate
        )

    def compute_output_spec(self, inputs, kernel):
        shape, kshape = _shape(inputs), _shape(kernel)
        out_shape = _conv_shape(
            "conv", shape, kshape, self.strides, self.padding, self.data_format,
            self.dilation_rate,
        )
        channels = _split_channels(shape, _data_format(self.data_format, "conv"))[2]
        if channels is not None and kshape[-2] is not None and channels % kshape[-2]:
            raise ValueError(
                f"conv: inputs of shape {shape} have {channels} channels but the kernel of "
                f"shape {kshape} expects {kshape[-2]} (or a divisor of it for groups)."
            )
        batch, spatial, _ = _split_channels(out_shape, _data_format(self.data_format, "conv"))
        out_shape = _join_channels(batch, spatial, kshape[-1],
                                   _data_format(self.data_format, "conv"))
        dtype = dtypes.result_type(dtypes.infer_dtype(inputs), dtypes.infer_dtype(kernel))
        return KerasTensor(out_shape, dtype=dtype)


def _conv_shape(op, shape, kshape, strides, padding, data_format, dilation_rate):
    """The output shape of a window op; the channel dim is copied from the input."""
    _check_rank(shape, op)
    n = len(shape) - 2
    if len(kshape) != n + 2:
        raise ValueError(
            f"{op}: the kernel must have rank {n + 2} for inputs of shape {shape}, got kernel "
            f"shape {kshape}."
        )
    data_format = _data_format(data_format, op)
    padding = _padding(padding, op)
    strides = _tuple(strides, n, "strides", op)
    dilation = _tuple(dilation_rate, n, "dilation_rate", op)
    batch, spatial, channels = _split_channels(shape, data_format)
    out = [
        _conv_length(length, k, s, d, padding, op, shape)
        for length, k, s, d in zip(spatial, kshape[:n], strides, dilation)
    ]
    return _join_channels(batch, out, channels, data_format)


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """N-D convolution (1D, 2D or 3D; strictly a cross-correlation, as in Keras).

    Args:
        inputs: tensor of rank 3, 4 or 5: ``(batch, spatial..., channels)`` for
            ``channels_last``, ``(batch, channels, spatial...)`` for ``channels_first``.
        kernel: ``(kernel_spatial..., in_channels / groups, out_channels)``; grouped
            convolution is used when the input has a multiple of ``in_channels``.
        strides: int or tuple, the step of the window.
        padding: ``"valid"`` (no padding) or ``"same"`` (output size ``ceil(in / stride)``).
        data_format: ``"channels_last"``, ``"channels_first"`` or None (the global setting).
        dilation_rate: int or tuple, the spacing of the kernel taps.

    Returns:
        The convolved tensor, dtype ``result_type(inputs, kernel)``.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.shape(ops.conv(np.ones((1, 5, 2)), np.ones((3, 2, 4))))
    (1, 3, 4)
    """
    if any_symbolic_tensors((inputs, kernel)):
        return Conv(strides, padding, data_format, dilation_rate).symbolic_call(inputs, kernel)
    return backends.nn.conv(inputs, kernel, strides, padding, data_format, dilation_rate)


class DepthwiseConv(Conv):
    def call(self, inputs, kernel):
        return backends.nn.depthwise_conv(
            inputs, kernel, self.strides, self.padding, self.data_format, self.dilation_rate
        )

    def compute_output_spec(self, inputs, kernel):
        shape, kshape = _shape(inputs), _shape(kernel)
        data_format = _data_format(self.data_format, "depthwise_conv")
        out_shape = _conv_shape(
            "depthwise_conv", shape, kshape, self.strides, self.padding, data_format,
            self.dilation_rate,
        )
        batch, spatial, channels = _split_channels(out_shape, data_format)
        if channels is not None and kshape[-2] is not None and channels != kshape[-2]:
            raise ValueError(
                f"depthwise_conv: inputs of shape {shape} have {channels} channels but the "
                f"kernel of shape {kshape} expects {kshape[-2]}."
            )
        channels = channels if channels is not None else kshape[-2]
        out_channels = None if channels is None or kshape[-1] is None else channels * kshape[-1]
        dtype = dtypes.result_type(dtypes.infer_dtype(inputs), dtypes.infer_dtype(kernel))
        return KerasTensor(_join_channels(batch, spatial, out_channels, data_format), dtype=dtype)


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """Depthwise N-D convolution: each input channel convolved with its own filters.

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `conv`).
        kernel: ``(kernel_spatial..., in_channels, channel_multiplier)``.
        strides: int or tuple.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or None.
        dilation_rate: int or tuple.

    Returns:
        A tensor with ``in_channels * channel_multiplier`` channels (channel ``c * m + j``
        is input channel ``c`` with filter ``j``).

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.shape(ops.depthwise_conv(np.ones((1, 5, 2)), np.ones((3, 2, 2))))
    (1, 3, 4)
    """
    if any_symbolic_tensors((inputs, kernel)):
        return DepthwiseConv(strides, padding, data_format, dilation_rate).symbolic_call(
            inputs, kernel
        )
    return backends.nn.depthwise_conv(inputs, kernel, strides, padding, data_format,
                                      dilation_rate)


class SeparableConv(Conv):
    def call(self, inputs, depthwise_kernel, pointwise_kernel):
        return backends.nn.separable_conv(
            inputs, depthwise_kernel, pointwise_kernel, self.strides, self.padding,
            self.data_format, self.dilation_rate,
        )

    def compute_output_spec(self, inputs, depthwise_kernel, pointwise_kernel):
        depthwise = DepthwiseConv(
            self.strides, self.padding, self.data_format, self.dilation_rate
        ).compute_output_spec(inputs, depthwise_kernel)
        return Conv(1, "valid", self.data_format, 1).compute_output_spec(
            depthwise, pointwise_kernel
        )


def separable_conv(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    """Depthwise convolution followed by a pointwise (1x1) convolution.

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `conv`).
        depthwise_kernel: ``(kernel_spatial..., in_channels, channel_multiplier)``.
        pointwise_kernel: ``(1..., in_channels * channel_multiplier, out_channels)``.
        strides: int or tuple (of the depthwise step).
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or None.
        dilation_rate: int or tuple.

    Returns:
        A tensor with ``out_channels`` channels.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> y = ops.separable_conv(np.ones((1, 5, 2)), np.ones((3, 2, 1)), np.ones((1, 2, 3)))
    >>> ops.shape(y)
    (1, 3, 3)
    """
    if any_symbolic_tensors((inputs, depthwise_kernel, pointwise_kernel)):
        return SeparableConv(strides, padding, data_format, dilation_rate).symbolic_call(
            inputs, depthwise_kernel, pointwise_kernel
        )
    return backends.nn.separable_conv(
        inputs, depthwise_kernel, pointwise_kernel, strides, padding, data_format, dilation_rate
    )


class ConvTranspose(Operation):
    def __init__(self, strides=1, padding="valid", output_padding=None, data_format=None,
                 dilation_rate=1, name=None):
        super().__init__(name=name)
        self.strides = strides
        self.padding = padding
        self.output_padding = output_padding
        self.data_format = data_format
        self.dilation_rate = dilation_rate

    def call(self, inputs, kernel):
        return backends.nn.conv_transpose(
            inputs, kernel, self.strides, self.padding, self.output_padding, self.data_format,
            self.dilation_rate,
        )

    def compute_output_spec(self, inputs, kernel):
        op = "conv_transpose"
        shape, kshape = _shape(inputs), _shape(kernel)
        _check_rank(shape, op)
        n = len(shape) - 2
        if len(kshape) != n + 2:
            raise ValueError(
                f"{op}: the kernel must have rank {n + 2} for inputs of shape {shape}, got "
                f"kernel shape {kshape}."
            )
        data_format = _data_format(self.data_format, op)
        padding = _padding(self.padding, op)
        strides = _tuple(self.strides, n, "strides", op)
        dilation = _tuple(self.dilation_rate, n, "dilation_rate", op)
        output_padding = (
            (None,) * n if self.output_padding is None
            else _tuple(self.output_padding, n, "output_padding", op)
        )
        batch, spatial, channels = _split_channels(shape, data_format)
        if channels is not None and kshape[-1] is not None and channels != kshape[-1]:
            raise ValueError(
                f"{op}: inputs of shape {shape} have {channels} channels but the kernel of "
                f"shape {kshape} (spatial..., out_channels, in_channels) expects {kshape[-1]}."
            )
        out = [
            _deconv_length(length, k, s, d, padding, p)
            for length, k, s, d, p in zip(spatial, kshape[:n], strides, dilation, output_padding)
        ]
        dtype = dtypes.result_type(dtypes.infer_dtype(inputs), dtypes.infer_dtype(kernel))
        return KerasTensor(_join_channels(batch, out, kshape[-2], data_format), dtype=dtype)


def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    """Transposed N-D convolution (the gradient of `conv` with respect to its input).

    The output size per spatial dim is ``in * stride + max(k - stride, 0)`` for
    ``"valid"`` and ``in * stride`` for ``"same"`` (``k`` the dilated kernel size); with
    ``output_padding`` it is ``(in - 1) * stride + k - 2 * pad + output_padding`` where
    ``pad`` is ``k // 2`` for ``"same"`` and 0 for ``"valid"``.

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `conv`).
        kernel: ``(kernel_spatial..., out_channels, in_channels)``.
        strides: int or tuple.
        padding: ``"valid"`` or ``"same"``.
        output_padding: None, or int or tuple: extra size added at the end.
        data_format: ``"channels_last"``, ``"channels_first"`` or None.
        dilation_rate: int or tuple.

    Returns:
        The transposed convolution, dtype ``result_type(inputs, kernel)``.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.shape(ops.conv_transpose(np.ones((1, 4, 2)), np.ones((3, 5, 2)), strides=2))
    (1, 9, 5)
    """
    if any_symbolic_tensors((inputs, kernel)):
        return ConvTranspose(
            strides, padding, output_padding, data_format, dilation_rate
        ).symbolic_call(inputs, kernel)
    return backends.nn.conv_transpose(
        inputs, kernel, strides, padding, output_padding, data_format, dilation_rate
    )


# ---------------------------------------------------------------------- pooling


class _Pool(Operation):
    function = None

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, name=None):
        super().__init__(name=name)
        self.pool_size = pool_size
        self.strides = strides
        self.padding = padding
        self.data_format = data_format

    def call(self, inputs):
        return getattr(backends.nn, self.function)(
            inputs, self.pool_size, self.strides, self.padding, self.data_format
        )

    def compute_output_spec(self, inputs):
        shape = _shape(inputs)
        _check_rank(shape, self.function)
        n = len(shape) - 2
        pool_size = _tuple(self.pool_size, n, "pool_size", self.function)
        strides = pool_size if self.strides is None else self.strides
        out_shape = _conv_shape(
            self.function, shape, pool_size + (None, None), strides, self.padding,
            self.data_format, 1,
        )
        dtype = dtypes.infer_dtype(inputs)
        if self.function == "average_pool":
            dtype = dtypes.float_result_type(dtype)
        return KerasTensor(out_shape, dtype=dtype)


class MaxPool(_Pool):
    function = "max_pool"


class AveragePool(_Pool):
    function = "average_pool"


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Max pooling over 1, 2 or 3 spatial dims.

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `conv`).
        pool_size: int or tuple, the window size.
        strides: int or tuple; defaults to ``pool_size``.
        padding: ``"valid"`` or ``"same"`` (padded values never win).
        data_format: ``"channels_last"``, ``"channels_first"`` or None.

    Returns:
        The pooled tensor, with the input dtype.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.max_pool(np.arange(4.0).reshape(1, 4, 1), 2)).ravel().tolist()
    [1.0, 3.0]
    """
    if isinstance(inputs, KerasTensor):
        return MaxPool(pool_size, strides, padding, data_format).symbolic_call(inputs)
    return backends.nn.max_pool(inputs, pool_size, strides, padding, data_format)


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Average pooling over 1, 2 or 3 spatial dims.

    With ``padding="same"`` the padded positions are not counted in the average.

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `conv`).
        pool_size: int or tuple, the window size.
        strides: int or tuple; defaults to ``pool_size``.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or None.

    Returns:
        The pooled tensor (float dtype).

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> x = np.arange(4.0).reshape(1, 4, 1)
    >>> ops.convert_to_numpy(ops.average_pool(x, 2)).ravel().tolist()
    [0.5, 2.5]
    """
    if isinstance(inputs, KerasTensor):
        return AveragePool(pool_size, strides, padding, data_format).symbolic_call(inputs)
    return backends.nn.average_pool(inputs, pool_size, strides, padding, data_format)


class _AdaptivePool(Operation):
    function = None

    def __init__(self, output_size, data_format=None, name=None):
        super().__init__(name=name)
        self.output_size = output_size
        self.data_format = data_format

    def call(self, inputs):
        return getattr(backends.nn, self.function)(inputs, self.output_size, self.data_format)

    def compute_output_spec(self, inputs):
        shape = _shape(inputs)
        _check_rank(shape, self.function)
        n = len(shape) - 2
        data_format = _data_format(self.data_format, self.function)
        output_size = _tuple(self.output_size, n, "output_size", self.function)
        batch, _, channels = _split_channels(shape, data_format)
        dtype = dtypes.infer_dtype(inputs)
        if self.function == "adaptive_average_pool":
            dtype = dtypes.float_result_type(dtype)
        return KerasTensor(_join_channels(batch, output_size, channels, data_format), dtype=dtype)


class AdaptiveAveragePool(_AdaptivePool):
    function = "adaptive_average_pool"


class AdaptiveMaxPool(_AdaptivePool):
    function = "adaptive_max_pool"


def adaptive_average_pool(inputs, output_size, data_format=None):
    """Average pooling to a fixed output size (window ``i`` spans
    ``[floor(i * L / out), ceil((i + 1) * L / out))``, as in PyTorch).

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `conv`).
        output_size: int or tuple, the output spatial size.
        data_format: ``"channels_last"``, ``"channels_first"`` or None.

    Returns:
        The pooled tensor (float dtype).

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> x = np.arange(4.0).reshape(1, 4, 1)
    >>> ops.convert_to_numpy(ops.adaptive_average_pool(x, 2)).ravel().tolist()
    [0.5, 2.5]
    """
    if isinstance(inputs, KerasTensor):
        return AdaptiveAveragePool(output_size, data_format).symbolic_call(inputs)
    return backends.nn.adaptive_average_pool(inputs, output_size, data_format)


def adaptive_max_pool(inputs, output_size, data_format=None):
    """Max pooling to a fixed output size (windows as in `adaptive_average_pool`).

    Args:
        inputs: tensor of rank 3, 4 or 5 (see `conv`).
        output_size: int or tuple, the output spatial size.
        data_format: ``"channels_last"``, ``"channels_first"`` or None.

    Returns:
        The pooled tensor, with the input dtype.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> x = np.arange(4.0).reshape(1, 4, 1)
    >>> ops.convert_to_numpy(ops.adaptive_max_pool(x, 2)).ravel().tolist()
    [1.0, 3.0]
    """
    if isinstance(inputs, KerasTensor):
        return AdaptiveMaxPool(output_size, data_format).symbolic_call(inputs)
    return backends.nn.adaptive_max_pool(inputs, output_size, data_format)


# ---------------------------------------------------------------------- normalization


class BatchNormalization(Operation):
    def __init__(self, axis, epsilon=0.001, name=None):
        super().__init__(name=name)
        self.axis = axis
        self.epsilon = epsilon

    def call(self, x, mean, variance, offset=None, scale=None):
        return backends.nn.batch_normalization(
            x, mean, variance, self.axis, offset, scale, self.epsilon
        )

    def compute_output_spec(self, x, mean, variance, offset=None, scale=None):
        shape = _shape(x)
        axis = canonicalize_axis(self.axis, len(shape), "batch_normalization")
        for name, v in (("mean", mean), ("variance", variance), ("offset", offset),
                        ("scale", scale)):
            if v is None:
                continue
            vshape = _shape(v)
            if len(vshape) == 1 and None not in (vshape[0], shape[axis]) and \
                    vshape[0] != shape[axis]:
                raise ValueError(
                    f"batch_normalization: `{name}` of shape {vshape} does not match axis "
                    f"{self.axis} of x of shape {shape}."
                )
        return KerasTensor(shape, dtype=_float_dtype(x, mean, variance, offset, scale))


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=0.001):
    """Normalizes ``x`` with given statistics: ``(x - mean) / sqrt(variance + eps) * scale
    + offset``.

    Args:
        x: input tensor.
        mean: 1-D tensor of the size of ``x.shape[axis]`` (or broadcastable to ``x``).
        variance: like ``mean``.
        axis: the feature axis of ``x``.
        offset: optional, like ``mean``.
        scale: optional, like ``mean``.
        epsilon: small float added to the variance.

    Returns:
        The normalized tensor (float dtype).

    Example:
    >>> from kbackend import ops
    >>> y = ops.batch_normalization([[1.0, 3.0]], [1.0, 1.0], [1.0, 4.0], axis=-1, epsilon=0.0)
    >>> ops.convert_to_numpy(y).tolist()
    [[0.0, 1.0]]
    """
    if any_symbolic_tensors((x, mean, variance, offset, scale)):
        return BatchNormalization(axis, epsilon).symbolic_call(x, mean, variance, offset, scale)
    return backends.nn.batch_normalization(x, mean, variance, axis, offset, scale, epsilon)


class Moments(Operation):
    def __init__(self, axes, keepdims=False, synchronized=False, name=None):
        super().__init__(name=name)
        self.axes = axes
        self.keepdims = keepdims
        self.synchronized = synchronized

    def call(self, x):
        return backends.nn.moments(x, self.axes, self.keepdims, self.synchronized)

    def compute_output_spec(self, x):
        shape = reduce_shape(_shape(x), self.axes, self.keepdims, "moments")
        dtype = _float_dtype(x)
        return KerasTensor(shape, dtype=dtype), KerasTensor(shape, dtype=dtype)


def moments(x, axes, keepdims=False, synchronized=False):
    """Mean and variance of ``x`` over ``axes`` (half-precision inputs are accumulated in
    float32).

    Args:
        x: input tensor.
        axes: int or list of ints.
        keepdims: keep the reduced axes with size 1.
        synchronized: accepted for Keras compatibility; there is one replica here.

    Returns:
        ``(mean, variance)``.

    Example:
    >>> from kbackend import ops
    >>> mean, variance = ops.moments([1.0, 3.0], axes=[0])
    >>> float(ops.convert_to_numpy(mean)), float(ops.convert_to_numpy(variance))
    (2.0, 1.0)
    """
    if isinstance(x, KerasTensor):
        return Moments(axes, keepdims, synchronized).symbolic_call(x)
    return backends.nn.moments(x, axes, keepdims, synchronized)


class LayerNormalization(Operation):
    def __init__(self, axis=-1, epsilon=None, name=None, **kwargs):
        super().__init__(name=name)
        self.axis = axis
        self.epsilon = epsilon
        self.kwargs = kwargs

    def call(self, x, gamma=None, beta=None):
        return backends.nn.layer_normalization(
            x, gamma, beta, self.axis, self.epsilon, **self.kwargs
        )

    def compute_output_spec(self, x, gamma=None, beta=None):
        shape = _shape(x)
        axes = self.axis if isinstance(self.axis, (list, tuple)) else (self.axis,)
        for axis in axes:
            canonicalize_axis(axis, len(shape), "layer_normalization")
        return KerasTensor(shape, dtype=_float_dtype(x, gamma, beta))


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    """Layer normalization over ``axis``: ``(x - mean) / sqrt(var + eps) * gamma + beta``.

    Args:
        x: input tensor.
        gamma: optional scale, of the shape of the normalized axes.
        beta: optional offset, of the shape of the normalized axes.
        axis: int or list of ints.
        epsilon: small float; None means `kbackend.backend.epsilon()`.
        **kwargs: ``rms_scaling=True`` divides by ``sqrt(var + eps)`` only (no centering,
            no ``beta``).

    Returns:
        The normalized tensor (float dtype).

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.layer_normalization([1.0, 3.0], epsilon=0.0)).tolist()
    [-1.0, 1.0]
    """
    if any_symbolic_tensors((x, gamma, beta)):
        return LayerNormalization(axis, epsilon, **kwargs).symbolic_call(x, gamma, beta)
    return backends.nn.layer_normalization(x, gamma, beta, axis, epsilon, **kwargs)


class RmsNormalization(Operation):
    def __init__(self, axis=-1, epsilon=None, name=None):
        super().__init__(name=name)
        self.axis = axis
        self.epsilon = epsilon

    def call(self, x, scale=None):
        return backends.nn.rms_normalization(x, scale, self.axis, self.epsilon)

    def compute_output_spec(self, x, scale=None):
        return KerasTensor(_shape(x), dtype=_float_dtype(x, scale))


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """Root-mean-square normalization: ``x / sqrt(mean(x**2, axis) + eps) * scale``.

    Args:
        x: input tensor.
        scale: optional scale, broadcastable to ``x``.
        axis: int or tuple, the axes of the mean.
        epsilon: small float; None means `kbackend.backend.epsilon()`.

    Returns:
        The normalized tensor (float dtype).

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.rms_normalization([3.0, 3.0], epsilon=0.0)).tolist()
    [1.0, 1.0]
    """
    if any_symbolic_tensors((x, scale)):
        return RmsNormalization(axis, epsilon).symbolic_call(x, scale)
    return backends.nn.rms_normalization(x, scale, axis, epsilon)


class Normalize(_Elementwise):
    function = "normalize"


def normalize(x, axis=-1, order=2, epsilon=None):
    """Divides ``x`` by its ``order``-norm along ``axis`` (at least ``epsilon``).

    Args:
        x: input tensor.
        axis: the axis of the norm.
        order: the norm order (as in `kbackend.ops.norm`).
        epsilon: lower bound of the norm; None means `kbackend.backend.epsilon()`.

    Returns:
        The normalized tensor (float dtype).

    Example:
    >>> from kbackend import ops
    >>> [round(v, 4) for v in ops.convert_to_numpy(ops.normalize([3.0, 4.0])).tolist()]
    [0.6, 0.8]
    """
    if isinstance(x, KerasTensor):
        _check_axis(x, axis, "normalize")
        return Normalize(axis=axis, order=order, epsilon=epsilon).symbolic_call(x)
    return backends.nn.normalize(x, axis, order, epsilon)


# ---------------------------------------------------------------------- encodings


class OneHot(Operation):
    def __init__(self, num_classes, axis=-1, dtype=None, sparse=False, name=None):
        super().__init__(name=name)
        self.num_classes = num_classes
        self.axis = axis
        self.dtype = dtypes.standardize_dtype(dtype)
        self.sparse = sparse

    def call(self, x):
        return backends.nn.one_hot(x, self.num_classes, self.axis, self.dtype, self.sparse)

    def compute_output_spec(self, x):
        shape = list(_shape(x))
        axis = canonicalize_axis(self.axis, len(shape) + 1, "one_hot")
        shape.insert(axis, self.num_classes)
        return KerasTensor(tuple(shape), dtype=self.dtype, sparse=self.sparse)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """One-hot encodes integer ``x``; out-of-range indices give all-zero vectors.

    Args:
        x: integer tensor.
        num_classes: the number of classes.
        axis: where the new class axis goes.
        dtype: output dtype; default ``floatx()``.
        sparse: return a sparse tensor (engines with ``SUPPORTS_SPARSE`` only).

    Returns:
        A tensor of shape ``x.shape`` with ``num_classes`` inserted at ``axis``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.one_hot([1, 0], 3)).tolist()
    [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    """
    if isinstance(x, KerasTensor):
        return OneHot(num_classes, axis, dtype, sparse).symbolic_call(x)
    return backends.nn.one_hot(x, num_classes, axis, dtypes.standardize_dtype(dtype), sparse)


class MultiHot(Operation):
    def __init__(self, num_classes=None, axis=-1, dtype=None, sparse=False, name=None,
                 **kwargs):
        super().__init__(name=name)
        self.num_classes = kwargs.pop("num_tokens", num_classes)
        if self.num_classes is None:
            raise ValueError("multi_hot: `num_classes` is required.")
        if kwargs:
            raise ValueError(f"multi_hot: unexpected arguments {sorted(kwargs)}.")
        self.axis = axis
        self.dtype = dtypes.standardize_dtype(dtype)
        self.sparse = sparse

    def call(self, inputs):
        return backends.nn.multi_hot(
            inputs, self.num_classes, self.axis, self.dtype, self.sparse
        )

    def compute_output_spec(self, inputs):
        shape = list(_shape(inputs))
        axis = canonicalize_axis(self.axis, len(shape) + 1, "multi_hot")
        reduction_axis = 1 if len(shape) > 1 else 0
        shape.insert(axis, self.num_classes)
        del shape[reduction_axis]
        return KerasTensor(tuple(shape), dtype=self.dtype, sparse=self.sparse)


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    """Multi-hot encodes integer ``inputs``: the max of their one-hot encodings over axis 1
    (axis 0 for rank-1 inputs).

    Args:
        inputs: integer tensor, e.g. ``(batch, num_labels)``.
        num_classes: the number of classes (``num_tokens`` is accepted as an alias).
        axis: where the class axis goes.
        dtype: output dtype; default ``floatx()``.
        sparse: return a sparse tensor (engines with ``SUPPORTS_SPARSE`` only).

    Returns:
        E.g. ``(batch, num_classes)`` with 1 for each class present.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.multi_hot([[0, 2]], 3)).tolist()
    [[1.0, 0.0, 1.0]]
    """
    if isinstance(inputs, KerasTensor):
        return MultiHot(num_classes, axis, dtype, sparse, **kwargs).symbolic_call(inputs)
    return backends.nn.multi_hot(inputs, num_classes, axis, dtypes.standardize_dtype(dtype),
                                 sparse, **kwargs)


class Polar(Operation):
    def call(self, abs_, angle):
        return backends.nn.polar(abs_, angle)

    def compute_output_spec(self, abs_, angle):
        shape = broadcast_shapes(_shape(abs_), _shape(angle), op_name="polar")
        dtype = "complex128" if _float_dtype(abs_, angle) == "float64" else "complex64"
        return KerasTensor(shape, dtype=dtype)


def polar(abs_, angle):
    """The complex number ``abs_ * (cos(angle) + 1j * sin(angle))``.

    Args:
        abs_: magnitudes.
        angle: angles in radians.

    Returns:
        A complex64 tensor (complex128 for float64 inputs).

    Example:
    >>> from kbackend import ops
    >>> complex(ops.convert_to_numpy(ops.polar([2.0], [0.0]))[0])
    (2+0j)
    """
    if any_symbolic_tensors((abs_, angle)):
        return Polar().symbolic_call(abs_, angle)
    return backends.nn.polar(abs_, angle)


# ---------------------------------------------------------------------- losses


def _check_same_shape(op, target, output):
    ts, os_ = _shape(target), _shape(output)
    if len(ts) != len(os_) or any(
        a is not None and b is not None and a != b for a, b in zip(ts, os_)
    ):
        raise ValueError(
            f"{op}: target and output must have the same shape, got target.shape={ts} and "
            f"output.shape={os_}."
        )
    return os_


class BinaryCrossentropy(Operation):
    def __init__(self, from_logits=False, name=None):
        super().__init__(name=name)
        self.from_logits = from_logits

    def call(self, target, output):
        return backends.nn.binary_crossentropy(target, output, self.from_logits)

    def compute_output_spec(self, target, output):
        shape = _check_same_shape("binary_crossentropy", target, output)
        return KerasTensor(shape, dtype=_float_dtype(target, output))


def binary_crossentropy(target, output, from_logits=False):
    """Elementwise binary cross-entropy (probabilities are clipped to
    ``[epsilon, 1 - epsilon]``; logits use the stable log-sigmoid form).

    Args:
        target: tensor of 0/1 (or soft) labels.
        output: probabilities, or logits if ``from_logits``; same shape as ``target``.
        from_logits: whether ``output`` holds logits.

    Returns:
        The elementwise loss, shape of ``output``.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(ops.binary_crossentropy([1.0], [0.5]))[0]), 4)
    0.6931
    """
    if any_symbolic_tensors((target, output)):
        return BinaryCrossentropy(from_logits).symbolic_call(target, output)
    return backends.nn.binary_crossentropy(target, output, from_logits)


class CategoricalCrossentropy(Operation):
    def __init__(self, from_logits=False, axis=-1, name=None):
        super().__init__(name=name)
        self.from_logits = from_logits
        self.axis = axis

    def call(self, target, output):
        return backends.nn.categorical_crossentropy(target, output, self.from_logits,
                                                    self.axis)

    def compute_output_spec(self, target, output):
        shape = _check_same_shape("categorical_crossentropy", target, output)
        if not shape:
            raise ValueError("categorical_crossentropy: output must have rank >= 1, got ().")
        return KerasTensor(reduce_shape(shape, self.axis, op_name="categorical_crossentropy"),
                           dtype=_float_dtype(target, output))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Categorical cross-entropy between one-hot (or soft) targets and predictions.

    Probabilities are renormalized along ``axis`` and clipped to ``[epsilon, 1 - epsilon]``.

    Args:
        target: one-hot labels, same shape as ``output``.
        output: probabilities, or logits if ``from_logits``.
        from_logits: whether ``output`` holds logits.
        axis: the class axis.

    Returns:
        The loss with ``axis`` reduced.

    Example:
    >>> from kbackend import ops
    >>> y = ops.categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])
    >>> round(float(ops.convert_to_numpy(y)[0]), 4)
    0.6931
    """
    if any_symbolic_tensors((target, output)):
        return CategoricalCrossentropy(from_logits, axis).symbolic_call(target, output)
    return backends.nn.categorical_crossentropy(target, output, from_logits, axis)


class SparseCategoricalCrossentropy(CategoricalCrossentropy):
    def call(self, target, output):
        return backends.nn.sparse_categorical_crossentropy(target, output, self.from_logits,
                                                           self.axis)

    def compute_output_spec(self, target, output):
        op = "sparse_categorical_crossentropy"
        oshape, tshape = _shape(output), _shape(target)
        if not oshape:
            raise ValueError(f"{op}: output must have rank >= 1, got ().")
        expected = reduce_shape(oshape, self.axis, op_name=op)
        if len(tshape) == len(oshape) and tshape[-1] == 1:
            tshape = tshape[:-1]
        if len(tshape) != len(expected) or any(
            a is not None and b is not None and a != b for a, b in zip(tshape, expected)
        ):
            raise ValueError(
                f"{op}: target must have the shape of output without its class axis, got "
                f"target.shape={_shape(target)} and output.shape={oshape}."
            )
        return KerasTensor(expected, dtype=_float_dtype(output))


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Categorical cross-entropy with integer class targets.

    Args:
        target: integer labels, shape of ``output`` without ``axis`` (a trailing axis of
            size 1 is accepted).
        output: probabilities, or logits if ``from_logits``.
        from_logits: whether ``output`` holds logits.
        axis: the class axis.

    Returns:
        The loss with ``axis`` reduced.

    Example:
    >>> from kbackend import ops
    >>> y = ops.sparse_categorical_crossentropy([1], [[0.5, 0.5]])
    >>> round(float(ops.convert_to_numpy(y)[0]), 4)
    0.6931
    """
    if any_symbolic_tensors((target, output)):
        return SparseCategoricalCrossentropy(from_logits, axis).symbolic_call(target, output)
    return backends.nn.sparse_categorical_crossentropy(target, output, from_logits, axis)


class Psnr(Operation):
    def __init__(self, max_val, name=None):
        super().__init__(name=name)
        self.max_val = max_val

    def call(self, x1, x2):
        return backends.nn.psnr(x1, x2, self.max_val)

    def compute_output_spec(self, x1, x2):
        _check_same_shape("psnr", x1, x2)
        return KerasTensor((), dtype=_float_dtype(x1, x2))


def psnr(x1, x2, max_val):
    """Peak signal-to-noise ratio: ``20 log10(max_val) - 10 log10(mean((x1 - x2)**2))``.

    Args:
        x1: first image batch.
        x2: second image batch, same shape.
        max_val: the dynamic range of the pixel values.

    Returns:
        A scalar (in dB), over all elements.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(ops.psnr([0.0, 1.0], [0.0, 0.9], 1.0))), 2)
    23.01
    """
    if any_symbolic_tensors((x1, x2)):
        return Psnr(max_val).symbolic_call(x1, x2)
    return backends.nn.psnr(x1, x2, max_val)


# ---------------------------------------------------------------------- CTC


class CtcLoss(Operation):
    def __init__(self, mask_index=0, name=None):
        super().__init__(name=name)
        self.mask_index = mask_index

    def call(self, target, output, target_length, output_length):
        return backends.nn.ctc_loss(target, output, target_length, output_length,
                                    self.mask_index)

    def compute_output_spec(self, target, output, target_length, output_length):
        tshape, oshape = _shape(target), _shape(output)
        if len(tshape) != 2 or len(oshape) != 3:
            raise ValueError(
                "ctc_loss: expected target of shape (batch, max_label_length) and output of "
                f"shape (batch, max_time, num_classes), got {tshape} and {oshape}."
            )
        batch = broadcast_shapes((tshape[0],), (oshape[0],), op_name="ctc_loss")
        return KerasTensor(batch, dtype=_float_dtype(output))


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """Connectionist temporal classification loss (negative log-likelihood per sample).

    Args:
        target: integer labels ``(batch, max_label_length)``.
        output: logits ``(batch, max_time, num_classes)`` (log-softmax is applied).
        target_length: ``(batch,)`` label lengths.
        output_length: ``(batch,)`` input lengths.
        mask_index: the blank class.

    Returns:
        ``(batch,)`` losses.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> loss = ops.ctc_loss([[1]], np.zeros((1, 1, 2)), [1], [1])
    >>> round(float(ops.convert_to_numpy(loss)[0]), 4)
    0.6931
    """
    if any_symbolic_tensors((target, output, target_length, output_length)):
        return CtcLoss(mask_index).symbolic_call(target, output, target_length, output_length)
    return backends.nn.ctc_loss(target, output, target_length, output_length, mask_index)


class CtcDecode(Operation):
    def __init__(self, strategy="greedy", beam_width=100, top_paths=1, merge_repeated=True,
                 mask_index=0, name=None):
        super().__init__(name=name)
        if strategy not in ("greedy", "beam_search"):
            raise ValueError(
                f"ctc_decode: strategy must be 'greedy' or 'beam_search', got {strategy!r}."
            )
        self.strategy = strategy
        self.beam_width = beam_width
        self.top_paths = top_paths
        self.merge_repeated = merge_repeated
        self.mask_index = mask_index

    def call(self, inputs, sequence_lengths):
        return backends.nn.ctc_decode(
            inputs, sequence_lengths, self.strategy, self.beam_width, self.top_paths,
            self.merge_repeated, self.mask_index,
        )

    def compute_output_spec(self, inputs, sequence_lengths):
        shape = _shape(inputs)
        if len(shape) != 3:
            raise ValueError(
                "ctc_decode: expected inputs of shape (batch, max_time, num_classes), got "
                f"{shape}."
            )
        paths = 1 if self.strategy == "greedy" else self.top_paths
        return (
            KerasTensor((paths, shape[0], shape[1]), dtype="int32"),
            KerasTensor((shape[0], paths), dtype=_float_dtype(inputs)),
        )


def ctc_decode(
    inputs,
    sequence_lengths,
    strategy="greedy",
    beam_width=100,
    top_paths=1,
    merge_repeated=True,
    mask_index=0,
):
    """Decodes CTC logits, greedily or with a prefix beam search.

    Args:
        inputs: logits ``(batch, max_time, num_classes)`` (not softmax-normalized).
        sequence_lengths: ``(batch,)`` valid lengths.
        strategy: ``"greedy"`` or ``"beam_search"``.
        beam_width: beams kept per step (beam search).
        top_paths: number of paths returned (beam search; greedy returns 1).
        merge_repeated: greedy: merge repeats not separated by a blank (beam search always does).
        mask_index: the blank class.

    Returns:
        ``(decoded, scores)``: int32 labels ``(top_paths, batch, max_time)`` padded with -1,
        and ``(batch, top_paths)`` scores: the negative sum of the best log-probabilities per
        step (greedy) or the log-probability of each path (beam search).

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> logits = np.log(np.array([[[0.1, 0.9], [0.9, 0.1], [0.1, 0.9]]]))
    >>> decoded, _ = ops.ctc_decode(logits, [3])
    >>> ops.convert_to_numpy(decoded).tolist()
    [[[1, 1, -1]]]
    """
    if any_symbolic_tensors((inputs, sequence_lengths)):
        return CtcDecode(strategy, beam_width, top_paths, merge_repeated,
                         mask_index).symbolic_call(inputs, sequence_lengths)
    return backends.nn.ctc_decode(
        inputs, sequence_lengths, strategy, beam_width, top_paths, merge_repeated, mask_index
    )


# ---------------------------------------------------------------------- attention


class DotProductAttention(Operation):
    def __init__(self, scale=None, is_causal=False, flash_attention=None,
                 attn_logits_soft_cap=None, name=None):
        super().__init__(name=name)
        self.scale = scale
        self.is_causal = is_causal
        self.flash_attention = flash_attention
        self.attn_logits_soft_cap = attn_logits_soft_cap

    def call(self, query, key, value, bias=None, mask=None):
        return backends.nn.dot_product_attention(
            query, key, value, bias, mask, self.scale, self.is_causal, self.flash_attention,
            self.attn_logits_soft_cap,
        )

    def compute_output_spec(self, query, key, value, bias=None, mask=None):
        op = "dot_product_attention"
        q, k, v = _shape(query), _shape(key), _shape(value)
        if len(q) not in (3, 4) or len(k) != len(q) or len(v) != len(q):
            raise ValueError(
                f"{op}: query, key and value must all be of rank 3 (T, N, H) or 4 "
                f"(B, T, N, H), got {q}, {k} and {v}."
            )
        broadcast_shapes(k[:-1], v[:-1], op_name=op)
        if q[-1] is not None and k[-1] is not None and q[-1] != k[-1]:
            raise ValueError(
                f"{op}: query and key must have the same head size, got {q} and {k}."
            )
        if None not in (q[-2], k[-2]) and q[-2] % k[-2]:
            raise ValueError(
                f"{op}: the number of query heads ({q[-2]}) must be a multiple of the number "
                f"of key/value heads ({k[-2]})."
            )
        return KerasTensor(q[:-1] + v[-1:], dtype=_float_dtype(query, key, value))


def dot_product_attention(
    query,
    key,
    value,
    bias=None,
    mask=None,
    scale=None,
    is_causal=False,
    flash_attention=None,
    attn_logits_soft_cap=None,
):
    """Scaled dot-product attention: ``softmax(Q K^T * scale + bias) V``.

    Args:
        query: ``(B, T, N, H)`` (or ``(T, N, H)``).
        key: ``(B, S, K, H)``; ``N`` must be a multiple of ``K`` (grouped-query attention).
        value: ``(B, S, K, H)``.
        bias: optional, broadcastable to the logits ``(B, N, T, S)``.
        mask: optional boolean, broadcastable to ``(B, N, T, S)``; True means attend.
        scale: logits scale; default ``1 / sqrt(H)``.
        is_causal: apply a causal (lower-triangular) mask.
        flash_attention: use a fused kernel when the engine has one (same result).
        attn_logits_soft_cap: if set, logits become ``cap * tanh(logits / cap)``.

    Returns:
        ``(B, T, N, H)`` (float dtype).

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> q = np.ones((1, 2, 1, 4), "float32")
    >>> ops.shape(ops.dot_product_attention(q, q, q, is_causal=True))
    (1, 2, 1, 4)
    """
    if any_symbolic_tensors((query, key, value, bias, mask)):
        return DotProductAttention(scale, is_causal, flash_attention,
                                   attn_logits_soft_cap).symbolic_call(query, key, value, bias,
                                                                       mask)
    return backends.nn.dot_product_attention(
        query, key, value, bias, mask, scale, is_causal, flash_attention, attn_logits_soft_cap
    )


# ---------------------------------------------------------------------- rearrangements


class DepthToSpace(Operation):
    def __init__(self, block_size, data_format="channels_last", name=None):
        super().__init__(name=name)
        self.block_size = block_size
        self.data_format = data_format

    def call(self, x):
        return backends.nn.depth_to_space(x, self.block_size, self.data_format)

    def compute_output_spec(self, x):
        return KerasTensor(self._shape(_shape(x), "depth_to_space"), dtype=x.dtype)

    def _shape(self, shape, op):
        if len(shape) != 4:
            raise ValueError(f"{op}: expected a rank-4 tensor, got shape {shape}.")
        data_format = _data_format(self.data_format, op)
        batch, (h, w), c = _split_channels(shape, data_format)
        b = self.block_size
        if op == "depth_to_space":
            if c is not None and c % (b * b):
                raise ValueError(
                    f"{op}: channels ({c}) must be divisible by block_size**2 ({b * b})."
                )
            h, w, c = (None if v is None else f(v) for v, f in (
                (h, lambda v: v * b), (w, lambda v: v * b), (c, lambda v: v // (b * b))))
        else:
            if any(v is not None and v % b for v in (h, w)):
                raise ValueError(
                    f"{op}: height and width of {shape} must be divisible by block_size ({b})."
                )
            h, w, c = (None if v is None else f(v) for v, f in (
                (h, lambda v: v // b), (w, lambda v: v // b), (c, lambda v: v * b * b)))
        return _join_channels(batch, [h, w], c, data_format)


class SpaceToDepth(DepthToSpace):
    def call(self, x):
        return backends.nn.space_to_depth(x, self.block_size, self.data_format)

    def compute_output_spec(self, x):
        return KerasTensor(self._shape(_shape(x), "space_to_depth"), dtype=x.dtype)


def depth_to_space(x, block_size, data_format="channels_last"):
    """Moves channel blocks into spatial blocks (TensorFlow's "DCR" order).

    Args:
        x: rank-4 tensor.
        block_size: the spatial block size ``b``; channels must be divisible by ``b**2``.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        ``(N, H * b, W * b, C / b**2)`` (channels_last).

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.shape(ops.depth_to_space(np.zeros((1, 2, 2, 8)), 2))
    (1, 4, 4, 2)
    """
    if isinstance(x, KerasTensor):
        return DepthToSpace(block_size, data_format).symbolic_call(x)
    return backends.nn.depth_to_space(x, block_size, data_format)


def space_to_depth(x, block_size, data_format="channels_last"):
    """Moves spatial blocks into channels (the inverse of `depth_to_space`).

    Args:
        x: rank-4 tensor; height and width must be divisible by ``block_size``.
        block_size: the spatial block size ``b``.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        ``(N, H / b, W / b, C * b**2)`` (channels_last).

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.shape(ops.space_to_depth(np.zeros((1, 4, 4, 2)), 2))
    (1, 2, 2, 8)
    """
    if isinstance(x, KerasTensor):
        return SpaceToDepth(block_size, data_format).symbolic_call(x)
    return backends.nn.space_to_depth(x, block_size, data_format)


class Unfold(Operation):
    def __init__(self, kernel_size, dilation=1, padding=0, stride=1, name=None):
        super().__init__(name=name)
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def call(self, x):
        return backends.nn.unfold(x, self.kernel_size, self.dilation, self.padding, self.stride)

    def compute_output_spec(self, x):
        shape = _shape(x)
        if len(shape) != 4:
            raise ValueError(f"unfold: expected inputs of shape (N, C, H, W), got {shape}.")
        k = _tuple(self.kernel_size, 2, "kernel_size", "unfold")
        d = _tuple(self.dilation, 2, "dilation", "unfold")
        p = _tuple(self.padding, 2, "padding", "unfold")
        s = _tuple(self.stride, 2, "stride", "unfold")
        sizes = [
            None if shape[2 + i] is None
            else (shape[2 + i] + 2 * p[i] - (k[i] - 1) * d[i] - 1) // s[i] + 1
            for i in range(2)
        ]
        length = None if None in sizes else sizes[0] * sizes[1]
        channels = None if shape[1] is None else shape[1] * k[0] * k[1]
        return KerasTensor((shape[0], channels, length), dtype=x.dtype)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """Extracts sliding blocks (PyTorch's ``unfold``; channels_first).

    Args:
        x: ``(N, C, H, W)``.
        kernel_size: int or pair.
        dilation: int or pair.
        padding: int or pair of zero padding on both sides.
        stride: int or pair.

    Returns:
        ``(N, C * kh * kw, L)``, ``L`` the number of blocks.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.shape(ops.unfold(np.zeros((1, 2, 4, 4)), 2))
    (1, 8, 9)
    """
    if isinstance(x, KerasTensor):
        return Unfold(kernel_size, dilation, padding, stride).symbolic_call(x)
    return backends.nn.unfold(x, kernel_size, dilation, padding, stride)


class Fold(Unfold):
    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1, name=None):
        super().__init__(kernel_size, dilation, padding, stride, name=name)
        self.output_size = output_size

    def call(self, x):
        return backends.nn.fold(x, self.output_size, self.kernel_size, self.dilation,
                                self.padding, self.stride)

    def compute_output_spec(self, x):
        shape = _shape(x)
        k = _tuple(self.kernel_size, 2, "kernel_size", "fold")
        if len(shape) != 3 or (shape[1] is not None and shape[1] % (k[0] * k[1])):
            raise ValueError(
                f"fold: expected inputs of shape (N, C * {k[0]} * {k[1]}, L), got {shape}."
            )
        output_size = _tuple(self.output_size, 2, "output_size", "fold")
        channels = None if shape[1] is None else shape[1] // (k[0] * k[1])
        return KerasTensor((shape[0], channels, *output_size), dtype=x.dtype)


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sums sliding blocks back into an image (PyTorch's ``fold``, inverse of `unfold`).

    Args:
        x: ``(N, C * kh * kw, L)``.
        output_size: int or pair, the image size ``(H, W)``.
        kernel_size: int or pair.
        dilation: int or pair.
        padding: int or pair.
        stride: int or pair.

    Returns:
        ``(N, C, H, W)``; overlapping blocks are summed.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.shape(ops.fold(np.zeros((1, 8, 9)), 4, 2))
    (1, 2, 4, 4)
    """
    if isinstance(x, KerasTensor):
        return Fold(output_size, kernel_size, dilation, padding, stride).symbolic_call(x)
    return backends.nn.fold(x, output_size, kernel_size, dilation, padding, stride)
