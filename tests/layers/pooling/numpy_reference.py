"""Independent NumPy references for the pooling layers (channels_last, direct loops)."""

import itertools
import math

import numpy as np


def to_first(x):
    return np.moveaxis(x, -1, 1)


def pool(x, pool_size, strides, padding, mode):
    """Max/average pooling; "same" pads ``total // 2`` before and ignores padded cells."""
    spatial = x.shape[1:-1]
    starts, out_shape = [], []
    for size, k, s in zip(spatial, pool_size, strides):
        if padding == "same":
            out = -(-size // s)
            before = max((out - 1) * s + k - size, 0) // 2
        else:
            out = (size - k) // s + 1
            before = 0
        out_shape.append(out)
        starts.append([i * s - before for i in range(out)])
    result = np.zeros((x.shape[0], *out_shape, x.shape[-1]), x.dtype)
    for index in itertools.product(*[range(o) for o in out_shape]):
        slices = tuple(
            slice(max(start[i], 0), min(start[i] + k, size))
            for i, start, k, size in zip(index, starts, pool_size, spatial)
        )
        window = x[(slice(None),) + slices + (slice(None),)]
        axes = tuple(range(1, len(spatial) + 1))
        value = window.max(axis=axes) if mode == "max" else window.mean(axis=axes)
        result[(slice(None),) + index] = value
    return result


def adaptive_pool(x, output_size, mode):
    """Window ``i`` of an axis of length L spans ``[floor(i L / out), ceil((i + 1) L / out))``."""
    spatial = x.shape[1:-1]
    result = np.zeros((x.shape[0], *output_size, x.shape[-1]), x.dtype)
    for index in itertools.product(*[range(o) for o in output_size]):
        slices = tuple(
            slice(math.floor(i * size / out), math.ceil((i + 1) * size / out))
            for i, size, out in zip(index, spatial, output_size)
        )
        window = x[(slice(None),) + slices + (slice(None),)]
        axes = tuple(range(1, len(spatial) + 1))
        value = window.max(axis=axes) if mode == "max" else window.mean(axis=axes)
        result[(slice(None),) + index] = value
    return result
