"""The `image` ops (``kbackend.ops.image``).

Images are batched ``(batch, height, width, channels)`` or single ``(height, width,
channels)`` tensors for ``data_format="channels_last"``, and ``(batch, channels, height,
width)`` / ``(channels, height, width)`` for ``"channels_first"``. ``data_format=None``
means `kbackend.backend.image_data_format()`.

Dtypes: geometric ops (resize, affine_transform, map_coordinates, ...), blurs and
``rgb_to_grayscale`` return the input dtype; integer inputs are computed in float32
and rounded (then clipped to the dtype's range) back. ``scale_and_translate``,
``sobel_edges`` and ``ssim`` return ``float_result_type`` of the input (ints give
``floatx()``). ``rgb_to_hsv``/``hsv_to_rgb`` need float images.

Fill modes (``map_coordinates``, ``affine_transform``, ``elastic_transform``) follow
``jax.scipy.ndimage.map_coordinates``, i.e. for an axis ``a b c d``:
``"constant"`` pads with ``fill_value`` and interpolates with it near the edge (SciPy's
``"grid-constant"``); ``"nearest"`` repeats the edge (a a | a b c d | d d);
``"wrap"`` tiles the image (a b c d | a b c d | a b c d, SciPy's ``"grid-wrap"``);
``"mirror"`` reflects about the edge pixel centre (c b | a b c d | c b);
``"reflect"`` reflects about the edge (b a | a b c d | d c).
"""

import operator

from kbackend import backends
from kbackend.backends.common import config, dtypes
from kbackend.backends.common.keras_tensor import KerasTensor, any_symbolic_tensors
from kbackend.ops.operation import Operation
from kbackend.ops.shape_utils import shape_of

RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5", "area")
AFFINE_INTERPOLATIONS = ("nearest", "bilinear")
FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
SCALE_AND_TRANSLATE_METHODS = (
    "linear", "bilinear", "trilinear", "triangle", "cubic", "bicubic", "tricubic",
    "lanczos3", "lanczos5",
)


# --- helpers ----------------------------------------------------------------------


def _data_format(data_format):
    data_format = config.image_data_format() if data_format is None else data_format
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            "data_format must be 'channels_last' or 'channels_first' (or None for the "
            f"global setting), got {data_format!r}."
        )
    return data_format


def _layout(shape, data_format, op_name, spatial=2):
    """Returns (spatial axes, channel axis) of an image shape, with a clear rank error."""
    rank = len(shape)
    if rank not in (spatial + 1, spatial + 2):
        kind = "images" if spatial == 2 else "volumes"
        raise ValueError(
            f"{op_name}: expected {kind} of rank {spatial + 1} (single) or {spatial + 2} "
            f"(batched), got shape {tuple(shape)}."
        )
    offset = rank - spatial - 1
    if data_format == "channels_last":
        return tuple(range(offset, offset + spatial)), rank - 1
    return tuple(range(offset + 1, offset + 1 + spatial)), offset


def _check_choice(value, choices, op_name, name):
    if value not in choices:
        raise ValueError(f"{op_name}: invalid {name} {value!r}; expected one of {choices}.")


def _with_spatial(shape, axes, sizes):
    shape = list(shape)
    for axis, size in zip(axes, sizes):
        shape[axis] = size
    return tuple(shape)


def _float_dtype(dtype):
    return dtypes.float_result_type(dtype)


def _ints(value, n, op_name, name):
    if isinstance(value, int):
        return (value,) * n
    message = f"{op_name}: `{name}` must be an int or {n} ints, got {value!r}."
    try:
        value = tuple(int(v) for v in value)
    except TypeError:
        raise ValueError(message) from None
    if len(value) != n:
        raise ValueError(message)
    return value


# --- resize ---------------------------------------------------------------------


