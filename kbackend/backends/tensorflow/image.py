import itertools

import numpy as np
import tensorflow as tf

from kbackend.backends.common import config, dtypes
from kbackend.backends.tensorflow.core import convert_to_tensor

RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")
AFFINE_INTERPOLATIONS = ("nearest", "bilinear")
FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def _data_format(data_format):
    data_format = config.image_data_format() if data_format is None else data_format
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"data_format must be 'channels_last' or 'channels_first', got {data_format!r}."
        )
    return data_format


def _images(images, op, ranks=(3, 4)):
    images = convert_to_tensor(images)
    if images.shape.rank not in ranks:
        raise ValueError(
            f"{op}: expected images of rank {' or '.join(map(str, ranks))}, got shape "
            f"{tuple(images.shape)}."
        )
    return images


def _to_last(x, data_format):
    if data_format == "channels_first":
        rank = x.shape.rank
        return tf.transpose(x, list(range(rank - 3)) + [rank - 2, rank - 1, rank - 3])
    return x


def _from_last(x, data_format):
    if data_format == "channels_first":
        rank = x.shape.rank
        return tf.transpose(x, list(range(rank - 3)) + [rank - 1, rank - 3, rank - 2])
    return x


def _batched(images):
    if images.shape.rank == 3:
        return images[None], True
    return images, False


def _compute_dtype(dtype):
    dtype = dtypes.standardize_dtype(dtype)
    if dtype in ("float32", "float64"):
        return dtype
    return "float32"


def _cast_back(y, dtype):
    dtype = dtypes.standardize_dtype(dtype)
    if y.dtype.name == dtype:
        return y
    if dtypes.is_int_dtype(dtype) or dtype == "bool":
        y = tf.round(y)
        return tf.dtypes.saturate_cast(y, dtype)
    return tf.cast(y, dtype)


# ---------------------------------------------------------------------- color


def rgb_to_grayscale(images, data_format=None):
    images = _images(images, "rgb_to_grayscale")
    data_format = _data_format(data_format)
    x = _to_last(images, data_format)
    if x.shape[-1] is not None and x.shape[-1] != 3:
        raise ValueError(
            f"rgb_to_grayscale: expected 3 channels, got images of shape {tuple(images.shape)}."
        )
    dtype = images.dtype
    weights = tf.constant([0.2989, 0.5870, 0.1140], _compute_dtype(dtype))
    y = tf.tensordot(tf.cast(x, weights.dtype), weights, axes=[[-1], [0]])[..., None]
    # NOTE: integer images stay integer (rounded), as tf.image.rgb_to_grayscale does.
    return _from_last(_cast_back(y, dtype), data_format)


def _check_float_images(images, op):
    if not images.dtype.is_floating:
        raise TypeError(
            f"{op}: images must be a float tensor, got dtype {images.dtype.name}. Cast them "
            "first, e.g. ops.cast(images, 'float32') / 255."
        )


def rgb_to_hsv(images, data_format=None):
    images = _images(images, "rgb_to_hsv")
    _check_float_images(images, "rgb_to_hsv")
    data_format = _data_format(data_format)
    dtype = images.dtype
    x = tf.cast(_to_last(images, data_format), _compute_dtype(dtype))
    return _from_last(tf.cast(tf.image.rgb_to_hsv(x), dtype), data_format)


def hsv_to_rgb(images, data_format=None):
    images = _images(images, "hsv_to_rgb")
    _check_float_images(images, "hsv_to_rgb")
    data_format = _data_format(data_format)
    dtype = images.dtype
    x = tf.cast(_to_last(images, data_format), _compute_dtype(dtype))
    return _from_last(tf.cast(tf.image.hsv_to_rgb(x), dtype), data_format)


