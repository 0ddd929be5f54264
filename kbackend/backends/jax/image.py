import jax
import jax.numpy as jnp
import jax.scipy.ndimage as jndi
import numpy as np

from kbackend.backends.common import config, dtypes
from kbackend.backends.jax.core import convert_to_tensor

_RESIZE_METHODS = {
    "bilinear": "linear",
    "nearest": "nearest",
    "lanczos3": "lanczos3",
    "lanczos5": "lanczos5",
    "bicubic": "cubic",
    "area": "area",
}
_INTERPOLATION_ORDER = {"nearest": 0, "bilinear": 1}
_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def _data_format(data_format):
    if data_format is None:
        return config.image_data_format()
    return config.standardize_data_format(data_format)


def _float(x):
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(x.dtype)
    if x.dtype == dtype:
        return x
    return x.astype(dtype)


def _to_channels_last(images, data_format, op, ranks=(3, 4)):
    """Returns (batched channels-last images, a function that undoes the change)."""
    images = convert_to_tensor(images)
    if images.ndim not in ranks:
        raise ValueError(
            f"{op} expects images of rank {ranks} (an image or a batch), got shape "
            f"{tuple(images.shape)}."
        )
    unbatched = images.ndim == min(ranks)
    if unbatched:
        images = images[None]
    channels_first = data_format == "channels_first"
    if channels_first:
        images = jnp.moveaxis(images, 1, -1)

    def restore(result):
        if channels_first:
            result = jnp.moveaxis(result, -1, 1)
        if unbatched:
            result = result[0]
        return result

    return images, restore


# --- colour -----------------------------------------------------------------------


def rgb_to_grayscale(images, data_format=None):
    data_format = _data_format(data_format)
    images, restore = _to_channels_last(images, data_format, "rgb_to_grayscale")
    if images.shape[-1] != 3:
        raise ValueError(
            f"rgb_to_grayscale expects 3 channels, got shape {tuple(images.shape)}."
        )
    dtype = images.dtype
    weights = jnp.asarray([0.2989, 0.5870, 0.1140], dtypes.float_result_type(dtype))
    gray = jnp.tensordot(images.astype(weights.dtype), weights, axes=[[-1], [-1]])[..., None]
    return restore(gray.astype(dtype))


def rgb_to_hsv(images, data_format=None):
    data_format = _data_format(data_format)
    images, restore = _to_channels_last(images, data_format, "rgb_to_hsv")
    if not dtypes.is_float_dtype(images.dtype):
        raise TypeError(f"rgb_to_hsv expects float images, got {images.dtype}.")
    dtype = images.dtype
    x = images.astype("float32") if dtype in ("float16", "bfloat16") else images
    r, g, b = x[..., 0], x[..., 1], x[..., 2]
    value = jnp.max(x, axis=-1)
    minimum = jnp.min(x, axis=-1)
    delta = value - minimum
    safe_value = jnp.where(value > 0, value, 1)
    saturation = jnp.where(value > 0, delta / safe_value, 0)
    safe_delta = jnp.where(delta > 0, delta, 1)
    hue = jnp.where(
        value == r,
        (g - b) / safe_delta,
        jnp.where(value == g, 2 + (b - r) / safe_delta, 4 + (r - g) / safe_delta),
    )
    hue = jnp.where(delta > 0, hue / 6, 0)
    hue = jnp.where(hue < 0, hue + 1, hue)
    return restore(jnp.stack([hue, saturation, value], axis=-1).astype(dtype))