class Resize(Operation):
    def __init__(
        self,
        size,
        interpolation="bilinear",
        antialias=False,
        crop_to_aspect_ratio=False,
        pad_to_aspect_ratio=False,
        fill_mode="constant",
        fill_value=0.0,
        data_format=None,
        name=None,
    ):
        super().__init__(name=name)
        self.size = tuple(size)
        self.interpolation = interpolation
        self.antialias = antialias
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.pad_to_aspect_ratio = pad_to_aspect_ratio
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.data_format = data_format

    def call(self, images):
        return backends.image.resize(
            images,
            self.size,
            interpolation=self.interpolation,
            antialias=self.antialias,
            crop_to_aspect_ratio=self.crop_to_aspect_ratio,
            pad_to_aspect_ratio=self.pad_to_aspect_ratio,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )

    def compute_output_spec(self, images):
        axes, _ = _layout(images.shape, self.data_format, "resize")
        return KerasTensor(_with_spatial(images.shape, axes, self.size), dtype=images.dtype)


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
    """Resizes images to ``size`` (height, width).

    Sampling follows ``jax.image.resize`` (half-pixel centres): "nearest", "bilinear",
    "bicubic" (Keys, a=-0.5), "lanczos3", "lanczos5" and "area" (average over the
    area each output pixel covers). With ``antialias=True`` the kernel is widened when
    downsampling (a low-pass filter); "nearest" and "area" ignore it.

    Args:
        images: 3D or 4D image tensor.
        size: ``(height, width)`` of the output.
        interpolation: one of ``RESIZE_INTERPOLATIONS``.
        antialias: filter when downsampling.
        crop_to_aspect_ratio: first crop the largest centred box with the target aspect
            ratio (no distortion).
        pad_to_aspect_ratio: first pad (centred, with ``fill_value``) to the target aspect
            ratio.
        fill_mode: only "constant" (for ``pad_to_aspect_ratio``).
        fill_value: the padding value.
        data_format: "channels_last", "channels_first" or None (global setting).

    Returns:
        The resized images, with the input dtype (integers are rounded and clipped).

    Example:
    >>> from kbackend import ops
    >>> ops.shape(ops.image.resize(ops.ones((2, 8, 8, 3)), (4, 4)))
    (2, 4, 4, 3)
    """
    _check_choice(interpolation, RESIZE_INTERPOLATIONS, "resize", "interpolation")
    if fill_mode != "constant":
        raise ValueError(f"resize: only fill_mode='constant' is supported, got {fill_mode!r}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "resize: only one of crop_to_aspect_ratio and pad_to_aspect_ratio can be True."
        )
    try:
        size = tuple(operator.index(s) for s in size)
    except TypeError:
        size = (None,)
    if len(size) != 2 or not all(s > 0 for s in size):
        raise ValueError(
            f"resize: `size` must be a tuple of two positive ints (height, width), got {size!r}."
        )
    data_format = _data_format(data_format)
    if isinstance(images, KerasTensor):
        return Resize(
            size, interpolation, antialias, crop_to_aspect_ratio, pad_to_aspect_ratio,
            fill_mode, fill_value, data_format,
        ).symbolic_call(images)
    return backends.image.resize(
        images,
        size,
        interpolation=interpolation,
        antialias=antialias,
        crop_to_aspect_ratio=crop_to_aspect_ratio,
        pad_to_aspect_ratio=pad_to_aspect_ratio,
        fill_mode=fill_mode,
        fill_value=fill_value,
        data_format=data_format,
    )


class ScaleAndTranslate(Operation):
    def __init__(self, output_shape, spatial_dims, method, antialias=True, name=None):
        super().__init__(name=name)
        self.output_shape = tuple(output_shape)
        self.spatial_dims = tuple(spatial_dims)
        self.method = method
        self.antialias = antialias

    def call(self, images, scale, translation):
        return backends.image.scale_and_translate(
            images, self.output_shape, scale, translation, self.spatial_dims, self.method,
            antialias=self.antialias,
        )

    def compute_output_spec(self, images, scale, translation):
        if len(self.output_shape) != len(images.shape):
            raise ValueError(
                f"scale_and_translate: output_shape {self.output_shape} must have the rank "
                f"of the images (shape {images.shape})."
            )
        return KerasTensor(self.output_shape, dtype=_float_dtype(images.dtype))


def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method, antialias=True
):
    """Scales and translates images, as ``jax.image.scale_and_translate``.

    For each spatial dim, output pixel centre ``o + 0.5`` samples the input at
    ``(o + 0.5 - translation) / scale - 0.5``.

    Args:
        images: a tensor of any rank.
        output_shape: the full output shape.
        scale: one scale per spatial dim (tensor or list).
        translation: one translation per spatial dim.
        spatial_dims: the axes to transform.
        method: "linear"/"bilinear", "cubic"/"bicubic", "lanczos3" or "lanczos5".
        antialias: widen the kernel when downsampling.

    Returns:
        A float tensor of ``output_shape``.

    Example:
    >>> from kbackend import ops
    >>> y = ops.image.scale_and_translate(ops.ones((4, 4)), (8, 8), [2.0, 2.0], [0.0, 0.0],
    ...                                   (0, 1), "bilinear")
    >>> ops.shape(y)
    (8, 8)
    """
    _check_choice(method, SCALE_AND_TRANSLATE_METHODS, "scale_and_translate", "method")
    if any_symbolic_tensors((images, scale, translation)):
        return ScaleAndTranslate(output_shape, spatial_dims, method, antialias).symbolic_call(
            images, scale, translation
        )
    return backends.image.scale_and_translate(
        images, output_shape, scale, translation, spatial_dims, method, antialias=antialias
    )


# --- map_coordinates and geometric transforms ---------------------------------------


