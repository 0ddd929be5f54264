import itertools
import string

import numpy as np

from kbackend.backends.common import config, dtypes
from kbackend.backends.numpy.core import convert_to_tensor

# NOTE: NumPy's float16/bfloat16 math is slow and loses accuracy in exp/log; half
# types are computed in float32 and cast back.
_HALF = ("float16", "bfloat16")


def _float(x):
    """(array in its compute dtype, result dtype name) for a float-result op."""
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(dtypes.standardize_dtype(x.dtype))
    compute = "float32" if dtype in _HALF else dtype
    return x.astype(dtypes.numpy_dtype(compute), copy=False), dtype


def _floats(*xs):
    xs = [convert_to_tensor(x) for x in xs]
    dtype = dtypes.float_result_type(*[dtypes.standardize_dtype(x.dtype) for x in xs])
    compute = dtypes.numpy_dtype("float32" if dtype in _HALF else dtype)
    return [x.astype(compute, copy=False) for x in xs], dtype


def _out(y, dtype):
    return np.asarray(y).astype(dtypes.numpy_dtype(dtype), copy=False)


def _data_format(data_format):
    data_format = config.image_data_format() if data_format is None else data_format
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"data_format must be 'channels_last' or 'channels_first', got {data_format!r}."
        )
    return data_format


def _tuple(value, n, name):
    if isinstance(value, int):
        return (value,) * n
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * n
    if len(value) != n:
        raise ValueError(f"`{name}` must be an int or a tuple of {n} ints, got {value}.")
    return value


def _sigmoid(x):
    return 0.5 * (1 + np.tanh(0.5 * x))


def _log_sigmoid(x):
    return -np.logaddexp(0, -x)


# ---------------------------------------------------------------------- activations


def relu(x):
    x, dtype = _float(x)
    return _out(np.maximum(x, 0), dtype)


def relu6(x):
    x, dtype = _float(x)
    return _out(np.clip(x, 0, 6), dtype)


def sigmoid(x):
    x, dtype = _float(x)
    return _out(_sigmoid(x), dtype)


def sparse_sigmoid(x):
    x, dtype = _float(x)
    return _out(np.clip(0.5 * (x + 1), 0, 1), dtype)


def tanh_shrink(x):
    x, dtype = _float(x)
    return _out(x - np.tanh(x), dtype)


def softplus(x):
    x, dtype = _float(x)
    return _out(np.logaddexp(0, x), dtype)


def softsign(x):
    x, dtype = _float(x)
    return _out(x / (1 + np.abs(x)), dtype)


def soft_shrink(x, threshold=0.5):
    x, dtype = _float(x)
    y = np.where(x > threshold, x - threshold, np.where(x < -threshold, x + threshold, 0))
    return _out(y, dtype)


def sparse_plus(x):
    x, dtype = _float(x)
    y = np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4))
    return _out(y, dtype)


def silu(x):
    x, dtype = _float(x)
    return _out(x * _sigmoid(x), dtype)


def squareplus(x, b=4):
    x, dtype = _float(x)
    return _out((x + np.sqrt(x * x + b)) / 2, dtype)


def log_sigmoid(x):
    x, dtype = _float(x)
    return _out(_log_sigmoid(x), dtype)


def leaky_relu(x, negative_slope=0.2):
    x, dtype = _float(x)
    return _out(np.where(x >= 0, x, negative_slope * x), dtype)


def hard_sigmoid(x):
    x, dtype = _float(x)
    return _out(np.clip(x / 6 + 0.5, 0, 1), dtype)


def hard_silu(x):
    x, dtype = _float(x)
    return _out(x * np.clip(x / 6 + 0.5, 0, 1), dtype)


def elu(x, alpha=1.0):
    x, dtype = _float(x)
    return _out(np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))), dtype)


def selu(x):
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    x, dtype = _float(x)
    return _out(scale * np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))), dtype)


def celu(x, alpha=1.0):
    x, dtype = _float(x)
    y = np.maximum(x, 0) + alpha * np.expm1(np.minimum(x, 0) / alpha)
    return _out(y, dtype)


def _erf(x):
    from kbackend.backends.numpy.math import _erf_f64

    return _erf_f64(x)


def gelu(x, approximate=True):
    x, dtype = _float(x)
    if approximate:
        c = np.sqrt(2 / np.pi)
        y = 0.5 * x * (1 + np.tanh(c * (x + 0.044715 * x**3)))
    else:
        y = 0.5 * x * (1 + _erf(x / np.sqrt(2)))
    return _out(y, dtype)


