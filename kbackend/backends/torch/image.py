import math

import numpy as np
import torch
import torch.nn.functional as F

from kbackend.backends.common import config, dtypes
from kbackend.backends.torch.core import convert_to_tensor, to_torch_dtype

RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")
AFFINE_INTERPOLATIONS = ("nearest", "bilinear")
FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
SCALE_AND_TRANSLATE_METHODS = (
    "linear",
    "bilinear",
    "trilinear",
    "triangle",
    "cubic",
    "bicubic",
    "tricubic",
    "lanczos3",
    "lanczos5",
)


# ---------------------------------------------------------------------------
# Helpers


def _data_format(data_format):
    return config.standardize_data_format(data_format)


def _compute_dtype(x):
    """Float dtype to compute in: float32 for ints and half floats, else the input's."""
    if x.dtype in (torch.float32, torch.float64):
        return x.dtype
    return torch.float32


def _restore_dtype(out, dtype):
    if dtype.is_floating_point:
        return out.to(dtype)
    if dtype == torch.bool:
        return out > 0.5
    # NOTE: integer images are rounded and saturated back to their dtype.
    info = torch.iinfo(dtype)
    return torch.clamp(torch.round(out), info.min, info.max).to(dtype)


def _batched(images, op_name, ranks=(3, 4)):
    images = convert_to_tensor(images)
    if images.ndim not in ranks:
        raise ValueError(
            f"{op_name}: expected images of rank {' or '.join(map(str, ranks))} "
            f"((batch,) height, width, channels), received shape {tuple(images.shape)}."
        )
    unbatched = images.ndim == min(ranks)
    return (images[None] if unbatched else images), unbatched


def _to_channels_last(images, data_format):
    if data_format == "channels_first":
        return images.permute(0, *range(2, images.ndim), 1)
    return images


def _from_channels_last(images, data_format):
    if data_format == "channels_first":
        return images.permute(0, images.ndim - 1, *range(1, images.ndim - 1))
    return images


def _to_channels_first(images, data_format):
    if data_format == "channels_last":
        return images.permute(0, images.ndim - 1, *range(1, images.ndim - 1))
    return images


def _from_channels_first(images, data_format):
    if data_format == "channels_last":
        return images.permute(0, *range(2, images.ndim), 1)
    return images


def _pair(value, name):
    if isinstance(value, (int, float, np.integer, np.floating)):
        return (value, value)
    value = tuple(value)
    if len(value) != 2:
        raise ValueError(f"{name} must be a number or a pair, received {value}.")
    return value


# ---------------------------------------------------------------------------
# Colour conversions


def rgb_to_grayscale(images, data_format=None):
    images = convert_to_tensor(images)
    data_format = _data_format(data_format)
    if images.ndim not in (3, 4):
        raise ValueError(
            f"rgb_to_grayscale: expected images of rank 3 or 4, received {tuple(images.shape)}."
        )
    channel_axis = -1 if data_format == "channels_last" else -3
    if images.shape[channel_axis] != 3:
        raise ValueError(
            f"rgb_to_grayscale: expected 3 channels on axis {channel_axis}, received shape "
            f"{tuple(images.shape)}."
        )
    dtype = images.dtype
    x = images.to(_compute_dtype(images))
    weights = torch.tensor([0.2989, 0.5870, 0.1140], dtype=x.dtype, device=x.device)
    if data_format == "channels_first":
        weights = weights.reshape(3, 1, 1)
    gray = torch.sum(x * weights, dim=channel_axis, keepdim=True)
    return _restore_dtype(gray, dtype)


def _check_float(images, op_name):
    if not images.dtype.is_floating_point:
        raise TypeError(
            f"{op_name}: images must be a float tensor, received {images.dtype}. Cast them "
            "first, e.g. with ops.cast(images, 'float32') / 255."
        )


def rgb_to_hsv(images, data_format=None):
    images = convert_to_tensor(images)
    data_format = _data_format(data_format)
    _check_float(images, "rgb_to_hsv")
    channel_axis = -1 if data_format == "channels_last" else -3
    dtype = images.dtype
    x = images.to(_compute_dtype(images))
    r, g, b = torch.unbind(x, dim=channel_axis)
    value = torch.maximum(torch.maximum(r, g), b)
    minimum = torch.minimum(torch.minimum(r, g), b)
    span = value - minimum
    safe_value = torch.where(value > 0, value, torch.ones_like(value))
    saturation = torch.where(value > 0, span / safe_value, torch.zeros_like(value))
    safe_span = torch.where(span > 0, span, torch.ones_like(span))
    hue = torch.where(
        r == value,
        (g - b) / safe_span,
        torch.where(g == value, (b - r) / safe_span + 2.0, (r - g) / safe_span + 4.0),
    )
    hue = torch.where(span > 0, hue / 6.0, torch.zeros_like(hue))
    hue = torch.where(hue < 0, hue + 1.0, hue)
    return torch.stack([hue, saturation, value], dim=channel_axis).to(dtype)