class MapCoordinates(Operation):
    def __init__(self, order, fill_mode="constant", fill_value=0, name=None):
        super().__init__(name=name)
        self.order = order
        self.fill_mode = fill_mode
        self.fill_value = fill_value

    def call(self, inputs, coordinates):
        return backends.image.map_coordinates(
            inputs, coordinates, self.order, fill_mode=self.fill_mode, fill_value=self.fill_value
        )

    def compute_output_spec(self, inputs, coordinates):
        if isinstance(coordinates, (list, tuple)):
            shapes = [getattr(c, "shape", ()) for c in coordinates]
            count, out_shape = len(coordinates), tuple(shapes[0]) if shapes else ()
        else:
            shape = tuple(coordinates.shape)
            if not shape:
                raise ValueError("map_coordinates: `coordinates` must have rank >= 1.")
            count, out_shape = shape[0], shape[1:]
        if count is not None and count != len(inputs.shape):
            raise ValueError(
                f"map_coordinates: `coordinates` must have one entry per input axis: the "
                f"input has shape {inputs.shape} but coordinates give {count}."
            )
        return KerasTensor(out_shape, dtype=inputs.dtype)


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    """Samples ``inputs`` at ``coordinates`` (as ``scipy.ndimage.map_coordinates``).

    Args:
        inputs: N-D tensor.
        coordinates: tensor of shape ``(N, ...)`` (or a list of N tensors): the input
            index for each output point, per axis.
        order: 0 (nearest, rounding half away from zero) or 1 (linear).
        fill_mode: one of ``FILL_MODES`` (see the module docstring).
        fill_value: the value outside the input for ``fill_mode="constant"``.

    Returns:
        A tensor of shape ``coordinates.shape[1:]`` with the dtype of ``inputs``.

    Example:
    >>> from kbackend import ops
    >>> x = ops.convert_to_tensor([[0.0, 1.0], [2.0, 3.0]])
    >>> ops.convert_to_numpy(ops.image.map_coordinates(x, [[0.5], [0.5]], 1)).tolist()
    [1.5]
    """
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: `order` must be 0 or 1, got {order!r}.")
    _check_choice(fill_mode, FILL_MODES, "map_coordinates", "fill_mode")
    if any_symbolic_tensors((inputs, coordinates)):
        return MapCoordinates(order, fill_mode, fill_value).symbolic_call(inputs, coordinates)
    return backends.image.map_coordinates(
        inputs, coordinates, order, fill_mode=fill_mode, fill_value=fill_value
    )


def _check_transform_shape(transform, images, op_name):
    shape = getattr(transform, "shape", None)
    if shape is None:
        return
    if len(shape) not in (1, 2) or shape[-1] not in (8, None):
        raise ValueError(
            f"{op_name}: `transform` must have shape (8,) or (batch, 8), got {tuple(shape)}."
        )


class AffineTransform(Operation):
    def __init__(self, interpolation, fill_mode, fill_value, data_format, name=None):
        super().__init__(name=name)
        self.interpolation = interpolation
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.data_format = data_format

    def call(self, images, transform):
        return backends.image.affine_transform(
            images, transform, interpolation=self.interpolation, fill_mode=self.fill_mode,
            fill_value=self.fill_value, data_format=self.data_format,
        )

    def compute_output_spec(self, images, transform):
        _layout(images.shape, self.data_format, "affine_transform")
        _check_transform_shape(transform, images, "affine_transform")
        return KerasTensor(images.shape, dtype=images.dtype)


def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
):
    """Applies projective transforms ``[a0, a1, a2, b0, b1, b2, c0, c1]`` to images.

    The output pixel ``(x, y)`` samples the input at
    ``((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)`` with ``k = c0 x + c1 y + 1``
    (the convention of ``tf.raw_ops.ImageProjectiveTransformV3``).

    Args:
        images: 3D or 4D images.
        transform: shape ``(8,)`` or ``(batch, 8)``.
        interpolation: "nearest" or "bilinear".
        fill_mode: one of ``FILL_MODES`` (see the module docstring).
        fill_value: value outside the image for ``fill_mode="constant"``.
        data_format: "channels_last", "channels_first" or None.

    Returns:
        The transformed images (same shape and dtype).

    Example:
    >>> from kbackend import ops
    >>> identity = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    >>> ops.shape(ops.image.affine_transform(ops.ones((4, 4, 1)), identity))
    (4, 4, 1)
    """
    _check_choice(interpolation, AFFINE_INTERPOLATIONS, "affine_transform", "interpolation")
    _check_choice(fill_mode, FILL_MODES, "affine_transform", "fill_mode")
    data_format = _data_format(data_format)
    if any_symbolic_tensors((images, transform)):
        return AffineTransform(interpolation, fill_mode, fill_value, data_format).symbolic_call(
            images, transform
        )
    return backends.image.affine_transform(
        images, transform, interpolation=interpolation, fill_mode=fill_mode,
        fill_value=fill_value, data_format=data_format,
    )


