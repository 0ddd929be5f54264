"""Math ops (``kbackend.ops.math``, also re-exported by ``kbackend.ops``).

Dtypes: erf, erfc, erfinv, rsqrt, logsumexp, logdet, cdist and the FFT family give
``float_result_type`` of their inputs; FFTs take and return ``(real, imag)`` tuples.
``top_k`` keeps the input dtype for values and gives int32 indices; ``in_top_k`` gives
bool; segment ops keep the data dtype (empty segments hold 0, 1, the lowest or the
highest value for sum, prod, max and min).
"""

from kbackend import backends
from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor, any_symbolic_tensors
from kbackend.ops.operation import Operation
from kbackend.ops.shape_utils import reduce_shape


def _shape(x):
    shape = getattr(x, "shape", None)
    if shape is None:
        import numpy as np

        return np.shape(x)
    return tuple(None if d is None else int(d) for d in shape)


def _float_dtype(*xs):
    return dtypes.float_result_type(*[dtypes.infer_dtype(x) for x in xs if x is not None])


class _Elementwise(Operation):
    function = None

    def call(self, x):
        return getattr(backends.math, self.function)(x)

    def compute_output_spec(self, x):
        return KerasTensor(_shape(x), dtype=_float_dtype(x))


class Erf(_Elementwise):
    function = "erf"


class Erfc(_Elementwise):
    function = "erfc"


class Erfinv(_Elementwise):
    function = "erfinv"


class Rsqrt(_Elementwise):
    function = "rsqrt"