def glu(x, axis=-1):
    x, dtype = _float(x)
    if x.shape[axis] % 2:
        raise ValueError(
            f"glu: the size of axis {axis} must be even, got shape {x.shape}."
        )
    a, b = np.split(x, 2, axis=axis)
    return _out(a * _sigmoid(b), dtype)


def hard_tanh(x):
    x, dtype = _float(x)
    return _out(np.clip(x, -1, 1), dtype)


def hard_shrink(x, threshold=0.5):
    x, dtype = _float(x)
    return _out(np.where(np.abs(x) > threshold, x, 0), dtype)


def threshold(x, threshold, default_value):
    x, dtype = _float(x)
    return _out(np.where(x > threshold, x, default_value), dtype)


def softmax(x, axis=-1):
    x, dtype = _float(x)
    if x.ndim == 0:
        return _out(np.ones_like(x), dtype)
    m = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(m), m, 0))
    return _out(e / np.sum(e, axis=axis, keepdims=True), dtype)


def log_softmax(x, axis=-1):
    x, dtype = _float(x)
    if x.ndim == 0:
        return _out(np.zeros_like(x), dtype)
    return _out(_log_softmax(x, axis), dtype)


def _log_softmax(x, axis):
    m = np.max(x, axis=axis, keepdims=True)
    shifted = x - np.where(np.isfinite(m), m, 0)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def sparsemax(x, axis=-1):
    x, dtype = _float(x)
    z = np.moveaxis(x, axis, -1)
    z_sorted = -np.sort(-z, axis=-1)
    k = np.arange(1, z.shape[-1] + 1, dtype=z.dtype)
    cumsum = np.cumsum(z_sorted, axis=-1)
    support = 1 + k * z_sorted > cumsum
    k_z = np.sum(support, axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumsum, k_z - 1, axis=-1) - 1) / k_z
    y = np.maximum(z - tau, 0)
    return _out(np.moveaxis(y, -1, axis), dtype)


# ---------------------------------------------------------------------- convolution


def _same_padding(length, kernel, stride, dilation):
    k_eff = (kernel - 1) * dilation + 1
    out = -(-length // stride)
    total = max((out - 1) * stride + k_eff - length, 0)
    return total // 2, total - total // 2


def _pad_spatial(x, kernel, strides, dilation, padding, value=0):
    """Pads the spatial axes (1..n) of a channels_last array for 'same' padding."""
    padding = str(padding).lower()
    if padding == "valid":
        return x
    if padding != "same":
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}.")
    pads = [(0, 0)]
    for i, (k, s, d) in enumerate(zip(kernel, strides, dilation)):
        pads.append(_same_padding(x.shape[i + 1], k, s, d))
    pads.append((0, 0))
    return np.pad(x, pads, constant_values=value)


def _patches(x, kernel, strides, dilation):
    """(N, out..., C, k...) windows of a channels_last array (no padding)."""
    n = len(kernel)
    k_eff = [(k - 1) * d + 1 for k, d in zip(kernel, dilation)]
    for i in range(n):
        if x.shape[i + 1] < k_eff[i]:
            raise ValueError(
                f"The (padded) input of spatial shape {x.shape[1:-1]} is smaller than the "
                f"dilated window {tuple(k_eff)}; use padding='same' or a smaller kernel."
            )
    windows = np.lib.stride_tricks.sliding_window_view(x, k_eff, axis=tuple(range(1, n + 1)))
    index = (
        (slice(None),)
        + tuple(slice(None, None, s) for s in strides)
        + (slice(None),)
        + tuple(slice(None, None, d) for d in dilation)
    )
    return windows[index]


def _to_last(x, data_format):
    if data_format == "channels_first":
        return np.moveaxis(x, 1, -1)
    return x


def _from_last(x, data_format):
    if data_format == "channels_first":
        return np.moveaxis(x, -1, 1)
    return x


