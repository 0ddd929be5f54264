import builtins
import math as pymath

import jax
import jax.numpy as jnp
import numpy as np

from kbackend.backends.common import config, dtypes
from kbackend.backends.jax.core import convert_to_tensor

# Float array dtypes (NumPy dtype objects, as jax arrays report them) for `_float`'s fast path.
_FLOAT_DTYPES = frozenset(np.dtype(name) for name in ("float16", "float32", "float64"))
_FLOAT_DTYPES = _FLOAT_DTYPES | {jnp.dtype(jnp.bfloat16)}


def _float(x):
    # Fast path: a float array already has the table's float dtype (float_result_type of a
    # float dtype is itself, whatever floatx is). Variables report a str dtype and tracers
    # are jax.Arrays, so both take the right path.
    if getattr(x, "dtype", None) in _FLOAT_DTYPES and isinstance(x, jax.Array):
        return x
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(x.dtype)
    if x.dtype == dtype:
        return x
    return x.astype(dtype)


def _data_format(data_format):
    if data_format is None:
        return config.image_data_format()
    return config.standardize_data_format(data_format)


def _tuple(value, n, name):
    if isinstance(value, (int, np.integer)):
        return (int(value),) * n
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * n
    if len(value) != n:
        raise ValueError(f"{name} must have {n} values, got {value}.")
    return value


def _padding(padding, op):
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"{op}: padding must be 'valid' or 'same', got {padding!r}.")
    return padding.upper()


# --- activations ------------------------------------------------------------------

# Note [jitted activations]: jax.nn.relu, relu6, gelu and softmax are custom_jvp functions
# (or, for gelu, a chain of un-jitted primitives). Called eagerly, a custom_jvp builds its
# debug info with inspect.signature on every call (~350 us), and an un-jitted chain pays
# one dispatch per primitive; a jax.jit of the SAME function takes jit's C++ fast path
# (~15 us). This is safe: the jitted function runs the same jax function (the custom_jvp
# rule included, so gradients are unchanged), and inside an outer jit/grad/vmap a nested
# jit is traced through and inlined. relu and relu6 already jit their body, so values
# and gradients are bitwise unchanged. gelu and softmax become one fused XLA program
# instead of op-by-op dispatch: eager results now equal what the compiled train/predict
# step computes, which can differ from the old op-by-op result by float rounding (1 ulp
# in float32; bfloat16 keeps float32 between fused ops). Static arguments (gelu's
# `approximate`, softmax's `axis`) are hashable Python values here; anything else takes
# the plain call.
_relu = jax.jit(jax.nn.relu)
_relu6 = jax.jit(jax.nn.relu6)
_gelu = jax.jit(jax.nn.gelu, static_argnames=("approximate",))
_softmax = jax.jit(jax.nn.softmax, static_argnames=("axis",))


def _static_axis(axis):
    return type(axis) is int or (
        type(axis) is tuple and builtins.all(type(a) is int for a in axis)
    )


def relu(x):
    return _relu(_float(x))


def relu6(x):
    return _relu6(_float(x))


def sigmoid(x):
    return jax.nn.sigmoid(_float(x))


def sparse_sigmoid(x):
    x = _float(x)
    return jnp.clip((x + 1) / 2, 0, 1).astype(x.dtype)


def softplus(x):
    return jax.nn.softplus(_float(x))


def softsign(x):
    return jax.nn.soft_sign(_float(x))


def soft_shrink(x, threshold=0.5):
    x = _float(x)
    zero = jnp.zeros_like(x)
    return jnp.where(x > threshold, x - threshold, jnp.where(x < -threshold, x + threshold, zero))


def hard_shrink(x, threshold=0.5):
    x = _float(x)
    return jnp.where(jnp.abs(x) > threshold, x, jnp.zeros_like(x))


def sparse_plus(x):
    x = _float(x)
    middle = jnp.square(x + 1) / 4
    return jnp.where(x <= -1, jnp.zeros_like(x), jnp.where(x >= 1, x, middle)).astype(x.dtype)


def silu(x):
    return jax.nn.silu(_float(x))


def squareplus(x, b=4):
    x = _float(x)
    return ((x + jnp.sqrt(jnp.square(x) + b)) / 2).astype(x.dtype)


