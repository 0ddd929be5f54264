import numpy as np

from kbackend.backends.common import config, dtypes
from kbackend.backends.numpy.core import convert_to_numpy, convert_to_tensor

RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5", "area")
_SCALE_METHODS = {
    "linear": "linear",
    "bilinear": "linear",
    "trilinear": "linear",
    "triangle": "linear",
    "cubic": "cubic",
    "bicubic": "cubic",
    "tricubic": "cubic",
    "lanczos3": "lanczos3",
    "lanczos5": "lanczos5",
    "area": "area",
}
FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def _data_format(data_format):
    data_format = config.image_data_format() if data_format is None else data_format
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"data_format must be 'channels_last' or 'channels_first', got {data_format!r}."
        )
    return data_format


def _as_batched_channels_last(images, data_format, op_name, ranks=(3, 4)):
    """Returns (4D channels_last float-or-int array, undo function)."""
    images = convert_to_tensor(images)
    if images.ndim not in ranks:
        raise ValueError(
            f"{op_name}: expected images of rank {' or '.join(map(str, ranks))} "
            f"(batched or single images), got shape {images.shape}."
        )
    channels_first = _data_format(data_format) == "channels_first"
    unbatched = images.ndim == ranks[0]
    x = images[None] if unbatched else images
    if channels_first:
        x = np.moveaxis(x, 1, -1)

    def undo(y):
        if channels_first:
            y = np.moveaxis(y, -1, 1)
        return y[0] if unbatched else y

    return x, undo


def _compute_dtype(dtype):
    # Half precision and integers are computed in float32 (ints are rounded back).
    if dtype.name in ("float16", "bfloat16") or dtype.kind in "iub":
        return np.dtype("float32")
    return dtype


def _restore_dtype(x, dtype):
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return np.clip(np.round(x), info.min, info.max).astype(dtype)
    if dtype.kind == "b":
        return x > 0.5
    return x.astype(dtype)


# --- resize ---------------------------------------------------------------------------


def _kernel(method):
    if method == "linear":
        return 1, lambda x: np.maximum(0.0, 1.0 - np.abs(x))
    if method == "cubic":

        def cubic(x):
            out = ((1.5 * x - 2.5) * x) * x + 1.0
            out = np.where(x >= 1.0, ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0, out)
            return np.where(x >= 2.0, 0.0, out)

        return 2, cubic
    radius = {"lanczos3": 3, "lanczos5": 5}[method]

    def lanczos(x):
        y = radius * np.sin(np.pi * x) * np.sin(np.pi * x / radius)
        safe = np.where(x != 0, np.pi**2 * x**2, 1.0)
        out = np.where(x > 1e-3, y / safe, 1.0)
        return np.where(x > radius, 0.0, out)

    return radius, lanczos


def _weight_matrix(input_size, output_size, scale, translation, method, antialias, dtype):
    """(input_size, output_size) weights of jax.image.scale_and_translate."""
    inv_scale = 1.0 / scale
    if method == "area":
        left = np.arange(output_size, dtype=dtype) * inv_scale - translation * inv_scale
        right = left + inv_scale
        j = np.arange(input_size, dtype=dtype)
        weights = np.maximum(
            0.0, np.minimum(right[None, :], j[:, None] + 1) - np.maximum(left[None, :], j[:, None])
        )
    else:
        _, kernel = _kernel(method)
        kernel_scale = max(inv_scale, 1.0) if antialias else 1.0
        sample = (np.arange(output_size, dtype=dtype) + 0.5) * inv_scale - translation * (
            inv_scale
        ) - 0.5
        x = np.abs(sample[None, :] - np.arange(input_size, dtype=dtype)[:, None]) / kernel_scale
        weights = kernel(x)
    total = np.sum(weights, axis=0, keepdims=True)
    weights = np.where(
        np.abs(total) > 1000.0 * float(np.finfo(np.float32).eps),
        weights / np.where(total != 0, total, 1.0),
        0.0,
    )
    if method != "area":
        inside = (sample >= -0.5) & (sample <= input_size - 0.5)
        weights = np.where(inside[None, :], weights, 0.0)
    return weights.astype(dtype)


