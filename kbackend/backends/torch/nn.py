import math

import numpy as np
import torch
import torch.nn.functional as F

from kbackend.backends.common import config, dtypes
from kbackend.backends.torch.core import convert_to_tensor, to_torch_dtype

# ---------------------------------------------------------------------------
# Helpers


def _float(x):
    """Converts to a tensor of the dtype `float_result_type` gives (ints -> floatx)."""
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(dtypes.standardize_dtype(x.dtype))
    torch_dtype = to_torch_dtype(dtype)
    return x if x.dtype == torch_dtype else x.to(torch_dtype)


def _floats(*xs):
    dtype = dtypes.float_result_type(*[convert_to_tensor(x) for x in xs])
    return [convert_to_tensor(x, dtype) for x in xs]


def _upcast(x):
    # NOTE: half-precision reductions on CPU lose accuracy; compute in float32.
    if x.dtype in (torch.float16, torch.bfloat16):
        return x.float()
    return x


def _axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int):
        axis = (axis,)
    return tuple(a % ndim if ndim else a for a in axis)


def _data_format(data_format):
    return config.standardize_data_format(data_format)


def _tuple(value, n, name):
    if isinstance(value, (int, np.integer)):
        return (int(value),) * n
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * n
    if len(value) != n:
        raise ValueError(f"{name} must be an int or a tuple of {n} ints, received {value}.")
    return value


def _to_channels_first(x, data_format):
    if data_format == "channels_last":
        return x.permute(0, x.ndim - 1, *range(1, x.ndim - 1))
    return x


def _from_channels_first(x, data_format):
    if data_format == "channels_last":
        return x.permute(0, *range(2, x.ndim), 1)
    return x