class PerspectiveTransform(Operation):
    def __init__(self, interpolation, fill_value, data_format, name=None):
        super().__init__(name=name)
        self.interpolation = interpolation
        self.fill_value = fill_value
        self.data_format = data_format

    def call(self, images, start_points, end_points):
        return backends.image.perspective_transform(
            images, start_points, end_points, interpolation=self.interpolation,
            fill_value=self.fill_value, data_format=self.data_format,
        )

    def compute_output_spec(self, images, start_points, end_points):
        _layout(images.shape, self.data_format, "perspective_transform")
        for name, points in (("start_points", start_points), ("end_points", end_points)):
            shape = tuple(getattr(points, "shape", ()) or ())
            if shape and (len(shape) not in (2, 3) or shape[-2:] not in ((4, 2),)):
                if None not in shape[-2:]:
                    raise ValueError(
                        f"perspective_transform: `{name}` must have shape (4, 2) or "
                        f"(batch, 4, 2), got {shape}."
                    )
        return KerasTensor(images.shape, dtype=images.dtype)


def perspective_transform(
    images,
    start_points,
    end_points,
    interpolation="bilinear",
    fill_value=0,
    data_format=None,
):
    """Warps images so that the 4 ``start_points`` move to the 4 ``end_points``.

    Points are ``(x, y)`` pixel coordinates. The output at each end point samples the
    input at the matching start point; outside the input the value is ``fill_value``
    (``fill_mode="constant"``).

    Args:
        images: 3D or 4D images.
        start_points: shape ``(4, 2)`` or ``(batch, 4, 2)``.
        end_points: same shape as ``start_points``.
        interpolation: "nearest" or "bilinear".
        fill_value: value outside the input.
        data_format: "channels_last", "channels_first" or None.

    Returns:
        The warped images (same shape and dtype).

    Example:
    >>> from kbackend import ops
    >>> corners = [[0, 0], [3, 0], [0, 3], [3, 3]]
    >>> ops.shape(ops.image.perspective_transform(ops.ones((4, 4, 1)), corners, corners))
    (4, 4, 1)
    """
    _check_choice(interpolation, AFFINE_INTERPOLATIONS, "perspective_transform", "interpolation")
    data_format = _data_format(data_format)
    if any_symbolic_tensors((images, start_points, end_points)):
        return PerspectiveTransform(interpolation, fill_value, data_format).symbolic_call(
            images, start_points, end_points
        )
    return backends.image.perspective_transform(
        images, start_points, end_points, interpolation=interpolation, fill_value=fill_value,
        data_format=data_format,
    )


class ElasticTransform(Operation):
    def __init__(self, alpha, sigma, interpolation, fill_mode, fill_value, seed, data_format,
                 name=None):
        super().__init__(name=name)
        self.alpha = alpha
        self.sigma = sigma
        self.interpolation = interpolation
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.seed = seed
        self.data_format = data_format

    def call(self, images):
        return backends.image.elastic_transform(
            images, alpha=self.alpha, sigma=self.sigma, interpolation=self.interpolation,
            fill_mode=self.fill_mode, fill_value=self.fill_value, seed=self.seed,
            data_format=self.data_format,
        )

    def compute_output_spec(self, images):
        _layout(images.shape, self.data_format, "elastic_transform")
        return KerasTensor(images.shape, dtype=images.dtype)


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
    """Applies a random elastic deformation to images.

    A displacement field (uniform in [-1, 1] per pixel, shared by the channels) is
    smoothed with a Gaussian of std ``sigma``, scaled by ``alpha`` and added to the
    sampling coordinates. The random values depend on the engine.

    Args:
        images: 3D or 4D images.
        alpha: displacement scale (pixels).
        sigma: smoothing of the displacement field.
        interpolation: "nearest" or "bilinear".
        fill_mode: one of ``FILL_MODES``.
        fill_value: value outside the image for ``fill_mode="constant"``.
        seed: an int, a SeedGenerator, or None.
        data_format: "channels_last", "channels_first" or None.

    Returns:
        The deformed images (same shape and dtype).

    Example:
    >>> from kbackend import ops
    >>> ops.shape(ops.image.elastic_transform(ops.ones((8, 8, 1)), seed=1))
    (8, 8, 1)
    """
    _check_choice(interpolation, AFFINE_INTERPOLATIONS, "elastic_transform", "interpolation")
    _check_choice(fill_mode, FILL_MODES, "elastic_transform", "fill_mode")
    data_format = _data_format(data_format)
    if isinstance(images, KerasTensor):
        return ElasticTransform(
            alpha, sigma, interpolation, fill_mode, fill_value, seed, data_format
        ).symbolic_call(images)
    return backends.image.elastic_transform(
        images, alpha=alpha, sigma=sigma, interpolation=interpolation, fill_mode=fill_mode,
        fill_value=fill_value, seed=seed, data_format=data_format,
    )


# --- filters --------------------------------------------------------------------