def erf(x):
    """The error function, elementwise.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.erf([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Erf().symbolic_call(x)
    return backends.math.erf(x)


def erfc(x):
    """The complementary error function ``1 - erf(x)``, accurate for large ``x``.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.erfc([0.0])).tolist()
    [1.0]
    """
    if isinstance(x, KerasTensor):
        return Erfc().symbolic_call(x)
    return backends.math.erfc(x)


def erfinv(x):
    """The inverse error function (``±inf`` at ``±1``, NaN outside ``[-1, 1]``).

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.erfinv([0.0])).tolist()
    [0.0]
    """
    if isinstance(x, KerasTensor):
        return Erfinv().symbolic_call(x)
    return backends.math.erfinv(x)


def rsqrt(x):
    """Reciprocal square root ``1 / sqrt(x)``.

    Args:
        x: input tensor.

    Returns:
        A float tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.rsqrt([4.0])).tolist()
    [0.5]
    """
    if isinstance(x, KerasTensor):
        return Rsqrt().symbolic_call(x)
    return backends.math.rsqrt(x)


class Logsumexp(Operation):
    def __init__(self, axis=None, keepdims=False, name=None):
        super().__init__(name=name)
        self.axis = axis
        self.keepdims = keepdims

    def call(self, x):
        return backends.math.logsumexp(x, self.axis, self.keepdims)

    def compute_output_spec(self, x):
        shape = reduce_shape(_shape(x), self.axis, self.keepdims, "logsumexp")
        return KerasTensor(shape, dtype=_float_dtype(x))


def logsumexp(x, axis=None, keepdims=False):
    """``log(sum(exp(x), axis))``, computed stably.

    Args:
        x: input tensor.
        axis: int, tuple or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The reduced float tensor.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(ops.logsumexp([0.0, 0.0]))), 4)
    0.6931
    """
    if isinstance(x, KerasTensor):
        return Logsumexp(axis, keepdims).symbolic_call(x)
    return backends.math.logsumexp(x, axis, keepdims)


class _Segment(Operation):
    function = None

    def __init__(self, num_segments=None, sorted=False, name=None):
        super().__init__(name=name)
        self.num_segments = num_segments
        self.sorted = sorted

    def call(self, data, segment_ids):
        return getattr(backends.math, self.function)(
            data, segment_ids, self.num_segments, self.sorted
        )

    def compute_output_spec(self, data, segment_ids):
        shape, ids = _shape(data), _shape(segment_ids)
        if len(ids) != 1 or not shape or None not in (ids[0], shape[0]) and ids[0] != shape[0]:
            raise ValueError(
                f"{self.function}: segment_ids must be a 1-D tensor as long as data's first "
                f"axis, got segment_ids.shape={ids} and data.shape={shape}."
            )
        return KerasTensor((self.num_segments,) + shape[1:], dtype=dtypes.infer_dtype(data))


class SegmentSum(_Segment):
    function = "segment_sum"


class SegmentProd(_Segment):
    function = "segment_prod"


class SegmentMax(_Segment):
    function = "segment_max"


class SegmentMin(_Segment):
    function = "segment_min"


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    """Sums the rows of ``data`` that share a segment id.

    Args:
        data: tensor ``(N, ...)``.
        segment_ids: int tensor ``(N,)``; ids outside ``[0, num_segments)`` are dropped.
        num_segments: number of segments; default ``max(segment_ids) + 1`` (eager only).
        sorted: whether ``segment_ids`` are sorted (a hint).

    Returns:
        ``(num_segments, ...)`` with the data dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.segment_sum([1, 2, 3], [0, 0, 1], 2)).tolist()
    [3, 3]
    """
    if any_symbolic_tensors((data, segment_ids)):
        return SegmentSum(num_segments, sorted).symbolic_call(data, segment_ids)
    return backends.math.segment_sum(data, segment_ids, num_segments, sorted)


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    """Multiplies the rows of ``data`` that share a segment id (empty segments give 1).

    Args:
        data: tensor ``(N, ...)``.
        segment_ids: int tensor ``(N,)``.
        num_segments: number of segments; default ``max(segment_ids) + 1``.
        sorted: whether ``segment_ids`` are sorted (a hint).

    Returns:
        ``(num_segments, ...)`` with the data dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.segment_prod([1, 2, 3], [0, 0, 1], 2)).tolist()
    [2, 3]
    """
    if any_symbolic_tensors((data, segment_ids)):
        return SegmentProd(num_segments, sorted).symbolic_call(data, segment_ids)
    return backends.math.segment_prod(data, segment_ids, num_segments, sorted)


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    """Maximum of the rows of ``data`` that share a segment id (empty: the lowest value).

    Args:
        data: tensor ``(N, ...)``.
        segment_ids: int tensor ``(N,)``.
        num_segments: number of segments; default ``max(segment_ids) + 1``.
        sorted: whether ``segment_ids`` are sorted (a hint).

    Returns:
        ``(num_segments, ...)`` with the data dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.segment_max([1, 2, 3], [0, 0, 1], 2)).tolist()
    [2, 3]
    """
    if any_symbolic_tensors((data, segment_ids)):
        return SegmentMax(num_segments, sorted).symbolic_call(data, segment_ids)
    return backends.math.segment_max(data, segment_ids, num_segments, sorted)


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    """Minimum of the rows of ``data`` that share a segment id (empty: the highest value).

    Args:
        data: tensor ``(N, ...)``.
        segment_ids: int tensor ``(N,)``.
        num_segments: number of segments; default ``max(segment_ids) + 1``.
        sorted: whether ``segment_ids`` are sorted (a hint).

    Returns:
        ``(num_segments, ...)`` with the data dtype.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.segment_min([1, 2, 3], [0, 0, 1], 2)).tolist()
    [1, 3]
    """
    if any_symbolic_tensors((data, segment_ids)):
        return SegmentMin(num_segments, sorted).symbolic_call(data, segment_ids)
    return backends.math.segment_min(data, segment_ids, num_segments, sorted)


class TopK(Operation):
    def __init__(self, k, sorted=True, name=None):
        super().__init__(name=name)
        self.k = k
        self.sorted = sorted

    def call(self, x):
        return backends.math.top_k(x, self.k, self.sorted)

    def compute_output_spec(self, x):
        shape = _shape(x)
        if not shape or (shape[-1] is not None and not 0 <= self.k <= shape[-1]):
            raise ValueError(
                f"top_k: k must be between 0 and the size of the last axis, got k={self.k} "
                f"for a tensor of shape {shape}."
            )
        out = shape[:-1] + (self.k,)
        return KerasTensor(out, dtype=x.dtype), KerasTensor(out, dtype="int32")


def top_k(x, k, sorted=True):
    """The ``k`` largest values along the last axis and their indices.

    Args:
        x: input tensor.
        k: number of values.
        sorted: return them in descending order (ties: lower index first).

    Returns:
        ``(values, indices)``, each ``x.shape[:-1] + (k,)``; indices are int32.

    Example:
    >>> from kbackend import ops
    >>> values, indices = ops.top_k([1, 5, 3], 2)
    >>> ops.convert_to_numpy(values).tolist(), ops.convert_to_numpy(indices).tolist()
    ([5, 3], [1, 2])
    """
    if isinstance(x, KerasTensor):
        return TopK(k, sorted).symbolic_call(x)
    return backends.math.top_k(x, k, sorted)


class InTopK(Operation):
    def __init__(self, k, name=None):
        super().__init__(name=name)
        self.k = k

    def call(self, targets, predictions):
        return backends.math.in_top_k(targets, predictions, self.k)

    def compute_output_spec(self, targets, predictions):
        tshape, pshape = _shape(targets), _shape(predictions)
        if len(pshape) != 2 or len(tshape) != 1 or (
            None not in (tshape[0], pshape[0]) and tshape[0] != pshape[0]
        ):
            raise ValueError(
                "in_top_k: expected targets of shape (batch,) and predictions of shape "
                f"(batch, classes), got {tshape} and {pshape}."
            )
        return KerasTensor(tshape, dtype="bool")


def in_top_k(targets, predictions, k):
    """Whether each target class is among the ``k`` highest predictions (ties count in).

    Args:
        targets: int ``(batch,)``.
        predictions: ``(batch, classes)``.
        k: number of top predictions.

    Returns:
        A bool ``(batch,)`` tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.in_top_k([1, 0], [[0.1, 0.9], [0.1, 0.9]], 1)).tolist()
    [True, False]
    """
    if any_symbolic_tensors((targets, predictions)):
        return InTopK(k).symbolic_call(targets, predictions)
    return backends.math.in_top_k(targets, predictions, k)


# ---------------------------------------------------------------------- FFT


def _complex_pair(x, op):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"{op}: expected a tuple (real, imag) of two tensors, got {type(x).__name__}."
        )
    real, imag = _shape(x[0]), _shape(x[1])
    if len(real) != len(imag) or any(
        a is not None and b is not None and a != b for a, b in zip(real, imag)
    ):
        raise ValueError(
            f"{op}: real and imag must have the same shape, got {real} and {imag}."
        )
    return real, _float_dtype(*x)


class _FFT(Operation):
    function = None
    min_rank = 1

    def call(self, x):
        return getattr(backends.math, self.function)(x)

    def compute_output_spec(self, x):
        shape, dtype = _complex_pair(x, self.function)
        if len(shape) < self.min_rank:
            raise ValueError(
                f"{self.function}: expected tensors of rank >= {self.min_rank}, got {shape}."
            )
        return KerasTensor(shape, dtype=dtype), KerasTensor(shape, dtype=dtype)


class FFT(_FFT):
    function = "fft"


class FFT2(_FFT):
    function = "fft2"
    min_rank = 2


class IFFT2(_FFT):
    function = "ifft2"
    min_rank = 2


def fft(x):
    """The 1-D discrete Fourier transform over the last axis.

    Args:
        x: a tuple ``(real, imag)`` of float tensors of one shape.

    Returns:
        A tuple ``(real, imag)``.

    Example:
    >>> from kbackend import ops
    >>> real, imag = ops.fft(([1.0, 1.0], [0.0, 0.0]))
    >>> ops.convert_to_numpy(real).tolist()
    [2.0, 0.0]
    """
    if any_symbolic_tensors((x,)):
        return FFT().symbolic_call(x)
    return backends.math.fft(x)


def fft2(x):
    """The 2-D discrete Fourier transform over the last two axes.

    Args:
        x: a tuple ``(real, imag)`` of float tensors of rank >= 2.

    Returns:
        A tuple ``(real, imag)``.

    Example:
    >>> from kbackend import ops
    >>> real, imag = ops.fft2(([[1.0, 1.0]], [[0.0, 0.0]]))
    >>> ops.convert_to_numpy(real).tolist()
    [[2.0, 0.0]]
    """
    if any_symbolic_tensors((x,)):
        return FFT2().symbolic_call(x)
    return backends.math.fft2(x)


def ifft2(x):
    """The inverse 2-D discrete Fourier transform over the last two axes.

    Args:
        x: a tuple ``(real, imag)`` of float tensors of rank >= 2.

    Returns:
        A tuple ``(real, imag)``.

    Example:
    >>> from kbackend import ops
    >>> real, imag = ops.ifft2(([[2.0, 0.0]], [[0.0, 0.0]]))
    >>> ops.convert_to_numpy(real).tolist()
    [[1.0, 1.0]]
    """
    if any_symbolic_tensors((x,)):
        return IFFT2().symbolic_call(x)
    return backends.math.ifft2(x)


class RFFT(Operation):
    def __init__(self, fft_length=None, name=None):
        super().__init__(name=name)
        self.fft_length = fft_length

    def call(self, x):
        return backends.math.rfft(x, self.fft_length)

    def compute_output_spec(self, x):
        shape = _shape(x)
        if not shape:
            raise ValueError("rfft: expected a tensor of rank >= 1, got a scalar.")
        length = shape[-1] if self.fft_length is None else self.fft_length
        bins = None if length is None else length // 2 + 1
        out = shape[:-1] + (bins,)
        dtype = _float_dtype(x)
        return KerasTensor(out, dtype=dtype), KerasTensor(out, dtype=dtype)


class IRFFT(RFFT):
    def call(self, x):
        return backends.math.irfft(x, self.fft_length)

    def compute_output_spec(self, x):
        shape, dtype = _complex_pair(x, "irfft")
        if not shape:
            raise ValueError("irfft: expected tensors of rank >= 1, got scalars.")
        if self.fft_length is not None:
            length = self.fft_length
        else:
            length = None if shape[-1] is None else 2 * (shape[-1] - 1)
        return KerasTensor(shape[:-1] + (length,), dtype=dtype)


def rfft(x, fft_length=None):
    """The 1-D Fourier transform of a real signal over the last axis.

    Args:
        x: real tensor.
        fft_length: FFT size (the signal is cropped or zero-padded); default its length.

    Returns:
        A tuple ``(real, imag)`` with ``fft_length // 2 + 1`` bins.

    Example:
    >>> from kbackend import ops
    >>> real, imag = ops.rfft([1.0, 1.0, 1.0, 1.0])
    >>> ops.convert_to_numpy(real).tolist()
    [4.0, 0.0, 0.0]
    """
    if isinstance(x, KerasTensor):
        return RFFT(fft_length).symbolic_call(x)
    return backends.math.rfft(x, fft_length)


def irfft(x, fft_length=None):
    """The inverse of `rfft`.

    Args:
        x: a tuple ``(real, imag)`` of the positive-frequency bins.
        fft_length: output length; default ``2 * (bins - 1)``.

    Returns:
        A real tensor.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.irfft(([4.0, 0.0, 0.0], [0.0, 0.0, 0.0]))).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    if any_symbolic_tensors((x,)):
        return IRFFT(fft_length).symbolic_call(x)
    return backends.math.irfft(x, fft_length)