def _same_padding(size, kernel, stride, dilation):
    """TF/Keras "same" padding (before, after) for one spatial dimension."""
    effective = (kernel - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def _padding_pairs(x, padding, kernel, strides, dilation, op_name):
    """Per-dim (before, after) padding of a channels-first tensor's spatial dims."""
    padding = str(padding).lower()
    spatial = x.shape[2:]
    if padding == "valid":
        return [(0, 0)] * len(spatial)
    if padding == "same":
        return [
            _same_padding(s, k, st, d) for s, k, st, d in zip(spatial, kernel, strides, dilation)
        ]
    if padding == "causal":
        if len(spatial) != 1:
            raise ValueError(f"{op_name}: padding='causal' is only for 1D inputs.")
        return [((kernel[0] - 1) * dilation[0], 0)]
    raise ValueError(
        f"{op_name}: `padding` must be 'valid' or 'same', received {padding!r}."
    )


def _apply_padding(x, pairs, value=0.0):
    """Pads a channels-first tensor; returns (x, symmetric padding or None)."""
    if all(a == b for a, b in pairs):
        return x, [a for a, _ in pairs]
    flat = []
    for before, after in reversed(pairs):
        flat += [before, after]
    return F.pad(x, flat, value=value), [0] * len(pairs)


def _check_rank(x, op_name, min_rank=3, max_rank=5):
    if not min_rank <= x.ndim <= max_rank:
        raise ValueError(
            f"{op_name}: inputs must have rank {min_rank} to {max_rank} (batch, spatial..., "
            f"channels), received shape {tuple(x.shape)}."
        )


_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_TRANSPOSE = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


# ---------------------------------------------------------------------------
# Activations


def relu(x):
    return F.relu(_float(x))


def relu6(x):
    return F.relu6(_float(x))


def sigmoid(x):
    return torch.sigmoid(_float(x))


def sparse_sigmoid(x):
    x = _float(x)
    return torch.clamp(0.5 * (x + 1.0), 0.0, 1.0)


def softplus(x):
    return F.softplus(_float(x))


def softsign(x):
    return F.softsign(_float(x))


def sparse_plus(x):
    x = _float(x)
    return torch.where(x <= -1, torch.zeros_like(x), torch.where(x >= 1, x, 0.25 * (x + 1) ** 2))


def silu(x):
    return F.silu(_float(x))


def squareplus(x, b=4):
    x = _float(x)
    return (x + torch.sqrt(x * x + b)) / 2


def log_sigmoid(x):
    return F.logsigmoid(_float(x))


def leaky_relu(x, negative_slope=0.2):
    return F.leaky_relu(_float(x), negative_slope=negative_slope)


def hard_sigmoid(x):
    return F.relu6(_float(x) + 3.0) / 6.0


def hard_silu(x):
    x = _float(x)
    return x * (F.relu6(x + 3.0) / 6.0)


def elu(x, alpha=1.0):
    return F.elu(_float(x), alpha=alpha)


def selu(x):
    return F.selu(_float(x))


def gelu(x, approximate=True):
    return F.gelu(_float(x), approximate="tanh" if approximate else "none")


def celu(x, alpha=1.0):
    return F.celu(_float(x), alpha=alpha)


def glu(x, axis=-1):
    x = _float(x)
    if x.shape[axis] % 2:
        raise ValueError(
            f"glu: the size of axis {axis} must be even, received shape {tuple(x.shape)}."
        )
    a, b = torch.chunk(x, 2, dim=axis)
    return a * torch.sigmoid(b)


def tanh_shrink(x):
    x = _float(x)
    return x - torch.tanh(x)


def hard_tanh(x):
    return F.hardtanh(_float(x))


def hard_shrink(x, threshold=0.5):
    x = _float(x)
    return torch.where(torch.abs(x) > threshold, x, torch.zeros_like(x))


def soft_shrink(x, threshold=0.5):
    x = _float(x)
    return torch.where(
        x > threshold, x - threshold, torch.where(x < -threshold, x + threshold, 0.0 * x)
    )


def threshold(x, threshold, default_value):
    x = _float(x)
    return torch.where(x > threshold, x, torch.full_like(x, default_value))


def softmax(x, axis=-1):
    x = _float(x)
    dtype = x.dtype
    x = _upcast(x)
    if axis is None or isinstance(axis, (tuple, list)):
        axes = _axes(axis, x.ndim)
        out = torch.exp(x - torch.logsumexp(x, dim=axes, keepdim=True))
    else:
        out = torch.softmax(x, dim=axis)
    return out.to(dtype)


def log_softmax(x, axis=-1):
    x = _float(x)
    dtype = x.dtype
    x = _upcast(x)
    if axis is None or isinstance(axis, (tuple, list)):
        axes = _axes(axis, x.ndim)
        out = x - torch.logsumexp(x, dim=axes, keepdim=True)
    else:
        out = torch.log_softmax(x, dim=axis)
    return out.to(dtype)


def sparsemax(x, axis=-1):
    x = _float(x)
    dtype = x.dtype
    x = _upcast(x)
    sorted_x, _ = torch.sort(x, dim=axis, descending=True)
    n = x.shape[axis]
    shape = [1] * x.ndim
    shape[axis] = n
    k = torch.arange(1, n + 1, dtype=x.dtype, device=x.device).reshape(shape)
    cumsum = torch.cumsum(sorted_x, dim=axis)
    support = (1 + k * sorted_x) > cumsum
    k_z = torch.sum(support, dim=axis, keepdim=True).clamp(min=1)
    tau = (torch.gather(cumsum, axis, k_z - 1) - 1) / k_z.to(x.dtype)
    return torch.clamp(x - tau, min=0).to(dtype)


# ---------------------------------------------------------------------------
# Convolutions and pooling


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    inputs, kernel = _floats(inputs, kernel)
    return _conv(inputs, kernel, None, strides, padding, data_format, dilation_rate)


def conv_with_bias(inputs, kernel, bias, strides=1, padding="valid", data_format=None,
                   dilation_rate=1):
    # Note [conv bias]: `conv(...) + bias` as one F.conv*d call, which adds the bias inside
    # the oneDNN kernel and computes its gradient inside convolution_backward; the separate
    # add and the bias-gradient sum over the whole activation cost 5-9% of the benchmark
    # CNN's training step on CPU. Same values up to float rounding (the bias is added to the
    # same float32 sums; in float16/bfloat16 before the one rounding to the compute dtype,
    # so at most one ulp apart); the dtype is the promotion of all three operands, as
    # `add(conv(x, k), b)` gives. The conv layers use it when the engine's nn module has it
    # (Note [engine conv bias] in kbackend/layers/convolutional/base_conv.py).
    inputs, kernel, bias = _floats(inputs, kernel, bias)
    if bias.ndim != 1 or bias.shape[0] != kernel.shape[-1]:
        raise ValueError(
            f"conv_with_bias: bias must have shape ({kernel.shape[-1]},) (out_channels), "
            f"received {tuple(bias.shape)}."
        )
    return _conv(inputs, kernel, bias, strides, padding, data_format, dilation_rate)


def _conv(inputs, kernel, bias, strides, padding, data_format, dilation_rate):
    data_format = _data_format(data_format)
    _check_rank(inputs, "conv")
    n = inputs.ndim - 2
    if kernel.ndim != n + 2:
        raise ValueError(
            f"conv: kernel must have rank {n + 2} (*spatial, in_channels, out_channels) for "
            f"inputs of shape {tuple(inputs.shape)}, received kernel shape {tuple(kernel.shape)}."
        )
    strides = _tuple(strides, n, "conv: strides")
    dilation = _tuple(dilation_rate, n, "conv: dilation_rate")
    x = _to_channels_first(inputs, data_format)
    in_channels = x.shape[1]
    if in_channels % kernel.shape[-2]:
        raise ValueError(
            f"conv: input channels ({in_channels}) must be a multiple of the kernel's "
            f"in_channels ({kernel.shape[-2]}); received inputs {tuple(inputs.shape)} and "
            f"kernel {tuple(kernel.shape)} with data_format={data_format!r}."
        )
    groups = in_channels // kernel.shape[-2]
    weight = kernel.permute(n + 1, n, *range(n))
    pairs = _padding_pairs(x, padding, kernel.shape[:n], strides, dilation, "conv")
    x, pad = _apply_padding(x, pairs)
    out = _CONV[n](x, weight, bias, stride=strides, padding=pad, dilation=dilation,
                   groups=groups)
    return _from_channels_first(out, data_format)


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    inputs, kernel = _floats(inputs, kernel)
    data_format = _data_format(data_format)
    _check_rank(inputs, "depthwise_conv")
    n = inputs.ndim - 2
    strides = _tuple(strides, n, "depthwise_conv: strides")
    dilation = _tuple(dilation_rate, n, "depthwise_conv: dilation_rate")
    x = _to_channels_first(inputs, data_format)
    in_channels = x.shape[1]
    if kernel.ndim != n + 2 or kernel.shape[-2] != in_channels:
        raise ValueError(
            f"depthwise_conv: kernel must have shape (*spatial, {in_channels}, "
            f"depth_multiplier), received {tuple(kernel.shape)}."
        )
    spatial = kernel.shape[:n]
    weight = kernel.reshape(*spatial, -1).permute(n, *range(n)).unsqueeze(1)
    pairs = _padding_pairs(x, padding, spatial, strides, dilation, "depthwise_conv")
    x, pad = _apply_padding(x, pairs)
    out = _CONV[n](x, weight, stride=strides, padding=pad, dilation=dilation, groups=in_channels)
    return _from_channels_first(out, data_format)


def separable_conv(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    depthwise = depthwise_conv(
        inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format, 1)


def _conv_transpose_crop(in_size, kernel, stride, padding, output_padding, dilation):
    """Returns (crop_before, output_length) relative to the full transposed output."""
    effective = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(effective, stride) - effective if output_padding is None else output_padding
        left, right = effective - 1, effective - 1 + extra
    else:
        if output_padding is None:
            total = stride + effective - 2
        else:
            total = effective + effective % 2 - 2 + output_padding
        left = min(total // 2 + total % 2, effective - 1)
        right = total - left
    length = (in_size - 1) * stride + left + right - effective + 2
    return effective - 1 - left, length


def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    inputs, kernel = _floats(inputs, kernel)
    data_format = _data_format(data_format)
    _check_rank(inputs, "conv_transpose")
    n = inputs.ndim - 2
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(
            f"conv_transpose: `padding` must be 'valid' or 'same', received {padding!r}."
        )
    strides = _tuple(strides, n, "conv_transpose: strides")
    dilation = _tuple(dilation_rate, n, "conv_transpose: dilation_rate")
    output_padding = (
        [None] * n if output_padding is None else _tuple(output_padding, n, "output_padding")
    )
    x = _to_channels_first(inputs, data_format)
    if kernel.ndim != n + 2 or kernel.shape[-1] != x.shape[1]:
        raise ValueError(
            f"conv_transpose: kernel must have shape (*spatial, out_channels, {x.shape[1]}), "
            f"received {tuple(kernel.shape)} for inputs {tuple(inputs.shape)}."
        )
    # Keras layout (*spatial, out, in) -> torch (in, out, *spatial).
    weight = kernel.permute(n + 1, n, *range(n))
    out = _CONV_TRANSPOSE[n](x, weight, stride=strides, dilation=dilation)
    # NOTE: torch pads symmetrically; TF/Keras "same" may crop asymmetrically and
    # output_padding may extend past the full result, so crop/extend explicitly.
    for dim in range(n):
        crop, length = _conv_transpose_crop(
            x.shape[2 + dim],
            kernel.shape[dim],
            strides[dim],
            padding,
            output_padding[dim],
            dilation[dim],
        )
        axis = 2 + dim
        available = out.shape[axis] - crop
        if available >= length:
            out = out.narrow(axis, crop, length)
        else:
            out = out.narrow(axis, crop, available)
            pad = [0, 0] * (out.ndim - axis - 1) + [0, length - available]
            out = F.pad(out, pad)
    return _from_channels_first(out, data_format)


def _pool_args(inputs, pool_size, strides, op_name):
    n = inputs.ndim - 2
    pool_size = _tuple(pool_size, n, f"{op_name}: pool_size")
    strides = pool_size if strides is None else _tuple(strides, n, f"{op_name}: strides")
    return n, pool_size, strides


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    inputs = convert_to_tensor(inputs)
    data_format = _data_format(data_format)
    _check_rank(inputs, "max_pool")
    n, pool_size, strides = _pool_args(inputs, pool_size, strides, "max_pool")
    x = _to_channels_first(inputs, data_format)
    dtype = x.dtype
    if not x.dtype.is_floating_point:
        # NOTE: torch's CPU max pooling has no integer kernels; pool in float64.
        x = x.to(torch.float64)
    pairs = _padding_pairs(x, padding, pool_size, strides, (1,) * n, "max_pool")
    if any(a or b for a, b in pairs):
        flat = []
        for before, after in reversed(pairs):
            flat += [before, after]
        x = F.pad(x, flat, value=float("-inf"))
    pool = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[n]
    return _from_channels_first(pool(x, pool_size, strides).to(dtype), data_format)


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    inputs = _float(inputs)
    data_format = _data_format(data_format)
    _check_rank(inputs, "average_pool")
    n, pool_size, strides = _pool_args(inputs, pool_size, strides, "average_pool")
    x = _to_channels_first(inputs, data_format)
    pairs = _padding_pairs(x, padding, pool_size, strides, (1,) * n, "average_pool")
    pool = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}[n]
    if not any(a or b for a, b in pairs):
        return _from_channels_first(pool(x, pool_size, strides), data_format)
    # NOTE: Keras "same" averages only the real values of each window: divide the
    # zero-padded average by the fraction of real values in the window.
    flat = []
    for before, after in reversed(pairs):
        flat += [before, after]
    ones = torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype, device=x.device)
    summed = pool(F.pad(x, flat), pool_size, strides)
    counts = pool(F.pad(ones, flat), pool_size, strides)
    return _from_channels_first(summed / counts, data_format)


def _adaptive_pool(inputs, output_size, data_format, kind):
    inputs = convert_to_tensor(inputs) if kind == "max" else _float(inputs)
    data_format = _data_format(data_format)
    _check_rank(inputs, f"adaptive_{kind}_pool")
    n = inputs.ndim - 2
    output_size = _tuple(output_size, n, f"adaptive_{kind}_pool: output_size")
    x = _to_channels_first(inputs, data_format)
    if kind == "max":
        pool = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}
    else:
        pool = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}
    return _from_channels_first(pool[n](x, output_size), data_format)