def hsv_to_rgb(images, data_format=None):
    data_format = _data_format(data_format)
    images, restore = _to_channels_last(images, data_format, "hsv_to_rgb")
    if not dtypes.is_float_dtype(images.dtype):
        raise TypeError(f"hsv_to_rgb expects float images, got {images.dtype}.")
    dtype = images.dtype
    x = images.astype("float32") if dtype in ("float16", "bfloat16") else images
    h, s, v = x[..., 0], x[..., 1], x[..., 2]
    dh = h * 6
    r = jnp.clip(jnp.abs(dh - 3) - 1, 0, 1)
    g = jnp.clip(2 - jnp.abs(dh - 2), 0, 1)
    b = jnp.clip(2 - jnp.abs(dh - 4), 0, 1)
    rgb = jnp.stack([r, g, b], axis=-1)
    rgb = ((rgb - 1) * s[..., None] + 1) * v[..., None]
    return restore(rgb.astype(dtype))


# --- resize -----------------------------------------------------------------------


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
    if interpolation not in _RESIZE_METHODS:
        raise ValueError(
            f"resize: interpolation must be one of {sorted(_RESIZE_METHODS)}, got "
            f"{interpolation!r}."
        )
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "resize: only one of crop_to_aspect_ratio and pad_to_aspect_ratio may be True."
        )
    if fill_mode != "constant":
        raise ValueError(f"resize: only fill_mode='constant' is supported, got {fill_mode!r}.")
    size = tuple(int(s) for s in size)
    if len(size) != 2:
        raise ValueError(f"resize: size must be (height, width), got {size}.")
    images, restore = _to_channels_last(images, data_format, "resize")
    dtype = images.dtype
    height, width = images.shape[1], images.shape[2]
    target_height, target_width = size
    if crop_to_aspect_ratio:
        crop_height = int(round(width * target_height / target_width))
        crop_height = min(height, crop_height)
        crop_width = int(round(height * target_width / target_height))
        crop_width = min(width, crop_width)
        top = (height - crop_height) // 2
        left = (width - crop_width) // 2
        images = images[:, top : top + crop_height, left : left + crop_width]
    elif pad_to_aspect_ratio:
        pad_height = int(round(width * target_height / target_width))
        pad_height = max(height, pad_height)
        pad_width = int(round(height * target_width / target_height))
        pad_width = max(width, pad_width)
        top = (pad_height - height) // 2
        left = (pad_width - width) // 2
        images = jnp.pad(
            images,
            [(0, 0), (top, pad_height - height - top), (left, pad_width - width - left), (0, 0)],
            constant_values=jnp.asarray(fill_value, images.dtype),
        )
    compute = images if dtypes.is_float_dtype(dtype) else images.astype(config.floatx())
    shape = (compute.shape[0], target_height, target_width, compute.shape[-1])
    method = _RESIZE_METHODS[interpolation]
    if method == "area":
        out = jax.image.resize(compute, shape, method="area", antialias=antialias)
    else:
        out = jax.image.resize(compute, shape, method=method, antialias=antialias)
    if dtypes.is_int_dtype(dtype):
        info = np.iinfo(dtypes.numpy_dtype(dtype))
        out = jnp.clip(jnp.round(out), info.min, info.max)
    return restore(out.astype(dtype))


def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method, antialias=True
):
    images = _float(images)
    return jax.image.scale_and_translate(
        images,
        tuple(int(d) for d in output_shape),
        tuple(int(d) for d in spatial_dims),
        convert_to_tensor(scale).astype(images.dtype),
        convert_to_tensor(translation).astype(images.dtype),
        method,
        antialias=antialias,
    )


# --- geometric transforms -----------------------------------------------------------


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    inputs = convert_to_tensor(inputs)
    if fill_mode not in _FILL_MODES:
        raise ValueError(
            f"map_coordinates: fill_mode must be one of {_FILL_MODES}, got {fill_mode!r}."
        )
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: order must be 0 or 1, got {order!r}.")
    coordinates = convert_to_tensor(coordinates)
    if coordinates.shape[0] != inputs.ndim:
        raise ValueError(
            "map_coordinates: the first dimension of coordinates must equal the rank of "
            f"inputs ({inputs.ndim}), got coordinates.shape={tuple(coordinates.shape)}."
        )
    dtype = inputs.dtype
    compute = inputs if dtypes.is_float_dtype(dtype) else inputs.astype(config.floatx())
    coordinates = coordinates.astype(compute.dtype)
    # NOTE: jax's 'mirror'/'reflect' follow scipy; scipy's 'reflect' is Keras 'reflect'.
    out = jndi.map_coordinates(
        compute, list(coordinates), order, mode=fill_mode, cval=fill_value
    )
    if not dtypes.is_float_dtype(dtype):
        out = jnp.round(out)
    return out.astype(dtype)