def _apply_weights(x, axis, weights):
    x = np.moveaxis(x, axis, -1)
    x = x @ weights
    return np.moveaxis(x, -1, axis)


def _scale_translate(x, output_shape, spatial_dims, scales, translations, method, antialias):
    for axis, scale, translation in zip(spatial_dims, scales, translations):
        weights = _weight_matrix(
            x.shape[axis], output_shape[axis], scale, translation, method, antialias, x.dtype
        )
        x = _apply_weights(x, axis, weights)
    return x


def _resize_nearest(x, axis, size):
    in_size = x.shape[axis]
    offsets = (np.arange(size, dtype=np.float32) + 0.5) * np.float32(in_size / size)
    offsets = np.clip(np.floor(offsets).astype(np.int64), 0, in_size - 1)
    return np.take(x, offsets, axis=axis)


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
    if interpolation not in RESIZE_INTERPOLATIONS:
        raise ValueError(
            f"resize: invalid interpolation {interpolation!r}; expected one of "
            f"{RESIZE_INTERPOLATIONS}."
        )
    if fill_mode != "constant":
        raise ValueError(f"resize: only fill_mode='constant' is supported, got {fill_mode!r}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "resize: only one of crop_to_aspect_ratio and pad_to_aspect_ratio can be True."
        )
    size = tuple(int(s) for s in size)
    if len(size) != 2:
        raise ValueError(f"resize: `size` must be (height, width), got {size!r}.")
    x, undo = _as_batched_channels_last(images, data_format, "resize")
    original_dtype = x.dtype
    height, width = x.shape[1], x.shape[2]
    target_h, target_w = size
    if crop_to_aspect_ratio:
        crop_h = max(min(height, int(float(width * target_h) / target_w)), 1)
        crop_w = max(min(width, int(float(height * target_w) / target_h)), 1)
        top = int(float(height - crop_h) / 2)
        left = int(float(width - crop_w) / 2)
        x = x[:, top : top + crop_h, left : left + crop_w, :]
    elif pad_to_aspect_ratio:
        pad_h = max(height, int(float(width * target_h) / target_w))
        pad_w = max(width, int(float(height * target_w) / target_h))
        top = int(float(pad_h - height) / 2)
        left = int(float(pad_w - width) / 2)
        padded = np.full(
            (x.shape[0], pad_h, pad_w, x.shape[3]), fill_value, dtype=x.dtype
        )
        padded[:, top : top + height, left : left + width, :] = x
        x = padded
    if interpolation == "nearest":
        for axis, s in ((1, target_h), (2, target_w)):
            if x.shape[axis] != s:
                x = _resize_nearest(x, axis, s)
        return undo(x)
    x = x.astype(_compute_dtype(original_dtype), copy=False)
    method = _SCALE_METHODS[interpolation]
    output_shape = (x.shape[0], target_h, target_w, x.shape[3])
    dims = [d for d in (1, 2) if x.shape[d] != output_shape[d]]
    scales = [output_shape[d] / x.shape[d] if output_shape[d] else 1.0 for d in dims]
    x = _scale_translate(x, output_shape, dims, scales, [0.0] * len(dims), method, antialias)
    return undo(_restore_dtype(x, original_dtype))