def adaptive_average_pool(inputs, output_size, data_format=None):
    return _adaptive_pool(inputs, output_size, data_format, "average")


def adaptive_max_pool(inputs, output_size, data_format=None):
    return _adaptive_pool(inputs, output_size, data_format, "max")


# ---------------------------------------------------------------------------
# Encodings, losses, normalization


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    if sparse:
        raise ValueError("one_hot: the torch engine does not support sparse=True.")
    x = convert_to_tensor(x)
    if x.dtype.is_floating_point:
        x = x.to(torch.int64)
    dtype = to_torch_dtype(dtypes.standardize_dtype(dtype))
    classes = torch.arange(num_classes, device=x.device)
    # NOTE: comparison (not F.one_hot) so that negative / out-of-range ids give zeros.
    out = (x.unsqueeze(-1) == classes).to(dtype)
    if axis != -1:
        out = torch.movedim(out, -1, axis)
    return out


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if num_classes is None:
        raise ValueError("multi_hot: `num_classes` is required.")
    inputs = convert_to_tensor(inputs)
    reduction_axis = 1 if inputs.ndim > 1 else 0
    encoded = one_hot(inputs, num_classes, axis=axis, dtype=dtype, sparse=sparse)
    return torch.amax(encoded, dim=reduction_axis)