def _apply_projective(images, transforms, interpolation, fill_mode, fill_value):
    """images: (B, H, W, C) channels-last; transforms: (B, 8) output->input maps."""
    if interpolation not in _INTERPOLATION_ORDER:
        raise ValueError(
            f"interpolation must be one of {sorted(_INTERPOLATION_ORDER)}, got "
            f"{interpolation!r}."
        )
    if fill_mode not in _FILL_MODES:
        raise ValueError(f"fill_mode must be one of {_FILL_MODES}, got {fill_mode!r}.")
    order = _INTERPOLATION_ORDER[interpolation]
    batch, height, width, channels = images.shape
    dtype = images.dtype
    compute = images if dtypes.is_float_dtype(dtype) else images.astype(config.floatx())
    transforms = transforms.astype(compute.dtype)
    y, x = jnp.meshgrid(
        jnp.arange(height, dtype=compute.dtype),
        jnp.arange(width, dtype=compute.dtype),
        indexing="ij",
    )
    a = [transforms[:, i][:, None, None] for i in range(8)]
    k = a[6] * x + a[7] * y + 1
    x_in = (a[0] * x + a[1] * y + a[2]) / k
    y_in = (a[3] * x + a[4] * y + a[5]) / k

    def sample(image, yy, xx):
        def per_channel(channel):
            return jndi.map_coordinates(
                channel, [yy, xx], order, mode=fill_mode, cval=fill_value
            )

        return jax.vmap(per_channel, in_axes=-1, out_axes=-1)(image)

    out = jax.vmap(sample)(compute, y_in, x_in)
    if not dtypes.is_float_dtype(dtype):
        out = jnp.round(out)
    return out.astype(dtype)


def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
):
    data_format = _data_format(data_format)
    images, restore = _to_channels_last(images, data_format, "affine_transform")
    transform = convert_to_tensor(transform)
    if transform.ndim == 1:
        transform = transform[None]
    if transform.ndim != 2 or transform.shape[-1] != 8:
        raise ValueError(
            f"affine_transform expects transform of shape (8,) or (batch, 8), got "
            f"{tuple(transform.shape)}."
        )
    transform = jnp.broadcast_to(transform, (images.shape[0], 8))
    out = _apply_projective(images, transform, interpolation, fill_mode, fill_value)
    return restore(out)


def _perspective_coefficients(start_points, end_points):
    """Solves for the 8 coefficients mapping end (output) points to start (input) points."""
    rows = []
    targets = []
    for i in range(4):
        xe, ye = end_points[:, i, 0], end_points[:, i, 1]
        xs, ys = start_points[:, i, 0], start_points[:, i, 1]
        zero, one = jnp.zeros_like(xe), jnp.ones_like(xe)
        rows.append(jnp.stack([xe, ye, one, zero, zero, zero, -xs * xe, -xs * ye], -1))
        rows.append(jnp.stack([zero, zero, zero, xe, ye, one, -ys * xe, -ys * ye], -1))
        targets.extend([xs, ys])
    matrix = jnp.stack(rows, axis=1)
    vector = jnp.stack(targets, axis=1)
    return jnp.linalg.solve(matrix, vector[..., None])[..., 0]