# ---------------------------------------------------------------------- resize


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
    images = _images(images, "resize")
    data_format = _data_format(data_format)
    if interpolation not in RESIZE_INTERPOLATIONS:
        raise ValueError(
            f"resize: interpolation must be one of {RESIZE_INTERPOLATIONS}, got "
            f"{interpolation!r}."
        )
    if fill_mode != "constant":
        raise ValueError(f"resize: fill_mode must be 'constant', got {fill_mode!r}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "resize: only one of crop_to_aspect_ratio and pad_to_aspect_ratio can be True."
        )
    if len(size) != 2:
        raise ValueError(f"resize: size must be (height, width), got {size}.")
    target_height, target_width = int(size[0]), int(size[1])
    dtype = images.dtype
    x, unbatched = _batched(_to_last(images, data_format))
    height, width = x.shape[1], x.shape[2]
    if crop_to_aspect_ratio:
        crop_height = max(min(height, int(width * target_height / target_width)), 1)
        crop_width = max(min(width, int(height * target_width / target_height)), 1)
        top = int((height - crop_height) / 2)
        left = int((width - crop_width) / 2)
        x = x[:, top : top + crop_height, left : left + crop_width]
    elif pad_to_aspect_ratio:
        pad_height = max(height, int(width * target_height / target_width))
        pad_width = max(width, int(height * target_width / target_height))
        top = int((pad_height - height) / 2)
        left = int((pad_width - width) / 2)
        x = tf.pad(
            x,
            [[0, 0], [top, pad_height - height - top], [left, pad_width - width - left],
             [0, 0]],
            constant_values=tf.cast(fill_value, x.dtype),
        )
    compute = _compute_dtype(dtype)
    if interpolation == "nearest":
        y = tf.image.resize(x, (target_height, target_width), method="nearest")
    elif interpolation == "bicubic" and None not in (x.shape[1], x.shape[2]):
        # NOTE: tf's bicubic clamps at the border while jax renormalizes the kernel
        # weights there; the jax-compatible separable resampler is used instead.
        in_h, in_w = x.shape[1], x.shape[2]
        y = scale_and_translate(
            tf.cast(x, compute), (1, target_height, target_width, 1),
            tf.constant([target_height / in_h, target_width / in_w], compute),
            tf.zeros([2], compute), (1, 2), "cubic", antialias=antialias,
        )
    else:
        y = tf.image.resize(
            tf.cast(x, compute), (target_height, target_width), method=interpolation,
            antialias=antialias,
        )
    y = _cast_back(y, dtype)
    if unbatched:
        y = y[0]
    return _from_last(y, data_format)


# ---------------------------------------------------------------------- geometry


def _fill_mode(fill_mode):
    if fill_mode not in FILL_MODES:
        raise ValueError(f"fill_mode must be one of {FILL_MODES}, got {fill_mode!r}.")
    return fill_mode


def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
):
    if interpolation not in AFFINE_INTERPOLATIONS:
        raise ValueError(
            f"affine_transform: interpolation must be one of {AFFINE_INTERPOLATIONS}, got "
            f"{interpolation!r}."
        )
    fill_mode = _fill_mode(fill_mode)
    images = _images(images, "affine_transform")
    data_format = _data_format(data_format)
    transform = convert_to_tensor(transform)
    if transform.shape.rank not in (1, 2) or transform.shape[-1] != 8:
        raise ValueError(
            "affine_transform: transform must have shape (8,) or (batch, 8), got "
            f"{tuple(transform.shape)}."
        )
    x, unbatched = _batched(_to_last(images, data_format))
    if transform.shape.rank == 1:
        transform = transform[None]
    dtype = images.dtype
    # NOTE: tf's projective-transform kernel wraps differently at the border in 'wrap'
    # mode and has no 'mirror'; those go through the jax-compatible map_coordinates path.
    if fill_mode in ("mirror", "wrap"):
        y = _affine_by_coordinates(x, transform, interpolation, fill_mode, fill_value)
    else:
        compute = dtype if dtype.name in ("float16", "float32", "float64", "uint8",
                                          "int32", "int64") else tf.float32
        batch = tf.shape(x)[0]
        transform = tf.broadcast_to(tf.cast(transform, "float32"), tf.stack([batch, 8]))
        y = tf.raw_ops.ImageProjectiveTransformV3(
            images=tf.cast(x, compute),
            transforms=transform,
            output_shape=tf.shape(x)[1:3],
            fill_value=tf.cast(fill_value, "float32"),
            interpolation=interpolation.upper(),
            fill_mode=fill_mode.upper(),
        )
        y = tf.cast(y, dtype)
    # NOTE: the kernel's output_shape is a tensor, so under tf.function with an unknown
    # batch size the static height/width would be lost; they equal the input's.
    y.set_shape(x.shape)
    if unbatched:
        y = y[0]
    return _from_last(y, data_format)