class GaussianBlur(Operation):
    def __init__(self, kernel_size, sigma, data_format, name=None):
        super().__init__(name=name)
        self.kernel_size = kernel_size
        self.sigma = sigma
        self.data_format = data_format

    def call(self, images):
        return backends.image.gaussian_blur(
            images, kernel_size=self.kernel_size, sigma=self.sigma, data_format=self.data_format
        )

    def compute_output_spec(self, images):
        _layout(images.shape, self.data_format, "gaussian_blur")
        return KerasTensor(images.shape, dtype=images.dtype)


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    """Blurs each channel with a separable Gaussian kernel ("same" size, zero padding).

    The 1D kernel is ``exp(-t**2 / (2 sigma**2))`` at ``t = i - (k - 1) / 2``,
    normalized to sum to 1; the first ``(k - 1) // 2`` pixels of padding go before.

    Args:
        images: 3D or 4D images.
        kernel_size: (height, width) of the kernel, or one int.
        sigma: (height, width) standard deviations, or one float.
        data_format: "channels_last", "channels_first" or None.

    Returns:
        The blurred images (same shape and dtype).

    Example:
    >>> from kbackend import ops
    >>> ops.shape(ops.image.gaussian_blur(ops.ones((2, 5, 5, 3))))
    (2, 5, 5, 3)
    """
    kernel_size = _ints(kernel_size, 2, "gaussian_blur", "kernel_size")
    if min(kernel_size) < 1:
        raise ValueError(f"gaussian_blur: kernel_size must be positive, got {kernel_size}.")
    data_format = _data_format(data_format)
    if isinstance(images, KerasTensor):
        return GaussianBlur(kernel_size, sigma, data_format).symbolic_call(images)
    return backends.image.gaussian_blur(
        images, kernel_size=kernel_size, sigma=sigma, data_format=data_format
    )


class SobelEdges(Operation):
    def __init__(self, data_format, name=None):
        super().__init__(name=name)
        self.data_format = data_format

    def call(self, images):
        return backends.image.sobel_edges(images, data_format=self.data_format)

    def compute_output_spec(self, images):
        _layout(images.shape, self.data_format, "sobel_edges")
        return KerasTensor(tuple(images.shape) + (2,), dtype=_float_dtype(images.dtype))


def sobel_edges(images, data_format=None):
    """Sobel edge maps, as ``tf.image.sobel_edges``: ``[..., 0]`` is d/dy, ``[..., 1]`` d/dx.

    The 3x3 Sobel kernels are applied per channel (cross-correlation) to the images
    padded by reflection (c b | a b c d | c b).

    Args:
        images: 3D or 4D images.
        data_format: "channels_last", "channels_first" or None.

    Returns:
        A float tensor of shape ``images.shape + (2,)``.

    Example:
    >>> from kbackend import ops
    >>> ops.shape(ops.image.sobel_edges(ops.ones((1, 4, 4, 1))))
    (1, 4, 4, 1, 2)
    """
    data_format = _data_format(data_format)
    if isinstance(images, KerasTensor):
        return SobelEdges(data_format).symbolic_call(images)
    return backends.image.sobel_edges(images, data_format=data_format)


class SSIM(Operation):
    def __init__(self, max_val, filter_size, filter_sigma, k1, k2, data_format, name=None):
        super().__init__(name=name)
        self.max_val = max_val
        self.filter_size = filter_size
        self.filter_sigma = filter_sigma
        self.k1 = k1
        self.k2 = k2
        self.data_format = data_format

    def call(self, image1, image2):
        return backends.image.ssim(
            image1, image2, max_val=self.max_val, filter_size=self.filter_size,
            filter_sigma=self.filter_sigma, k1=self.k1, k2=self.k2, data_format=self.data_format,
        )

    def compute_output_spec(self, image1, image2):
        image1, image2 = _spec(image1), _spec(image2)
        _layout(image1.shape, self.data_format, "ssim")
        if len(image1.shape) != len(image2.shape) or any(
            a is not None and b is not None and a != b
            for a, b in zip(image1.shape, image2.shape)
        ):
            raise ValueError(
                f"ssim: the images must have the same shape, got {image1.shape} and "
                f"{image2.shape}."
            )
        dtype = dtypes.float_result_type(image1.dtype, image2.dtype)
        return KerasTensor(tuple(image1.shape[:-3]), dtype=dtype)