def perspective_transform(
    images,
    start_points,
    end_points,
    interpolation="bilinear",
    fill_value=0,
    data_format=None,
):
    data_format = _data_format(data_format)
    images, restore = _to_channels_last(images, data_format, "perspective_transform")
    start_points = convert_to_tensor(start_points).astype("float64")
    end_points = convert_to_tensor(end_points).astype("float64")
    if start_points.ndim == 2:
        start_points = start_points[None]
    if end_points.ndim == 2:
        end_points = end_points[None]
    if start_points.shape[-2:] != (4, 2) or end_points.shape[-2:] != (4, 2):
        raise ValueError(
            "perspective_transform expects start_points and end_points of shape "
            f"(4, 2) or (batch, 4, 2), got {tuple(start_points.shape)} and "
            f"{tuple(end_points.shape)}."
        )
    coefficients = _perspective_coefficients(start_points, end_points)
    coefficients = jnp.broadcast_to(coefficients, (images.shape[0], 8))
    out = _apply_projective(images, coefficients, interpolation, "constant", fill_value)
    return restore(out)


def _random_key(seed):
    if seed is None:
        seed = np.random.randint(0, 2**31 - 1)
    if isinstance(seed, (int, np.integer)):
        return jax.random.key(int(seed))
    next_seed = getattr(seed, "next", None)
    if callable(next_seed):
        seed = next_seed()
    seed = convert_to_tensor(seed)
    if jnp.issubdtype(seed.dtype, jax.dtypes.prng_key):
        return seed
    seed = seed.astype("uint32").reshape(-1)
    if seed.shape[0] == 1:
        return jax.random.key(seed[0])
    return jax.random.wrap_key_data(seed[:2])


def _gaussian_kernel_1d(size, sigma, dtype):
    x = jnp.arange(size, dtype="float64") - (size - 1) / 2
    kernel = jnp.exp(-(x**2) / (2 * jnp.asarray(sigma, "float64") ** 2))
    return (kernel / jnp.sum(kernel)).astype(dtype)


def _separable_blur(images, kernel_h, kernel_w, padding):
    """images: (B, H, W, C) float; depthwise blur with two 1-D kernels."""
    channels = images.shape[-1]
    kh = jnp.tile(kernel_h.reshape(-1, 1, 1, 1), (1, 1, 1, channels))
    kw = jnp.tile(kernel_w.reshape(1, -1, 1, 1), (1, 1, 1, channels))
    dn = ("NHWC", "HWIO", "NHWC")
    out = jax.lax.conv_general_dilated(
        images, kh, (1, 1), padding, dimension_numbers=dn, feature_group_count=channels
    )
    return jax.lax.conv_general_dilated(
        out, kw, (1, 1), padding, dimension_numbers=dn, feature_group_count=channels
    )


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
    images, restore = _to_channels_last(images, data_format, "elastic_transform")
    batch, height, width, _ = images.shape
    dtype = images.dtype
    compute = dtypes.float_result_type(dtype)
    key = _random_key(seed)
    key_x, key_y = jax.random.split(key)
    dx = jax.random.uniform(key_x, (batch, height, width, 1), compute, -1.0, 1.0)
    dy = jax.random.uniform(key_y, (batch, height, width, 1), compute, -1.0, 1.0)
    size = int(2 * round(3 * float(sigma)) + 1)
    kernel = _gaussian_kernel_1d(size, sigma, compute)
    dx = _separable_blur(dx, kernel, kernel, "SAME")[..., 0] * alpha
    dy = _separable_blur(dy, kernel, kernel, "SAME")[..., 0] * alpha
    y, x = jnp.meshgrid(
        jnp.arange(height, dtype=compute), jnp.arange(width, dtype=compute), indexing="ij"
    )
    order = _INTERPOLATION_ORDER.get(interpolation)
    if order is None:
        raise ValueError(
            f"elastic_transform: interpolation must be one of "
            f"{sorted(_INTERPOLATION_ORDER)}, got {interpolation!r}."
        )
    values = images.astype(compute)

    def sample(image, yy, xx):
        def per_channel(channel):
            return jndi.map_coordinates(
                channel, [yy, xx], order, mode=fill_mode, cval=fill_value
            )

        return jax.vmap(per_channel, in_axes=-1, out_axes=-1)(image)

    out = jax.vmap(sample)(values, y + dy, x + dx)
    if not dtypes.is_float_dtype(dtype):
        out = jnp.round(out)
    return restore(out.astype(dtype))