def _affine_by_coordinates(x, transform, interpolation, fill_mode, fill_value):
    # General path (every scipy fill mode) through map_coordinates.
    shape = tf.shape(x)
    h, w = shape[1], shape[2]
    # Coordinates in float64 so that nearest lookups round like the float64 references.
    compute = "float64"
    transform = tf.cast(transform, compute)
    rows, cols = tf.meshgrid(tf.range(h), tf.range(w), indexing="ij")
    rows, cols = tf.cast(rows, compute), tf.cast(cols, compute)
    order = 0 if interpolation == "nearest" else 1

    def one(args):
        image, t = args
        k = t[6] * cols + t[7] * rows + 1
        src_x = (t[0] * cols + t[1] * rows + t[2]) / k
        src_y = (t[3] * cols + t[4] * rows + t[5]) / k
        channels = tf.transpose(image, [2, 0, 1])

        def per_channel(c):
            return _map_coordinates(c, [src_y, src_x], order, fill_mode, fill_value)

        return tf.transpose(tf.map_fn(per_channel, channels), [1, 2, 0])

    transform = tf.broadcast_to(transform, tf.stack([shape[0], 8]))
    return tf.map_fn(one, (x, transform), fn_output_signature=x.dtype)


def perspective_transform(
    images,
    start_points,
    end_points,
    interpolation="bilinear",
    fill_value=0,
    data_format=None,
):
    start = tf.cast(convert_to_tensor(start_points), "float64")
    end = tf.cast(convert_to_tensor(end_points), "float64")
    for name, p in (("start_points", start), ("end_points", end)):
        if p.shape.rank not in (2, 3) or tuple(p.shape[-2:]) != (4, 2):
            raise ValueError(
                f"perspective_transform: {name} must have shape (4, 2) or (batch, 4, 2), "
                f"got {tuple(p.shape)}."
            )
    if start.shape.rank == 2:
        start = start[None]
    if end.shape.rank == 2:
        end = end[None]
    # Solve for the projective map sending each output (end) point to its input
    # (start) point: x_s = (a0 x_e + a1 y_e + a2) / (a6 x_e + a7 y_e + 1), same for y_s.
    xe, ye = end[..., 0], end[..., 1]
    xs, ys = start[..., 0], start[..., 1]
    zeros, ones = tf.zeros_like(xe), tf.ones_like(xe)
    rows_x = tf.stack([xe, ye, ones, zeros, zeros, zeros, -xe * xs, -ye * xs], axis=-1)
    rows_y = tf.stack([zeros, zeros, zeros, xe, ye, ones, -xe * ys, -ye * ys], axis=-1)
    a = tf.concat([rows_x, rows_y], axis=-2)
    b = tf.concat([xs, ys], axis=-1)[..., None]
    a, b = _broadcast_batch(a, b)
    transform = tf.linalg.solve(a, b)[..., 0]
    return affine_transform(
        images, tf.cast(transform, "float32"), interpolation=interpolation,
        fill_mode="constant", fill_value=fill_value, data_format=data_format,
    )


def _broadcast_batch(a, b):
    batch = tf.maximum(tf.shape(a)[0], tf.shape(b)[0])
    a = tf.broadcast_to(a, tf.concat([[batch], tf.shape(a)[1:]], 0))
    b = tf.broadcast_to(b, tf.concat([[batch], tf.shape(b)[1:]], 0))
    return a, b