class ExtractSequences(Operation):
    def __init__(self, sequence_length, sequence_stride, name=None):
        super().__init__(name=name)
        self.sequence_length = sequence_length
        self.sequence_stride = sequence_stride

    def call(self, x):
        return backends.math.extract_sequences(x, self.sequence_length, self.sequence_stride)

    def compute_output_spec(self, x):
        shape = _shape(x)
        if not shape or (shape[-1] is not None and shape[-1] < self.sequence_length):
            raise ValueError(
                f"extract_sequences: the last axis of x (shape {shape}) must be at least "
                f"sequence_length={self.sequence_length}."
            )
        count = None if shape[-1] is None else (
            (shape[-1] - self.sequence_length) // self.sequence_stride + 1
        )
        return KerasTensor(shape[:-1] + (count, self.sequence_length), dtype=x.dtype)


def extract_sequences(x, sequence_length, sequence_stride):
    """Frames of ``sequence_length`` taken every ``sequence_stride`` along the last axis.

    Args:
        x: tensor ``(..., length)``.
        sequence_length: frame length.
        sequence_stride: hop between frames.

    Returns:
        ``(..., num_frames, sequence_length)``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.extract_sequences([1, 2, 3, 4], 2, 2)).tolist()
    [[1, 2], [3, 4]]
    """
    if isinstance(x, KerasTensor):
        return ExtractSequences(sequence_length, sequence_stride).symbolic_call(x)
    return backends.math.extract_sequences(x, sequence_length, sequence_stride)