def hsv_to_rgb(images, data_format=None):
    images = convert_to_tensor(images)
    data_format = _data_format(data_format)
    _check_float(images, "hsv_to_rgb")
    channel_axis = -1 if data_format == "channels_last" else -3
    dtype = images.dtype
    x = images.to(_compute_dtype(images))
    h, s, v = torch.unbind(x, dim=channel_axis)
    dh = h * 6.0
    dr = torch.clamp(torch.abs(dh - 3.0) - 1.0, 0.0, 1.0)
    dg = torch.clamp(2.0 - torch.abs(dh - 2.0), 0.0, 1.0)
    db = torch.clamp(2.0 - torch.abs(dh - 4.0), 0.0, 1.0)
    one_minus_s = 1.0 - s
    rgb = [v * (one_minus_s + s * d) for d in (dr, dg, db)]
    return torch.stack(rgb, dim=channel_axis).to(dtype)


# ---------------------------------------------------------------------------
# Resampling kernels (half-pixel centres, as jax.image)


def _triangle(x):
    return torch.clamp(1.0 - x, min=0.0)


def _keys_cubic(x):
    # Keys cubic with a = -0.5.
    near = ((1.5 * x - 2.5) * x) * x + 1.0
    far = ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0
    return torch.where(x >= 2.0, torch.zeros_like(x), torch.where(x >= 1.0, far, near))


def _lanczos(radius):
    def kernel(x):
        safe = torch.where(x > 1e-3, x, torch.ones_like(x))
        y = radius * torch.sin(math.pi * safe) * torch.sin(math.pi * safe / radius)
        y = y / (math.pi**2 * safe * safe)
        y = torch.where(x > 1e-3, y, torch.ones_like(x))
        return torch.where(x > radius, torch.zeros_like(x), y)

    return kernel


_KERNELS = {
    "linear": _triangle,
    "bilinear": _triangle,
    "trilinear": _triangle,
    "triangle": _triangle,
    "cubic": _keys_cubic,
    "bicubic": _keys_cubic,
    "tricubic": _keys_cubic,
    "lanczos3": _lanczos(3.0),
    "lanczos5": _lanczos(5.0),
}


def _weight_matrix(in_size, out_size, scale, translation, kernel, antialias, dtype, device):
    """(in_size, out_size) resampling weights for one dimension."""
    scale = torch.as_tensor(scale, dtype=dtype, device=device)
    translation = torch.as_tensor(translation, dtype=dtype, device=device)
    inv_scale = 1.0 / scale
    kernel_scale = torch.clamp(inv_scale, min=1.0) if antialias else torch.ones_like(inv_scale)
    sample = (
        (torch.arange(out_size, dtype=dtype, device=device) + 0.5) * inv_scale
        - translation * inv_scale
        - 0.5
    )
    positions = torch.arange(in_size, dtype=dtype, device=device)
    weights = kernel(torch.abs(sample[None, :] - positions[:, None]) / kernel_scale)
    total = torch.sum(weights, dim=0, keepdim=True)
    eps = 1000.0 * float(np.finfo(np.float32).eps)
    weights = torch.where(
        torch.abs(total) > eps,
        weights / torch.where(total != 0, total, torch.ones_like(total)),
        torch.zeros_like(weights),
    )
    inside = (sample >= -0.5) & (sample <= in_size - 0.5)
    return torch.where(inside[None, :], weights, torch.zeros_like(weights))


def _area_weights(in_size, out_size, like):
    # NOTE: TF's "area": each output pixel averages the input span it covers, with
    # fractional weights at the span's ends.
    step = in_size / out_size
    starts = torch.arange(out_size, dtype=torch.float64) * step
    positions = torch.arange(in_size, dtype=torch.float64)[:, None]
    overlap = torch.minimum(positions + 1, starts + step) - torch.maximum(positions, starts)
    weights = torch.clamp(overlap, min=0.0) / step
    return weights.to(dtype=like.dtype, device=like.device)