def log_sigmoid(x):
    return jax.nn.log_sigmoid(_float(x))


def leaky_relu(x, negative_slope=0.2):
    x = _float(x)
    return jnp.where(x >= 0, x, negative_slope * x).astype(x.dtype)


def hard_sigmoid(x):
    x = _float(x)
    return (_relu6(x + 3) / 6).astype(x.dtype)


def hard_silu(x):
    x = _float(x)
    return (x * (_relu6(x + 3) / 6)).astype(x.dtype)


def hard_tanh(x):
    x = _float(x)
    return jnp.clip(x, -1, 1).astype(x.dtype)


def tanh_shrink(x):
    x = _float(x)
    return x - jnp.tanh(x)


def threshold(x, threshold, default_value):
    x = _float(x)
    return jnp.where(x > threshold, x, jnp.asarray(default_value, x.dtype))


def elu(x, alpha=1.0):
    x = _float(x)
    return jnp.where(x > 0, x, alpha * jnp.expm1(jnp.minimum(x, 0))).astype(x.dtype)


def selu(x):
    return jax.nn.selu(_float(x))


def celu(x, alpha=1.0):
    x = _float(x)
    return (
        jnp.maximum(x, 0) + jnp.minimum(0, alpha * jnp.expm1(jnp.minimum(x, 0) / alpha))
    ).astype(x.dtype)


def gelu(x, approximate=True):
    if type(approximate) is bool:
        return _gelu(_float(x), approximate=approximate)
    return jax.nn.gelu(_float(x), approximate=approximate)


def glu(x, axis=-1):
    x = _float(x)
    if x.shape[axis] % 2 != 0:
        raise ValueError(
            f"glu: the size of axis {axis} must be even, got shape {tuple(x.shape)}."
        )
    a, b = jnp.split(x, 2, axis=axis)
    return a * jax.nn.sigmoid(b)


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def softmax(x, axis=-1):
    axis = _axis(axis)
    if _static_axis(axis):
        return _softmax(_float(x), axis=axis)
    return jax.nn.softmax(_float(x), axis=axis)


def log_softmax(x, axis=-1):
    return jax.nn.log_softmax(_float(x), axis=_axis(axis))


def sparsemax(x, axis=-1):
    x = _float(x)
    z = jnp.moveaxis(x, axis, -1)
    z_sorted = -jnp.sort(-z, axis=-1)
    k = jnp.arange(1, z.shape[-1] + 1, dtype=z.dtype)
    cumsum = jnp.cumsum(z_sorted, axis=-1)
    support = (1 + k * z_sorted) > cumsum
    k_z = jnp.sum(support, axis=-1, keepdims=True).astype(z.dtype)
    tau = (jnp.take_along_axis(cumsum, k_z.astype("int32") - 1, axis=-1) - 1) / k_z
    out = jnp.maximum(z - tau, 0)
    return jnp.moveaxis(out, -1, axis).astype(x.dtype)


# --- normalization ----------------------------------------------------------------


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=0.001):
    x = _float(x)
    dtype = x.dtype
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def prep(v):
        return convert_to_tensor(v).astype(dtype).reshape(shape)

    inv = jax.lax.rsqrt(prep(variance) + epsilon)
    if scale is not None:
        inv = inv * prep(scale)
    result = (x - prep(mean)) * inv
    if offset is not None:
        result = result + prep(offset)
    return result.astype(dtype)


