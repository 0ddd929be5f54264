import numpy as np
import tensorflow as tf

from kbackend.backends.common import dtypes
from kbackend.backends.tensorflow.core import convert_to_tensor


def _float(x):
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(dtypes.standardize_dtype(x.dtype))
    if x.dtype.name != dtype:
        x = tf.cast(x, dtype)
    return x, dtype


def _segment(reduce_fn, data, segment_ids, num_segments, op):
    data = convert_to_tensor(data)
    segment_ids = convert_to_tensor(segment_ids)
    if not segment_ids.dtype.is_integer:
        raise TypeError(f"{op}: segment_ids must be integers, got {segment_ids.dtype.name}.")
    if segment_ids.shape.rank is not None and segment_ids.shape.rank != 1:
        raise ValueError(
            f"{op}: segment_ids must be 1-D, got shape {tuple(segment_ids.shape)}."
        )
    if num_segments is None:
        num_segments = tf.reduce_max(segment_ids) + 1
    # NOTE: the unsorted kernels are used for both `sorted` values: they give the same
    # result and drop negative ids, as the other engines do.
    return reduce_fn(data, segment_ids, num_segments)


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    return _segment(tf.math.unsorted_segment_sum, data, segment_ids, num_segments,
                    "segment_sum")


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    return _segment(tf.math.unsorted_segment_prod, data, segment_ids, num_segments,
                    "segment_prod")


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    y = _segment(tf.math.unsorted_segment_max, data, segment_ids, num_segments, "segment_max")
    if y.dtype.is_floating:
        # NOTE: tf fills empty segments with the lowest finite value; -inf is the
        # identity of max, as on the other engines.
        y = tf.where(tf.equal(y, y.dtype.min), tf.constant(-np.inf, y.dtype), y)
    return y


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    y = _segment(tf.math.unsorted_segment_min, data, segment_ids, num_segments, "segment_min")
    if y.dtype.is_floating:
        y = tf.where(tf.equal(y, y.dtype.max), tf.constant(np.inf, y.dtype), y)
    return y


def top_k(x, k, sorted=True):
    x = convert_to_tensor(x)
    values, indices = tf.math.top_k(x, k, sorted=sorted)
    return values, tf.cast(indices, "int32")


def in_top_k(targets, predictions, k):
    targets = tf.cast(convert_to_tensor(targets), "int32")
    predictions = convert_to_tensor(predictions)
    # NOTE: tf.math.in_top_k needs float32 predictions; larger floats are compared
    # directly so no precision is lost.
    if predictions.dtype == tf.float32:
        return tf.math.in_top_k(targets, predictions, k)
    predictions = tf.cast(predictions, "float64") if not predictions.dtype.is_floating or \
        predictions.dtype == tf.float64 else tf.cast(predictions, "float32")
    target_values = tf.gather(predictions, targets, batch_dims=1)
    greater = tf.reduce_sum(
        tf.cast(predictions > target_values[:, None], "int32"), axis=-1
    )
    finite = tf.math.is_finite(target_values)
    return tf.logical_and(greater < k, finite)


def logsumexp(x, axis=None, keepdims=False):
    x, _ = _float(x)
    return tf.math.reduce_logsumexp(x, axis=axis, keepdims=keepdims)


def extract_sequences(x, sequence_length, sequence_stride):
    x = convert_to_tensor(x)
    return tf.signal.frame(x, sequence_length, sequence_stride, axis=-1, pad_end=False)


def _complex_dtype(dtype):
    return "complex128" if dtype == "float64" else "complex64"


def _get_complex(x, op):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"{op}: expected a tuple of two tensors (real, imag), got {type(x).__name__}."
        )
    real, imag = convert_to_tensor(x[0]), convert_to_tensor(x[1])
    dtype = dtypes.float_result_type(
        dtypes.standardize_dtype(real.dtype), dtypes.standardize_dtype(imag.dtype)
    )
    if not real.shape.is_compatible_with(imag.shape):
        raise ValueError(
            f"{op}: real and imaginary parts must have the same shape, got "
            f"{tuple(real.shape)} and {tuple(imag.shape)}."
        )
    compute = "float64" if dtype == "float64" else "float32"
    return tf.complex(tf.cast(real, compute), tf.cast(imag, compute)), dtype


def _split_complex(c, dtype):
    return tf.cast(tf.math.real(c), dtype), tf.cast(tf.math.imag(c), dtype)


def fft(x):
    c, dtype = _get_complex(x, "fft")
    return _split_complex(tf.signal.fft(c), dtype)


def fft2(x):
    c, dtype = _get_complex(x, "fft2")
    return _split_complex(tf.signal.fft2d(c), dtype)


def ifft2(x):
    c, dtype = _get_complex(x, "ifft2")
    return _split_complex(tf.signal.ifft2d(c), dtype)


def rfft(x, fft_length=None):
    x, dtype = _float(x)
    compute = "float64" if dtype == "float64" else "float32"
    x = tf.cast(x, compute)
    if fft_length is None:
        fft_length = x.shape[-1] if x.shape[-1] is not None else tf.shape(x)[-1]
    c = tf.signal.rfft(x, fft_length=tf.reshape(fft_length, [1]))
    return _split_complex(c, dtype)


def irfft(x, fft_length=None):
    c, dtype = _get_complex(x, "irfft")
    if fft_length is None:
        n = c.shape[-1] if c.shape[-1] is not None else tf.shape(c)[-1]
        fft_length = 2 * (n - 1)
    y = tf.signal.irfft(c, fft_length=tf.reshape(fft_length, [1]))
    return tf.cast(y, dtype)