# --- crop and pad -------------------------------------------------------------------


def _resolve_box(name, before, after, target, size, crop):
    given = sum(v is not None for v in (before, after, target))
    if given == 0:
        return 0, 0
    if given != 2:
        raise ValueError(
            f"{name}: give exactly two of the before amount, the after amount and the "
            f"target size; got before={before}, after={after}, target={target}."
        )
    if target is None:
        return int(before), int(after)
    total = size - int(target) if crop else int(target) - size
    if before is None:
        return total - int(after), int(after)
    return int(before), total - int(before)


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
    images, restore = _to_channels_last(images, data_format, "crop_images")
    height, width = images.shape[1], images.shape[2]
    top, bottom = _resolve_box(
        "crop_images (height)", top_cropping, bottom_cropping, target_height, height, True
    )
    left, right = _resolve_box(
        "crop_images (width)", left_cropping, right_cropping, target_width, width, True
    )
    if min(top, bottom, left, right) < 0 or top + bottom >= height or left + right >= width:
        raise ValueError(
            f"crop_images: invalid cropping top={top}, bottom={bottom}, left={left}, "
            f"right={right} for images of height {height} and width {width}."
        )
    return restore(images[:, top : height - bottom, left : width - right])


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
    images, restore = _to_channels_last(images, data_format, "pad_images")
    height, width = images.shape[1], images.shape[2]
    top, bottom = _resolve_box(
        "pad_images (height)", top_padding, bottom_padding, target_height, height, False
    )
    left, right = _resolve_box(
        "pad_images (width)", left_padding, right_padding, target_width, width, False
    )
    if min(top, bottom, left, right) < 0:
        raise ValueError(
            f"pad_images: padding must be non-negative, got top={top}, bottom={bottom}, "
            f"left={left}, right={right} for images of shape {tuple(images.shape)}."
        )
    return restore(jnp.pad(images, [(0, 0), (top, bottom), (left, right), (0, 0)]))


# --- patches ----------------------------------------------------------------------


def _patches(images, size, strides, dilation_rate, padding, num_spatial):
    """images: channels-last (B, *spatial, C). Returns (B, *out_spatial, prod(size)*C)."""
    size = (size,) * num_spatial if isinstance(size, int) else tuple(size)
    if strides is None:
        strides = size
    strides = (strides,) * num_spatial if isinstance(strides, int) else tuple(strides)
    if isinstance(dilation_rate, int):
        dilation_rate = (dilation_rate,) * num_spatial
    padding = str(padding).upper()
    if padding not in ("VALID", "SAME"):
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}.")
    spatial = "DHW"[-num_spatial:]
    lhs = "N" + spatial + "C"
    patches = jax.lax.conv_general_dilated_patches(
        images,
        filter_shape=size,
        window_strides=strides,
        padding=padding,
        rhs_dilation=tuple(dilation_rate),
        dimension_numbers=(lhs, spatial + "IO", lhs),
        precision=jax.lax.Precision.HIGHEST,
    )
    # NOTE: lax orders patch features (C, *size); Keras orders them (*size, C).
    channels = images.shape[-1]
    window = int(np.prod(size))
    out_spatial = patches.shape[1:-1]
    patches = patches.reshape((patches.shape[0],) + out_spatial + (channels, window))
    patches = jnp.swapaxes(patches, -1, -2)
    return patches.reshape((patches.shape[0],) + out_spatial + (window * channels,))