def _spec(x):
    if isinstance(x, KerasTensor):
        return x
    return KerasTensor(tuple(x.shape), dtype=dtypes.infer_dtype(x))


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
    """Structural similarity between two images, as ``tf.image.ssim``.

    Gaussian-weighted local statistics ("valid" filtering, so images must be at least
    ``filter_size`` pixels high and wide), averaged over space and channels.

    Args:
        image1: 3D or 4D images.
        image2: images of the same shape.
        max_val: the dynamic range of the pixel values (1.0 or 255).
        filter_size: size of the Gaussian window.
        filter_sigma: std of the Gaussian window.
        k1: luminance stabilizer.
        k2: contrast stabilizer.
        data_format: "channels_last", "channels_first" or None.

    Returns:
        One SSIM value per image (a scalar for a single image), float.

    Example:
    >>> from kbackend import ops
    >>> x = ops.ones((1, 11, 11, 1))
    >>> round(float(ops.convert_to_numpy(ops.image.ssim(x, x))[0]), 4)
    1.0
    """
    data_format = _data_format(data_format)
    if any_symbolic_tensors((image1, image2)):
        return SSIM(max_val, filter_size, filter_sigma, k1, k2, data_format).symbolic_call(
            image1, image2
        )
    return backends.image.ssim(
        image1, image2, max_val=max_val, filter_size=filter_size, filter_sigma=filter_sigma,
        k1=k1, k2=k2, data_format=data_format,
    )


# --- color ----------------------------------------------------------------------


class RGBToGrayscale(Operation):
    def __init__(self, data_format, name=None):
        super().__init__(name=name)
        self.data_format = data_format

    def call(self, images):
        return backends.image.rgb_to_grayscale(images, data_format=self.data_format)

    def compute_output_spec(self, images):
        _, channel_axis = _layout(images.shape, self.data_format, "rgb_to_grayscale")
        if images.shape[channel_axis] not in (3, None):
            raise ValueError(
                f"rgb_to_grayscale: expected 3 channels, got images of shape {images.shape}."
            )
        return KerasTensor(_with_spatial(images.shape, (channel_axis,), (1,)), dtype=images.dtype)


def rgb_to_grayscale(images, data_format=None):
    """Converts RGB images to grayscale (weights 0.2989, 0.5870, 0.1140); 1 channel out.

    Args:
        images: 3D or 4D RGB images.
        data_format: "channels_last", "channels_first" or None.

    Returns:
        Grayscale images with one channel and the input dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.shape(ops.image.rgb_to_grayscale(ops.ones((2, 4, 4, 3))))
    (2, 4, 4, 1)
    """
    data_format = _data_format(data_format)
    if isinstance(images, KerasTensor):
        return RGBToGrayscale(data_format).symbolic_call(images)
    return backends.image.rgb_to_grayscale(images, data_format=data_format)


class _ColorConversion(Operation):
    op_name = ""

    def __init__(self, data_format, name=None):
        super().__init__(name=name)
        self.data_format = data_format

    def call(self, images):
        return getattr(backends.image, self.op_name)(images, data_format=self.data_format)

    def compute_output_spec(self, images):
        _, channel_axis = _layout(images.shape, self.data_format, self.op_name)
        _check_float_images(images.dtype, self.op_name)
        if images.shape[channel_axis] not in (3, None):
            raise ValueError(
                f"{self.op_name}: expected 3 channels, got images of shape {images.shape}."
            )
        return KerasTensor(images.shape, dtype=images.dtype)


def _check_float_images(dtype, op_name):
    if not dtypes.is_float_dtype(dtype):
        raise TypeError(
            f"{op_name}: expected float images, got dtype {dtype}. Cast them first, e.g. "
            "ops.cast(images, 'float32') / 255."
        )


class RGBToHSV(_ColorConversion):
    op_name = "rgb_to_hsv"


class HSVToRGB(_ColorConversion):
    op_name = "hsv_to_rgb"


def rgb_to_hsv(images, data_format=None):
    """Converts float RGB images in [0, 1] to HSV (hue, saturation, value all in [0, 1]).

    Args:
        images: 3D or 4D float RGB images.
        data_format: "channels_last", "channels_first" or None.

    Returns:
        HSV images (same shape and dtype).

    Example:
    >>> from kbackend import ops
    >>> hsv = ops.image.rgb_to_hsv(ops.convert_to_tensor([[[1.0, 0.0, 0.0]]]))
    >>> ops.convert_to_numpy(hsv).tolist()
    [[[0.0, 1.0, 1.0]]]
    """
    data_format = _data_format(data_format)
    if isinstance(images, KerasTensor):
        return RGBToHSV(data_format).symbolic_call(images)
    _check_float_images(backends.core.dtype(images), "rgb_to_hsv")
    return backends.image.rgb_to_hsv(images, data_format=data_format)


def hsv_to_rgb(images, data_format=None):
    """Converts float HSV images (all channels in [0, 1]) to RGB.

    Args:
        images: 3D or 4D float HSV images.
        data_format: "channels_last", "channels_first" or None.

    Returns:
        RGB images (same shape and dtype).

    Example:
    >>> from kbackend import ops
    >>> rgb = ops.image.hsv_to_rgb(ops.convert_to_tensor([[[0.0, 1.0, 1.0]]]))
    >>> ops.convert_to_numpy(rgb).tolist()
    [[[1.0, 0.0, 0.0]]]
    """
    data_format = _data_format(data_format)
    if isinstance(images, KerasTensor):
        return HSVToRGB(data_format).symbolic_call(images)
    _check_float_images(backends.core.dtype(images), "hsv_to_rgb")
    return backends.image.hsv_to_rgb(images, data_format=data_format)