def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method, antialias=True
):
    if method not in _SCALE_METHODS or method == "area":
        raise ValueError(
            f"scale_and_translate: invalid method {method!r}; expected one of "
            f"{tuple(m for m in _SCALE_METHODS if m != 'area')}."
        )
    x = convert_to_tensor(images)
    dtype = np.dtype(dtypes.numpy_dtype(dtypes.float_result_type(x.dtype.name)))
    x = x.astype(_compute_dtype(dtype), copy=False)
    output_shape = tuple(int(d) for d in output_shape)
    if len(output_shape) != x.ndim:
        raise ValueError(
            f"scale_and_translate: output_shape {output_shape} must have the rank of the "
            f"images (shape {x.shape})."
        )
    spatial_dims = [int(d) % x.ndim for d in spatial_dims]
    scale = [float(s) for s in convert_to_numpy(scale).reshape(-1)]
    translation = [float(t) for t in convert_to_numpy(translation).reshape(-1)]
    if not len(scale) == len(translation) == len(spatial_dims):
        raise ValueError(
            "scale_and_translate: `scale` and `translation` need one entry per spatial "
            f"dim {spatial_dims}, got {scale} and {translation}."
        )
    x = _scale_translate(
        x, output_shape, spatial_dims, scale, translation, _SCALE_METHODS[method], antialias
    )
    return x.astype(dtype)


# --- map_coordinates and the geometric transforms ---------------------------------------


def _fix_index(index, size, fill_mode):
    """(index into [0, size), valid mask) for jax.scipy.ndimage fill modes."""
    if fill_mode == "constant":
        valid = (index >= 0) & (index < size)
        return np.clip(index, 0, size - 1), valid
    if fill_mode == "nearest":
        return np.clip(index, 0, size - 1), None
    if fill_mode == "wrap":
        return np.mod(index, size), None

    def mirror(i, n):
        s = n - 1
        if s == 0:
            return np.zeros_like(i)
        return np.abs((i + s) % (2 * s) - s)

    if fill_mode == "mirror":
        return mirror(index, size), None
    # reflect: (d c b a | a b c d | d c b a)
    return (mirror(2 * index + 1, 2 * size + 1) - 1) // 2, None


def _map_coordinates(inputs, coordinates, order, fill_mode, fill_value):
    """inputs: ND float array; coordinates: list of ND arrays (one per input axis)."""
    per_axis = []
    for coordinate, size in zip(coordinates, inputs.shape):
        if order == 0:
            # Round half away from zero, like jax.
            index = (np.sign(coordinate) * np.floor(np.abs(coordinate) + 0.5)).astype(np.int64)
            fixed, valid = _fix_index(index, size, fill_mode)
            per_axis.append([(fixed, valid, None)])
        else:
            lower = np.floor(coordinate)
            upper_weight = coordinate - lower
            lower = lower.astype(np.int64)
            terms = []
            for index, weight in ((lower, 1.0 - upper_weight), (lower + 1, upper_weight)):
                fixed, valid = _fix_index(index, size, fill_mode)
                terms.append((fixed, valid, weight))
            per_axis.append(terms)
    result = 0.0
    for combination in np.ndindex(*[len(t) for t in per_axis]):
        indices, weight, valid = [], 1.0, None
        for axis_terms, k in zip(per_axis, combination):
            fixed, axis_valid, axis_weight = axis_terms[k]
            indices.append(fixed)
            if axis_weight is not None:
                weight = weight * axis_weight
            if axis_valid is not None:
                valid = axis_valid if valid is None else valid & axis_valid
        values = inputs[tuple(indices)]
        if valid is not None:
            values = np.where(valid, values, fill_value)
        result = result + weight * values
    return result


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    inputs = convert_to_tensor(inputs)
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: `order` must be 0 or 1, got {order!r}.")
    if fill_mode not in FILL_MODES:
        raise ValueError(
            f"map_coordinates: invalid fill_mode {fill_mode!r}; expected one of {FILL_MODES}."
        )
    if isinstance(coordinates, (list, tuple)):
        coordinates = [convert_to_numpy(c) for c in coordinates]
    else:
        coordinates = list(convert_to_numpy(coordinates))
    if len(coordinates) != inputs.ndim:
        raise ValueError(
            f"map_coordinates: `coordinates` must have one entry per input axis "
            f"({inputs.ndim}), got {len(coordinates)}."
        )
    dtype = inputs.dtype
    compute = _compute_dtype(dtype)
    coordinates = [np.asarray(c, dtype=compute) for c in coordinates]
    result = _map_coordinates(inputs.astype(compute), coordinates, order, fill_mode, fill_value)
    result = np.asarray(result, dtype=compute)
    if dtype.kind in "iu":
        result = np.sign(result) * np.floor(np.abs(result) + 0.5)
    return _restore_dtype(result, dtype)


