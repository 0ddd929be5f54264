import math as _math

import numpy as np
import tensorflow as tf

from kbackend.backends.common import config, dtypes
from kbackend.backends.tensorflow.core import convert_to_tensor


def _dtype_name(x):
    return dtypes.standardize_dtype(x.dtype)


def _float(x):
    """(tensor in its float result dtype, dtype name)."""
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(_dtype_name(x))
    if x.dtype.name != dtype:
        x = tf.cast(x, dtype)
    return x, dtype


def _floats(*xs):
    xs = [convert_to_tensor(x) for x in xs]
    dtype = dtypes.float_result_type(*[_dtype_name(x) for x in xs])
    return [x if x.dtype.name == dtype else tf.cast(x, dtype) for x in xs], dtype


def _data_format(data_format):
    data_format = config.image_data_format() if data_format is None else data_format
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"data_format must be 'channels_last' or 'channels_first', got {data_format!r}."
        )
    return data_format


def _tuple(value, n, name):
    if isinstance(value, (int, np.integer)):
        return (int(value),) * n
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * n
    if len(value) != n:
        raise ValueError(f"`{name}` must be an int or a tuple of {n} ints, got {value}.")
    return value


def _padding(padding, op):
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"{op}: padding must be 'valid' or 'same', got {padding!r}.")
    return padding.upper()


def _to_last(x, data_format):
    # NOTE: tf's CPU kernels (conv, pooling, depth_to_space) only support channels_last
    # (NHWC), so channels_first inputs are transposed around them.
    if data_format == "channels_first":
        rank = x.shape.rank
        return tf.transpose(x, [0] + list(range(2, rank)) + [1])
    return x


def _from_last(x, data_format):
    if data_format == "channels_first":
        rank = x.shape.rank
        return tf.transpose(x, [0, rank - 1] + list(range(1, rank - 1)))
    return x


def _channels_last_format(n):
    return {1: "NWC", 2: "NHWC", 3: "NDHWC"}[n]


# ---------------------------------------------------------------------- activations


def relu(x):
    x, _ = _float(x)
    return tf.nn.relu(x)


def relu6(x):
    x, _ = _float(x)
    return tf.nn.relu6(x)


def sigmoid(x):
    x, _ = _float(x)
    return tf.nn.sigmoid(x)


def sparse_sigmoid(x):
    x, _ = _float(x)
    return tf.clip_by_value(0.5 * (x + 1), tf.cast(0, x.dtype), tf.cast(1, x.dtype))


def tanh_shrink(x):
    x, _ = _float(x)
    return x - tf.tanh(x)


def softplus(x):
    x, _ = _float(x)
    return tf.nn.softplus(x)


def softsign(x):
    x, _ = _float(x)
    return tf.nn.softsign(x)


def soft_shrink(x, threshold=0.5):
    x, _ = _float(x)
    t = tf.cast(threshold, x.dtype)
    return tf.where(x > t, x - t, tf.where(x < -t, x + t, tf.zeros_like(x)))


def sparse_plus(x):
    x, _ = _float(x)
    return tf.where(
        x <= -1, tf.zeros_like(x), tf.where(x >= 1, x, 0.25 * tf.square(x + 1))
    )


def silu(x):
    x, _ = _float(x)
    return tf.nn.silu(x)


def squareplus(x, b=4):
    x, _ = _float(x)
    b = tf.cast(b, x.dtype)
    return (x + tf.sqrt(tf.square(x) + b)) / 2


def log_sigmoid(x):
    x, _ = _float(x)
    return tf.math.log_sigmoid(x)


def leaky_relu(x, negative_slope=0.2):
    x, _ = _float(x)
    return tf.nn.leaky_relu(x, alpha=negative_slope)


def hard_sigmoid(x):
    x, _ = _float(x)
    return tf.nn.relu6(x + 3) / 6


def hard_silu(x):
    x, _ = _float(x)
    return x * tf.nn.relu6(x + 3) / 6


def elu(x, alpha=1.0):
    x, _ = _float(x)
    return tf.where(x > 0, x, alpha * tf.math.expm1(tf.minimum(x, 0)))


def selu(x):
    x, _ = _float(x)
    return tf.nn.selu(x)


def celu(x, alpha=1.0):
    x, _ = _float(x)
    return tf.maximum(x, 0) + alpha * tf.math.expm1(tf.minimum(x, 0) / alpha)


def gelu(x, approximate=True):
    x, _ = _float(x)
    return tf.nn.gelu(x, approximate=approximate)


def glu(x, axis=-1):
    x, _ = _float(x)
    if x.shape[axis] is not None and x.shape[axis] % 2:
        raise ValueError(
            f"glu: the size of axis {axis} must be even, got shape {tuple(x.shape)}."
        )
    a, b = tf.split(x, 2, axis=axis)
    return a * tf.sigmoid(b)


def hard_tanh(x):
    x, _ = _float(x)
    return tf.clip_by_value(x, tf.cast(-1, x.dtype), tf.cast(1, x.dtype))


def hard_shrink(x, threshold=0.5):
    x, _ = _float(x)
    return tf.where(tf.abs(x) > threshold, x, tf.zeros_like(x))


def threshold(x, threshold, default_value):
    x, _ = _float(x)
    return tf.where(x > threshold, x, tf.cast(default_value, x.dtype))


def _axes(axis, rank):
    if isinstance(axis, (list, tuple)):
        return [a % rank for a in axis]
    return [axis % rank]