def extract_patches(
    images, size, strides=None, dilation_rate=1, padding="valid", data_format=None
):
    data_format = _data_format(data_format)
    images, restore = _to_channels_last(images, data_format, "extract_patches")
    dtype = images.dtype
    compute = images if dtypes.is_float_dtype(dtype) else images.astype("float64")
    out = _patches(compute, size, strides, dilation_rate, padding, 2)
    return restore(out.astype(dtype))


def extract_patches_3d(
    volumes, size, strides=None, dilation_rate=1, padding="valid", data_format=None
):
    data_format = _data_format(data_format)
    volumes, restore = _to_channels_last(
        volumes, data_format, "extract_patches_3d", ranks=(4, 5)
    )
    dtype = volumes.dtype
    compute = volumes if dtypes.is_float_dtype(dtype) else volumes.astype("float64")
    out = _patches(compute, size, strides, dilation_rate, padding, 3)
    return restore(out.astype(dtype))


# --- filters ----------------------------------------------------------------------


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    data_format = _data_format(data_format)
    images, restore = _to_channels_last(images, data_format, "gaussian_blur")
    dtype = images.dtype
    compute = dtypes.float_result_type(dtype)
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    if isinstance(sigma, (int, float)):
        sigma = (sigma, sigma)
    kernel_h = _gaussian_kernel_1d(int(kernel_size[0]), sigma[0], compute)
    kernel_w = _gaussian_kernel_1d(int(kernel_size[1]), sigma[1], compute)
    out = _separable_blur(images.astype(compute), kernel_h, kernel_w, "SAME")
    return restore(out.astype(dtype))


def sobel_edges(images, data_format=None):
    data_format = _data_format(data_format)
    unbatched = convert_to_tensor(images).ndim == 3
    images, _ = _to_channels_last(images, data_format, "sobel_edges")
    dtype = images.dtype
    x = images.astype(dtypes.float_result_type(dtype))
    channels = x.shape[-1]
    ky = jnp.asarray([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], x.dtype)
    kx = ky.T
    # NOTE: borders use reflect padding (as tf.image.sobel_edges does).
    padded = jnp.pad(x, [(0, 0), (1, 1), (1, 1), (0, 0)], mode="reflect")
    kernel = jnp.stack([ky, kx], axis=-1)[:, :, None, :]
    kernel = jnp.tile(kernel, (1, 1, 1, channels))
    out = jax.lax.conv_general_dilated(
        padded,
        kernel,
        (1, 1),
        "VALID",
        dimension_numbers=("NHWC", "HWIO", "NHWC"),
        feature_group_count=channels,
    )
    # Output channel c*2 + k holds filter k (dy, dx) of input channel c.
    out = out.reshape(out.shape[:-1] + (channels, 2))
    if data_format == "channels_first":
        out = jnp.moveaxis(out, -2, 1)
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
    image1, _ = _to_channels_last(image1, data_format, "ssim")
    unbatched = convert_to_tensor(image2).ndim == 3
    image2, _ = _to_channels_last(image2, data_format, "ssim")
    if image1.shape != image2.shape:
        raise ValueError(
            f"ssim: image1 and image2 must have the same shape, got {tuple(image1.shape)} "
            f"and {tuple(image2.shape)}."
        )
    dtype = dtypes.float_result_type(image1.dtype, image2.dtype)
    x, y = image1.astype(dtype), image2.astype(dtype)
    kernel = _gaussian_kernel_1d(filter_size, filter_sigma, dtype)

    def blur(v):
        return _separable_blur(v, kernel, kernel, "VALID")

    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    mu_x, mu_y = blur(x), blur(y)
    sigma_xx = blur(x * x) - mu_x**2
    sigma_yy = blur(y * y) - mu_y**2
    sigma_xy = blur(x * y) - mu_x * mu_y
    luminance = (2 * mu_x * mu_y + c1) / (mu_x**2 + mu_y**2 + c1)
    contrast = (2 * sigma_xy + c2) / (sigma_xx + sigma_yy + c2)
    result = jnp.mean(luminance * contrast, axis=(1, 2, 3))
    return result[0] if unbatched else result