def _warp(x, input_y, input_x, order, fill_mode, fill_value):
    """x: (B, H, W, C); input_y/input_x: (B, H, W) source coordinates per output pixel."""
    batch, _, _, channels = x.shape
    shape = input_y.shape + (channels,)
    b = np.broadcast_to(np.arange(batch)[:, None, None, None], shape)
    c = np.broadcast_to(np.arange(channels), shape)
    y = np.broadcast_to(input_y[..., None], shape)
    xx = np.broadcast_to(input_x[..., None], shape)
    return _map_coordinates_spatial(x, (b, y, xx, c), order, fill_mode, fill_value)


def _map_coordinates_spatial(x, coords, order, fill_mode, fill_value):
    # Batch and channel coordinates are exact integers: only H and W are interpolated.
    b, y, xx, c = coords
    terms = []
    for coordinate, size in ((y, x.shape[1]), (xx, x.shape[2])):
        if order == 0:
            index = (np.sign(coordinate) * np.floor(np.abs(coordinate) + 0.5)).astype(np.int64)
            terms.append([(*_fix_index(index, size, fill_mode), None)])
        else:
            lower = np.floor(coordinate)
            weight = coordinate - lower
            lower = lower.astype(np.int64)
            terms.append(
                [
                    (*_fix_index(lower, size, fill_mode), 1.0 - weight),
                    (*_fix_index(lower + 1, size, fill_mode), weight),
                ]
            )
    result = 0.0
    for fy, vy, wy in terms[0]:
        for fx, vx, wx in terms[1]:
            values = x[b, fy, fx, c]
            if vy is not None:
                values = np.where(vy & vx, values, fill_value)
            weight = 1.0
            if wy is not None:
                weight = wy * wx
            result = result + weight * values
    return result


_INTERPOLATION_ORDER = {"nearest": 0, "bilinear": 1}


def _check_interpolation(interpolation, op_name):
    if interpolation not in _INTERPOLATION_ORDER:
        raise ValueError(
            f"{op_name}: invalid interpolation {interpolation!r}; expected 'nearest' or "
            "'bilinear'."
        )
    return _INTERPOLATION_ORDER[interpolation]


def _projective_warp(x, transform, order, fill_mode, fill_value):
    """x: (B, H, W, C) compute-dtype array; transform: (B, 8)."""
    _, height, width, _ = x.shape
    yy, xx = np.meshgrid(
        np.arange(height, dtype=x.dtype), np.arange(width, dtype=x.dtype), indexing="ij"
    )
    t = transform.astype(x.dtype)[:, :, None, None]
    k = t[:, 6] * xx + t[:, 7] * yy + 1.0
    input_x = (t[:, 0] * xx + t[:, 1] * yy + t[:, 2]) / k
    input_y = (t[:, 3] * xx + t[:, 4] * yy + t[:, 5]) / k
    return _warp(x, input_y, input_x, order, fill_mode, fill_value)


def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
):
    order = _check_interpolation(interpolation, "affine_transform")
    if fill_mode not in FILL_MODES:
        raise ValueError(
            f"affine_transform: invalid fill_mode {fill_mode!r}; expected one of {FILL_MODES}."
        )
    x, undo = _as_batched_channels_last(images, data_format, "affine_transform")
    transform = convert_to_numpy(transform)
    if transform.ndim == 1:
        transform = transform[None]
    if transform.ndim != 2 or transform.shape[-1] != 8:
        raise ValueError(
            f"affine_transform: `transform` must have shape (8,) or (batch, 8), got "
            f"{transform.shape}."
        )
    transform = np.broadcast_to(transform, (x.shape[0], 8))
    dtype = x.dtype
    out = _projective_warp(x.astype(_compute_dtype(dtype)), transform, order, fill_mode, fill_value)
    return undo(_restore_dtype(out, dtype))