# --- padding, cropping, patches ---------------------------------------------------


def _box_amounts(before, after, target, size, op_name, names, growing):
    """(before, after, new size) from exactly two of (before, after, target)."""
    if [before, after, target].count(None) != 1:
        raise ValueError(
            f"{op_name}: specify exactly two of {', '.join(names)}; got {names[0]}={before}, "
            f"{names[1]}={after}, {names[2]}={target}."
        )
    if target is not None and size is None:
        return before, after, int(target)
    if target is not None:
        total = int(target) - size if growing else size - int(target)
        if before is None:
            before = total - int(after)
        else:
            after = total - int(before)
    before, after = int(before), int(after)
    if before < 0 or after < 0:
        raise ValueError(
            f"{op_name}: {names[0]} and {names[1]} must be non-negative, got {before} and "
            f"{after} (input size {size}, {names[2]}={target})."
        )
    if size is None:
        return before, after, None
    new = size + before + after if growing else size - before - after
    if new <= 0:
        raise ValueError(
            f"{op_name}: cropping {before} + {after} pixels leaves nothing of size {size}."
        )
    return before, after, new


class PadImages(Operation):
    def __init__(self, top, left, bottom, right, target_height, target_width, data_format,
                 name=None):
        super().__init__(name=name)
        self.args = (top, left, bottom, right, target_height, target_width)
        self.data_format = data_format

    def call(self, images):
        return backends.image.pad_images(images, *self.args, data_format=self.data_format)

    def compute_output_spec(self, images):
        return KerasTensor(
            _box_shape(images.shape, self.args, self.data_format, "pad_images", True),
            dtype=images.dtype,
        )


def _box_shape(shape, args, data_format, op_name, growing):
    top, left, bottom, right, target_height, target_width = args
    (h_axis, w_axis), _ = _layout(shape, data_format, op_name)
    word = "padding" if growing else "cropping"
    _, _, height = _box_amounts(
        top, bottom, target_height, shape[h_axis], op_name,
        (f"top_{word}", f"bottom_{word}", "target_height"), growing,
    )
    _, _, width = _box_amounts(
        left, right, target_width, shape[w_axis], op_name,
        (f"left_{word}", f"right_{word}", "target_width"), growing,
    )
    return _with_spatial(shape, (h_axis, w_axis), (height, width))


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
    """Pads images with zeros. Per axis, give exactly two of (before, after, target size).

    Args:
        images: 3D or 4D images.
        top_padding: rows added above.
        left_padding: columns added on the left.
        bottom_padding: rows added below.
        right_padding: columns added on the right.
        target_height: the output height.
        target_width: the output width.
        data_format: "channels_last", "channels_first" or None.

    Returns:
        The padded images.

    Example:
    >>> from kbackend import ops
    >>> ops.shape(ops.image.pad_images(ops.ones((4, 4, 1)), 1, 2, target_height=8,
    ...                                target_width=8))
    (8, 8, 1)
    """
    data_format = _data_format(data_format)
    args = (top_padding, left_padding, bottom_padding, right_padding, target_height, target_width)
    if isinstance(images, KerasTensor):
        return PadImages(*args, data_format).symbolic_call(images)
    _box_shape(shape_of(images), args, data_format, "pad_images", True)
    return backends.image.pad_images(images, *args, data_format=data_format)


class CropImages(PadImages):
    def call(self, images):
        return backends.image.crop_images(images, *self.args, data_format=self.data_format)

    def compute_output_spec(self, images):
        return KerasTensor(
            _box_shape(images.shape, self.args, self.data_format, "crop_images", False),
            dtype=images.dtype,
        )


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
    """Crops images. Per axis, give exactly two of (before, after, target size).

    Args:
        images: 3D or 4D images.
        top_cropping: rows removed at the top.
        left_cropping: columns removed on the left.
        bottom_cropping: rows removed at the bottom.
        right_cropping: columns removed on the right.
        target_height: the output height.
        target_width: the output width.
        data_format: "channels_last", "channels_first" or None.

    Returns:
        The cropped images.

    Example:
    >>> from kbackend import ops
    >>> ops.shape(ops.image.crop_images(ops.ones((8, 8, 1)), 1, 2, target_height=4,
    ...                                 target_width=4))
    (4, 4, 1)
    """
    data_format = _data_format(data_format)
    args = (top_cropping, left_cropping, bottom_cropping, right_cropping, target_height,
            target_width)
    if isinstance(images, KerasTensor):
        return CropImages(*args, data_format).symbolic_call(images)
    _box_shape(shape_of(images), args, data_format, "crop_images", False)
    return backends.image.crop_images(images, *args, data_format=data_format)