def softmax(x, axis=-1):
    x, _ = _float(x)
    rank = x.shape.rank
    if rank == 0:
        return tf.ones_like(x)
    axes = _axes(axis, rank)
    if len(axes) == 1:
        return tf.nn.softmax(x, axis=axes[0])
    m = tf.reduce_max(x, axis=axes, keepdims=True)
    e = tf.exp(x - tf.where(tf.math.is_finite(m), m, tf.zeros_like(m)))
    return e / tf.reduce_sum(e, axis=axes, keepdims=True)


def log_softmax(x, axis=-1):
    x, _ = _float(x)
    rank = x.shape.rank
    if rank == 0:
        return tf.zeros_like(x)
    axes = _axes(axis, rank)
    if len(axes) == 1:
        return tf.nn.log_softmax(x, axis=axes[0])
    m = tf.reduce_max(x, axis=axes, keepdims=True)
    shifted = x - tf.where(tf.math.is_finite(m), m, tf.zeros_like(m))
    return shifted - tf.math.log(tf.reduce_sum(tf.exp(shifted), axis=axes, keepdims=True))


def _move_to_last(x, axis):
    rank = x.shape.rank
    axis = axis % rank
    perm = [i for i in range(rank) if i != axis] + [axis]
    inverse = list(np.argsort(perm))
    return tf.transpose(x, perm), inverse


def sparsemax(x, axis=-1):
    x, _ = _float(x)
    z, inverse = _move_to_last(x, axis)
    n = tf.shape(z)[-1]
    z_sorted = tf.sort(z, axis=-1, direction="DESCENDING")
    k = tf.cast(tf.range(1, n + 1), z.dtype)
    cumsum = tf.cumsum(z_sorted, axis=-1)
    support = 1 + k * z_sorted > cumsum
    k_z = tf.reduce_sum(tf.cast(support, "int32"), axis=-1, keepdims=True)
    tau = (tf.gather(cumsum, k_z - 1, batch_dims=z.shape.rank - 1) - 1) / tf.cast(
        k_z, z.dtype
    )
    y = tf.maximum(z - tau, 0)
    return tf.transpose(y, inverse)


# ---------------------------------------------------------------------- convolution


def _conv_setup(inputs, kernel, strides, data_format, dilation_rate, op):
    inputs = convert_to_tensor(inputs)
    kernel = convert_to_tensor(kernel)
    dtype = dtypes.result_type(_dtype_name(inputs), _dtype_name(kernel))
    if not dtypes.is_float_dtype(dtype):
        # NOTE: tf convolution kernels are float-only; integers go through floatx.
        dtype = dtypes.float_result_type(dtype)
    inputs = tf.cast(inputs, dtype)
    kernel = tf.cast(kernel, dtype)
    n = inputs.shape.rank - 2
    if n < 1 or n > 3 or kernel.shape.rank != n + 2:
        raise ValueError(
            f"{op}: expected inputs of rank 3, 4 or 5 and a kernel of the same rank, got "
            f"inputs of shape {tuple(inputs.shape)} and kernel of shape {tuple(kernel.shape)}."
        )
    data_format = _data_format(data_format)
    strides = _tuple(strides, n, "strides")
    dilation = _tuple(dilation_rate, n, "dilation_rate")
    return _to_last(inputs, data_format), kernel, n, strides, dilation, data_format


def _convolution(x, kernel, strides, padding, dilation):
    n = x.shape.rank - 2
    # NOTE: tf forbids strides > 1 together with dilation > 1 in one op; a strided
    # slice of the stride-1 result is the same convolution.
    if any(s > 1 for s in strides) and any(d > 1 for d in dilation):
        if padding == "SAME":
            return _strided_same_conv(x, kernel, strides, dilation)
        y = tf.nn.convolution(
            x, kernel, strides=1, padding=padding, dilations=dilation,
            data_format=_channels_last_format(n),
        )
        index = (slice(None),) + tuple(slice(None, None, s) for s in strides)
        return y[index]
    return tf.nn.convolution(
        x, kernel, strides=strides, padding=padding, dilations=dilation,
        data_format=_channels_last_format(n),
    )