def _homography(start_points, end_points):
    """(B, 8) transforms mapping output (end) points to input (start) points."""
    rows = []
    for start, end in zip(start_points, end_points):
        a, rhs = [], []
        for (xs, ys), (xe, ye) in zip(start, end):
            a.append([xe, ye, 1, 0, 0, 0, -xe * xs, -ye * xs])
            rhs.append(xs)
            a.append([0, 0, 0, xe, ye, 1, -xe * ys, -ye * ys])
            rhs.append(ys)
        rows.append(np.linalg.solve(np.asarray(a, "float64"), np.asarray(rhs, "float64")))
    return np.stack(rows)


def perspective_transform(
    images,
    start_points,
    end_points,
    interpolation="bilinear",
    fill_value=0,
    data_format=None,
):
    order = _check_interpolation(interpolation, "perspective_transform")
    x, undo = _as_batched_channels_last(images, data_format, "perspective_transform")
    start_points = convert_to_numpy(start_points).astype("float64")
    end_points = convert_to_numpy(end_points).astype("float64")
    for name, points in (("start_points", start_points), ("end_points", end_points)):
        if points.shape[-2:] != (4, 2) or points.ndim not in (2, 3):
            raise ValueError(
                f"perspective_transform: `{name}` must have shape (4, 2) or (batch, 4, 2), "
                f"got {points.shape}."
            )
    start_points = np.broadcast_to(start_points.reshape(-1, 4, 2), (x.shape[0], 4, 2))
    end_points = np.broadcast_to(end_points.reshape(-1, 4, 2), (x.shape[0], 4, 2))
    transform = _homography(start_points, end_points)
    dtype = x.dtype
    out = _projective_warp(x.astype(_compute_dtype(dtype)), transform, order, "constant",
                           fill_value)
    return undo(_restore_dtype(out, dtype))


def _gaussian_kernel_1d(size, sigma, dtype):
    coords = np.arange(size, dtype="float64") - (size - 1) / 2.0
    kernel = np.exp(-(coords**2) / (2.0 * float(sigma) ** 2))
    return (kernel / kernel.sum()).astype(dtype)


def _filter_axis(x, kernel, axis, padding):
    """Cross-correlation of x with a 1D kernel along axis ('same' zero or 'valid')."""
    size = len(kernel)
    x = np.moveaxis(x, axis, -1)
    if padding == "same":
        before = (size - 1) // 2
        pad = [(0, 0)] * (x.ndim - 1) + [(before, size - 1 - before)]
        x = np.pad(x, pad)
    windows = np.lib.stride_tricks.sliding_window_view(x, size, axis=-1)
    out = windows @ kernel
    return np.moveaxis(out, -1, axis)


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
    order = _check_interpolation(interpolation, "elastic_transform")
    if fill_mode not in FILL_MODES:
        raise ValueError(
            f"elastic_transform: invalid fill_mode {fill_mode!r}; expected one of {FILL_MODES}."
        )
    x, undo = _as_batched_channels_last(images, data_format, "elastic_transform")
    dtype = x.dtype
    compute = _compute_dtype(dtype)
    batch, height, width, _ = x.shape
    rng = np.random.default_rng(_seed_to_int(seed))
    dx = rng.uniform(-1.0, 1.0, size=(batch, height, width)).astype(compute)
    dy = rng.uniform(-1.0, 1.0, size=(batch, height, width)).astype(compute)
    kernel_size = 2 * int(2.0 * float(sigma)) + 1
    kernel = _gaussian_kernel_1d(kernel_size, sigma, compute)
    for axis in (1, 2):
        dx = _filter_axis(dx, kernel, axis, "same")
        dy = _filter_axis(dy, kernel, axis, "same")
    yy, xx = np.meshgrid(np.arange(height, dtype=compute), np.arange(width, dtype=compute),
                         indexing="ij")
    input_y = yy[None] + dy * compute.type(alpha)
    input_x = xx[None] + dx * compute.type(alpha)
    out = _warp(x.astype(compute), input_y, input_x, order, fill_mode, fill_value)
    return undo(_restore_dtype(out, dtype))