def _apply_weights(x, dim, weights):
    x = torch.movedim(x, dim, -1)
    x = torch.matmul(x, weights)
    return torch.movedim(x, -1, dim)


def _scale_and_translate(x, output_shape, spatial_dims, scale, translation, kernel, antialias):
    for i, dim in enumerate(spatial_dims):
        in_size, out_size = x.shape[dim], int(output_shape[dim])
        if in_size == out_size and float(scale[i]) == 1.0 and float(translation[i]) == 0.0:
            continue
        weights = _weight_matrix(
            in_size, out_size, scale[i], translation[i], kernel, antialias, x.dtype, x.device
        )
        x = _apply_weights(x, dim, weights)
    return x


def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method, antialias=True
):
    images = convert_to_tensor(images)
    if method not in _KERNELS:
        raise ValueError(
            f"scale_and_translate: unknown method {method!r}; expected one of "
            f"{SCALE_AND_TRANSLATE_METHODS}."
        )
    output_shape = tuple(int(s) for s in output_shape)
    if len(output_shape) != images.ndim:
        raise ValueError(
            f"scale_and_translate: output_shape {output_shape} must have one entry per "
            f"dimension of images {tuple(images.shape)}."
        )
    spatial_dims = tuple(int(d) % images.ndim for d in spatial_dims)
    scale = convert_to_tensor(scale).reshape(-1)
    translation = convert_to_tensor(translation).reshape(-1)
    dtype = to_torch_dtype(dtypes.float_result_type(dtypes.standardize_dtype(images.dtype)))
    x = images.to(_compute_dtype(images))
    scale = scale.to(x.dtype)
    translation = translation.to(x.dtype)
    out = _scale_and_translate(
        x, output_shape, spatial_dims, scale, translation, _KERNELS[method], antialias
    )
    return out.to(dtype)


def _resize_nearest(x, dims, sizes):
    for dim, out_size in zip(dims, sizes):
        in_size = x.shape[dim]
        if in_size == out_size:
            continue
        # NOTE: float64 so that (i + 0.5) * in / out rounds like jax's nearest.
        positions = (torch.arange(out_size, dtype=torch.float64) + 0.5) * (in_size / out_size)
        index = torch.clamp(torch.floor(positions), max=in_size - 1).to(torch.long)
        x = torch.index_select(x, dim, index.to(x.device))
    return x


def resize(
    images,
    size,
    interpolation="bilinear",
    antialias=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    fill_mode="constant",
    fill_value=0.0,
    data_format=None,
):
    data_format = _data_format(data_format)
    if interpolation not in RESIZE_INTERPOLATIONS:
        raise ValueError(
            f"resize: unknown interpolation {interpolation!r}; expected one of "
            f"{RESIZE_INTERPOLATIONS}."
        )
    if fill_mode != "constant":
        raise ValueError(f"resize: only fill_mode='constant' is supported, received {fill_mode!r}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "resize: only one of crop_to_aspect_ratio and pad_to_aspect_ratio can be True."
        )
    size = tuple(int(s) for s in size)
    if len(size) != 2:
        raise ValueError(f"resize: `size` must be (height, width), received {size}.")
    images, unbatched = _batched(images, "resize")
    x = _to_channels_first(images, data_format)  # (B, C, H, W)
    dtype = x.dtype
    height, width = x.shape[-2:]
    target_height, target_width = size
    if crop_to_aspect_ratio:
        crop_height = max(min(height, int(float(width * target_height) / target_width)), 1)
        crop_width = max(min(width, int(float(height * target_width) / target_height)), 1)
        top = int(float(height - crop_height) / 2)
        left = int(float(width - crop_width) / 2)
        x = x[..., top : top + crop_height, left : left + crop_width]
    elif pad_to_aspect_ratio:
        pad_height = max(height, int(float(width * target_height) / target_width))
        pad_width = max(width, int(float(height * target_width) / target_height))
        top = int(float(pad_height - height) / 2)
        left = int(float(pad_width - width) / 2)
        x = F.pad(
            x,
            (left, pad_width - width - left, top, pad_height - height - top),
            value=float(fill_value),
        )
    if interpolation == "nearest":
        out = _resize_nearest(x, (2, 3), size)
    else:
        xf = x.to(_compute_dtype(x))
        if interpolation == "area":
            out = xf
            for dim, out_size in zip((2, 3), size):
                out = _apply_weights(out, dim, _area_weights(out.shape[dim], out_size, out))
        else:
            in_h, in_w = xf.shape[-2:]
            scale = torch.tensor(
                [target_height / in_h, target_width / in_w], dtype=xf.dtype, device=xf.device
            )
            out = _scale_and_translate(
                xf,
                xf.shape[:2] + size,
                (2, 3),
                scale,
                torch.zeros_like(scale),
                _KERNELS[interpolation],
                antialias,
            )
        out = _restore_dtype(out, dtype)
    out = _from_channels_first(out, data_format)
    return out[0] if unbatched else out