def _fix_index(index, size, fill_mode):
    if fill_mode == "nearest":
        return tf.clip_by_value(index, 0, size - 1)
    if fill_mode == "wrap":
        return tf.math.floormod(index, size)
    if fill_mode == "mirror":
        s = tf.maximum(size - 1, 1)
        mirrored = tf.abs(tf.math.floormod(index + s, 2 * s) - s)
        return tf.where(size == 1, tf.zeros_like(index), mirrored)
    if fill_mode == "reflect":
        folded = tf.math.floormod(index, 2 * size)
        return tf.where(folded >= size, 2 * size - 1 - folded, folded)
    return index


def _map_coordinates(inputs, coordinates, order, fill_mode, fill_value):
    dtype = inputs.dtype
    compute = _compute_dtype(dtype)
    x = tf.cast(inputs, compute)
    shape = tf.shape(x)
    coordinates = [
        c if c.dtype == tf.float64 else tf.cast(c, compute) for c in coordinates
    ]
    per_dim = []
    for axis, coordinate in enumerate(coordinates):
        size = shape[axis]
        if order == 0:
            index = tf.cast(tf.floor(coordinate + 0.5), "int32")
            per_dim.append([(index, None)])
        else:
            lower = tf.floor(coordinate)
            upper_weight = tf.cast(coordinate - lower, compute)
            index = tf.cast(lower, "int32")
            per_dim.append([(index, 1 - upper_weight), (index + 1, upper_weight)])
        per_dim[-1] = [(i, w, size) for i, w in per_dim[-1]]
    fill = tf.cast(fill_value, compute)
    result = None
    for corner in itertools.product(*per_dim):
        indices, weight, valid = [], None, None
        for index, w, size in corner:
            inside = tf.logical_and(index >= 0, index < size)
            valid = inside if valid is None else tf.logical_and(valid, inside)
            fixed = _fix_index(index, size, fill_mode)
            indices.append(tf.clip_by_value(fixed, 0, size - 1))
            if w is not None:
                weight = w if weight is None else weight * w
        values = tf.gather_nd(x, tf.stack(indices, axis=-1))
        if fill_mode == "constant":
            values = tf.where(valid, values, fill)
        contribution = values if weight is None else values * weight
        result = contribution if result is None else result + contribution
    return _cast_back(result, dtype)


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    inputs = convert_to_tensor(inputs)
    fill_mode = _fill_mode(fill_mode)
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: order must be 0 or 1, got {order!r}.")
    if isinstance(coordinates, (list, tuple)):
        coordinates = [convert_to_tensor(c) for c in coordinates]
    else:
        coordinates = convert_to_tensor(coordinates)
        coordinates = tf.unstack(coordinates, num=coordinates.shape[0], axis=0)
    if len(coordinates) != inputs.shape.rank:
        raise ValueError(
            "map_coordinates: the first dimension of coordinates must equal the rank of "
            f"inputs ({inputs.shape.rank}), got {len(coordinates)}."
        )
    return _map_coordinates(inputs, coordinates, order, fill_mode, fill_value)


# ---------------------------------------------------------------------- filters


def _gaussian_kernel_1d(size, sigma, dtype):
    x = tf.range(size, dtype=dtype) - tf.cast((size - 1) / 2, dtype)
    sigma = tf.cast(sigma, dtype)
    k = tf.exp(-tf.square(x) / (2 * tf.square(sigma)))
    return k / tf.reduce_sum(k)


def _depthwise_same(x, kernel2d):
    channels = tf.shape(x)[-1]
    kernel = tf.tile(kernel2d[:, :, None, None], tf.stack([1, 1, channels, 1]))
    return tf.nn.depthwise_conv2d(x, kernel, strides=[1, 1, 1, 1], padding="SAME")


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    images = _images(images, "gaussian_blur")
    data_format = _data_format(data_format)
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    if isinstance(sigma, (int, float)):
        sigma = (sigma, sigma)
    if len(kernel_size) != 2 or len(sigma) != 2:
        raise ValueError(
            f"gaussian_blur: kernel_size and sigma must be pairs, got {kernel_size} and "
            f"{sigma}."
        )
    dtype = images.dtype
    compute = _compute_dtype(dtype)
    x, unbatched = _batched(tf.cast(_to_last(images, data_format), compute))
    ky = _gaussian_kernel_1d(kernel_size[0], sigma[0], compute)
    kx = _gaussian_kernel_1d(kernel_size[1], sigma[1], compute)
    y = _depthwise_same(x, ky[:, None] * kx[None, :])
    if unbatched:
        y = y[0]
    return _from_last(_cast_back(y, dtype), data_format)