def _conv_setup(inputs, kernel, strides, data_format, dilation_rate, op):
    inputs = convert_to_tensor(inputs)
    kernel = convert_to_tensor(kernel)
    dtype = dtypes.result_type(inputs.dtype, kernel.dtype)
    compute = "float32" if dtype in _HALF else dtype
    inputs = inputs.astype(dtypes.numpy_dtype(compute), copy=False)
    kernel = kernel.astype(dtypes.numpy_dtype(compute), copy=False)
    n = inputs.ndim - 2
    if n < 1 or kernel.ndim != n + 2:
        raise ValueError(
            f"{op}: expected inputs of rank 3, 4 or 5 and a kernel of the same rank, got "
            f"inputs of shape {inputs.shape} and kernel of shape {kernel.shape}."
        )
    data_format = _data_format(data_format)
    strides = _tuple(strides, n, "strides")
    dilation = _tuple(dilation_rate, n, "dilation_rate")
    return _to_last(inputs, data_format), kernel, n, strides, dilation, data_format, dtype


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    x, kernel, n, strides, dilation, data_format, dtype = _conv_setup(
        inputs, kernel, strides, data_format, dilation_rate, "conv"
    )
    channels, in_per_group, out_channels = x.shape[-1], kernel.shape[-2], kernel.shape[-1]
    if channels % in_per_group or out_channels % (channels // in_per_group):
        raise ValueError(
            f"conv: the input has {channels} channels but the kernel of shape {kernel.shape} "
            f"expects {in_per_group} (or a divisor of {channels} for grouped convolution)."
        )
    groups = channels // in_per_group
    x = _pad_spatial(x, kernel.shape[:n], strides, dilation, padding)
    patches = _patches(x, kernel.shape[:n], strides, dilation)
    patches = patches.reshape(patches.shape[: n + 1] + (groups, in_per_group) + patches.shape[-n:])
    w = kernel.reshape(kernel.shape[:n] + (in_per_group, groups, out_channels // groups))
    s = string.ascii_lowercase
    spatial, window = s[:n], s[n : 2 * n]
    y = np.einsum(f"x{spatial}yz{window},{window}zyw->x{spatial}yw", patches, w)
    y = y.reshape(y.shape[: n + 1] + (out_channels,))
    return _out(_from_last(y, data_format), dtype)


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    x, kernel, n, strides, dilation, data_format, dtype = _conv_setup(
        inputs, kernel, strides, data_format, dilation_rate, "depthwise_conv"
    )
    if kernel.shape[-2] != x.shape[-1]:
        raise ValueError(
            f"depthwise_conv: the input has {x.shape[-1]} channels but the kernel of shape "
            f"{kernel.shape} expects {kernel.shape[-2]}."
        )
    x = _pad_spatial(x, kernel.shape[:n], strides, dilation, padding)
    patches = _patches(x, kernel.shape[:n], strides, dilation)
    s = string.ascii_lowercase
    spatial, window = s[:n], s[n : 2 * n]
    y = np.einsum(f"x{spatial}z{window},{window}zw->x{spatial}zw", patches, kernel)
    y = y.reshape(y.shape[: n + 1] + (-1,))
    return _out(_from_last(y, data_format), dtype)


def separable_conv(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    y = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv(y, pointwise_kernel, 1, "valid", data_format, 1)


def _deconv_length(length, kernel, stride, dilation, padding, output_padding):
    k_eff = (kernel - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(k_eff - stride, 0)
        return length * stride
    pad = k_eff // 2 if padding == "same" else 0
    return (length - 1) * stride + k_eff - 2 * pad + output_padding


def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    x, kernel, n, strides, dilation, data_format, dtype = _conv_setup(
        inputs, kernel, strides, data_format, dilation_rate, "conv_transpose"
    )
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"conv_transpose: padding must be 'valid' or 'same', got {padding!r}.")
    if kernel.shape[-1] != x.shape[-1]:
        raise ValueError(
            f"conv_transpose: the input has {x.shape[-1]} channels but the kernel of shape "
            f"{kernel.shape} (spatial..., out_channels, in_channels) expects {kernel.shape[-1]}."
        )
    if output_padding is not None:
        output_padding = _tuple(output_padding, n, "output_padding")
    in_sizes = x.shape[1:-1]
    ksizes = kernel.shape[:n]
    full = [
        (i - 1) * s + (k - 1) * d + 1 for i, k, s, d in zip(in_sizes, ksizes, strides, dilation)
    ]
    y = np.zeros((x.shape[0], *full, kernel.shape[-2]), dtype=x.dtype)
    for offset in itertools.product(*[range(k) for k in ksizes]):
        contribution = np.tensordot(x, kernel[offset], axes=([-1], [-1]))
        index = (slice(None),) + tuple(
            slice(o * d, o * d + (i - 1) * s + 1, s)
            for o, d, i, s in zip(offset, dilation, in_sizes, strides)
        )
        y[index] += contribution
    crops = []
    for axis in range(n):
        op = None if output_padding is None else output_padding[axis]
        length = _deconv_length(in_sizes[axis], ksizes[axis], strides[axis], dilation[axis],
                                padding, op)
        # "same" centres the output in the full result (TensorFlow's rule, which Keras
        # follows), with or without output_padding.
        left = max(full[axis] - length, 0) // 2 if padding == "same" else 0
        crops.append((left, length))
    pads = [(0, 0)] + [(0, max(left + length - f, 0)) for (left, length), f in zip(crops, full)]
    y = np.pad(y, pads + [(0, 0)])
    y = y[(slice(None),) + tuple(slice(left, left + length) for left, length in crops)]
    return _out(_from_last(y, data_format), dtype)


# ---------------------------------------------------------------------- pooling


def _pool(inputs, pool_size, strides, padding, data_format, op):
    inputs = convert_to_tensor(inputs)
    n = inputs.ndim - 2
    if n < 1:
        raise ValueError(f"{op}: expected inputs of rank 3, 4 or 5, got shape {inputs.shape}.")
    data_format = _data_format(data_format)
    pool_size = _tuple(pool_size, n, "pool_size")
    strides = pool_size if strides is None else _tuple(strides, n, "strides")
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"{op}: padding must be 'valid' or 'same', got {padding!r}.")
    return _to_last(inputs, data_format), n, pool_size, strides, padding, data_format


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    x, n, pool_size, strides, padding, data_format = _pool(
        inputs, pool_size, strides, padding, data_format, "max_pool"
    )
    dtype = dtypes.standardize_dtype(x.dtype)
    if dtype in _HALF:
        x = x.astype(np.float32)
    if np.issubdtype(x.dtype, np.floating):
        fill = -np.inf
    elif x.dtype == np.bool_:
        fill = False
    else:
        fill = np.iinfo(x.dtype).min
    ones = (1,) * n
    x = _pad_spatial(x, pool_size, strides, ones, padding, value=fill)
    patches = _patches(x, pool_size, strides, ones)
    y = patches.max(axis=tuple(range(-n, 0)))
    return _out(_from_last(y, data_format), dtype)


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    x, n, pool_size, strides, padding, data_format = _pool(
        inputs, pool_size, strides, padding, data_format, "average_pool"
    )
    x, dtype = _float(x)
    ones = (1,) * n
    axes = tuple(range(-n, 0))
    padded = _pad_spatial(x, pool_size, strides, ones, padding)
    total = _patches(padded, pool_size, strides, ones).sum(axis=axes)
    # NOTE: with 'same' padding the padded zeros are not counted in the average.
    count = _pad_spatial(np.ones((1,) + x.shape[1:-1] + (1,), x.dtype), pool_size, strides,
                         ones, padding)
    count = _patches(count, pool_size, strides, ones).sum(axis=axes)
    return _out(_from_last(total / count, data_format), dtype)


def _adaptive_pool(inputs, output_size, data_format, reducer, op):
    inputs = convert_to_tensor(inputs)
    n = inputs.ndim - 2
    if n < 1:
        raise ValueError(f"{op}: expected inputs of rank 3, 4 or 5, got shape {inputs.shape}.")
    data_format = _data_format(data_format)
    output_size = _tuple(output_size, n, "output_size")
    x = _to_last(inputs, data_format)
    for axis, out in enumerate(output_size, start=1):
        length = x.shape[axis]
        pieces = []
        for i in range(out):
            start = (i * length) // out
            end = -(-((i + 1) * length) // out)
            piece = np.take(x, np.arange(start, end), axis=axis)
            pieces.append(reducer(piece, axis=axis, keepdims=True))
        x = np.concatenate(pieces, axis=axis)
    return _from_last(x, data_format)


def adaptive_average_pool(inputs, output_size, data_format=None):
    x, dtype = _float(inputs)
    return _out(_adaptive_pool(x, output_size, data_format, np.mean, "adaptive_average_pool"),
                dtype)


def adaptive_max_pool(inputs, output_size, data_format=None):
    x = convert_to_tensor(inputs)
    return _adaptive_pool(x, output_size, data_format, np.max, "adaptive_max_pool")


# ---------------------------------------------------------------------- normalization


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=0.001):
    args = [x, mean, variance] + [v for v in (offset, scale) if v is not None]
    values, dtype = _floats(*args)
    x, mean, variance = values[:3]
    rest = iter(values[3:])
    offset = next(rest) if offset is not None else None
    scale = next(rest) if scale is not None else None
    axis = axis % x.ndim
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def expand(v):
        return v.reshape(shape) if v.ndim == 1 else v

    y = (x - expand(mean)) / np.sqrt(expand(variance) + epsilon)
    if scale is not None:
        y = y * expand(scale)
    if offset is not None:
        y = y + expand(offset)
    return _out(y, dtype)


def moments(x, axes, keepdims=False, synchronized=False):
    x, dtype = _float(x)
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else (axes,)
    mean = np.mean(x, axis=axes, keepdims=True)
    variance = np.mean(np.square(x - mean), axis=axes, keepdims=True)
    if not keepdims:
        mean = np.squeeze(mean, axis=axes)
        variance = np.squeeze(variance, axis=axes)
    return _out(mean, dtype), _out(variance, dtype)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise ValueError(f"layer_normalization: unexpected arguments {sorted(kwargs)}.")
    epsilon = config.epsilon() if epsilon is None else epsilon
    values, dtype = _floats(*[v for v in (x, gamma, beta) if v is not None])
    rest = iter(values[1:])
    x = values[0]
    gamma = next(rest) if gamma is not None else None
    beta = next(rest) if beta is not None else None
    axes = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    axes = tuple(a % x.ndim for a in axes)
    shape = [x.shape[i] if i in axes else 1 for i in range(x.ndim)]
    if rms_scaling:
        variance = np.var(x, axis=axes, keepdims=True)
        y = x / np.sqrt(variance + epsilon)
    else:
        mean = np.mean(x, axis=axes, keepdims=True)
        variance = np.mean(np.square(x - mean), axis=axes, keepdims=True)
        y = (x - mean) / np.sqrt(variance + epsilon)
    if gamma is not None:
        y = y * gamma.reshape(shape)
    if beta is not None and not rms_scaling:
        y = y + beta.reshape(shape)
    return _out(y, dtype)


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    epsilon = config.epsilon() if epsilon is None else epsilon
    values, dtype = _floats(*[v for v in (x, scale) if v is not None])
    x = values[0]
    y = x / np.sqrt(np.mean(np.square(x), axis=axis, keepdims=True) + epsilon)
    if scale is not None:
        y = y * values[1]
    return _out(y, dtype)


def normalize(x, axis=-1, order=2, epsilon=None):
    epsilon = config.epsilon() if epsilon is None else epsilon
    x, dtype = _float(x)
    norm = np.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    return _out(x / np.maximum(norm, epsilon), dtype)


# ---------------------------------------------------------------------- encodings


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    if sparse:
        raise ValueError("one_hot: the numpy engine does not support sparse=True.")
    x = convert_to_tensor(x)
    dtype = dtypes.standardize_dtype(dtype)
    classes = np.arange(num_classes)
    y = (x[..., None] == classes).astype(dtypes.numpy_dtype(dtype))
    if axis != -1:
        y = np.moveaxis(y, -1, axis)
    return y


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    num_classes = kwargs.pop("num_tokens", num_classes)
    if kwargs:
        raise ValueError(f"multi_hot: unexpected arguments {sorted(kwargs)}.")
    if num_classes is None:
        raise ValueError("multi_hot: `num_classes` is required.")
    x = convert_to_tensor(inputs)
    y = one_hot(x, num_classes, axis=axis, dtype=dtype, sparse=sparse)
    reduction_axis = 1 if x.ndim > 1 else 0
    return np.max(y, axis=reduction_axis)


def polar(abs_, angle):
    (abs_, angle), dtype = _floats(abs_, angle)
    y = abs_ * np.cos(angle) + 1j * abs_ * np.sin(angle)
    return y.astype(np.complex128 if dtype == "float64" else np.complex64)


# ---------------------------------------------------------------------- losses


def binary_crossentropy(target, output, from_logits=False):
    (target, output), dtype = _floats(target, output)
    if target.shape != output.shape:
        raise ValueError(
            "binary_crossentropy: target and output must have the same shape, got "
            f"target.shape={target.shape} and output.shape={output.shape}."
        )
    if from_logits:
        y = -target * _log_sigmoid(output) - (1 - target) * _log_sigmoid(-output)
    else:
        eps = config.epsilon()
        output = np.clip(output, eps, 1 - eps)
        y = -(target * np.log(output) + (1 - target) * np.log(1 - output))
    return _out(y, dtype)


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    (target, output), dtype = _floats(target, output)
    if target.shape != output.shape:
        raise ValueError(
            "categorical_crossentropy: target and output must have the same shape, got "
            f"target.shape={target.shape} and output.shape={output.shape}."
        )
    if output.ndim < 1:
        raise ValueError("categorical_crossentropy: output must have at least rank 1.")
    if from_logits:
        log_prob = _log_softmax(output, axis)
    else:
        eps = config.epsilon()
        output = output / np.sum(output, axis=axis, keepdims=True)
        log_prob = np.log(np.clip(output, eps, 1 - eps))
    return _out(-np.sum(target * log_prob, axis=axis), dtype)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target = convert_to_tensor(target)
    output, dtype = _float(output)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = np.squeeze(target, axis=-1)
    expected = output.shape[:axis % output.ndim] + output.shape[axis % output.ndim + 1 :]
    if target.shape != expected:
        raise ValueError(
            "sparse_categorical_crossentropy: target must have the shape of output without "
            f"its class axis, got target.shape={target.shape} and output.shape={output.shape}."
        )
    target = one_hot(target.astype(np.int64), output.shape[axis], axis=axis, dtype=output.dtype)
    return _out(categorical_crossentropy(target, output, from_logits, axis), dtype)


def psnr(x1, x2, max_val):
    (x1, x2), dtype = _floats(x1, x2)
    if x1.shape != x2.shape:
        raise ValueError(
            f"psnr: x1 and x2 must have the same shape, got {x1.shape} and {x2.shape}."
        )
    mse = np.mean(np.square(x1 - x2))
    return _out(20 * np.log10(max_val) - 10 * np.log10(mse), dtype)


# ---------------------------------------------------------------------- attention


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
    values, dtype = _floats(query, key, value)
    query, key, value = values
    if query.ndim not in (3, 4) or key.ndim != query.ndim or value.ndim != query.ndim:
        raise ValueError(
            "dot_product_attention: query, key and value must all be of rank 3 (T, N, H) or 4 "
            f"(B, T, N, H), got {query.shape}, {key.shape} and {value.shape}."
        )
    unbatched = query.ndim == 3
    if unbatched:
        query, key, value = query[None], key[None], value[None]
    heads, kv_heads = query.shape[2], key.shape[2]
    if heads % kv_heads:
        raise ValueError(
            f"dot_product_attention: the number of query heads ({heads}) must be a multiple "
            f"of the number of key/value heads ({kv_heads})."
        )
    key = np.repeat(key, heads // kv_heads, axis=2)
    value = np.repeat(value, heads // kv_heads, axis=2)
    scale = 1.0 / np.sqrt(query.shape[-1]) if scale is None else scale
    logits = np.einsum("btnh,bsnh->bnts", query, key) * scale
    if attn_logits_soft_cap is not None:
        logits = attn_logits_soft_cap * np.tanh(logits / attn_logits_soft_cap)
    if bias is not None:
        bias = convert_to_tensor(bias).astype(logits.dtype)
        logits = logits + (bias[None] if unbatched and bias.ndim == 3 else bias)
    keep = None
    if mask is not None:
        keep = convert_to_tensor(mask).astype(bool)
        if unbatched and keep.ndim == 3:
            keep = keep[None]
    if is_causal:
        t, s = logits.shape[-2:]
        causal = np.tril(np.ones((t, s), dtype=bool))
        keep = causal if keep is None else keep & causal
    if keep is not None:
        logits = np.where(keep, logits, np.finfo(logits.dtype).min)
    m = np.max(logits, axis=-1, keepdims=True)
    weights = np.exp(logits - m)
    weights = weights / np.sum(weights, axis=-1, keepdims=True)
    y = np.einsum("bnts,bsnh->btnh", weights, value)
    if unbatched:
        y = y[0]
    return _out(y, dtype)


# ---------------------------------------------------------------------- rearrangements


def depth_to_space(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    data_format = _data_format(data_format)
    b = block_size
    if data_format == "channels_first":
        n, c, h, w = x.shape
        if c % (b * b):
            raise ValueError(
                f"depth_to_space: channels ({c}) must be divisible by block_size**2 ({b * b})."
            )
        y = x.reshape(n, b, b, c // (b * b), h, w).transpose(0, 3, 4, 1, 5, 2)
        return y.reshape(n, c // (b * b), h * b, w * b)
    n, h, w, c = x.shape
    if c % (b * b):
        raise ValueError(
            f"depth_to_space: channels ({c}) must be divisible by block_size**2 ({b * b})."
        )
    y = x.reshape(n, h, w, b, b, c // (b * b)).transpose(0, 1, 3, 2, 4, 5)
    return y.reshape(n, h * b, w * b, c // (b * b))


def space_to_depth(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    data_format = _data_format(data_format)
    b = block_size
    if data_format == "channels_first":
        n, c, h, w = x.shape
        if h % b or w % b:
            raise ValueError(
                f"space_to_depth: height and width ({h}, {w}) must be divisible by "
                f"block_size ({b})."
            )
        y = x.reshape(n, c, h // b, b, w // b, b).transpose(0, 3, 5, 1, 2, 4)
        return y.reshape(n, c * b * b, h // b, w // b)
    n, h, w, c = x.shape
    if h % b or w % b:
        raise ValueError(
            f"space_to_depth: height and width ({h}, {w}) must be divisible by block_size ({b})."
        )
    y = x.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5)
    return y.reshape(n, h // b, w // b, b * b * c)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    x = convert_to_tensor(x)
    if x.ndim != 4:
        raise ValueError(f"unfold: expected inputs of shape (N, C, H, W), got {x.shape}.")
    kernel_size = _tuple(kernel_size, 2, "kernel_size")
    dilation = _tuple(dilation, 2, "dilation")
    padding = _tuple(padding, 2, "padding")
    stride = _tuple(stride, 2, "stride")
    n, c = x.shape[:2]
    x = np.pad(x, [(0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2])
    patches = _patches(np.moveaxis(x, 1, -1), kernel_size, stride, dilation)  # N,oh,ow,C,kh,kw
    length = patches.shape[1] * patches.shape[2]
    patches = patches.reshape(n, length, c * kernel_size[0] * kernel_size[1])
    return np.ascontiguousarray(np.swapaxes(patches, 1, 2))


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    x = convert_to_tensor(x)
    output_size = _tuple(output_size, 2, "output_size")
    kernel_size = _tuple(kernel_size, 2, "kernel_size")
    dilation = _tuple(dilation, 2, "dilation")
    padding = _tuple(padding, 2, "padding")
    stride = _tuple(stride, 2, "stride")
    kh, kw = kernel_size
    if x.ndim != 3 or x.shape[1] % (kh * kw):
        raise ValueError(
            f"fold: expected inputs of shape (N, C * {kh} * {kw}, L), got {x.shape}."
        )
    n, ckk, length = x.shape
    c = ckk // (kh * kw)
    ph, pw = output_size[0] + 2 * padding[0], output_size[1] + 2 * padding[1]
    oh = (ph - (kh - 1) * dilation[0] - 1) // stride[0] + 1
    ow = (pw - (kw - 1) * dilation[1] - 1) // stride[1] + 1
    if oh * ow != length:
        raise ValueError(
            f"fold: the input has {length} blocks but output_size={output_size}, "
            f"kernel_size={kernel_size}, dilation, padding and stride give {oh * ow}."
        )
    blocks = x.reshape(n, c, kh, kw, oh, ow)
    y = np.zeros((n, c, ph, pw), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            r, s = i * dilation[0], j * dilation[1]
            y[:, :, r : r + (oh - 1) * stride[0] + 1 : stride[0],
              s : s + (ow - 1) * stride[1] + 1 : stride[1]] += blocks[:, :, i, j]
    return y[:, :, padding[0] : padding[0] + output_size[0],
             padding[1] : padding[1] + output_size[1]]


# ---------------------------------------------------------------------- CTC


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    target = convert_to_tensor(target).astype(np.int64)
    output, dtype = _float(output)
    target_length = convert_to_tensor(target_length).astype(np.int64)
    output_length = convert_to_tensor(output_length).astype(np.int64)
    if output.ndim != 3 or target.ndim != 2 or target.shape[0] != output.shape[0]:
        raise ValueError(
            "ctc_loss: expected target of shape (batch, max_label_length) and output of shape "
            f"(batch, max_time, num_classes), got {target.shape} and {output.shape}."
        )
    log_probs = _log_softmax(output.astype(np.float64), -1)
    blank = mask_index
    losses = np.zeros(output.shape[0])
    for b in range(output.shape[0]):
        labels = target[b, : target_length[b]]
        ext = np.full(2 * len(labels) + 1, blank)
        ext[1::2] = labels
        steps = int(output_length[b])
        alpha = np.full(len(ext), -np.inf)
        alpha[0] = log_probs[b, 0, blank] if steps > 0 else -np.inf
        if len(ext) > 1 and steps > 0:
            alpha[1] = log_probs[b, 0, ext[1]]
        for t in range(1, steps):
            prev = alpha
            shifted1 = np.concatenate([[-np.inf], prev[:-1]])
            shifted2 = np.concatenate([[-np.inf, -np.inf], prev[:-2]])
            allow2 = np.zeros(len(ext), dtype=bool)
            allow2[2:] = (ext[2:] != blank) & (ext[2:] != ext[:-2])
            total = np.logaddexp(prev, shifted1)
            total = np.where(allow2, np.logaddexp(total, shifted2), total)
            alpha = total + log_probs[b, t, ext]
        final = alpha[-1] if len(ext) == 1 else np.logaddexp(alpha[-1], alpha[-2])
        losses[b] = -final
    return _out(losses, dtype)


def _ctc_greedy(log_probs, lengths, merge_repeated, mask_index):
    batch, steps, classes = log_probs.shape
    mask_index = int(mask_index) % classes  # -1 is the last class, as tf's blank_index
    decoded = np.full((1, batch, steps), -1, dtype=np.int32)
    scores = np.zeros((batch, 1))
    for b in range(batch):
        n = int(lengths[b])
        best = np.argmax(log_probs[b, :n], axis=-1)
        scores[b, 0] = -np.sum(np.max(log_probs[b, :n], axis=-1))
        out, previous = [], None
        for c in best:
            if not (merge_repeated and c == previous) and c != mask_index:
                out.append(c)
            previous = c
        decoded[0, b, : len(out)] = out
    return decoded, scores


def _ctc_beam(log_probs, lengths, beam_width, top_paths, mask_index):
    # NOTE: the prefix rules below always give proper CTC labelings (a repeated label only
    # across a blank), so merge_repeated plays no part here, as on jax and tensorflow.
    batch, steps, classes = log_probs.shape
    mask_index = int(mask_index) % classes
    decoded = np.full((top_paths, batch, steps), -1, dtype=np.int32)
    scores = np.full((batch, top_paths), -np.inf)
    for b in range(batch):
        # prefix -> (log P(prefix, ends in blank), log P(prefix, ends in a label))
        beams = {(): (0.0, -np.inf)}
        for t in range(int(lengths[b])):
            y = log_probs[b, t]
            new = {}

            def add(prefix, blank_lp, label_lp, new=new):
                old = new.get(prefix, (-np.inf, -np.inf))
                new[prefix] = (np.logaddexp(old[0], blank_lp), np.logaddexp(old[1], label_lp))

            for prefix, (p_blank, p_label) in beams.items():
                p_total = np.logaddexp(p_blank, p_label)
                add(prefix, p_total + y[mask_index], -np.inf)
                for c in range(classes):
                    if c == mask_index:
                        continue
                    if prefix and prefix[-1] == c:
                        add(prefix + (c,), -np.inf, p_blank + y[c])
                        add(prefix, -np.inf, p_label + y[c])
                    else:
                        add(prefix + (c,), -np.inf, p_total + y[c])
            ranked = sorted(new.items(), key=lambda kv: -np.logaddexp(*kv[1]))
            beams = dict(ranked[:beam_width])
        ranked = sorted(beams.items(), key=lambda kv: -np.logaddexp(*kv[1]))[:top_paths]
        for i, (prefix, lps) in enumerate(ranked):
            score = np.logaddexp(*lps)
            # A labeling of probability zero is not found: it stays -1 with score -inf.
            if score > -np.inf:
                decoded[i, b, : len(prefix)] = prefix
                scores[b, i] = score
    return decoded, scores


def ctc_decode(
    inputs,
    sequence_lengths,
    strategy="greedy",
    beam_width=100,
    top_paths=1,
    merge_repeated=True,
    mask_index=0,
):
    inputs, dtype = _float(inputs)
    if inputs.ndim != 3:
        raise ValueError(
            f"ctc_decode: expected inputs of shape (batch, max_time, num_classes), got "
            f"{inputs.shape}."
        )
    lengths = convert_to_tensor(sequence_lengths).astype(np.int64)
    log_probs = _log_softmax(inputs.astype(np.float64), -1)
    if strategy == "greedy":
        decoded, scores = _ctc_greedy(log_probs, lengths, merge_repeated, mask_index)
    elif strategy == "beam_search":
        decoded, scores = _ctc_beam(log_probs, lengths, beam_width, top_paths, mask_index)
    else:
        raise ValueError(
            f"ctc_decode: strategy must be 'greedy' or 'beam_search', got {strategy!r}."
        )
    return decoded, _out(scores, dtype)