# ---------------------------------------------------------------------------
# Coordinate mapping (scipy.ndimage / jax.scipy.ndimage semantics)


def _remap_index(index, size, fill_mode):
    if fill_mode == "nearest":
        return torch.clamp(index, 0, size - 1)
    if fill_mode == "wrap":
        return torch.remainder(index, size)
    if fill_mode == "mirror":
        if size == 1:
            return torch.zeros_like(index)
        period = 2 * (size - 1)
        index = torch.remainder(index, period)
        return torch.where(index < size, index, period - index)
    if fill_mode == "reflect":
        period = 2 * size
        index = torch.remainder(index, period)
        return torch.where(index < size, index, period - 1 - index)
    return index  # constant: validity is checked by the caller


def _round_half_away(x):
    return torch.sign(x) * torch.floor(torch.abs(x) + 0.5)


def _interpolate(values, coordinates, order, fill_mode, fill_value, batch_index=None):
    """Samples `values` at float `coordinates`.

    values: (B?, *spatial, *rest); coordinates: one float tensor per spatial dim, all of
    one shape S (with B leading when `batch_index` is given). Returns (*S, *rest).
    """
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: `order` must be 0 or 1, received {order!r}.")
    if fill_mode not in FILL_MODES:
        raise ValueError(
            f"map_coordinates: unknown fill_mode {fill_mode!r}; expected one of {FILL_MODES}."
        )
    offset = 0 if batch_index is None else 1
    n = len(coordinates)
    spatial = values.shape[offset : offset + n]
    rest = values.shape[offset + n :]
    flat = values.reshape((-1,) + tuple(rest))
    strides = []
    stride = 1
    for size in reversed(spatial):
        strides.insert(0, stride)
        stride *= size
    batch_stride = stride

    def gather(indices):
        valid = None
        linear = None
        for index, size, st in zip(indices, spatial, strides):
            if fill_mode == "constant":
                ok = (index >= 0) & (index < size)
                valid = ok if valid is None else valid & ok
            index = torch.clamp(_remap_index(index, size, fill_mode), 0, size - 1)
            linear = index * st if linear is None else linear + index * st
        if batch_index is not None:
            linear = linear + batch_index * batch_stride
        out = flat[linear.reshape(-1)].reshape(tuple(linear.shape) + tuple(rest))
        if valid is not None:
            valid = valid.reshape(tuple(valid.shape) + (1,) * len(rest))
            out = torch.where(valid, out, torch.full_like(out, fill_value))
        return out

    if order == 0:
        return gather([_round_half_away(c).to(torch.long) for c in coordinates])
    lower = [torch.floor(c) for c in coordinates]
    upper_weights = [c - lo for c, lo in zip(coordinates, lower)]
    lower = [lo.to(torch.long) for lo in lower]
    result = None
    for corner in range(2**n):
        indices, weight = [], None
        for d in range(n):
            use_upper = (corner >> d) & 1
            indices.append(lower[d] + use_upper)
            w = upper_weights[d] if use_upper else 1.0 - upper_weights[d]
            weight = w if weight is None else weight * w
        weight = weight.reshape(tuple(weight.shape) + (1,) * len(rest))
        term = gather(indices) * weight
        result = term if result is None else result + term
    return result


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    inputs = convert_to_tensor(inputs)
    if isinstance(coordinates, (list, tuple)):
        coordinates = [convert_to_tensor(c) for c in coordinates]
    else:
        coordinates = list(torch.unbind(convert_to_tensor(coordinates), dim=0))
    if len(coordinates) != inputs.ndim:
        raise ValueError(
            f"map_coordinates: `coordinates` must have one entry per input dimension "
            f"({inputs.ndim}), received {len(coordinates)}."
        )
    dtype = inputs.dtype
    values = inputs.to(_compute_dtype(inputs))
    coordinates = [c.to(values.dtype) for c in coordinates]
    out = _interpolate(values, coordinates, order, fill_mode, float(fill_value))
    return _restore_dtype(out, dtype)