def moments(x, axes, keepdims=False, synchronized=False):
    x = _float(x)
    dtype = x.dtype
    # NOTE: half precision statistics overflow easily; compute them in float32.
    if dtype in ("float16", "bfloat16"):
        x = x.astype("float32")
    axes = _axis(axes)
    mean = jnp.mean(x, axis=axes, keepdims=True)
    variance = jnp.mean(jnp.square(x - jax.lax.stop_gradient(mean)), axis=axes, keepdims=True)
    if not keepdims:
        mean = jnp.squeeze(mean, axis=axes)
        variance = jnp.squeeze(variance, axis=axes)
    return mean.astype(dtype), variance.astype(dtype)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    x = _float(x)
    dtype = x.dtype
    if epsilon is None:
        epsilon = config.epsilon()
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise TypeError(f"layer_normalization got unexpected arguments: {sorted(kwargs)}.")
    axes = _axis(axis)
    axes_tuple = axes if isinstance(axes, tuple) else (axes,)
    compute = x.astype("float32") if dtype in ("float16", "bfloat16") else x
    shape = [1] * x.ndim
    for a in axes_tuple:
        shape[a] = x.shape[a]

    def prep(v):
        v = convert_to_tensor(v).astype(compute.dtype)
        if v.ndim == x.ndim:
            return v
        return v.reshape(shape)

    if rms_scaling:
        variance = jnp.mean(jnp.square(compute), axis=axes, keepdims=True)
        result = compute * jax.lax.rsqrt(variance + epsilon)
        if gamma is not None:
            result = result * prep(gamma)
        return result.astype(dtype)
    mean = jnp.mean(compute, axis=axes, keepdims=True)
    variance = jnp.var(compute, axis=axes, keepdims=True)
    result = (compute - mean) * jax.lax.rsqrt(variance + epsilon)
    if gamma is not None:
        result = result * prep(gamma)
    if beta is not None:
        result = result + prep(beta)
    return result.astype(dtype)


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    x = _float(x)
    dtype = x.dtype
    if epsilon is None:
        epsilon = config.epsilon()
    compute = x.astype("float32") if dtype in ("float16", "bfloat16") else x
    result = compute * jax.lax.rsqrt(
        jnp.mean(jnp.square(compute), axis=_axis(axis), keepdims=True) + epsilon
    )
    if scale is not None:
        result = result * convert_to_tensor(scale).astype(compute.dtype)
    return result.astype(dtype)


def normalize(x, axis=-1, order=2, epsilon=None):
    x = _float(x)
    if epsilon is None:
        epsilon = config.epsilon()
    norm = jnp.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    return (x / jnp.maximum(norm, epsilon)).astype(x.dtype)


# --- losses -----------------------------------------------------------------------


def _check_same_shape(target, output, op):
    if target.shape != output.shape:
        raise ValueError(
            f"{op}: target and output must have the same shape, got target.shape="
            f"{tuple(target.shape)} and output.shape={tuple(output.shape)}."
        )