def _seed_to_int(seed):
    if seed is None or isinstance(seed, (int, np.integer)):
        return seed
    # NOTE: a SeedGenerator (or its state) is reduced to an int seed; the numpy engine
    # cannot import kbackend.random, so it reads the generator's state duck-typed.
    state = getattr(seed, "state", seed)
    state = getattr(state, "value", state)
    return int(np.abs(convert_to_numpy(state).astype("int64")).sum())


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    kernel_size = _pair(kernel_size, "gaussian_blur", "kernel_size")
    sigma = _pair(sigma, "gaussian_blur", "sigma", cast=float)
    x, undo = _as_batched_channels_last(images, data_format, "gaussian_blur")
    dtype = x.dtype
    compute = _compute_dtype(dtype)
    x = x.astype(compute)
    for axis, size, s in ((1, kernel_size[0], sigma[0]), (2, kernel_size[1], sigma[1])):
        x = _filter_axis(x, _gaussian_kernel_1d(size, s, compute), axis, "same")
    return undo(_restore_dtype(x, dtype))


def _pair(value, op_name, name, cast=int):
    if isinstance(value, (int, float, np.integer, np.floating)):
        return (cast(value), cast(value))
    value = tuple(cast(v) for v in value)
    if len(value) != 2:
        raise ValueError(f"{op_name}: `{name}` must be a number or a pair, got {value!r}.")
    return value


def sobel_edges(images, data_format=None):
    x, undo = _as_batched_channels_last(images, data_format, "sobel_edges")
    dtype = np.dtype(dtypes.numpy_dtype(dtypes.float_result_type(x.dtype.name)))
    x = x.astype(_compute_dtype(dtype))
    padded = np.pad(x, [(0, 0), (1, 1), (1, 1), (0, 0)], mode="reflect")
    h, w = x.shape[1], x.shape[2]

    def at(i, j):
        return padded[:, i : i + h, j : j + w, :]

    dy = (at(2, 0) + 2 * at(2, 1) + at(2, 2)) - (at(0, 0) + 2 * at(0, 1) + at(0, 2))
    dx = (at(0, 2) + 2 * at(1, 2) + at(2, 2)) - (at(0, 0) + 2 * at(1, 0) + at(2, 0))
    out = np.stack([undo(dy), undo(dx)], axis=-1)
    return out.astype(dtype)


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
    x, _ = _as_batched_channels_last(image1, data_format, "ssim")
    y, _ = _as_batched_channels_last(image2, data_format, "ssim")
    unbatched = convert_to_tensor(image1).ndim == 3
    if x.shape != y.shape:
        raise ValueError(
            f"ssim: the images must have the same shape, got {x.shape} and {y.shape}."
        )
    dtype = np.dtype(dtypes.numpy_dtype(dtypes.float_result_type(x.dtype.name, y.dtype.name)))
    compute = _compute_dtype(dtype)
    x, y = x.astype(compute), y.astype(compute)
    if x.shape[1] < filter_size or x.shape[2] < filter_size:
        raise ValueError(
            f"ssim: the images ({x.shape[1]}x{x.shape[2]}) must be at least "
            f"filter_size={filter_size} in both spatial dims."
        )
    kernel = _gaussian_kernel_1d(filter_size, filter_sigma, compute)

    def filt(a):
        return _filter_axis(_filter_axis(a, kernel, 1, "valid"), kernel, 2, "valid")

    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    mean_x, mean_y = filt(x), filt(y)
    num0 = 2.0 * mean_x * mean_y
    den0 = mean_x**2 + mean_y**2
    luminance = (num0 + c1) / (den0 + c1)
    num1 = 2.0 * filt(x * y)
    den1 = filt(x * x + y * y)
    contrast_structure = (num1 - num0 + c2) / (den1 - den0 + c2)
    out = np.mean(luminance * contrast_structure, axis=(1, 2, 3))
    out = out.astype(dtype)
    return out[0] if unbatched else out