def _draw_seed(seed):
    if seed is None:
        return tf.random.uniform([2], maxval=2**31 - 1, dtype="int32")
    if isinstance(seed, int):
        return tf.constant([seed, 0], "int32")
    if hasattr(seed, "next"):
        return tf.cast(convert_to_tensor(seed.next()), "int32")
    return tf.cast(convert_to_tensor(seed), "int32")


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
    if interpolation not in AFFINE_INTERPOLATIONS:
        raise ValueError(
            f"elastic_transform: interpolation must be one of {AFFINE_INTERPOLATIONS}, got "
            f"{interpolation!r}."
        )
    fill_mode = _fill_mode(fill_mode)
    images = _images(images, "elastic_transform")
    data_format = _data_format(data_format)
    dtype = images.dtype
    compute = _compute_dtype(dtype)
    x, unbatched = _batched(tf.cast(_to_last(images, data_format), compute))
    shape = tf.shape(x)
    batch, h, w = shape[0], shape[1], shape[2]
    seed = _draw_seed(seed)
    noise = tf.random.stateless_uniform(
        tf.stack([batch, h, w, 2]), seed=seed, minval=-1, maxval=1, dtype=compute
    )
    kernel_size = int(2 * round(3 * float(sigma)) + 1)
    k = _gaussian_kernel_1d(kernel_size, sigma, compute)
    displacement = _depthwise_same(noise, k[:, None] * k[None, :]) * tf.cast(alpha, compute)
    rows, cols = tf.meshgrid(tf.range(h), tf.range(w), indexing="ij")
    rows = tf.cast(rows, compute)[None] + displacement[..., 0]
    cols = tf.cast(cols, compute)[None] + displacement[..., 1]
    order = 0 if interpolation == "nearest" else 1

    def one(args):
        image, r, c = args
        channels = tf.transpose(image, [2, 0, 1])
        out = tf.map_fn(
            lambda ch: _map_coordinates(ch, [r, c], order, fill_mode, fill_value), channels
        )
        return tf.transpose(out, [1, 2, 0])

    y = tf.map_fn(one, (x, rows, cols), fn_output_signature=x.dtype)
    if unbatched:
        y = y[0]
    return _from_last(_cast_back(y, dtype), data_format)


def sobel_edges(images, data_format=None):
    images = _images(images, "sobel_edges")
    data_format = _data_format(data_format)
    dtype = images.dtype
    compute = _compute_dtype(dtype)
    x, unbatched = _batched(tf.cast(_to_last(images, data_format), compute))
    y = tf.image.sobel_edges(x)  # (batch, h, w, channels, 2) holding (dy, dx)
    if data_format == "channels_first":
        y = tf.transpose(y, [0, 3, 1, 2, 4])
    if unbatched:
        y = y[0]
    return _cast_back(y, dtype)


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
    image1 = _images(image1, "ssim")
    image2 = _images(image2, "ssim")
    data_format = _data_format(data_format)
    dtype = dtypes.float_result_type(
        dtypes.standardize_dtype(image1.dtype), dtypes.standardize_dtype(image2.dtype)
    )
    compute = _compute_dtype(dtype)
    a = tf.cast(_to_last(image1, data_format), compute)
    b = tf.cast(_to_last(image2, data_format), compute)
    y = tf.image.ssim(
        a, b, max_val=max_val, filter_size=filter_size, filter_sigma=filter_sigma, k1=k1,
        k2=k2,
    )
    return tf.cast(y, dtype)


# ---------------------------------------------------------------------- patches