def binary_crossentropy(target, output, from_logits=False):
    output = _float(output)
    target = convert_to_tensor(target).astype(output.dtype)
    _check_same_shape(target, output, "binary_crossentropy")
    if from_logits:
        return (
            jnp.maximum(output, 0) - output * target + jnp.log1p(jnp.exp(-jnp.abs(output)))
        )
    eps = config.epsilon()
    output = jnp.clip(output, eps, 1 - eps)
    return -(target * jnp.log(output) + (1 - target) * jnp.log1p(-output))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = _float(output)
    target = convert_to_tensor(target).astype(output.dtype)
    _check_same_shape(target, output, "categorical_crossentropy")
    if output.ndim < 1:
        raise ValueError("categorical_crossentropy expects at least 1-D tensors.")
    if from_logits:
        log_probs = jax.nn.log_softmax(output, axis=axis)
    else:
        output = output / jnp.sum(output, axis=axis, keepdims=True)
        eps = config.epsilon()
        log_probs = jnp.log(jnp.clip(output, eps, 1 - eps))
    return -jnp.sum(target * log_probs, axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = _float(output)
    target = convert_to_tensor(target)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = jnp.squeeze(target, axis=-1)
    expected = tuple(np.delete(np.array(output.shape), axis)) if output.ndim else ()
    if tuple(target.shape) != expected:
        raise ValueError(
            "sparse_categorical_crossentropy: target shape must equal output shape "
            f"without the class axis, got target.shape={tuple(target.shape)} and "
            f"output.shape={tuple(output.shape)}."
        )
    target = target.astype("int32")
    one_hot_target = jax.nn.one_hot(target, output.shape[axis], axis=axis, dtype=output.dtype)
    return categorical_crossentropy(one_hot_target, output, from_logits=from_logits, axis=axis)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    if sparse:
        raise ValueError("one_hot: the jax engine does not support sparse=True.")
    x = convert_to_tensor(x)
    dtype = dtypes.standardize_dtype(dtype) if dtype is not None else config.floatx()
    return jax.nn.one_hot(x, num_classes, dtype=dtype, axis=axis)


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if num_classes is None:
        raise ValueError("multi_hot requires num_classes.")
    if sparse:
        raise ValueError("multi_hot: the jax engine does not support sparse=True.")
    inputs = convert_to_tensor(inputs)
    dtype = dtypes.standardize_dtype(dtype) if dtype is not None else config.floatx()
    encoded = jax.nn.one_hot(inputs, num_classes, dtype=dtype, axis=axis)
    # Reduce over the last input axis, wherever one_hot's new axis pushed it.
    new_axis = axis % (inputs.ndim + 1)
    last = inputs.ndim if new_axis <= inputs.ndim - 1 else inputs.ndim - 1
    return jnp.max(encoded, axis=last)


# --- convolution ------------------------------------------------------------------


def _dimension_numbers(num_spatial, data_format):
    spatial = "DHW"[-num_spatial:] if num_spatial <= 3 else None
    if spatial is None:
        raise ValueError(f"Only 1-3 spatial dims are supported, got {num_spatial}.")
    lhs = "NC" + spatial if data_format == "channels_first" else "N" + spatial + "C"
    return (lhs, spatial + "IO", lhs)


def _conv_inputs(inputs, kernel):
    inputs = convert_to_tensor(inputs)
    kernel = convert_to_tensor(kernel)
    dtype = dtypes.result_type(inputs.dtype, kernel.dtype)
    return inputs.astype(dtype), kernel.astype(dtype)


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    inputs, kernel = _conv_inputs(inputs, kernel)
    data_format = _data_format(data_format)
    num_spatial = inputs.ndim - 2
    if kernel.ndim != num_spatial + 2:
        raise ValueError(
            f"conv: kernel rank {kernel.ndim} does not match inputs rank {inputs.ndim}."
        )
    channels = inputs.shape[1] if data_format == "channels_first" else inputs.shape[-1]
    kernel_in = kernel.shape[-2]
    if channels % kernel_in != 0:
        raise ValueError(
            f"conv: input channels ({channels}) must be a multiple of the kernel's input "
            f"channels ({kernel_in}); got inputs.shape={tuple(inputs.shape)}, "
            f"kernel.shape={tuple(kernel.shape)}."
        )
    return jax.lax.conv_general_dilated(
        inputs,
        kernel,
        window_strides=_tuple(strides, num_spatial, "strides"),
        padding=_padding(padding, "conv"),
        rhs_dilation=_tuple(dilation_rate, num_spatial, "dilation_rate"),
        dimension_numbers=_dimension_numbers(num_spatial, data_format),
        feature_group_count=channels // kernel_in,
    )


def depthwise_conv(
    inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1
):
    inputs, kernel = _conv_inputs(inputs, kernel)
    data_format = _data_format(data_format)
    num_spatial = inputs.ndim - 2
    channels = inputs.shape[1] if data_format == "channels_first" else inputs.shape[-1]
    kernel = kernel.reshape(kernel.shape[:-2] + (1, kernel.shape[-2] * kernel.shape[-1]))
    return jax.lax.conv_general_dilated(
        inputs,
        kernel,
        window_strides=_tuple(strides, num_spatial, "strides"),
        padding=_padding(padding, "depthwise_conv"),
        rhs_dilation=_tuple(dilation_rate, num_spatial, "dilation_rate"),
        dimension_numbers=_dimension_numbers(num_spatial, data_format),
        feature_group_count=channels,
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
    data_format = _data_format(data_format)
    depthwise = depthwise_conv(
        inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format, 1)


def _transpose_output_length(length, kernel, stride, padding, output_padding, dilation):
    kernel = (kernel - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return length * stride + builtins.max(kernel - stride, 0)
        return length * stride
    pad = kernel // 2 if padding == "same" else 0
    return (length - 1) * stride + kernel - 2 * pad + output_padding


def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    inputs, kernel = _conv_inputs(inputs, kernel)
    data_format = _data_format(data_format)
    padding = _padding(padding, "conv_transpose").lower()
    num_spatial = inputs.ndim - 2
    strides = _tuple(strides, num_spatial, "strides")
    dilation = _tuple(dilation_rate, num_spatial, "dilation_rate")
    if output_padding is None:
        output_padding = (None,) * num_spatial
    else:
        output_padding = _tuple(output_padding, num_spatial, "output_padding")
    spatial_in = inputs.shape[2:] if data_format == "channels_first" else inputs.shape[1:-1]
    pads = []
    for i in range(num_spatial):
        k_eff = (kernel.shape[i] - 1) * dilation[i] + 1
        out_len = _transpose_output_length(
            spatial_in[i], kernel.shape[i], strides[i], padding, output_padding[i], dilation[i]
        )
        if padding == "same":
            before = builtins.max((spatial_in[i] - 1) * strides[i] + k_eff - out_len, 0) // 2
        else:
            before = 0
        left = k_eff - 1 - before
        right = out_len + k_eff - 2 - (spatial_in[i] - 1) * strides[i] - left
        pads.append((left, right))
    # Keras kernels are (spatial..., out_channels, in_channels): flip the window and swap
    # the channel axes to express the transpose as a dilated forward convolution.
    kernel = jnp.flip(kernel, axis=tuple(range(num_spatial)))
    kernel = jnp.swapaxes(kernel, -1, -2)
    return jax.lax.conv_general_dilated(
        inputs,
        kernel,
        window_strides=(1,) * num_spatial,
        padding=pads,
        lhs_dilation=strides,
        rhs_dilation=dilation,
        dimension_numbers=_dimension_numbers(num_spatial, data_format),
    )


# --- pooling ----------------------------------------------------------------------


def _pool_window(inputs, pool_size, strides, data_format):
    num_spatial = inputs.ndim - 2
    pool_size = _tuple(pool_size, num_spatial, "pool_size")
    strides = pool_size if strides is None else _tuple(strides, num_spatial, "strides")
    if data_format == "channels_first":
        return (1, 1) + pool_size, (1, 1) + strides
    return (1,) + pool_size + (1,), (1,) + strides + (1,)


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    inputs = convert_to_tensor(inputs)
    data_format = _data_format(data_format)
    window, strides = _pool_window(inputs, pool_size, strides, data_format)
    if jnp.issubdtype(inputs.dtype, jnp.floating):
        init = -jnp.inf
    elif inputs.dtype == bool:
        init = False
    else:
        init = jnp.iinfo(inputs.dtype).min
    # NOTE: the init value must be a concrete NumPy scalar: only then does jax recognise
    # the max/add monoid and use the differentiable reduce_window primitives under jit.
    return jax.lax.reduce_window(
        inputs,
        np.asarray(init, inputs.dtype),
        jax.lax.max,
        window,
        strides,
        _padding(padding, "max_pool"),
    )


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    inputs = _float(inputs)
    data_format = _data_format(data_format)
    window, strides = _pool_window(inputs, pool_size, strides, data_format)
    padding = _padding(padding, "average_pool")
    zero = np.asarray(0, inputs.dtype)
    sums = jax.lax.reduce_window(inputs, zero, jax.lax.add, window, strides, padding)
    if padding == "VALID":
        return sums / np.prod(window)
    # NOTE: with 'same' padding the padded positions do not count (as in Keras).
    ones = jnp.ones((1,) + inputs.shape[1:], inputs.dtype)
    counts = jax.lax.reduce_window(ones, zero, jax.lax.add, window, strides, padding)
    return sums / counts


def _adaptive_pool(inputs, output_size, data_format, reducer):
    inputs = convert_to_tensor(inputs)
    data_format = _data_format(data_format)
    num_spatial = inputs.ndim - 2
    output_size = _tuple(output_size, num_spatial, "output_size")
    first = 2 if data_format == "channels_first" else 1
    x = inputs
    for i, out in enumerate(output_size):
        axis = first + i
        length = x.shape[axis]
        pieces = []
        for j in range(out):
            start = (j * length) // out
            end = -((-(j + 1) * length) // out)
            segment = jax.lax.slice_in_dim(x, start, end, axis=axis)
            pieces.append(reducer(segment, axis=axis, keepdims=True))
        x = jnp.concatenate(pieces, axis=axis)
    return x


def adaptive_average_pool(inputs, output_size, data_format=None):
    inputs = _float(inputs)
    return _adaptive_pool(inputs, output_size, data_format, jnp.mean).astype(inputs.dtype)


def adaptive_max_pool(inputs, output_size, data_format=None):
    return _adaptive_pool(inputs, output_size, data_format, jnp.max)


# --- attention --------------------------------------------------------------------


def _attention_explicit(query, key, value, bias, mask, scale, is_causal, soft_cap):
    dtype = query.dtype
    num_heads, num_kv_heads = query.shape[-2], key.shape[-2]
    if num_heads != num_kv_heads:
        repeats = num_heads // num_kv_heads
        key = jnp.repeat(key, repeats, axis=-2)
        value = jnp.repeat(value, repeats, axis=-2)
    compute = "float32" if dtype in ("float16", "bfloat16") else dtype
    logits = jnp.einsum(
        "...tnh,...snh->...nts", query.astype(compute), key.astype(compute)
    ) * jnp.asarray(scale, compute)
    if soft_cap is not None:
        logits = soft_cap * jnp.tanh(logits / soft_cap)
    if bias is not None:
        logits = logits + convert_to_tensor(bias).astype(compute)
    big_negative = jnp.asarray(jnp.finfo(compute).min, compute)
    if mask is not None:
        logits = jnp.where(convert_to_tensor(mask).astype(bool), logits, big_negative)
    if is_causal:
        t, s = logits.shape[-2], logits.shape[-1]
        causal = jnp.tril(jnp.ones((t, s), dtype=bool), k=s - t) if s >= t else jnp.tril(
            jnp.ones((t, s), dtype=bool)
        )
        logits = jnp.where(causal, logits, big_negative)
    weights = _softmax(logits, axis=-1)
    out = jnp.einsum("...nts,...snh->...tnh", weights, value.astype(compute))
    return out.astype(dtype)


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
    query = convert_to_tensor(query)
    key = convert_to_tensor(key)
    value = convert_to_tensor(value)
    if query.ndim not in (3, 4) or key.ndim != query.ndim or value.ndim != query.ndim:
        raise ValueError(
            "dot_product_attention expects 3-D or 4-D query/key/value of layout "
            f"(batch, seq, heads, dim); got {tuple(query.shape)}, {tuple(key.shape)}, "
            f"{tuple(value.shape)}."
        )
    dtype = dtypes.float_result_type(query.dtype, key.dtype, value.dtype)
    query, key, value = query.astype(dtype), key.astype(dtype), value.astype(dtype)
    if scale is None:
        scale = 1.0 / pymath.sqrt(query.shape[-1])
    # NOTE: XLA:CPU has no float16 dot_general with float32 accumulation; under jit that
    # fails at compile time, after the except below, so float16 on CPU goes explicit.
    fused_ok = not (dtype == "float16" and jax.default_backend() == "cpu")
    if attn_logits_soft_cap is None and fused_ok:
        try:
            return jax.nn.dot_product_attention(
                query,
                key,
                value,
                bias=None if bias is None else convert_to_tensor(bias).astype(dtype),
                mask=None if mask is None else convert_to_tensor(mask).astype(bool),
                scale=float(scale),
                is_causal=is_causal,
            )
        except (ValueError, TypeError, NotImplementedError):
            # NOTE: the fused path rejects some broadcast shapes; fall back.
            pass
    return _attention_explicit(
        query, key, value, bias, mask, scale, is_causal, attn_logits_soft_cap
    )


# --- ctc --------------------------------------------------------------------------


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    output = _float(output)
    dtype = output.dtype
    compute = "float32" if dtype in ("float16", "bfloat16") else dtype
    log_probs = jax.nn.log_softmax(output.astype(compute), axis=-1)
    target = convert_to_tensor(target).astype("int32")
    target_length = convert_to_tensor(target_length).astype("int32")
    output_length = convert_to_tensor(output_length).astype("int32")
    batch, max_time, _ = log_probs.shape
    max_label = target.shape[1]
    num_states = 2 * max_label + 1
    # Extended labels: blank, l1, blank, l2, ..., blank.
    extended = jnp.full((batch, num_states), mask_index, dtype="int32")
    extended = extended.at[:, 1::2].set(target)
    previous = jnp.concatenate(
        [jnp.full((batch, 2), mask_index, "int32"), extended[:, :-2]], axis=1
    )
    can_skip = (extended != mask_index) & (extended != previous)
    can_skip = can_skip.at[:, :2].set(False)
    neg_inf = jnp.asarray(-1e30, compute)
    emissions = jnp.take_along_axis(
        log_probs, jnp.broadcast_to(extended[:, None, :], (batch, max_time, num_states)), axis=2
    )
    alpha0 = jnp.full((batch, num_states), neg_inf, compute)
    alpha0 = alpha0.at[:, 0].set(emissions[:, 0, 0])
    alpha0 = alpha0.at[:, 1].set(
        jnp.where(target_length > 0, emissions[:, 0, 1], neg_inf)
    )

    def step(alpha, inputs):
        emit, t = inputs
        shift1 = jnp.concatenate([jnp.full((batch, 1), neg_inf, compute), alpha[:, :-1]], 1)
        shift2 = jnp.concatenate([jnp.full((batch, 2), neg_inf, compute), alpha[:, :-2]], 1)
        shift2 = jnp.where(can_skip, shift2, neg_inf)
        new = jnp.logaddexp(jnp.logaddexp(alpha, shift1), shift2) + emit
        new = jnp.maximum(new, neg_inf)
        active = (t < output_length)[:, None]
        return jnp.where(active, new, alpha), None

    times = jnp.arange(1, max_time, dtype="int32")
    alpha, _ = jax.lax.scan(step, alpha0, (jnp.moveaxis(emissions[:, 1:], 1, 0), times))
    last = 2 * target_length
    end_blank = jnp.take_along_axis(alpha, last[:, None], axis=1)[:, 0]
    end_label = jnp.take_along_axis(alpha, jnp.maximum(last - 1, 0)[:, None], axis=1)[:, 0]
    end_label = jnp.where(target_length > 0, end_label, neg_inf)
    return (-jnp.logaddexp(end_blank, end_label)).astype(dtype)


def _ctc_greedy(log_probs, sequence_lengths, merge_repeated, mask_index):
    batch, max_time, num_classes = log_probs.shape
    mask_index = mask_index % num_classes  # -1 is the last class, as tf's blank_index
    best = jnp.argmax(log_probs, axis=-1).astype("int32")
    best_scores = jnp.max(log_probs, axis=-1)
    valid = jnp.arange(max_time)[None, :] < sequence_lengths[:, None]
    scores = -jnp.sum(jnp.where(valid, best_scores, 0), axis=1, keepdims=True)
    keep = valid & (best != mask_index)
    if merge_repeated:
        previous = jnp.concatenate([jnp.full((batch, 1), -1, "int32"), best[:, :-1]], 1)
        keep = keep & (best != previous)
    # Stable compaction: kept labels first, in order, then -1 padding.
    order = jnp.argsort(~keep, axis=1, stable=True)
    packed = jnp.take_along_axis(jnp.where(keep, best, -1), order, axis=1)
    return packed[None], scores


def _ctc_beam_search(log_probs, sequence_lengths, beam_width, top_paths, mask_index):
    # NOTE: fixed-shape and traceable under jax.jit (Note [fixed-shape beam] in ctc.py).
    from kbackend.backends.jax.ctc import ctc_beam_search

    return ctc_beam_search(log_probs, sequence_lengths, beam_width, top_paths, mask_index)


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
    dtype = inputs.dtype
    log_probs = jax.nn.log_softmax(inputs, axis=-1)
    sequence_lengths = convert_to_tensor(sequence_lengths).astype("int32")
    if strategy == "greedy":
        paths, scores = _ctc_greedy(log_probs, sequence_lengths, merge_repeated, mask_index)
    elif strategy == "beam_search":
        paths, scores = _ctc_beam_search(
            log_probs, sequence_lengths, beam_width, top_paths, mask_index
        )
    else:
        raise ValueError(
            f"ctc_decode: strategy must be 'greedy' or 'beam_search', got {strategy!r}."
        )
    return paths, scores.astype(dtype)


# --- misc -------------------------------------------------------------------------


def psnr(x1, x2, max_val):
    x1 = _float(x1)
    x2 = convert_to_tensor(x2).astype(x1.dtype)
    if x1.shape != x2.shape:
        raise ValueError(
            f"psnr: x1 and x2 must have the same shape, got {tuple(x1.shape)} and "
            f"{tuple(x2.shape)}."
        )
    mse = jnp.mean(jnp.square(x1 - x2))
    max_val = jnp.asarray(max_val, x1.dtype)
    return (20 * jnp.log10(max_val) - 10 * jnp.log10(mse)).astype(x1.dtype)


def polar(abs_, angle):
    abs_ = _float(abs_)
    angle = convert_to_tensor(angle).astype(abs_.dtype)
    return jax.lax.complex(abs_ * jnp.cos(angle), abs_ * jnp.sin(angle))


def depth_to_space(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    data_format = _data_format(data_format)
    bs = int(block_size)
    if data_format == "channels_first":
        b, c, h, w = x.shape
        if c % (bs * bs):
            raise ValueError(f"depth_to_space: channels {c} not divisible by {bs * bs}.")
        out = c // (bs * bs)
        x = x.reshape(b, bs, bs, out, h, w).transpose(0, 3, 4, 1, 5, 2)
        return x.reshape(b, out, h * bs, w * bs)
    b, h, w, c = x.shape
    if c % (bs * bs):
        raise ValueError(f"depth_to_space: channels {c} not divisible by {bs * bs}.")
    out = c // (bs * bs)
    x = x.reshape(b, h, w, bs, bs, out).transpose(0, 1, 3, 2, 4, 5)
    return x.reshape(b, h * bs, w * bs, out)


def space_to_depth(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    data_format = _data_format(data_format)
    bs = int(block_size)
    if data_format == "channels_first":
        b, c, h, w = x.shape
        x = x.reshape(b, c, h // bs, bs, w // bs, bs).transpose(0, 3, 5, 1, 2, 4)
        return x.reshape(b, c * bs * bs, h // bs, w // bs)
    b, h, w, c = x.shape
    if h % bs or w % bs:
        raise ValueError(
            f"space_to_depth: height and width must be multiples of {bs}, got {(h, w)}."
        )
    x = x.reshape(b, h // bs, bs, w // bs, bs, c).transpose(0, 1, 3, 2, 4, 5)
    return x.reshape(b, h // bs, w // bs, c * bs * bs)


def _unfold(x, kernel_size, dilation, padding, stride):
    n, c = x.shape[:2]
    kernel_size = _tuple(kernel_size, 2, "kernel_size")
    patches = jax.lax.conv_general_dilated_patches(
        x,
        filter_shape=kernel_size,
        window_strides=_tuple(stride, 2, "stride"),
        padding=[(p, p) for p in _tuple(padding, 2, "padding")],
        rhs_dilation=_tuple(dilation, 2, "dilation"),
        dimension_numbers=("NCHW", "OIHW", "NCHW"),
        precision=jax.lax.Precision.HIGHEST,
    )
    return patches.reshape(n, c * kernel_size[0] * kernel_size[1], -1)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    x = convert_to_tensor(x)
    if x.ndim != 4:
        raise ValueError(f"unfold expects a 4-D (N, C, H, W) input, got {tuple(x.shape)}.")
    return _unfold(x, kernel_size, dilation, padding, stride)


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    x = convert_to_tensor(x)
    if x.ndim != 3:
        raise ValueError(f"fold expects a 3-D (N, C*kh*kw, L) input, got {tuple(x.shape)}.")
    kh, kw = _tuple(kernel_size, 2, "kernel_size")
    n, ckk, _ = x.shape
    if ckk % (kh * kw):
        raise ValueError(f"fold: dim 1 ({ckk}) must be a multiple of kh*kw={kh * kw}.")
    out_h, out_w = _tuple(output_size, 2, "output_size")
    template = jnp.zeros((n, ckk // (kh * kw), out_h, out_w), x.dtype)
    # fold is the adjoint of unfold (overlapping positions are summed).
    (result,) = jax.linear_transpose(
        lambda image: _unfold(image, (kh, kw), dilation, padding, stride), template
    )(x)
    return result