# --- color ---------------------------------------------------------------------------


_GRAY_WEIGHTS = (0.2989, 0.5870, 0.1140)


def rgb_to_grayscale(images, data_format=None):
    x, undo = _as_batched_channels_last(images, data_format, "rgb_to_grayscale")
    if x.shape[-1] != 3:
        raise ValueError(
            f"rgb_to_grayscale: expected 3 channels, got images of shape "
            f"{convert_to_tensor(images).shape}."
        )
    dtype = x.dtype
    compute = _compute_dtype(dtype)
    gray = x.astype(compute) @ np.asarray(_GRAY_WEIGHTS, dtype=compute)
    return undo(_restore_dtype(gray[..., None], dtype))


def _check_float(x, op_name):
    if x.dtype.kind != "f" and x.dtype.name != "bfloat16":
        raise TypeError(
            f"{op_name}: expected float images, got dtype {x.dtype.name}. Cast them first "
            "(e.g. ops.cast(images, 'float32') / 255)."
        )


def rgb_to_hsv(images, data_format=None):
    x, undo = _as_batched_channels_last(images, data_format, "rgb_to_hsv")
    _check_float(x, "rgb_to_hsv")
    dtype = x.dtype
    x = x.astype(_compute_dtype(dtype))
    r, g, b = x[..., 0], x[..., 1], x[..., 2]
    value = np.max(x[..., :3], axis=-1)
    minimum = np.min(x[..., :3], axis=-1)
    span = value - minimum
    safe_value = np.where(value > 0, value, 1.0)
    saturation = np.where(value > 0, span / safe_value, 0.0)
    safe_span = np.where(span > 0, span, 1.0)
    norm = 1.0 / (6.0 * safe_span)
    hue = np.where(value == g, norm * (b - r) + 2.0 / 6.0, norm * (r - g) + 4.0 / 6.0)
    hue = np.where(value == r, norm * (g - b), hue)
    hue = np.where(span > 0, hue, 0.0)
    hue = hue + (hue < 0)
    return undo(np.stack([hue, saturation, value], axis=-1).astype(dtype))


def hsv_to_rgb(images, data_format=None):
    x, undo = _as_batched_channels_last(images, data_format, "hsv_to_rgb")
    _check_float(x, "hsv_to_rgb")
    dtype = x.dtype
    x = x.astype(_compute_dtype(dtype))
    h, s, v = x[..., 0], x[..., 1], x[..., 2]
    channels = []
    for n in (5.0, 3.0, 1.0):
        k = np.mod(n + h * 6.0, 6.0)
        channels.append(v - v * s * np.clip(np.minimum(k, 4.0 - k), 0.0, 1.0))
    return undo(np.stack(channels, axis=-1).astype(dtype))


# --- cropping, padding, patches --------------------------------------------------------


def _resolve_box(before, after, target, size, op_name, names):
    """Returns (before, after) amounts from two of (before, after, target)."""
    if [before, after, target].count(None) != 1:
        raise ValueError(
            f"{op_name}: specify exactly two of {', '.join(names)}; got {names[0]}={before}, "
            f"{names[1]}={after}, {names[2]}={target}."
        )
    if target is None:
        return int(before), int(after)
    # Padding adds (target - size) pixels in all; cropping removes (size - target).
    total = int(target) - size if op_name == "pad_images" else size - int(target)
    if before is None:
        before = total - int(after)
    else:
        after = total - int(before)
    return int(before), int(after)


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
    x, undo = _as_batched_channels_last(images, data_format, "pad_images")
    height, width = x.shape[1], x.shape[2]
    top, bottom = _resolve_box(
        top_padding, bottom_padding, target_height, height, "pad_images",
        ("top_padding", "bottom_padding", "target_height"),
    )
    left, right = _resolve_box(
        left_padding, right_padding, target_width, width, "pad_images",
        ("left_padding", "right_padding", "target_width"),
    )
    if min(top, bottom, left, right) < 0:
        raise ValueError(
            f"pad_images: padding must be non-negative, got top={top}, bottom={bottom}, "
            f"left={left}, right={right} for images of size {height}x{width}."
        )
    return undo(np.pad(x, [(0, 0), (top, bottom), (left, right), (0, 0)]))


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
    x, undo = _as_batched_channels_last(images, data_format, "crop_images")
    height, width = x.shape[1], x.shape[2]
    top, bottom = _resolve_box(
        top_cropping, bottom_cropping, target_height, height, "crop_images",
        ("top_cropping", "bottom_cropping", "target_height"),
    )
    left, right = _resolve_box(
        left_cropping, right_cropping, target_width, width, "crop_images",
        ("left_cropping", "right_cropping", "target_width"),
    )
    if min(top, bottom, left, right) < 0 or top + bottom >= height or left + right >= width:
        raise ValueError(
            f"crop_images: invalid cropping top={top}, bottom={bottom}, left={left}, "
            f"right={right} for images of size {height}x{width}."
        )
    return undo(x[:, top : height - bottom, left : width - right, :])