def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid",
                    data_format=None):
    images = _images(images, "extract_patches")
    data_format = _data_format(data_format)
    if isinstance(size, int):
        size = (size, size)
    strides = size if strides is None else strides
    if isinstance(strides, int):
        strides = (strides, strides)
    if isinstance(dilation_rate, int):
        dilation_rate = (dilation_rate, dilation_rate)
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"extract_patches: padding must be 'valid' or 'same', got {padding!r}.")
    x, unbatched = _batched(_to_last(images, data_format))
    y = tf.image.extract_patches(
        x, sizes=[1, *size, 1], strides=[1, *strides, 1], rates=[1, *dilation_rate, 1],
        padding=padding.upper(),
    )
    if unbatched:
        y = y[0]
    return _from_last(y, data_format)


def extract_patches_3d(volumes, size, strides=None, dilation_rate=1, padding="valid",
                       data_format=None):
    volumes = _images(volumes, "extract_patches_3d", ranks=(4, 5))
    data_format = _data_format(data_format)
    if isinstance(size, int):
        size = (size,) * 3
    strides = size if strides is None else strides
    if isinstance(strides, int):
        strides = (strides,) * 3
    if isinstance(dilation_rate, int):
        dilation_rate = (dilation_rate,) * 3
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(
            f"extract_patches_3d: padding must be 'valid' or 'same', got {padding!r}."
        )
    x = volumes
    if data_format == "channels_first":
        rank = x.shape.rank
        x = tf.transpose(x, list(range(rank - 4)) + [rank - 3, rank - 2, rank - 1, rank - 4])
    unbatched = x.shape.rank == 4
    if unbatched:
        x = x[None]
    channels = x.shape[-1]
    dtype = x.dtype
    compute = _compute_dtype(dtype)
    # An identity kernel turns the convolution into patch extraction ordered
    # (depth, height, width, channels), like tf.image.extract_patches.
    patch_dim = int(np.prod(size)) * channels
    kernel = np.eye(patch_dim).reshape(*size, channels, patch_dim)
    from kbackend.backends.tensorflow.nn import _convolution

    if padding == "same":
        from kbackend.backends.tensorflow.nn import _same_pads

        x = tf.pad(x, _same_pads(x, size, strides, dilation_rate))
    y = _convolution(tf.cast(x, compute), tf.constant(kernel, compute), tuple(strides),
                     "VALID", tuple(dilation_rate))
    y = _cast_back(y, dtype)
    if unbatched:
        y = y[0]
    if data_format == "channels_first":
        rank = y.shape.rank
        y = tf.transpose(y, list(range(rank - 4)) + [rank - 1, rank - 4, rank - 3, rank - 2])
    return y


# ---------------------------------------------------------------------- pad / crop


def _resolve(before, after, target, length, op, names):
    given = sum(v is not None for v in (before, after, target))
    if given != 2:
        raise ValueError(
            f"{op}: exactly two of {names[0]}, {names[1]} and {names[2]} must be set, got "
            f"{names[0]}={before}, {names[1]}={after}, {names[2]}={target}."
        )
    if target is None:
        return before, after
    if before is None:
        return target - length - after if op == "pad_images" else length - target - after, after
    return before, (target - length - before if op == "pad_images" else
                    length - target - before)


def pad_images(images, top_padding=None, left_padding=None, bottom_padding=None,
               right_padding=None, target_height=None, target_width=None, data_format=None):
    images = _images(images, "pad_images")
    data_format = _data_format(data_format)
    x, unbatched = _batched(_to_last(images, data_format))
    height, width = x.shape[1], x.shape[2]
    if height is None or width is None:
        raise ValueError(f"pad_images: height and width must be known, got {tuple(x.shape)}.")
    top, bottom = _resolve(top_padding, bottom_padding, target_height, height, "pad_images",
                           ("top_padding", "bottom_padding", "target_height"))
    left, right = _resolve(left_padding, right_padding, target_width, width, "pad_images",
                           ("left_padding", "right_padding", "target_width"))
    if min(top, bottom, left, right) < 0:
        raise ValueError(
            f"pad_images: paddings must be non-negative, got top={top}, bottom={bottom}, "
            f"left={left}, right={right} for images of shape {tuple(images.shape)}."
        )
    y = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]])
    if unbatched:
        y = y[0]
    return _from_last(y, data_format)