def _check_same_shape(target, output, op_name):
    if tuple(target.shape) != tuple(output.shape):
        raise ValueError(
            f"{op_name}: `target` and `output` must have the same shape, received "
            f"target.shape={tuple(target.shape)} and output.shape={tuple(output.shape)}."
        )


def binary_crossentropy(target, output, from_logits=False):
    target, output = _floats(target, output)
    _check_same_shape(target, output, "binary_crossentropy")
    if from_logits:
        return F.binary_cross_entropy_with_logits(output, target, reduction="none")
    eps = config.epsilon()
    output = torch.clamp(output, eps, 1.0 - eps)
    return -(target * torch.log(output) + (1.0 - target) * torch.log1p(-output))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _floats(target, output)
    _check_same_shape(target, output, "categorical_crossentropy")
    if output.ndim < 1:
        raise ValueError("categorical_crossentropy: `output` must have rank >= 1.")
    if from_logits:
        log_prob = log_softmax(output, axis=axis)
    else:
        output = output / torch.sum(output, dim=axis, keepdim=True)
        eps = config.epsilon()
        log_prob = torch.log(torch.clamp(output, eps, 1.0 - eps))
    return -torch.sum(target * log_prob, dim=axis)


# Note [sparse cross-entropy by gather]: the loss picks each label's log-probability with
# torch's cross_entropy / nll_loss kernels (one fused op, and a backward that writes only the
# picked entries) instead of multiplying by a one-hot matrix: 3-7 tensor ops instead of 15,
# about 60 us less per step. A one-hot product gives 0 for a label outside [0, classes),
# and the other engines keep that; those kernels would raise on such a label, so it is
# mapped to ``ignore_index``, whose loss is also 0 (tests/ops/test_nn.py checks every engine).
_IGNORED_LABEL = -100


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = _float(output)
    target = convert_to_tensor(target)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = target.squeeze(-1)
    if target.ndim != output.ndim - 1:
        raise ValueError(
            "sparse_categorical_crossentropy: `target` must have the shape of `output` "
            f"without its class axis, received target.shape={tuple(target.shape)} and "
            f"output.shape={tuple(output.shape)}."
        )
    dtype = output.dtype
    scores = _upcast(output)
    if not from_logits:
        scores = scores / torch.sum(scores, dim=axis, keepdim=True)
        eps = config.epsilon()
        scores = torch.log(torch.clamp(scores, eps, 1.0 - eps))
    classes = output.shape[axis]
    labels = target.to(torch.int64)
    if not _labels_in_range(labels, classes):
        labels = torch.where((labels >= 0) & (labels < classes), labels, _IGNORED_LABEL)
    if output.ndim > 1 and axis % output.ndim != 1:
        scores = torch.movedim(scores, axis, 1)  # the kernels take classes on axis 1
    kernel = F.cross_entropy if from_logits else F.nll_loss
    loss = kernel(scores, labels, reduction="none", ignore_index=_IGNORED_LABEL)
    return loss if loss.dtype == dtype else loss.to(dtype)