def _projective_sample(images, transform, interpolation, fill_mode, fill_value, data_format):
    """Samples (B, H, W, C) channels-last images at the projective transform of each pixel."""
    dtype = images.dtype
    x = images.to(_compute_dtype(images))
    batch, height, width = x.shape[:3]
    transform = transform.to(x.dtype)
    a0, a1, a2, b0, b1, b2, c0, c1 = (transform[:, i, None, None] for i in range(8))
    ys = torch.arange(height, dtype=x.dtype, device=x.device)[None, :, None]
    xs = torch.arange(width, dtype=x.dtype, device=x.device)[None, None, :]
    k = c0 * xs + c1 * ys + 1.0
    x_in = (a0 * xs + a1 * ys + a2) / k
    y_in = (b0 * xs + b1 * ys + b2) / k
    batch_index = torch.arange(batch, device=x.device)[:, None, None].expand(-1, height, width)
    order = 0 if interpolation == "nearest" else 1
    out = _interpolate(x, [y_in, x_in], order, fill_mode, float(fill_value), batch_index)
    return _restore_dtype(out, dtype)


def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
):
    data_format = _data_format(data_format)
    if interpolation not in AFFINE_INTERPOLATIONS:
        raise ValueError(
            f"affine_transform: unknown interpolation {interpolation!r}; expected one of "
            f"{AFFINE_INTERPOLATIONS}."
        )
    if fill_mode not in FILL_MODES:
        raise ValueError(
            f"affine_transform: unknown fill_mode {fill_mode!r}; expected one of {FILL_MODES}."
        )
    images, unbatched = _batched(images, "affine_transform")
    transform = convert_to_tensor(transform)
    if transform.ndim == 1:
        transform = transform[None]
    if transform.ndim != 2 or transform.shape[-1] != 8:
        raise ValueError(
            "affine_transform: `transform` must have shape (8,) or (batch, 8), received "
            f"{tuple(transform.shape)}."
        )
    x = _to_channels_last(images, data_format)
    if transform.shape[0] != x.shape[0]:
        transform = transform.expand(x.shape[0], 8)
    out = _projective_sample(x, transform, interpolation, fill_mode, fill_value, data_format)
    out = _from_channels_last(out, data_format)
    return out[0] if unbatched else out


def _perspective_coefficients(start_points, end_points):
    # Solves for the transform that maps output (end) points to input (start) points.
    rows = []
    targets = []
    for i in range(4):
        xe, ye = end_points[:, i, 0], end_points[:, i, 1]
        xs, ys = start_points[:, i, 0], start_points[:, i, 1]
        zero, one = torch.zeros_like(xe), torch.ones_like(xe)
        rows.append(torch.stack([xe, ye, one, zero, zero, zero, -xe * xs, -ye * xs], -1))
        rows.append(torch.stack([zero, zero, zero, xe, ye, one, -xe * ys, -ye * ys], -1))
        targets += [xs, ys]
    matrix = torch.stack(rows, dim=1)
    rhs = torch.stack(targets, dim=1)[..., None]
    return torch.linalg.solve(matrix, rhs)[..., 0]


def perspective_transform(
    images,
    start_points,
    end_points,
    interpolation="bilinear",
    fill_value=0,
    data_format=None,
):
    data_format = _data_format(data_format)
    if interpolation not in AFFINE_INTERPOLATIONS:
        raise ValueError(
            f"perspective_transform: unknown interpolation {interpolation!r}; expected one of "
            f"{AFFINE_INTERPOLATIONS}."
        )
    images, unbatched = _batched(images, "perspective_transform")
    x = _to_channels_last(images, data_format)
    compute = torch.float64
    start_points = convert_to_tensor(start_points).to(compute)
    end_points = convert_to_tensor(end_points).to(compute)
    if start_points.ndim == 2:
        start_points = start_points[None]
    if end_points.ndim == 2:
        end_points = end_points[None]
    if start_points.shape[-2:] != (4, 2) or end_points.shape[-2:] != (4, 2):
        raise ValueError(
            "perspective_transform: start_points and end_points must have shape (4, 2) or "
            f"(batch, 4, 2), received {tuple(start_points.shape)} and "
            f"{tuple(end_points.shape)}."
        )
    coefficients = _perspective_coefficients(start_points, end_points)
    if coefficients.shape[0] != x.shape[0]:
        coefficients = coefficients.expand(x.shape[0], 8)
    out = _projective_sample(x, coefficients, interpolation, "constant", fill_value, data_format)
    out = _from_channels_last(out, data_format)
    return out[0] if unbatched else out


# ---------------------------------------------------------------------------
# Filters


