"""Independent NumPy references for the convolution layers: direct loops over output positions.

All functions take channels_last arrays; `to_last`/`to_first` convert channels_first data.
"""

import itertools

import numpy as np


def to_last(x):
    return np.moveaxis(x, 1, -1)


def to_first(x):
    return np.moveaxis(x, -1, 1)


def _same_pads(size, kernel, stride, dilation):
    effective = (kernel - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def pad_input(x, kernel_size, strides, padding, dilation, value=0.0):
    """Pads the spatial axes of a channels_last array for "valid"/"same"/"causal"."""
    pads = [(0, 0)]
    for axis, (k, s, d) in enumerate(zip(kernel_size, strides, dilation)):
        size = x.shape[axis + 1]
        if padding == "same":
            pads.append(_same_pads(size, k, s, d))
        elif padding == "causal":
            pads.append(((k - 1) * d, 0))
        else:
            pads.append((0, 0))
    pads.append((0, 0))
    return np.pad(x, pads, constant_values=value)


def windows(x, kernel_size, strides, dilation):
    """Yields (output index, output spatial shape, window (batch, *kernel, channels))."""
    out_shape = [
        (x.shape[i + 1] - ((k - 1) * d + 1)) // s + 1
        for i, (k, s, d) in enumerate(zip(kernel_size, strides, dilation))
    ]
    for index in itertools.product(*[range(o) for o in out_shape]):
        slices = tuple(
            slice(i * s, i * s + (k - 1) * d + 1, d)
            for i, k, s, d in zip(index, kernel_size, strides, dilation)
        )
        yield index, out_shape, x[(slice(None),) + slices + (slice(None),)]


def conv(x, kernel, bias, strides, padding, dilation, groups=1):
    n = kernel.ndim - 2
    kernel_size = kernel.shape[:n]
    xp = pad_input(x, kernel_size, strides, padding, dilation)
    in_per_group = kernel.shape[-2]
    filters = kernel.shape[-1]
    per_group = filters // groups
    out = None
    for index, out_shape, window in windows(xp, kernel_size, strides, dilation):
        if out is None:
            out = np.zeros((x.shape[0], *out_shape, filters))
        for g in range(groups):
            w = window[..., g * in_per_group:(g + 1) * in_per_group]
            k = kernel[..., g * per_group:(g + 1) * per_group]
            value = np.tensordot(w, k, axes=(list(range(1, n + 2)), list(range(n + 1))))
            out[(slice(None),) + index + (slice(g * per_group, (g + 1) * per_group),)] = value
    return out if bias is None else out + bias


def depthwise_conv(x, kernel, bias, strides, padding, dilation):
    n = kernel.ndim - 2
    kernel_size = kernel.shape[:n]
    channels, multiplier = kernel.shape[-2:]
    xp = pad_input(x, kernel_size, strides, padding, dilation)
    out = None
    for index, out_shape, window in windows(xp, kernel_size, strides, dilation):
        if out is None:
            out = np.zeros((x.shape[0], *out_shape, channels * multiplier))
        # window (batch, *K, C) x kernel (*K, C, M) -> (batch, C, M); channel c*M + m.
        value = np.einsum(window, [0, *range(1, n + 1), n + 1],
                          kernel, [*range(1, n + 1), n + 1, n + 2], [0, n + 1, n + 2])
        out[(slice(None),) + index] = value.reshape(x.shape[0], -1)
    return out if bias is None else out + bias


def separable_conv(x, depthwise_kernel, pointwise_kernel, bias, strides, padding, dilation):
    depthwise = depthwise_conv(x, depthwise_kernel, None, strides, padding, dilation)
    out = depthwise @ pointwise_kernel.reshape(pointwise_kernel.shape[-2:])
    return out if bias is None else out + bias


def conv_transpose(x, kernel, bias, strides, padding, dilation, output_padding=None):
    """Scatters each input position through the kernel, then crops/pads to Keras's size.

    Kernel layout (*kernel_size, filters, in_channels). The crop makes the op the gradient
    of a conv with the same padding (TensorFlow's convention, which Keras follows): for
    "same" the output starts ``max(full - length, 0) // 2`` into the scattered extent
    ``full = (in - 1) * s + k``; for "valid" it starts at 0.
    """
    n = kernel.ndim - 2
    kernel_size = kernel.shape[:n]
    filters = kernel.shape[-2]
    spatial = x.shape[1:-1]
    effective = [(k - 1) * d + 1 for k, d in zip(kernel_size, dilation)]
    full_shape = [(size - 1) * s + e for size, s, e in zip(spatial, strides, effective)]
    full = np.zeros((x.shape[0], *full_shape, filters))
    for index in itertools.product(*[range(size) for size in spatial]):
        contribution = np.einsum("bc,...fc->b...f", x[(slice(None),) + index], kernel)
        slices = tuple(
            slice(i * s, i * s + e, d)
            for i, s, e, d in zip(index, strides, effective, dilation)
        )
        full[(slice(None),) + slices] += contribution
    out_padding = output_padding or (None,) * n
    crops = []
    for size, k_eff, s, p in zip(spatial, effective, strides, out_padding):
        if p is None:
            length = size * s + max(k_eff - s, 0) if padding == "valid" else size * s
        else:
            pad = k_eff // 2 if padding == "same" else 0
            length = (size - 1) * s + k_eff - 2 * pad + p
        full_length = (size - 1) * s + k_eff
        offset = max(full_length - length, 0) // 2 if padding == "same" else 0
        crops.append((offset, length))
    # Zero-extend at the end where the requested length passes the scattered extent.
    extra = [(0, 0)] + [
        (0, max(offset + length - f, 0)) for (offset, length), f in zip(crops, full_shape)
    ] + [(0, 0)]
    full = np.pad(full, extra)
    out = full[(slice(None),) + tuple(slice(o, o + length) for o, length in crops)]
    return out if bias is None else out + bias