def _labels_in_range(labels, classes):
    # On the CPU one min/max pass and a host read (no sync to wait for) spare the four-op
    # mask; elsewhere, inside torch.compile and under torch.vmap (which forbids host
    # reads), the mask is always applied.
    if labels.device.type != "cpu" or labels.numel() == 0 or torch.compiler.is_compiling():
        return False
    try:
        low, high = torch.aminmax(labels)
        return low.item() >= 0 and high.item() < classes
    except RuntimeError:
        return False


def moments(x, axes, keepdims=False, synchronized=False):
    x = _float(x)
    dtype = x.dtype
    x = _upcast(x)
    axes = _axes(axes, x.ndim)
    mean = torch.mean(x, dim=axes, keepdim=True)
    variance = torch.mean(torch.square(x - mean), dim=axes, keepdim=keepdims)
    if not keepdims:
        mean = mean.squeeze(axes) if axes else mean
    return mean.to(dtype), variance.to(dtype)


def _broadcast_param(param, x, axis):
    """Reshapes a per-channel parameter so that it broadcasts along `axis` of x."""
    param = convert_to_tensor(param, x.dtype)
    if param.ndim == x.ndim or param.ndim == 0:
        return param
    axes = _axes(axis, x.ndim)
    shape = [1] * x.ndim
    if param.ndim == len(axes):
        for a, size in zip(sorted(axes), param.shape):
            shape[a] = size
        return param.reshape(shape)
    return param


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=0.001):
    x = _float(x)
    mean = _broadcast_param(mean, x, axis)
    variance = _broadcast_param(variance, x, axis)
    inv = torch.rsqrt(variance + epsilon)
    if scale is not None:
        inv = inv * _broadcast_param(scale, x, axis)
    out = (x - mean) * inv
    if offset is not None:
        out = out + _broadcast_param(offset, x, axis)
    return out