def _gaussian_kernel(size, sigma, dtype, device):
    x = torch.arange(size, dtype=dtype, device=device) - (size - 1) / 2.0
    kernel = torch.exp(-(x**2) / (2.0 * float(sigma) ** 2))
    return kernel / torch.sum(kernel)


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    data_format = _data_format(data_format)
    images, unbatched = _batched(images, "gaussian_blur")
    kernel_size = tuple(int(k) for k in _pair(kernel_size, "gaussian_blur: kernel_size"))
    sigma = _pair(sigma, "gaussian_blur: sigma")
    x = _to_channels_first(images, data_format)
    dtype = x.dtype
    xf = x.to(_compute_dtype(x))
    channels = xf.shape[1]
    ky = _gaussian_kernel(kernel_size[0], sigma[0], xf.dtype, xf.device)
    kx = _gaussian_kernel(kernel_size[1], sigma[1], xf.dtype, xf.device)
    kernel = (ky[:, None] * kx[None, :]).expand(channels, 1, *kernel_size)
    pad_h = kernel_size[0] - 1
    pad_w = kernel_size[1] - 1
    xf = F.pad(xf, (pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2))
    out = F.conv2d(xf, kernel, groups=channels)
    out = _from_channels_first(_restore_dtype(out, dtype), data_format)
    return out[0] if unbatched else out