def _patch_dim(size, k, stride, dilation, padding):
    if size is None:
        return None
    effective = (k - 1) * dilation + 1
    if padding == "valid":
        return max((size - effective) // stride + 1, 0)
    return -(-size // stride)


class ExtractPatches(Operation):
    def __init__(self, size, strides, dilation_rate, padding, data_format, spatial=2,
                 name=None):
        super().__init__(name=name)
        self.size = size
        self.strides = strides
        self.dilation_rate = dilation_rate
        self.padding = padding
        self.data_format = data_format
        self.spatial = spatial

    def call(self, images):
        fn = backends.image.extract_patches if self.spatial == 2 else (
            backends.image.extract_patches_3d
        )
        return fn(images, self.size, strides=self.strides, dilation_rate=self.dilation_rate,
                  padding=self.padding, data_format=self.data_format)

    def compute_output_spec(self, images):
        op_name = "extract_patches" if self.spatial == 2 else "extract_patches_3d"
        axes, channel_axis = _layout(images.shape, self.data_format, op_name, self.spatial)
        dims = [
            _patch_dim(images.shape[a], k, s, d, self.padding)
            for a, k, s, d in zip(axes, self.size, self.strides, self.dilation_rate)
        ]
        channels = images.shape[channel_axis]
        depth = None
        if channels is not None:
            depth = channels
            for k in self.size:
                depth *= k
        shape = _with_spatial(images.shape, axes + (channel_axis,), dims + [depth])
        return KerasTensor(shape, dtype=images.dtype)


def _patch_args(size, strides, dilation_rate, padding, n, op_name):
    size = _ints(size, n, op_name, "size")
    strides = size if strides is None else _ints(strides, n, op_name, "strides")
    dilation_rate = _ints(dilation_rate, n, op_name, "dilation_rate")
    _check_choice(padding, ("valid", "same"), op_name, "padding")
    if min(size + strides + dilation_rate) < 1:
        raise ValueError(
            f"{op_name}: size, strides and dilation_rate must be positive, got {size}, "
            f"{strides}, {dilation_rate}."
        )
    return size, strides, dilation_rate


def extract_patches(
    images,
    size,
    strides=None,
    dilation_rate=1,
    padding="valid",
    data_format=None,
):
    """Extracts image patches into the channel dimension (as ``tf.image.extract_patches``).

    Each output pixel holds a flattened ``(patch_height, patch_width, channels)`` patch;
    "same" padding is zero padding split as TensorFlow does (extra pixel after).

    Args:
        images: 3D or 4D images.
        size: patch size, (height, width) or one int.
        strides: patch strides (defaults to ``size``).
        dilation_rate: dilation of the patch sampling.
        padding: "valid" or "same".
        data_format: "channels_last", "channels_first" or None.

    Returns:
        Patches of shape ``(batch, out_height, out_width, size_h * size_w * channels)``
        (channels_last).

    Example:
    >>> from kbackend import ops
    >>> ops.shape(ops.image.extract_patches(ops.ones((1, 4, 4, 3)), 2))
    (1, 2, 2, 12)
    """
    size, strides, dilation_rate = _patch_args(
        size, strides, dilation_rate, padding, 2, "extract_patches"
    )
    data_format = _data_format(data_format)
    if isinstance(images, KerasTensor):
        return ExtractPatches(size, strides, dilation_rate, padding, data_format).symbolic_call(
            images
        )
    return backends.image.extract_patches(
        images, size, strides=strides, dilation_rate=dilation_rate, padding=padding,
        data_format=data_format,
    )


def extract_patches_3d(
    volumes,
    size,
    strides=None,
    dilation_rate=1,
    padding="valid",
    data_format=None,
):
    """Extracts 3D patches from volumes ``(batch, depth, height, width, channels)``.

    The 3D analogue of `extract_patches`: patches are flattened in
    ``(depth, height, width, channels)`` order.

    Args:
        volumes: 4D or 5D volumes.
        size: patch size, 3 ints or one int.
        strides: patch strides (defaults to ``size``).
        dilation_rate: dilation of the patch sampling.
        padding: "valid" or "same".
        data_format: "channels_last", "channels_first" or None.

    Returns:
        Patches of shape ``(batch, out_d, out_h, out_w, prod(size) * channels)``
        (channels_last).

    Example:
    >>> from kbackend import ops
    >>> ops.shape(ops.image.extract_patches_3d(ops.ones((1, 4, 4, 4, 1)), 2))
    (1, 2, 2, 2, 8)
    """
    size, strides, dilation_rate = _patch_args(
        size, strides, dilation_rate, padding, 3, "extract_patches_3d"
    )
    data_format = _data_format(data_format)
    if isinstance(volumes, KerasTensor):
        return ExtractPatches(
            size, strides, dilation_rate, padding, data_format, spatial=3
        ).symbolic_call(volumes)
    return backends.image.extract_patches_3d(
        volumes, size, strides=strides, dilation_rate=dilation_rate, padding=padding,
        data_format=data_format,
    )