def crop_images(images, top_cropping=None, left_cropping=None, bottom_cropping=None,
                right_cropping=None, target_height=None, target_width=None, data_format=None):
    images = _images(images, "crop_images")
    data_format = _data_format(data_format)
    x, unbatched = _batched(_to_last(images, data_format))
    height, width = x.shape[1], x.shape[2]
    if height is None or width is None:
        raise ValueError(f"crop_images: height and width must be known, got {tuple(x.shape)}.")
    top, bottom = _resolve(top_cropping, bottom_cropping, target_height, height, "crop_images",
                           ("top_cropping", "bottom_cropping", "target_height"))
    left, right = _resolve(left_cropping, right_cropping, target_width, width, "crop_images",
                           ("left_cropping", "right_cropping", "target_width"))
    if min(top, bottom, left, right) < 0 or top + bottom >= height or left + right >= width:
        raise ValueError(
            f"crop_images: invalid croppings top={top}, bottom={bottom}, left={left}, "
            f"right={right} for images of shape {tuple(images.shape)}."
        )
    y = x[:, top : height - bottom, left : width - right]
    if unbatched:
        y = y[0]
    return _from_last(y, data_format)


# ---------------------------------------------------------------------- scale_and_translate


def _triangle(x):
    return tf.maximum(0.0, 1 - tf.abs(x))


def _keys_cubic(x):
    x = tf.abs(x)
    out = ((1.5 * x - 2.5) * x) * x + 1.0
    out = tf.where(x >= 1.0, ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0, out)
    return tf.where(x >= 2.0, tf.zeros_like(x), out)


def _lanczos(radius):
    def kernel(x):
        pi = np.pi
        safe = tf.where(tf.equal(x, 0), tf.ones_like(x), x)
        y = radius * tf.sin(pi * safe) * tf.sin(pi * safe / radius) / (pi * pi * safe * safe)
        y = tf.where(tf.equal(x, 0), tf.ones_like(x), y)
        return tf.where(tf.abs(x) > radius, tf.zeros_like(x), y)

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


def _weight_matrix(input_size, output_size, scale, translation, kernel, antialias, dtype):
    inv_scale = 1.0 / scale
    kernel_scale = tf.maximum(inv_scale, 1.0) if antialias else tf.constant(1.0, dtype)
    sample = (tf.range(output_size, dtype=dtype) + 0.5) * inv_scale - translation * inv_scale
    sample = sample - 0.5
    x = tf.abs(sample[None, :] - tf.range(input_size, dtype=dtype)[:, None]) / kernel_scale
    weights = kernel(x)
    total = tf.reduce_sum(weights, axis=0, keepdims=True)
    weights = tf.where(
        tf.abs(total) > 1000.0 * float(np.finfo(np.float32).eps),
        weights / tf.where(tf.equal(total, 0), tf.ones_like(total), total),
        tf.zeros_like(weights),
    )
    inside = tf.logical_and(sample >= -0.5, sample <= input_size - 0.5)
    return tf.where(inside[None, :], weights, tf.zeros_like(weights))


def scale_and_translate(images, output_shape, scale, translation, spatial_dims, method,
                        antialias=True):
    if method not in _KERNELS:
        raise ValueError(
            f"scale_and_translate: method must be one of {sorted(_KERNELS)}, got {method!r}."
        )
    images = convert_to_tensor(images)
    dtype = images.dtype
    compute = _compute_dtype(dtype)
    x = tf.cast(images, compute)
    scale = tf.cast(convert_to_tensor(scale), compute)
    translation = tf.cast(convert_to_tensor(translation), compute)
    rank = x.shape.rank
    kernel = _KERNELS[method]
    for i, dim in enumerate(spatial_dims):
        dim = dim % rank
        input_size = x.shape[dim]
        output_size = int(output_shape[dim])
        w = _weight_matrix(input_size, output_size, scale[i], translation[i], kernel,
                           antialias, compute)
        perm = [j for j in range(rank) if j != dim] + [dim]
        inverse = list(np.argsort(perm))
        moved = tf.transpose(x, perm)
        x = tf.transpose(tf.tensordot(moved, w, axes=1), inverse)
    return _cast_back(x, dtype)