def sobel_edges(images, data_format=None):
    data_format = _data_format(data_format)
    images, unbatched = _batched(images, "sobel_edges")
    x = _to_channels_first(images, data_format)
    xf = x.to(_compute_dtype(x)) if not x.dtype.is_floating_point else x
    channels = xf.shape[1]
    dy = torch.tensor([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=xf.dtype, device=xf.device)
    kernels = torch.stack([dy, dy.T])  # (2, 3, 3): d/dy then d/dx
    weight = kernels[None].expand(channels, 2, 3, 3).reshape(channels * 2, 1, 3, 3)
    padded = F.pad(xf, (1, 1, 1, 1), mode="reflect")
    out = F.conv2d(padded, weight, groups=channels)  # (B, C*2, H, W)
    out = out.reshape(out.shape[0], channels, 2, *out.shape[-2:])
    if data_format == "channels_last":
        out = out.permute(0, 3, 4, 1, 2)  # (B, H, W, C, 2)
    else:
        out = out.permute(0, 1, 3, 4, 2)  # (B, C, H, W, 2)
    return out[0] if unbatched else out


def ssim(
    image1,
    image2,
    max_val=1.0,
    filter_size=11,
    filter_sigma=1.5,
    k1=0.01,
    k2=0.03,
    data_format=None,
):
    data_format = _data_format(data_format)
    image1, unbatched = _batched(image1, "ssim")
    image2, _ = _batched(image2, "ssim")
    if tuple(image1.shape) != tuple(image2.shape):
        raise ValueError(
            f"ssim: image1 and image2 must have the same shape, received "
            f"{tuple(image1.shape)} and {tuple(image2.shape)}."
        )
    dtype = to_torch_dtype(dtypes.float_result_type(image1, image2))
    x = _to_channels_first(image1, data_format).to(_compute_dtype(image1.to(dtype)))
    y = _to_channels_first(image2, data_format).to(x.dtype)
    channels = x.shape[1]
    if min(x.shape[-2:]) < filter_size:
        raise ValueError(
            f"ssim: images ({tuple(x.shape[-2:])}) must be at least filter_size "
            f"({filter_size}) in height and width."
        )
    g = _gaussian_kernel(filter_size, filter_sigma, x.dtype, x.device)
    kernel = (g[:, None] * g[None, :]).expand(channels, 1, filter_size, filter_size)

    def blur(t):
        return F.conv2d(t, kernel, groups=channels)

    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    mu1, mu2 = blur(x), blur(y)
    mu11, mu22, mu12 = mu1 * mu1, mu2 * mu2, mu1 * mu2
    sigma11 = blur(x * x) - mu11
    sigma22 = blur(y * y) - mu22
    sigma12 = blur(x * y) - mu12
    luminance = (2.0 * mu12 + c1) / (mu11 + mu22 + c1)
    contrast_structure = (2.0 * sigma12 + c2) / (sigma11 + sigma22 + c2)
    out = torch.mean(luminance * contrast_structure, dim=(1, 2, 3)).to(dtype)
    return out[0] if unbatched else out


def elastic_transform(
    images,
    alpha=20.0,
    sigma=5.0,
    interpolation="bilinear",
    fill_mode="reflect",
    fill_value=0.0,
    seed=None,
    data_format=None,
):
    data_format = _data_format(data_format)
    if interpolation not in AFFINE_INTERPOLATIONS:
        raise ValueError(
            f"elastic_transform: unknown interpolation {interpolation!r}; expected one of "
            f"{AFFINE_INTERPOLATIONS}."
        )
    if fill_mode not in FILL_MODES:
        raise ValueError(
            f"elastic_transform: unknown fill_mode {fill_mode!r}; expected one of {FILL_MODES}."
        )
    images, unbatched = _batched(images, "elastic_transform")
    x = _to_channels_last(images, data_format)
    dtype = x.dtype
    xf = x.to(_compute_dtype(x))
    batch, height, width = xf.shape[:3]
    noise = _normal((2, batch, height, width), seed, xf.dtype, xf.device)
    kernel_size = int(6 * float(sigma)) | 1
    # (2B, 1, H, W) channels-first displacement fields, blurred and scaled.
    fields = noise.reshape(2 * batch, 1, height, width)
    fields = gaussian_blur(
        fields, (kernel_size, kernel_size), (sigma, sigma), data_format="channels_first"
    )
    fields = fields.reshape(2, batch, height, width) * float(alpha)
    ys = torch.arange(height, dtype=xf.dtype, device=xf.device)[None, :, None] + fields[0]
    xs = torch.arange(width, dtype=xf.dtype, device=xf.device)[None, None, :] + fields[1]
    batch_index = torch.arange(batch, device=xf.device)[:, None, None].expand(-1, height, width)
    order = 0 if interpolation == "nearest" else 1
    out = _interpolate(xf, [ys, xs], order, fill_mode, float(fill_value), batch_index)
    out = _from_channels_last(_restore_dtype(out, dtype), data_format)
    return out[0] if unbatched else out


def _normal(shape, seed, dtype, device):
    # NOTE: uses the engine's random module (SeedGenerator support) when it has `normal`;
    # otherwise a torch.Generator seeded from an int seed.
    try:
        from kbackend.backends.torch import random as engine_random

        if hasattr(engine_random, "normal"):
            out = engine_random.normal(shape, mean=0.0, stddev=1.0, dtype="float32", seed=seed)
            return convert_to_tensor(out).to(dtype=dtype, device=device)
    except (TypeError, ValueError, NotImplementedError, AttributeError):
        pass
    generator = torch.Generator(device="cpu")
    generator.manual_seed(int(seed) if isinstance(seed, (int, np.integer)) else 0)
    out = torch.randn(shape, generator=generator, dtype=torch.float32)
    return out.to(dtype=dtype, device=device)


# ---------------------------------------------------------------------------
# Patches, padding, cropping


def _patches(x, sizes, strides, dilations, padding, op_name):
    """x: (B, C, *spatial) -> (B, *out_spatial, prod(sizes) * C) in (k..., C) order."""
    n = len(sizes)
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"{op_name}: `padding` must be 'valid' or 'same', received {padding!r}.")
    if padding == "same":
        flat = []
        for size, k, s, d in reversed(list(zip(x.shape[2:], sizes, strides, dilations))):
            effective = (k - 1) * d + 1
            out = -(-size // s)
            total = max((out - 1) * s + effective - size, 0)
            flat += [total // 2, total - total // 2]
        x = F.pad(x, flat)
    for i, (k, s, d) in enumerate(zip(sizes, strides, dilations)):
        effective = (k - 1) * d + 1
        x = x.unfold(2 + i, effective, s)
        if d > 1:
            x = x[..., ::d]
    # x: (B, C, *out_spatial, *k) -> (B, *out_spatial, *k, C)
    out_dims = list(range(2, 2 + n))
    k_dims = list(range(2 + n, 2 + 2 * n))
    x = x.permute(0, *out_dims, *k_dims, 1)
    return x.reshape(*x.shape[: 1 + n], -1)


def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    data_format = _data_format(data_format)
    images, unbatched = _batched(images, "extract_patches")
    sizes = tuple(int(s) for s in _pair(size, "extract_patches: size"))
    strides = sizes if strides is None else tuple(int(s) for s in _pair(strides, "strides"))
    dilations = tuple(int(d) for d in _pair(dilation_rate, "dilation_rate"))
    x = _to_channels_first(images, data_format)
    out = _patches(x, sizes, strides, dilations, padding, "extract_patches")
    out = _from_channels_last(out, data_format)
    return out[0] if unbatched else out


def extract_patches_3d(
    volumes, size, strides=None, dilation_rate=1, padding="valid", data_format=None
):
    data_format = _data_format(data_format)
    volumes, unbatched = _batched(volumes, "extract_patches_3d", ranks=(4, 5))

    def triple(value, name):
        if isinstance(value, (int, np.integer)):
            return (int(value),) * 3
        value = tuple(int(v) for v in value)
        if len(value) != 3:
            raise ValueError(f"extract_patches_3d: {name} must be an int or 3 ints, got {value}.")
        return value

    sizes = triple(size, "size")
    strides = sizes if strides is None else triple(strides, "strides")
    dilations = triple(dilation_rate, "dilation_rate")
    x = _to_channels_first(volumes, data_format)
    out = _patches(x, sizes, strides, dilations, padding, "extract_patches_3d")
    out = _from_channels_last(out, data_format)
    return out[0] if unbatched else out


def _resolve_pair(first, second, target, size, op_name, names):
    if [first, second, target].count(None) != 1:
        raise ValueError(
            f"{op_name}: specify exactly two of {names[0]}, {names[1]} and {names[2]}; "
            f"received {names[0]}={first}, {names[1]}={second}, {names[2]}={target}."
        )
    return first, second, target


def pad_images(
    images,
    top_padding=None,
    left_padding=None,
    bottom_padding=None,
    right_padding=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    data_format = _data_format(data_format)
    images, unbatched = _batched(images, "pad_images")
    x = _to_channels_first(images, data_format)
    height, width = x.shape[-2:]
    for value, name in (
        (top_padding, "top_padding"),
        (bottom_padding, "bottom_padding"),
        (left_padding, "left_padding"),
        (right_padding, "right_padding"),
    ):
        if value is not None and int(value) < 0:
            raise ValueError(f"pad_images: {name} must be >= 0, received {value}.")
    top, bottom, target_height = _resolve_pair(
        top_padding,
        bottom_padding,
        target_height,
        height,
        "pad_images",
        ("top_padding", "bottom_padding", "target_height"),
    )
    left, right, target_width = _resolve_pair(
        left_padding,
        right_padding,
        target_width,
        width,
        "pad_images",
        ("left_padding", "right_padding", "target_width"),
    )
    if top is None:
        top = int(target_height) - int(bottom) - height
    if bottom is None:
        bottom = int(target_height) - int(top) - height
    if left is None:
        left = int(target_width) - int(right) - width
    if right is None:
        right = int(target_width) - int(left) - width
    if min(top, bottom, left, right) < 0:
        raise ValueError(
            f"pad_images: the target size is smaller than the images ({height}x{width}); "
            f"computed paddings top={top}, bottom={bottom}, left={left}, right={right}."
        )
    out = F.pad(x, (int(left), int(right), int(top), int(bottom)))
    out = _from_channels_first(out, data_format)
    return out[0] if unbatched else out


def crop_images(
    images,
    top_cropping=None,
    left_cropping=None,
    bottom_cropping=None,
    right_cropping=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    data_format = _data_format(data_format)
    images, unbatched = _batched(images, "crop_images")
    x = _to_channels_first(images, data_format)
    height, width = x.shape[-2:]
    top, bottom, target_height = _resolve_pair(
        top_cropping,
        bottom_cropping,
        target_height,
        height,
        "crop_images",
        ("top_cropping", "bottom_cropping", "target_height"),
    )
    left, right, target_width = _resolve_pair(
        left_cropping,
        right_cropping,
        target_width,
        width,
        "crop_images",
        ("left_cropping", "right_cropping", "target_width"),
    )
    if top is None:
        top = height - int(bottom) - int(target_height)
    if target_height is None:
        target_height = height - int(top) - int(bottom)
    if left is None:
        left = width - int(right) - int(target_width)
    if target_width is None:
        target_width = width - int(left) - int(right)
    top, left = int(top), int(left)
    target_height, target_width = int(target_height), int(target_width)
    if min(top, left) < 0 or target_height <= 0 or target_width <= 0:
        raise ValueError(
            f"crop_images: the cropping does not fit the images ({height}x{width}): "
            f"top={top}, left={left}, target_height={target_height}, "
            f"target_width={target_width}."
        )
    if top + target_height > height or left + target_width > width:
        raise ValueError(
            f"crop_images: the crop box ({top}+{target_height}, {left}+{target_width}) "
            f"exceeds the images ({height}x{width})."
        )
    out = x[..., top : top + target_height, left : left + target_width]
    out = _from_channels_first(out, data_format)
    return out[0] if unbatched else out