def _patch_geometry(in_size, size, stride, dilation, padding):
    effective = (size - 1) * dilation + 1
    if padding == "valid":
        out = max((in_size - effective) // stride + 1, 0)
        return out, 0, 0
    out = -(-in_size // stride)
    total = max((out - 1) * stride + effective - in_size, 0)
    return out, total // 2, total - total // 2


def _extract(x, sizes, strides, dilations, padding, op_name):
    """x: (B, *spatial, C) -> (B, *out_spatial, prod(sizes) * C) in (k..., C) order."""
    if padding not in ("valid", "same"):
        raise ValueError(f"{op_name}: padding must be 'valid' or 'same', got {padding!r}.")
    spatial = x.shape[1:-1]
    geometry = [
        _patch_geometry(n, k, s, d, padding)
        for n, k, s, d in zip(spatial, sizes, strides, dilations)
    ]
    pads = [(0, 0)] + [(g[1], g[2]) for g in geometry] + [(0, 0)]
    x = np.pad(x, pads)
    pieces = []
    for offsets in np.ndindex(*sizes):
        index = [slice(None)]
        for offset, (out, _, _), s, d in zip(offsets, geometry, strides, dilations):
            start = offset * d
            index.append(slice(start, start + (out - 1) * s + 1, s) if out else slice(0, 0))
        index.append(slice(None))
        pieces.append(x[tuple(index)])
    out = np.stack(pieces, axis=-2)
    return out.reshape(out.shape[:-2] + (-1,))


def _tuple_n(value, n, op_name, name):
    if isinstance(value, (int, np.integer)):
        return (int(value),) * n
    value = tuple(int(v) for v in value)
    if len(value) != n:
        raise ValueError(f"{op_name}: `{name}` must be an int or {n} ints, got {value!r}.")
    return value


def extract_patches(
    images,
    size,
    strides=None,
    dilation_rate=1,
    padding="valid",
    data_format=None,
):
    sizes = _tuple_n(size, 2, "extract_patches", "size")
    strides = sizes if strides is None else _tuple_n(strides, 2, "extract_patches", "strides")
    dilations = _tuple_n(dilation_rate, 2, "extract_patches", "dilation_rate")
    x, undo = _as_batched_channels_last(images, data_format, "extract_patches")
    return undo(_extract(x, sizes, strides, dilations, padding, "extract_patches"))


def extract_patches_3d(
    volumes,
    size,
    strides=None,
    dilation_rate=1,
    padding="valid",
    data_format=None,
):
    sizes = _tuple_n(size, 3, "extract_patches_3d", "size")
    strides = sizes if strides is None else _tuple_n(strides, 3, "extract_patches_3d", "strides")
    dilations = _tuple_n(dilation_rate, 3, "extract_patches_3d", "dilation_rate")
    x, undo = _as_batched_channels_last(volumes, data_format, "extract_patches_3d", (4, 5))
    return undo(_extract(x, sizes, strides, dilations, padding, "extract_patches_3d"))