def _trailing_param(param, x, normalized_shape):
    """``param`` as a tensor of ``normalized_shape`` for ``F.layer_norm``; None if its
    shape is not that (optionally behind leading 1s), so the caller broadcasts instead."""
    param = convert_to_tensor(param, x.dtype)
    shape = tuple(param.shape)
    if shape == normalized_shape:
        return param
    if len(shape) == x.ndim and shape == (1,) * (x.ndim - len(normalized_shape)) + normalized_shape:
        return param.reshape(normalized_shape)
    return None


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    x = _float(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    rms_scaling = kwargs.pop("rms_scaling", False)
    dtype = x.dtype
    axes = _axes(axis, x.ndim)
    count = len(axes)
    if (
        not rms_scaling
        and dtype in (torch.float32, torch.float64)
        and 0 < count <= x.ndim
        and sorted(axes) == list(range(x.ndim - count, x.ndim))
    ):
        # Note [fused layer norm]: F.layer_norm computes the same biased variance and
        # (x - mean) * rsqrt(var + epsilon) * gamma + beta as the path below, in one kernel
        # with a fused backward (about 5x less time than ~12 elementwise kernels on a
        # (64, 64, 64) input); only rounding differs. Half inputs keep the path below,
        # which rounds to the input dtype before applying gamma.
        normalized_shape = tuple(x.shape[x.ndim - count:])
        weight = None if gamma is None else _trailing_param(gamma, x, normalized_shape)
        bias = None if beta is None else _trailing_param(beta, x, normalized_shape)
        if (weight is None) == (gamma is None) and (bias is None) == (beta is None):
            return F.layer_norm(x, normalized_shape, weight, bias, epsilon)
    xc = _upcast(x)
    if rms_scaling:
        variance = torch.mean(torch.square(xc), dim=axes, keepdim=True)
        out = xc * torch.rsqrt(variance + epsilon)
    else:
        mean = torch.mean(xc, dim=axes, keepdim=True)
        variance = torch.mean(torch.square(xc - mean), dim=axes, keepdim=True)
        out = (xc - mean) * torch.rsqrt(variance + epsilon)
    out = out.to(dtype)
    if gamma is not None:
        out = out * _broadcast_param(gamma, out, axes)
    if beta is not None and not rms_scaling:
        out = out + _broadcast_param(beta, out, axes)
    return out


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    x = _float(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    dtype = x.dtype
    xc = _upcast(x)
    axes = _axes(axis, x.ndim)
    variance = torch.mean(torch.square(xc), dim=axes, keepdim=True)
    out = (xc * torch.rsqrt(variance + epsilon)).to(dtype)
    if scale is not None:
        out = out * _broadcast_param(scale, out, axes)
    return out


def normalize(x, axis=-1, order=2, epsilon=None):
    x = _float(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    norm = torch.linalg.vector_norm(x, ord=order, dim=axis, keepdim=True)
    return x / torch.clamp(norm, min=epsilon)


def psnr(x1, x2, max_val):
    x1, x2 = _floats(x1, x2)
    if tuple(x1.shape) != tuple(x2.shape):
        raise ValueError(
            f"psnr: x1 and x2 must have the same shape, received {tuple(x1.shape)} and "
            f"{tuple(x2.shape)}."
        )
    max_val = convert_to_tensor(max_val, x1.dtype)
    mse = torch.mean(torch.square(x1 - x2))
    return 20.0 * torch.log10(max_val) - 10.0 * torch.log10(mse)


def polar(abs_, angle):
    abs_, angle = _floats(abs_, angle)
    if abs_.dtype in (torch.float16, torch.bfloat16):
        abs_, angle = abs_.float(), angle.float()
    return torch.polar(abs_, angle)


# ---------------------------------------------------------------------------
# Attention


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
    query, key, value = _floats(query, key, value)
    if query.ndim not in (3, 4) or key.ndim != query.ndim or value.ndim != query.ndim:
        raise ValueError(
            "dot_product_attention: query, key and value must all have rank 3 or 4 "
            "((batch,) seq, heads, head_dim), received shapes "
            f"{tuple(query.shape)}, {tuple(key.shape)}, {tuple(value.shape)}."
        )
    unbatched = query.ndim == 3
    if unbatched:
        query, key, value = query[None], key[None], value[None]
    num_heads, kv_heads = query.shape[-2], key.shape[-2]
    if num_heads % kv_heads:
        raise ValueError(
            f"dot_product_attention: the number of query heads ({num_heads}) must be a "
            f"multiple of the number of key/value heads ({kv_heads})."
        )
    # (B, T, N, H) -> (B, N, T, H)
    q, k, v = (t.transpose(1, 2) for t in (query, key, value))
    if kv_heads != num_heads:
        k = k.repeat_interleave(num_heads // kv_heads, dim=1)
        v = v.repeat_interleave(num_heads // kv_heads, dim=1)
    head_dim = q.shape[-1]
    scale = 1.0 / math.sqrt(head_dim) if scale is None else float(scale)
    if mask is not None:
        mask = convert_to_tensor(mask).to(torch.bool)
        if unbatched and mask.ndim == 3:
            mask = mask[None]
    if bias is not None:
        bias = convert_to_tensor(bias, q.dtype)
        if unbatched and bias.ndim == 3:
            bias = bias[None]
    if is_causal:
        t, s = q.shape[2], k.shape[2]
        causal = torch.ones((t, s), dtype=torch.bool, device=q.device).tril()
        mask = causal if mask is None else mask & causal
    if attn_logits_soft_cap is None and bias is None and q.device.type != "meta":
        # NOTE: the fused kernel; a boolean mask keeps positions where it is True.
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=scale)
        if mask is not None:
            # Rows with nothing to attend to: match the explicit path (uniform weights).
            empty = ~mask.expand(*out.shape[:-1], mask.shape[-1]).any(-1, keepdim=True)
            if bool(empty.any()):
                out = torch.where(empty, v.mean(dim=2, keepdim=True).expand_as(out), out)
    else:
        logits = torch.matmul(q, k.transpose(-1, -2)) * scale
        if bias is not None:
            logits = logits + bias
        if attn_logits_soft_cap is not None:
            logits = attn_logits_soft_cap * torch.tanh(logits / attn_logits_soft_cap)
        if mask is not None:
            logits = logits.masked_fill(~mask, torch.finfo(logits.dtype).min)
        weights = torch.softmax(_upcast(logits), dim=-1).to(q.dtype)
        out = torch.matmul(weights, v)
    out = out.transpose(1, 2)
    return out[0] if unbatched else out


# ---------------------------------------------------------------------------
# CTC


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    output = _float(output)
    target = convert_to_tensor(target).to(torch.long)
    target_length = convert_to_tensor(target_length).to(torch.long)
    output_length = convert_to_tensor(output_length).to(torch.long)
    if output.ndim != 3 or target.ndim != 2:
        raise ValueError(
            "ctc_loss: expected target of shape (batch, max_label_length) and output of "
            f"shape (batch, max_time, num_classes), received {tuple(target.shape)} and "
            f"{tuple(output.shape)}."
        )
    dtype = output.dtype
    log_probs = torch.log_softmax(_upcast(output), dim=-1).transpose(0, 1)
    loss = F.ctc_loss(
        log_probs,
        target,
        output_length,
        target_length,
        blank=mask_index,
        reduction="none",
        zero_infinity=False,
    )
    return loss.to(dtype)


def _ctc_greedy_decode(log_probs, lengths, merge_repeated, mask_index):
    batch, time, classes = log_probs.shape
    mask_index = int(mask_index) % classes  # -1 is the last class, as tf's blank_index
    scores, indices = torch.max(log_probs, dim=-1)
    steps = torch.arange(time, device=log_probs.device)[None, :]
    invalid_time = steps >= lengths[:, None]
    indices = torch.where(invalid_time, mask_index, indices)
    scores = torch.where(invalid_time, 0.0, scores)
    if merge_repeated:
        repeat = torch.zeros_like(indices, dtype=torch.bool)
        repeat[:, 1:] = indices[:, 1:] == indices[:, :-1]
        indices = torch.where(repeat, mask_index, indices)
    invalid = indices == mask_index
    indices = torch.where(invalid, -1, indices)
    order = torch.argsort(invalid.to(torch.int8), dim=1, stable=True)
    indices = torch.gather(indices, 1, order)
    return indices[None].to(torch.int32), -torch.sum(scores, dim=1, keepdim=True)


def _logsumexp2(a, b):
    if a == -np.inf:
        return b
    if b == -np.inf:
        return a
    m = max(a, b)
    return m + math.log(math.exp(a - m) + math.exp(b - m))


def _ctc_beam_search_one(log_probs, beam_width, top_paths, mask_index):
    # Prefix beam search over one sequence; log_probs: (time, classes) numpy array.
    # Each beam: prefix tuple -> (log p ending in blank, log p ending in non-blank).
    # NOTE: the prefix rules always give proper CTC labelings (a repeated label only across
    # a blank), so merge_repeated plays no part, as on the other engines. Every class is a
    # candidate at every step: pruning to the best classes per step is not exact (a merge or
    # a tie can let a lower class into the beam), and the engines must agree.
    beams = {(): (0.0, -np.inf)}
    num_classes = log_probs.shape[1]
    mask_index = int(mask_index) % num_classes
    labels = [c for c in range(num_classes) if c != mask_index]
    for t in range(log_probs.shape[0]):
        row = log_probs[t].tolist()
        new = {}

        def add(prefix, pb, pnb, new=new):
            old_b, old_nb = new.get(prefix, (-np.inf, -np.inf))
            new[prefix] = (_logsumexp2(old_b, pb), _logsumexp2(old_nb, pnb))

        for prefix, (pb, pnb) in beams.items():
            total = _logsumexp2(pb, pnb)
            add(prefix, total + row[mask_index], -np.inf)
            for c in labels:
                p = row[c]
                if prefix and prefix[-1] == c:
                    add(prefix + (c,), -np.inf, pb + p)
                    add(prefix, -np.inf, pnb + p)
                else:
                    add(prefix + (c,), -np.inf, total + p)
        ranked = sorted(new.items(), key=lambda kv: -_logsumexp2(*kv[1]))
        beams = dict(ranked[:beam_width])
    ranked = sorted(beams.items(), key=lambda kv: -_logsumexp2(*kv[1]))[:top_paths]
    # A labeling of probability zero is not found: it is all -1 with score -inf.
    found = [(list(p), _logsumexp2(*s)) for p, s in ranked]
    found = [(p, s) for p, s in found if s > -np.inf]
    return found + [([], -np.inf)] * (top_paths - len(found))


def ctc_decode(
    inputs,
    sequence_lengths,
    strategy="greedy",
    beam_width=100,
    top_paths=1,
    merge_repeated=True,
    mask_index=0,
):
    inputs = _float(inputs)
    if inputs.ndim != 3:
        raise ValueError(
            "ctc_decode: inputs must have shape (batch, max_time, num_classes), received "
            f"{tuple(inputs.shape)}."
        )
    dtype = inputs.dtype
    log_probs = torch.log_softmax(_upcast(inputs), dim=-1)
    lengths = convert_to_tensor(sequence_lengths).to(torch.long).reshape(-1)
    if strategy == "greedy":
        decoded, scores = _ctc_greedy_decode(log_probs, lengths, merge_repeated, mask_index)
        return decoded, scores.to(dtype)
    if strategy != "beam_search":
        raise ValueError(
            f"ctc_decode: `strategy` must be 'greedy' or 'beam_search', received {strategy!r}."
        )
    # NOTE: beam search is inherently sequential; it runs on the host in NumPy.
    lp = log_probs.detach().cpu().double().numpy()
    lens = lengths.cpu().numpy()
    batch, time = lp.shape[:2]
    decoded = np.full((top_paths, batch, time), -1, dtype=np.int32)
    scores = np.zeros((batch, top_paths), dtype=np.float64)
    for b in range(batch):
        paths = _ctc_beam_search_one(lp[b, : int(lens[b])], beam_width, top_paths, mask_index)
        for p, (labels, score) in enumerate(paths):
            decoded[p, b, : len(labels)] = labels
            scores[b, p] = score
    device = inputs.device
    return (
        torch.as_tensor(decoded, device=device),
        torch.as_tensor(scores, device=device).to(dtype),
    )


# ---------------------------------------------------------------------------
# Rearrangements


def depth_to_space(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    data_format = _data_format(data_format)
    if x.ndim != 4:
        raise ValueError(f"depth_to_space: expected a 4D input, received {tuple(x.shape)}.")
    b = int(block_size)
    if data_format == "channels_last":
        n, h, w, c = x.shape
        if c % (b * b):
            raise ValueError(
                f"depth_to_space: channels ({c}) must be divisible by block_size**2 ({b * b})."
            )
        x = x.reshape(n, h, w, b, b, c // (b * b)).permute(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h * b, w * b, c // (b * b))
    n, c, h, w = x.shape
    if c % (b * b):
        raise ValueError(
            f"depth_to_space: channels ({c}) must be divisible by block_size**2 ({b * b})."
        )
    x = x.reshape(n, b, b, c // (b * b), h, w).permute(0, 3, 4, 1, 5, 2)
    return x.reshape(n, c // (b * b), h * b, w * b)


def space_to_depth(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    data_format = _data_format(data_format)
    if x.ndim != 4:
        raise ValueError(f"space_to_depth: expected a 4D input, received {tuple(x.shape)}.")
    b = int(block_size)
    if data_format == "channels_last":
        n, h, w, c = x.shape
        if h % b or w % b:
            raise ValueError(
                f"space_to_depth: height and width ({h}, {w}) must be divisible by "
                f"block_size ({b})."
            )
        x = x.reshape(n, h // b, b, w // b, b, c).permute(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h // b, w // b, c * b * b)
    n, c, h, w = x.shape
    if h % b or w % b:
        raise ValueError(
            f"space_to_depth: height and width ({h}, {w}) must be divisible by block_size ({b})."
        )
    x = x.reshape(n, c, h // b, b, w // b, b).permute(0, 3, 5, 1, 2, 4)
    return x.reshape(n, c * b * b, h // b, w // b)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    x = convert_to_tensor(x)
    if x.ndim != 4:
        raise ValueError(f"unfold: expected a 4D (N, C, H, W) input, received {tuple(x.shape)}.")
    dtype = x.dtype
    if not (x.dtype.is_floating_point or x.dtype.is_complex):
        x = x.to(torch.float64)
    out = F.unfold(x, kernel_size, dilation=dilation, padding=padding, stride=stride)
    return out.to(dtype)


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    x = convert_to_tensor(x)
    if x.ndim != 3:
        raise ValueError(
            f"fold: expected a 3D (N, C*prod(kernel_size), L) input, received {tuple(x.shape)}."
        )
    dtype = x.dtype
    if not (x.dtype.is_floating_point or x.dtype.is_complex):
        x = x.to(torch.float64)
    out = F.fold(x, output_size, kernel_size, dilation=dilation, padding=padding, stride=stride)
    return out.to(dtype)