def _same_pads(x, kernel_sizes, strides, dilation):
    pads = [[0, 0]]
    for i, (k, s, d) in enumerate(zip(kernel_sizes, strides, dilation)):
        length = x.shape[i + 1]
        k_eff = (k - 1) * d + 1
        out = -(-length // s)
        total = max((out - 1) * s + k_eff - length, 0)
        pads.append([total // 2, total - total // 2])
    pads.append([0, 0])
    return pads


def _strided_same_conv(x, kernel, strides, dilation):
    n = x.shape.rank - 2
    x = tf.pad(x, _same_pads(x, kernel.shape[:n], strides, dilation))
    y = tf.nn.convolution(
        x, kernel, strides=1, padding="VALID", dilations=dilation,
        data_format=_channels_last_format(n),
    )
    index = (slice(None),) + tuple(slice(None, None, s) for s in strides)
    return y[index]


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    x, kernel, n, strides, dilation, data_format = _conv_setup(
        inputs, kernel, strides, data_format, dilation_rate, "conv"
    )
    padding = _padding(padding, "conv")
    channels, in_per_group, out_channels = x.shape[-1], kernel.shape[-2], kernel.shape[-1]
    if channels is None or channels % in_per_group or out_channels % (channels // in_per_group):
        raise ValueError(
            f"conv: the input has {channels} channels but the kernel of shape "
            f"{tuple(kernel.shape)} expects {in_per_group} (or a divisor of {channels} for "
            "grouped convolution)."
        )
    groups = channels // in_per_group
    if groups == 1:
        y = _convolution(x, kernel, strides, padding, dilation)
    else:
        # NOTE: tf's CPU convolution does not support groups; convolve each group.
        xs = tf.split(x, groups, axis=-1)
        ks = tf.split(kernel, groups, axis=-1)
        y = tf.concat(
            [_convolution(a, k, strides, padding, dilation) for a, k in zip(xs, ks)], axis=-1
        )
    return _from_last(y, data_format)


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    x, kernel, n, strides, dilation, data_format = _conv_setup(
        inputs, kernel, strides, data_format, dilation_rate, "depthwise_conv"
    )
    padding = _padding(padding, "depthwise_conv")
    if kernel.shape[-2] != x.shape[-1]:
        raise ValueError(
            f"depthwise_conv: the input has {x.shape[-1]} channels but the kernel of shape "
            f"{tuple(kernel.shape)} expects {kernel.shape[-2]}."
        )
    if n == 2 and strides[0] == strides[1] and (strides[0] == 1 or dilation == (1, 1)):
        y = tf.nn.depthwise_conv2d(
            x, kernel, strides=(1, *strides, 1), padding=padding, dilations=dilation,
            data_format="NHWC",
        )
    elif n == 1 and (strides[0] == 1 or dilation[0] == 1):
        y = tf.nn.depthwise_conv2d(
            x[:, None], kernel[None], strides=(1, strides[0], strides[0], 1),
            padding=padding, dilations=(1, dilation[0]), data_format="NHWC",
        )[:, 0]
    else:
        # A depthwise conv is a grouped conv with one input channel per group.
        channels, multiplier = kernel.shape[-2], kernel.shape[-1]
        grouped = tf.reshape(kernel, list(kernel.shape[:n]) + [1, channels * multiplier])
        xs = tf.split(x, channels, axis=-1)
        ks = tf.split(grouped, channels, axis=-1)
        y = tf.concat(
            [_convolution(a, k, strides, padding, dilation) for a, k in zip(xs, ks)], axis=-1
        )
    return _from_last(y, data_format)


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
    x, kernel, n, strides, dilation, data_format = _conv_setup(
        inputs, kernel, strides, data_format, dilation_rate, "conv_transpose"
    )
    padding = str(padding).lower()
    _padding(padding, "conv_transpose")
    if kernel.shape[-1] != x.shape[-1]:
        raise ValueError(
            f"conv_transpose: the input has {x.shape[-1]} channels but the kernel of shape "
            f"{tuple(kernel.shape)} (spatial..., out_channels, in_channels) expects "
            f"{kernel.shape[-1]}."
        )
    if output_padding is not None:
        output_padding = _tuple(output_padding, n, "output_padding")
    ksizes = kernel.shape[:n]
    dynamic = tf.shape(x)
    # NOTE: the full (uncropped) transposed convolution is computed as the gradient of a
    # 'valid' convolution, then cropped; tf's own 'same' cropping differs for some
    # output_padding values, so the crop is explicit.
    full = []
    for i in range(n):
        length = x.shape[i + 1]
        if length is None:
            length = dynamic[i + 1]
        full.append((length - 1) * strides[i] + (ksizes[i] - 1) * dilation[i] + 1)
    output_shape = tf.stack([dynamic[0], *full, kernel.shape[-2]])
    if any(d > 1 for d in dilation):
        y = _dilated_transpose(x, kernel, strides, dilation, n)
    else:
        y = tf.nn.conv_transpose(
            x, kernel, output_shape, strides=strides, padding="VALID",
            data_format=_channels_last_format(n), dilations=dilation,
        )
    slices = [slice(None)]
    for axis in range(n):
        length = x.shape[axis + 1]
        if length is None:
            raise ValueError(
                "conv_transpose: the spatial dimensions of the input must be known, got "
                f"shape {tuple(x.shape)}."
            )
        op = None if output_padding is None else output_padding[axis]
        out = _deconv_length(length, ksizes[axis], strides[axis], dilation[axis], padding, op)
        # "same" centres the output in the full result (TensorFlow's rule, which Keras
        # follows), with or without output_padding.
        left = max(full[axis] - out, 0) // 2 if padding == "same" else 0
        extra = max(left + out - full[axis], 0)
        if extra:
            pads = [[0, 0]] * (n + 2)
            pads[axis + 1] = [0, extra]
            y = tf.pad(y, pads)
        slices.append(slice(left, left + out))
    slices.append(slice(None))
    return _from_last(y[tuple(slices)], data_format)


def _dilated_transpose(x, kernel, strides, dilation, n):
    # NOTE: tf's CPU transposed-convolution kernels reject dilation > 1; the full
    # transposed convolution is also a stride-1 dilated convolution of the zero-upsampled,
    # edge-padded input with the spatially flipped kernel.
    for axis in range(n):
        s = strides[axis]
        if s == 1:
            continue
        length = x.shape[axis + 1]
        expanded = tf.expand_dims(x, axis + 2)
        pad = [[0, 0]] * (x.shape.rank + 1)
        pad[axis + 2] = [0, s - 1]
        expanded = tf.pad(expanded, pad)
        dyn = tf.shape(x)
        new_shape = tf.concat([dyn[: axis + 1], [length * s], dyn[axis + 2 :]], axis=0)
        index = (slice(None),) * (axis + 1) + (slice(0, (length - 1) * s + 1),)
        x = tf.reshape(expanded, new_shape)[index]
    pads = [[0, 0]]
    for i in range(n):
        k_eff = (kernel.shape[i] - 1) * dilation[i] + 1
        pads.append([k_eff - 1, k_eff - 1])
    pads.append([0, 0])
    x = tf.pad(x, pads)
    flipped = tf.reverse(kernel, axis=list(range(n)))
    flipped = tf.transpose(flipped, list(range(n)) + [n + 1, n])
    return tf.nn.convolution(
        x, flipped, strides=1, padding="VALID", dilations=dilation,
        data_format=_channels_last_format(n),
    )


# ---------------------------------------------------------------------- pooling


def _pool_setup(inputs, pool_size, strides, padding, data_format, op):
    inputs = convert_to_tensor(inputs)
    n = inputs.shape.rank - 2
    if n < 1 or n > 3:
        raise ValueError(
            f"{op}: expected inputs of rank 3, 4 or 5, got shape {tuple(inputs.shape)}."
        )
    data_format = _data_format(data_format)
    pool_size = _tuple(pool_size, n, "pool_size")
    strides = pool_size if strides is None else _tuple(strides, n, "strides")
    padding = _padding(padding, op)
    return _to_last(inputs, data_format), n, pool_size, strides, padding, data_format


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    x, n, pool_size, strides, padding, data_format = _pool_setup(
        inputs, pool_size, strides, padding, data_format, "max_pool"
    )
    dtype = x.dtype
    if dtype.name in ("bool",):
        x = tf.cast(x, "int32")
    if _can_fuse_pool_gradient(x, pool_size, strides, padding):
        y = _max_pool_2d(x, pool_size)
    else:
        y = tf.nn.max_pool(x, pool_size, strides, padding, data_format=_channels_last_format(n))
    return _from_last(tf.cast(y, dtype), data_format)


# Note [xla max pool gradient]: tf's CPU ``MaxPoolGrad`` finds each window's argmax in a
# scalar loop; on the CNN benchmark it was ~10% of a training step, more than the forward
# pool and the bias adds together. For the common case (2-D, "valid", windows that do not
# overlap: strides == pool_size) the gradient is recomputed by a small XLA function that
# fuses into one loop. It reproduces ``MaxPoolGrad`` exactly: the whole upstream gradient
# goes to the window element that a row-major scan with ``best < candidate`` picks, i.e.
# the first maximum (ties, signed zeros) and the same choice around NaNs (a NaN in the
# first slot wins, a later NaN never does); rows and columns the windows do not cover get
# zero. There is no arithmetic, only comparisons and selects, so the values are identical
# (``tests/backends/tensorflow/test_fused_kernels.py``). The forward pass is still
# ``tf.nn.max_pool``. Taken only while tracing a ``tf.function`` outside ``tf.distribute``
# and for float32 inputs large enough to repay the XLA compile (as Note [xla adam]).
_POOL_FUSE_MIN_ELEMENTS = 1 << 16


def _can_fuse_pool_gradient(x, pool_size, strides, padding):
    if len(pool_size) != 2 or padding != "VALID" or tuple(strides) != tuple(pool_size):
        return False
    if x.dtype != tf.float32 or not tf.inside_function() or tf.distribute.has_strategy():
        return False
    batch, rows, cols, channels = x.shape.as_list() if x.shape.rank == 4 else (None,) * 4
    if None in (rows, cols, channels) or rows < pool_size[0] or cols < pool_size[1]:
        return False
    # An unknown batch (a relaxed retrace) counts as 16 samples.
    return (batch or 16) * rows * cols * channels >= _POOL_FUSE_MIN_ELEMENTS


def _max_pool_2d(x, pool_size):
    @tf.custom_gradient
    def pool(x):
        y = tf.nn.max_pool(x, pool_size, pool_size, "VALID", data_format="NHWC")

        def gradient(upstream):
            # A fresh function per traced gradient: it is traced once, into that graph.
            first_max_gradient = tf.function(
                _first_max_gradient, jit_compile=True, autograph=False
            )
            return first_max_gradient(x, upstream, tuple(pool_size))

        return y, gradient

    return pool(x)


def _first_max_gradient(x, upstream, pool_size):
    window_rows, window_cols = pool_size
    _, rows, cols, channels = x.shape.as_list()
    out_rows, out_cols = rows // window_rows, cols // window_cols
    covered = x[:, : out_rows * window_rows, : out_cols * window_cols, :]
    windows = tf.reshape(covered, (-1, out_rows, window_rows, out_cols, window_cols, channels))
    best = windows[:, :, 0, :, 0, :]
    index = tf.zeros_like(best, dtype=tf.int32)
    for position in range(1, window_rows * window_cols):
        candidate = windows[:, :, position // window_cols, :, position % window_cols, :]
        take = best < candidate
        best = tf.where(take, candidate, best)
        index = tf.where(take, position, index)
    positions = tf.reshape(
        tf.range(window_rows * window_cols, dtype=tf.int32), (1, 1, window_rows, 1, window_cols, 1)
    )
    gradient = tf.where(
        tf.equal(positions, index[:, :, None, :, None, :]),
        upstream[:, :, None, :, None, :],
        tf.zeros((), upstream.dtype),
    )
    gradient = tf.reshape(gradient, (-1, out_rows * window_rows, out_cols * window_cols, channels))
    missing_rows, missing_cols = rows - out_rows * window_rows, cols - out_cols * window_cols
    if missing_rows or missing_cols:
        gradient = tf.pad(gradient, [[0, 0], [0, missing_rows], [0, missing_cols], [0, 0]])
    return gradient


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    x, n, pool_size, strides, padding, data_format = _pool_setup(
        inputs, pool_size, strides, padding, data_format, "average_pool"
    )
    x, _ = _float(x)
    # NOTE: tf's 'same' average excludes the padded zeros from the count, as the other
    # engines do.
    y = tf.nn.avg_pool(x, pool_size, strides, padding, data_format=_channels_last_format(n))
    return _from_last(y, data_format)


def _adaptive_matrix(length, out):
    starts = [(i * length) // out for i in range(out)]
    ends = [-(-((i + 1) * length) // out) for i in range(out)]
    mask = np.zeros((out, length), dtype=bool)
    for i, (s, e) in enumerate(zip(starts, ends)):
        mask[i, s:e] = True
    return mask


def _adaptive_pool(inputs, output_size, data_format, op, reduce_max):
    inputs = convert_to_tensor(inputs)
    n = inputs.shape.rank - 2
    if n < 1 or n > 3:
        raise ValueError(
            f"{op}: expected inputs of rank 3, 4 or 5, got shape {tuple(inputs.shape)}."
        )
    data_format = _data_format(data_format)
    output_size = _tuple(output_size, n, "output_size")
    x = _to_last(inputs, data_format)
    rank = n + 2
    for axis, out in enumerate(output_size, start=1):
        length = x.shape[axis]
        if length is None:
            raise ValueError(f"{op}: spatial dimensions must be known, got {tuple(x.shape)}.")
        perm = [i for i in range(rank) if i != axis] + [axis]
        inverse = list(np.argsort(perm))
        moved = tf.transpose(x, perm)
        mask = _adaptive_matrix(length, out)
        if reduce_max:
            if x.dtype.is_floating:
                low = tf.constant(-np.inf, x.dtype)
            elif x.dtype == tf.bool:
                moved = tf.cast(moved, "int32")
                low = tf.constant(np.iinfo(np.int32).min, "int32")
            else:
                low = tf.constant(x.dtype.min, x.dtype)
            expanded = tf.expand_dims(moved, -2)
            y = tf.reduce_max(tf.where(tf.constant(mask), expanded, low), axis=-1)
            y = tf.cast(y, x.dtype)
        else:
            weights = mask / mask.sum(axis=1, keepdims=True)
            y = tf.tensordot(moved, tf.constant(weights.T, moved.dtype), axes=1)
        x = tf.transpose(y, inverse)
    return _from_last(x, data_format)


def adaptive_average_pool(inputs, output_size, data_format=None):
    x, _ = _float(inputs)
    return _adaptive_pool(x, output_size, data_format, "adaptive_average_pool", False)


def adaptive_max_pool(inputs, output_size, data_format=None):
    return _adaptive_pool(inputs, output_size, data_format, "adaptive_max_pool", True)


# ---------------------------------------------------------------------- normalization


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=0.001):
    args = [x, mean, variance] + [v for v in (offset, scale) if v is not None]
    values, _ = _floats(*args)
    x, mean, variance = values[:3]
    rest = iter(values[3:])
    offset = next(rest) if offset is not None else None
    scale = next(rest) if scale is not None else None
    rank = x.shape.rank
    axis = axis % rank
    shape = [1] * rank
    shape[axis] = -1

    def expand(v):
        return tf.reshape(v, shape) if v.shape.rank == 1 else v

    inv = tf.math.rsqrt(expand(variance) + tf.cast(epsilon, x.dtype))
    if scale is not None:
        inv = inv * expand(scale)
    y = (x - expand(mean)) * inv
    if offset is not None:
        y = y + expand(offset)
    return y


def moments(x, axes, keepdims=False, synchronized=False):
    x, dtype = _float(x)
    axes = list(axes) if isinstance(axes, (list, tuple)) else [axes]
    # NOTE: half precision sums overflow easily; compute in float32.
    compute = tf.cast(x, "float32") if dtype in ("float16", "bfloat16") else x
    mean = tf.reduce_mean(compute, axis=axes, keepdims=True)
    variance = tf.reduce_mean(
        tf.math.squared_difference(compute, tf.stop_gradient(mean)), axis=axes, keepdims=True
    )
    if not keepdims:
        mean = tf.squeeze(mean, axis=axes)
        variance = tf.squeeze(variance, axis=axes)
    return tf.cast(mean, dtype), tf.cast(variance, dtype)


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
    rank = x.shape.rank
    axes = _axes(axis, rank)
    shape = [-1 if i in axes else 1 for i in range(rank)]
    if len(axes) > 1:
        dyn = tf.shape(x)
        shape = [dyn[i] if i in axes else 1 for i in range(rank)]
    compute = tf.cast(x, "float32") if dtype in ("float16", "bfloat16") else x
    mean, variance = tf.nn.moments(compute, axes=axes, keepdims=True)
    if rms_scaling:
        y = compute * tf.math.rsqrt(variance + epsilon)
    else:
        y = (compute - mean) * tf.math.rsqrt(variance + epsilon)
    y = tf.cast(y, dtype)
    if gamma is not None:
        y = y * tf.reshape(gamma, shape)
    if beta is not None and not rms_scaling:
        y = y + tf.reshape(beta, shape)
    return y


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    epsilon = config.epsilon() if epsilon is None else epsilon
    values, dtype = _floats(*[v for v in (x, scale) if v is not None])
    x = values[0]
    compute = tf.cast(x, "float32") if dtype in ("float16", "bfloat16") else x
    y = compute * tf.math.rsqrt(
        tf.reduce_mean(tf.square(compute), axis=axis, keepdims=True) + epsilon
    )
    y = tf.cast(y, dtype)
    if scale is not None:
        y = y * values[1]
    return y


def normalize(x, axis=-1, order=2, epsilon=None):
    epsilon = config.epsilon() if epsilon is None else epsilon
    x, _ = _float(x)
    if order == 2:
        norm = tf.sqrt(tf.reduce_sum(tf.square(x), axis=axis, keepdims=True))
    elif order == 1:
        norm = tf.reduce_sum(tf.abs(x), axis=axis, keepdims=True)
    elif order in (np.inf, "inf"):
        norm = tf.reduce_max(tf.abs(x), axis=axis, keepdims=True)
    else:
        norm = tf.norm(x, ord=order, axis=axis, keepdims=True)
    return x / tf.maximum(norm, tf.cast(epsilon, x.dtype))


# ---------------------------------------------------------------------- encodings


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    x = convert_to_tensor(x)
    dtype = dtypes.standardize_dtype(dtype)
    if not x.dtype.is_integer:
        x = tf.cast(x, "int64")
    y = tf.one_hot(x, num_classes, axis=axis, dtype=dtype)
    if sparse:
        return tf.sparse.from_dense(y)
    return y


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    num_classes = kwargs.pop("num_tokens", num_classes)
    if kwargs:
        raise ValueError(f"multi_hot: unexpected arguments {sorted(kwargs)}.")
    if num_classes is None:
        raise ValueError("multi_hot: `num_classes` is required.")
    x = convert_to_tensor(inputs)
    y = one_hot(x, num_classes, axis=axis, dtype=dtype)
    reduction_axis = 1 if x.shape.rank > 1 else 0
    y = tf.reduce_max(y, axis=reduction_axis)
    if sparse:
        return tf.sparse.from_dense(y)
    return y


def polar(abs_, angle):
    (abs_, angle), dtype = _floats(abs_, angle)
    if dtype != "float64":
        abs_, angle = tf.cast(abs_, "float32"), tf.cast(angle, "float32")
    return tf.complex(abs_ * tf.cos(angle), abs_ * tf.sin(angle))


# ---------------------------------------------------------------------- losses


def _same_shape(a, b, op):
    if a.shape.rank is not None and b.shape.rank is not None:
        if not a.shape.is_compatible_with(b.shape):
            raise ValueError(
                f"{op}: target and output must have the same shape, got "
                f"target.shape={tuple(a.shape)} and output.shape={tuple(b.shape)}."
            )


def binary_crossentropy(target, output, from_logits=False):
    (target, output), _ = _floats(target, output)
    _same_shape(target, output, "binary_crossentropy")
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    eps = config.epsilon()
    output = tf.clip_by_value(output, eps, 1 - eps)
    return -(target * tf.math.log(output) + (1 - target) * tf.math.log(1 - output))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    (target, output), _ = _floats(target, output)
    _same_shape(target, output, "categorical_crossentropy")
    if output.shape.rank is not None and output.shape.rank < 1:
        raise ValueError("categorical_crossentropy: output must have at least rank 1.")
    if from_logits:
        log_prob = tf.nn.log_softmax(output, axis=axis)
    else:
        eps = config.epsilon()
        output = output / tf.reduce_sum(output, axis=axis, keepdims=True)
        log_prob = tf.math.log(tf.clip_by_value(output, eps, 1 - eps))
    return -tf.reduce_sum(target * log_prob, axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target = convert_to_tensor(target)
    output, _ = _float(output)
    rank = output.shape.rank
    if target.shape.rank == rank and target.shape[-1] == 1:
        target = tf.squeeze(target, axis=-1)
    axis = axis % rank
    expected = output.shape[:axis].concatenate(output.shape[axis + 1 :])
    if not target.shape.is_compatible_with(expected):
        raise ValueError(
            "sparse_categorical_crossentropy: target must have the shape of output without "
            f"its class axis, got target.shape={tuple(target.shape)} and "
            f"output.shape={tuple(output.shape)}."
        )
    num_classes = output.shape[axis]
    if num_classes is None:
        num_classes = tf.shape(output)[axis]
    target = tf.one_hot(tf.cast(target, "int64"), num_classes, axis=axis, dtype=output.dtype)
    return categorical_crossentropy(target, output, from_logits, axis)


def psnr(x1, x2, max_val):
    (x1, x2), _ = _floats(x1, x2)
    if not x1.shape.is_compatible_with(x2.shape):
        raise ValueError(
            f"psnr: x1 and x2 must have the same shape, got {tuple(x1.shape)} and "
            f"{tuple(x2.shape)}."
        )
    mse = tf.reduce_mean(tf.square(x1 - x2))
    log10 = _math.log(10.0)
    max_val = tf.cast(max_val, x1.dtype)
    return 20 * tf.math.log(max_val) / log10 - 10 * tf.math.log(mse) / log10


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
    if flash_attention:
        raise ValueError(
            "dot_product_attention: flash_attention=True is not supported by the tensorflow "
            "engine; pass flash_attention=None or False."
        )
    (query, key, value), dtype = _floats(query, key, value)
    rank = query.shape.rank
    if rank not in (3, 4) or key.shape.rank != rank or value.shape.rank != rank:
        raise ValueError(
            "dot_product_attention: query, key and value must all be of rank 3 (T, N, H) or 4 "
            f"(B, T, N, H), got {tuple(query.shape)}, {tuple(key.shape)} and "
            f"{tuple(value.shape)}."
        )
    unbatched = rank == 3
    if unbatched:
        query, key, value = query[None], key[None], value[None]
    heads, kv_heads = query.shape[2], key.shape[2]
    if heads is not None and kv_heads is not None and heads != kv_heads:
        if heads % kv_heads:
            raise ValueError(
                f"dot_product_attention: the number of query heads ({heads}) must be a "
                f"multiple of the number of key/value heads ({kv_heads})."
            )
        key = tf.repeat(key, heads // kv_heads, axis=2)
        value = tf.repeat(value, heads // kv_heads, axis=2)
    depth = query.shape[-1]
    if scale is None:
        scale = 1.0 / _math.sqrt(depth)
    # NOTE: half-precision logits and softmax are computed in float32 for stability.
    compute = "float32" if dtype in ("float16", "bfloat16") else dtype
    q = tf.cast(query, compute)
    k = tf.cast(key, compute)
    logits = tf.einsum("btnh,bsnh->bnts", q, k) * tf.cast(scale, compute)
    if attn_logits_soft_cap is not None:
        cap = tf.cast(attn_logits_soft_cap, compute)
        logits = cap * tf.tanh(logits / cap)
    if bias is not None:
        bias = tf.cast(convert_to_tensor(bias), compute)
        if unbatched and bias.shape.rank == 3:
            bias = bias[None]
        logits = logits + bias
    keep = None
    if mask is not None:
        keep = tf.cast(convert_to_tensor(mask), "bool")
        if unbatched and keep.shape.rank == 3:
            keep = keep[None]
    if is_causal:
        t, s = tf.shape(logits)[-2], tf.shape(logits)[-1]
        causal = tf.linalg.band_part(tf.ones(tf.stack([t, s]), "bool"), -1, 0)
        keep = causal if keep is None else tf.logical_and(keep, causal)
    if keep is not None:
        logits = tf.where(keep, logits, tf.constant(np.finfo(compute).min, compute))
    weights = tf.nn.softmax(logits, axis=-1)
    y = tf.einsum("bnts,bsnh->btnh", weights, tf.cast(value, compute))
    if unbatched:
        y = y[0]
    return tf.cast(y, dtype)


# ---------------------------------------------------------------------- rearrangements


def depth_to_space(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    data_format = _data_format(data_format)
    if x.shape.rank != 4:
        raise ValueError(f"depth_to_space: expected a rank-4 input, got {tuple(x.shape)}.")
    channels = x.shape[1 if data_format == "channels_first" else -1]
    if channels is not None and channels % (block_size * block_size):
        raise ValueError(
            f"depth_to_space: channels ({channels}) must be divisible by block_size**2 "
            f"({block_size * block_size})."
        )
    y = tf.nn.depth_to_space(_to_last(x, data_format), block_size)
    return _from_last(y, data_format)


def space_to_depth(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    data_format = _data_format(data_format)
    if x.shape.rank != 4:
        raise ValueError(f"space_to_depth: expected a rank-4 input, got {tuple(x.shape)}.")
    y = _to_last(x, data_format)
    h, w = y.shape[1], y.shape[2]
    if (h is not None and h % block_size) or (w is not None and w % block_size):
        raise ValueError(
            f"space_to_depth: height and width ({h}, {w}) must be divisible by block_size "
            f"({block_size})."
        )
    return _from_last(tf.nn.space_to_depth(y, block_size), data_format)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    x = convert_to_tensor(x)
    if x.shape.rank != 4:
        raise ValueError(f"unfold: expected inputs of shape (N, C, H, W), got {tuple(x.shape)}.")
    kh, kw = _tuple(kernel_size, 2, "kernel_size")
    dilation = _tuple(dilation, 2, "dilation")
    padding = _tuple(padding, 2, "padding")
    stride = _tuple(stride, 2, "stride")
    c = x.shape[1]
    dyn = tf.shape(x)
    y = tf.transpose(x, [0, 2, 3, 1])
    y = tf.pad(y, [[0, 0], [padding[0]] * 2, [padding[1]] * 2, [0, 0]])
    patches = tf.image.extract_patches(
        y, sizes=[1, kh, kw, 1], strides=[1, *stride, 1], rates=[1, *dilation, 1],
        padding="VALID",
    )  # (N, oh, ow, kh * kw * C) ordered (kh, kw, C)
    patches = tf.reshape(patches, tf.stack([dyn[0], -1, kh * kw, c]))
    patches = tf.transpose(patches, [0, 3, 2, 1])  # N, C, kh*kw, L
    return tf.reshape(patches, tf.stack([dyn[0], c * kh * kw, -1]))


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    x = convert_to_tensor(x)
    output_size = _tuple(output_size, 2, "output_size")
    kh, kw = _tuple(kernel_size, 2, "kernel_size")
    dilation = _tuple(dilation, 2, "dilation")
    padding = _tuple(padding, 2, "padding")
    stride = _tuple(stride, 2, "stride")
    if x.shape.rank != 3 or (x.shape[1] is not None and x.shape[1] % (kh * kw)):
        raise ValueError(
            f"fold: expected inputs of shape (N, C * {kh} * {kw}, L), got {tuple(x.shape)}."
        )
    ckk, length = x.shape[1], x.shape[2]
    c = ckk // (kh * kw)
    ph, pw = output_size[0] + 2 * padding[0], output_size[1] + 2 * padding[1]
    oh = (ph - (kh - 1) * dilation[0] - 1) // stride[0] + 1
    ow = (pw - (kw - 1) * dilation[1] - 1) // stride[1] + 1
    if length is not None and oh * ow != length:
        raise ValueError(
            f"fold: the input has {length} blocks but output_size={output_size}, "
            f"kernel_size={(kh, kw)}, dilation, padding and stride give {oh * ow}."
        )
    i, j, p, q = np.meshgrid(np.arange(kh), np.arange(kw), np.arange(oh), np.arange(ow),
                             indexing="ij")
    rows = p * stride[0] + i * dilation[0]
    cols = q * stride[1] + j * dilation[1]
    segment_ids = (rows * pw + cols).reshape(-1)
    n = tf.shape(x)[0]
    blocks = tf.reshape(x, tf.stack([n, c, kh * kw * oh * ow]))
    blocks = tf.transpose(blocks, [2, 0, 1])
    y = tf.math.unsorted_segment_sum(blocks, tf.constant(segment_ids, "int32"), ph * pw)
    y = tf.reshape(tf.transpose(y, [1, 2, 0]), tf.stack([n, c, ph, pw]))
    return y[:, :, padding[0] : padding[0] + output_size[0],
             padding[1] : padding[1] + output_size[1]]


# ---------------------------------------------------------------------- CTC


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    target = tf.cast(convert_to_tensor(target), "int32")
    output, dtype = _float(output)
    if output.shape.rank != 3 or target.shape.rank != 2:
        raise ValueError(
            "ctc_loss: expected target of shape (batch, max_label_length) and output of shape "
            f"(batch, max_time, num_classes), got {tuple(target.shape)} and "
            f"{tuple(output.shape)}."
        )
    compute = "float32" if dtype in ("float16", "bfloat16") else dtype
    logits = tf.transpose(tf.cast(output, compute), [1, 0, 2])
    loss = tf.nn.ctc_loss(
        labels=target,
        logits=logits,
        label_length=tf.cast(convert_to_tensor(target_length), "int32"),
        logit_length=tf.cast(convert_to_tensor(output_length), "int32"),
        logits_time_major=True,
        blank_index=mask_index,
    )
    return tf.cast(loss, dtype)


def _dense_paths(sparse_paths, batch, steps):
    dense = []
    for path in sparse_paths:
        d = tf.sparse.to_dense(
            tf.SparseTensor(path.indices, path.values, tf.stack(
                [tf.cast(batch, "int64"), tf.cast(steps, "int64")])),
            default_value=-1,
        )
        dense.append(tf.cast(d, "int32"))
    return tf.stack(dense)


# Far below any labeling's log-probability, yet finite, so that tf keeps it as a leaf.
_CTC_FILLER_LOG_PROB = -1e30


def _ctc_beam_search(time_major, lengths, beam_width, top_paths, mask_index, dtype):
    # NOTE: tf's beam search treats the last class as the blank; move mask_index there and
    # map the decoded labels back. Its merge_repeated=True also merges labels separated by
    # a blank, which standard CTC decoding does not, so it is off (the beam itself always
    # collapses repeats, as on the other engines).
    #
    # Note [ctc filler classes]: tf fails ("Less leaves in the beam search than requested")
    # when a sequence has fewer labelings of nonzero probability than top_paths, and when
    # top_paths > beam_width; the other engines return such missing paths as -1 with score
    # -inf. So tf is asked for at most beam_width paths, and `kept` filler classes of
    # log-probability -1e30 are added before the blank: every sequence of length >= 1 then
    # has enough leaves, a filler labeling ranks below every real one (so the real ones and
    # their scores are unchanged), and paths holding a filler are reported missing.
    # Length-0 sequences (one leaf) are decoded as length 1 and then set to the empty
    # labeling with score 0.
    steps, batch, num_classes = (
        tf.shape(time_major)[0], tf.shape(time_major)[1], time_major.shape[-1]
    )
    blank = num_classes - 1 if mask_index is None else int(mask_index) % num_classes
    if blank != num_classes - 1:
        time_major = tf.concat(
            [time_major[..., :blank], time_major[..., blank + 1 :],
             time_major[..., blank : blank + 1]],
            axis=-1,
        )
    kept = min(int(top_paths), int(beam_width))
    filler = tf.fill(tf.stack([steps, batch, kept]), tf.constant(_CTC_FILLER_LOG_PROB,
                                                                   time_major.dtype))
    time_major = tf.concat([time_major[..., :-1], filler, time_major[..., -1:]], axis=-1)
    empty = lengths <= 0
    paths, scores = tf.compat.v1.nn.ctc_beam_search_decoder(
        tf.cast(time_major, "float32"), tf.maximum(lengths, 1), beam_width=beam_width,
        top_paths=kept, merge_repeated=False,
    )
    paths = _dense_paths(paths, batch, steps)
    missing = tf.reduce_any(paths >= num_classes - 1, axis=-1)
    missing = tf.transpose(missing) | (empty[:, None] & (tf.range(kept) > 0)[None, :])
    paths = tf.where(paths >= blank, paths + 1, paths)
    paths = tf.where(tf.transpose(missing)[..., None] | empty[None, :, None], -1, paths)
    scores = tf.where(empty[:, None], tf.zeros_like(scores), scores)
    scores = tf.where(missing, tf.constant(-np.inf, scores.dtype), scores)
    if kept < top_paths:
        paths = tf.concat(
            [paths, tf.fill(tf.stack([top_paths - kept, batch, steps]), -1)], axis=0
        )
        scores = tf.concat(
            [scores, tf.fill(tf.stack([batch, top_paths - kept]),
                             tf.constant(-np.inf, scores.dtype))], axis=1
        )
    return paths, tf.cast(scores, dtype)


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
    if inputs.shape.rank != 3:
        raise ValueError(
            "ctc_decode: expected inputs of shape (batch, max_time, num_classes), got "
            f"{tuple(inputs.shape)}."
        )
    compute = "float32" if dtype in ("float16", "bfloat16") else dtype
    log_probs = tf.nn.log_softmax(tf.cast(inputs, compute), axis=-1)
    lengths = tf.cast(convert_to_tensor(sequence_lengths), "int32")
    shape = tf.shape(inputs)
    batch, steps, classes = shape[0], shape[1], shape[2]
    time_major = tf.transpose(log_probs, [1, 0, 2])
    if strategy == "greedy":
        paths, scores = tf.nn.ctc_greedy_decoder(
            time_major, lengths, merge_repeated=merge_repeated, blank_index=mask_index
        )
    elif strategy == "beam_search":
        return _ctc_beam_search(time_major, lengths, beam_width, top_paths, mask_index, dtype)
    else:
        raise ValueError(
            f"ctc_decode: strategy must be 'greedy' or 'beam_search', got {strategy!r}."
        )
    del classes
    return _dense_paths(paths, batch, steps), tf.cast(scores, dtype)