def _window(window, sequence_length, fft_length, dtype, op):
    if window is None:
        win = tf.ones([sequence_length], dtype)
    elif isinstance(window, str):
        # NOTE: tf.signal's "periodic" windows are symmetric for odd lengths; scipy's
        # periodic windows (used by the other engines) are built directly.
        phase = 2 * np.pi * np.arange(sequence_length) / sequence_length
        if window == "hann":
            win = tf.constant(0.5 - 0.5 * np.cos(phase), dtype)
        elif window == "hamming":
            win = tf.constant(0.54 - 0.46 * np.cos(phase), dtype)
        else:
            raise ValueError(
                f"{op}: window must be 'hann', 'hamming', None or a 1-D tensor, got "
                f"{window!r}."
            )
    else:
        win = tf.cast(convert_to_tensor(window), dtype)
        if win.shape.rank != 1 or win.shape[0] != sequence_length:
            raise ValueError(
                f"{op}: a window tensor must have shape ({sequence_length},), got "
                f"{tuple(win.shape)}."
            )
    left = (fft_length - sequence_length) // 2
    return tf.pad(win, [[left, fft_length - sequence_length - left]])


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x, dtype = _float(x)
    if fft_length < sequence_length:
        raise ValueError(
            f"stft: fft_length ({fft_length}) must be at least sequence_length "
            f"({sequence_length})."
        )
    compute = "float64" if dtype == "float64" else "float32"
    x = tf.cast(x, compute)
    win = _window(window, sequence_length, fft_length, compute, "stft")
    if center:
        pads = [[0, 0]] * (x.shape.rank - 1) + [[fft_length // 2, fft_length // 2]]
        x = tf.pad(x, pads, mode="REFLECT")
    frames = tf.signal.frame(x, fft_length, sequence_stride, axis=-1)
    c = tf.signal.rfft(frames * win, fft_length=[fft_length])
    return _split_complex(c, dtype)


def istft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    length=None,
    window="hann",
    center=True,
):
    c, dtype = _get_complex(x, "istft")
    compute = "float64" if dtype == "float64" else "float32"
    frames = tf.signal.irfft(c, fft_length=[fft_length])
    win = _window(window, sequence_length, fft_length, compute, "istft")
    frames = frames * win
    y = tf.signal.overlap_and_add(frames, sequence_stride)
    num_frames = tf.shape(frames)[-2]
    envelope = tf.signal.overlap_and_add(
        tf.tile(tf.square(win)[None], tf.stack([num_frames, 1])), sequence_stride
    )
    # NOTE: like torch.istft, positions the window never covers are left as zeros
    # instead of dividing by ~0.
    y = tf.where(envelope > 1e-11, y / tf.where(envelope > 1e-11, envelope, 1), 0)
    start = fft_length // 2 if center else 0
    if length is not None:
        end = start + length
        pad = end - tf.shape(y)[-1]
        y = tf.pad(y, [[0, 0]] * (y.shape.rank - 1) + [[0, tf.maximum(pad, 0)]])
        y = y[..., start:end]
    elif center:
        y = y[..., start : tf.shape(y)[-1] - fft_length // 2]
    return tf.cast(y, dtype)


def rsqrt(x):
    x, _ = _float(x)
    return tf.math.rsqrt(x)


def erf(x):
    x, _ = _float(x)
    return tf.math.erf(x)


def erfc(x):
    x, _ = _float(x)
    return tf.math.erfc(x)


def erfinv(x):
    x, _ = _float(x)
    return tf.math.erfinv(x)


def logdet(x):
    x, dtype = _float(x)
    compute = tf.cast(x, "float32") if dtype in ("float16", "bfloat16") else x
    sign, logabsdet = tf.linalg.slogdet(compute)
    # NOTE: log(det) is nan for a negative determinant (tf.linalg.logdet assumes a
    # positive definite input and silently returns garbage otherwise).
    y = tf.where(sign < 0, tf.constant(np.nan, logabsdet.dtype), logabsdet)
    return tf.cast(y, dtype)


def cdist(x, y):
    x, y = convert_to_tensor(x), convert_to_tensor(y)
    dtype = dtypes.float_result_type(
        dtypes.standardize_dtype(x.dtype), dtypes.standardize_dtype(y.dtype)
    )
    x, y = tf.cast(x, dtype), tf.cast(y, dtype)
    if x.shape[-1] is not None and y.shape[-1] is not None and x.shape[-1] != y.shape[-1]:
        raise ValueError(
            f"cdist: x and y must have the same last dimension, got {tuple(x.shape)} and "
            f"{tuple(y.shape)}."
        )
    diff = tf.expand_dims(x, -2) - tf.expand_dims(y, -3)
    return tf.sqrt(tf.reduce_sum(tf.square(diff), axis=-1))


def view_as_complex(x):
    x = convert_to_tensor(x)
    if x.shape.rank is None or x.shape[-1] != 2:
        raise ValueError(
            f"view_as_complex: the last dimension must be 2, got shape {tuple(x.shape)}."
        )
    if x.dtype not in (tf.float32, tf.float64):
        x = tf.cast(x, "float32")
    return tf.complex(x[..., 0], x[..., 1])


def view_as_real(x):
    x = convert_to_tensor(x)
    if not x.dtype.is_complex:
        raise ValueError(f"view_as_real: expected a complex input, got {x.dtype.name}.")
    return tf.stack([tf.math.real(x), tf.math.imag(x)], axis=-1)