class STFT(Operation):
    def __init__(self, sequence_length, sequence_stride, fft_length, window="hann",
                 center=True, name=None):
        super().__init__(name=name)
        self.sequence_length = sequence_length
        self.sequence_stride = sequence_stride
        self.fft_length = fft_length
        self.window = window
        self.center = center

    def call(self, x):
        return backends.math.stft(x, self.sequence_length, self.sequence_stride,
                                  self.fft_length, self.window, self.center)

    def compute_output_spec(self, x):
        shape = _shape(x)
        if not shape:
            raise ValueError("stft: expected a tensor of rank >= 1, got a scalar.")
        if shape[-1] is None:
            frames = None
        else:
            length = shape[-1] + (2 * (self.fft_length // 2) if self.center else 0)
            frames = (length - self.fft_length) // self.sequence_stride + 1
        out = shape[:-1] + (frames, self.fft_length // 2 + 1)
        dtype = _float_dtype(x)
        return KerasTensor(out, dtype=dtype), KerasTensor(out, dtype=dtype)


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    """Short-time Fourier transform over the last axis.

    Frames of ``fft_length`` samples every ``sequence_stride`` are multiplied by the window
    (of ``sequence_length``, zero-padded on both sides to ``fft_length``) and transformed.

    Args:
        x: real tensor ``(..., length)``.
        sequence_length: window length.
        sequence_stride: hop length.
        fft_length: FFT size, ``>= sequence_length``.
        window: ``"hann"``, ``"hamming"``, ``"blackman"`` (periodic), None or a 1-D tensor.
        center: reflect-pad ``fft_length // 2`` on both sides first.

    Returns:
        A tuple ``(real, imag)`` of shape ``(..., num_frames, fft_length // 2 + 1)``.

    Example:
    >>> from kbackend import ops
    >>> real, imag = ops.stft([0.0, 1.0, 2.0, 3.0, 4.0], 3, 2, 3)
    >>> ops.convert_to_numpy(real)[:, 0].tolist()
    [0.75, 3.75, 5.25]
    """
    if isinstance(x, KerasTensor):
        return STFT(sequence_length, sequence_stride, fft_length, window,
                    center).symbolic_call(x)
    return backends.math.stft(x, sequence_length, sequence_stride, fft_length, window, center)


class ISTFT(STFT):
    def __init__(self, sequence_length, sequence_stride, fft_length, length=None,
                 window="hann", center=True, name=None):
        super().__init__(sequence_length, sequence_stride, fft_length, window, center,
                         name=name)
        self.length = length

    def call(self, x):
        return backends.math.istft(x, self.sequence_length, self.sequence_stride,
                                   self.fft_length, self.length, self.window, self.center)

    def compute_output_spec(self, x):
        shape, dtype = _complex_pair(x, "istft")
        if len(shape) < 2:
            raise ValueError(f"istft: expected tensors of rank >= 2, got {shape}.")
        if self.length is not None:
            length = self.length
        elif shape[-2] is None:
            length = None
        else:
            length = (shape[-2] - 1) * self.sequence_stride + self.fft_length
            if self.center:
                length -= 2 * (self.fft_length // 2)
        return KerasTensor(shape[:-2] + (length,), dtype=dtype)


def istft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    length=None,
    window="hann",
    center=True,
):
    """Inverse short-time Fourier transform (windowed overlap-add), the inverse of `stft`.

    Args:
        x: a tuple ``(real, imag)`` of shape ``(..., num_frames, fft_length // 2 + 1)``.
        sequence_length: window length.
        sequence_stride: hop length.
        fft_length: FFT size.
        length: output length (cropped or zero-padded); default all samples.
        window: as in `stft`.
        center: whether `stft` padded the signal (the padding is removed).

    Returns:
        A real tensor ``(..., length)``.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> x = np.arange(8.0)
    >>> y = ops.istft(ops.stft(x, 4, 1, 4), 4, 1, 4, length=8)
    >>> bool(np.allclose(ops.convert_to_numpy(y), x, atol=1e-5))
    True
    """
    if any_symbolic_tensors((x,)):
        return ISTFT(sequence_length, sequence_stride, fft_length, length, window,
                     center).symbolic_call(x)
    return backends.math.istft(x, sequence_length, sequence_stride, fft_length, length,
                               window, center)


# ---------------------------------------------------------------------- misc


class ViewAsComplex(Operation):
    def call(self, x):
        return backends.math.view_as_complex(x)

    def compute_output_spec(self, x):
        shape = _shape(x)
        if not shape or shape[-1] not in (None, 2):
            raise ValueError(
                f"view_as_complex: the last axis must have size 2 (real, imag), got {shape}."
            )
        dtype = "complex128" if _float_dtype(x) == "float64" else "complex64"
        return KerasTensor(shape[:-1], dtype=dtype)


class ViewAsReal(Operation):
    def call(self, x):
        return backends.math.view_as_real(x)

    def compute_output_spec(self, x):
        dtype = "float64" if x.dtype == "complex128" else "float32"
        return KerasTensor(_shape(x) + (2,), dtype=dtype)


def view_as_complex(x):
    """Turns a real ``(..., 2)`` tensor of (real, imag) pairs into a complex tensor.

    Args:
        x: real tensor whose last axis has size 2.

    Returns:
        complex64 (complex128 for float64) of shape ``x.shape[:-1]``.

    Example:
    >>> from kbackend import ops
    >>> complex(ops.convert_to_numpy(ops.view_as_complex([[1.0, 2.0]]))[0])
    (1+2j)
    """
    if isinstance(x, KerasTensor):
        return ViewAsComplex().symbolic_call(x)
    return backends.math.view_as_complex(x)


def view_as_real(x):
    """Turns a complex tensor into a real ``(..., 2)`` tensor of (real, imag) pairs.

    Args:
        x: complex tensor.

    Returns:
        float32 (float64 for complex128) of shape ``x.shape + (2,)``.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.view_as_real(np.array([1 + 2j], "complex64"))).tolist()
    [[1.0, 2.0]]
    """
    if isinstance(x, KerasTensor):
        return ViewAsReal().symbolic_call(x)
    return backends.math.view_as_real(x)


class Cdist(Operation):
    def call(self, x, y):
        return backends.math.cdist(x, y)

    def compute_output_spec(self, x, y):
        from kbackend.ops.shape_utils import broadcast_shapes

        xs, ys = _shape(x), _shape(y)
        if len(xs) < 2 or len(ys) < 2 or (
            None not in (xs[-1], ys[-1]) and xs[-1] != ys[-1]
        ):
            raise ValueError(
                "cdist: expected x of shape (..., P, M) and y of shape (..., R, M), got "
                f"{xs} and {ys}."
            )
        batch = broadcast_shapes(xs[:-2], ys[:-2], op_name="cdist")
        return KerasTensor(batch + (xs[-2], ys[-2]), dtype=_float_dtype(x, y))


def cdist(x, y):
    """Pairwise Euclidean distances between the rows of ``x`` and of ``y``.

    Args:
        x: ``(..., P, M)``.
        y: ``(..., R, M)``.

    Returns:
        ``(..., P, R)`` (float dtype).

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(ops.cdist([[0.0, 0.0]], [[3.0, 4.0]])).tolist()
    [[5.0]]
    """
    if any_symbolic_tensors((x, y)):
        return Cdist().symbolic_call(x, y)
    return backends.math.cdist(x, y)


class Logdet(Operation):
    def call(self, x):
        return backends.math.logdet(x)

    def compute_output_spec(self, x):
        shape = _shape(x)
        if len(shape) < 2 or None not in shape[-2:] and shape[-1] != shape[-2]:
            raise ValueError(
                f"logdet: expected a (batch of) square matrices (..., M, M), got {shape}."
            )
        return KerasTensor(shape[:-2], dtype=_float_dtype(x))


def logdet(x):
    """Log-determinant of (a batch of) positive-definite matrices (NaN if ``det < 0``).

    Args:
        x: ``(..., M, M)``.

    Returns:
        ``(...)`` (float dtype).

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(ops.logdet([[2.0, 0.0], [0.0, 0.5]]))), 4)
    0.0
    """
    if isinstance(x, KerasTensor):
        return Logdet().symbolic_call(x)
    return backends.math.logdet(x)
