import jax
import jax.numpy as jnp
import jax.scipy.special as jss

from kbackend.backends.common import config, dtypes
from kbackend.backends.jax.core import convert_to_tensor


def _float(x):
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(x.dtype)
    if x.dtype == dtype:
        return x
    return x.astype(dtype)


def _segment(reduce, data, segment_ids, num_segments, sorted):
    data = convert_to_tensor(data)
    segment_ids = convert_to_tensor(segment_ids).astype("int32")
    if num_segments is None:
        if isinstance(segment_ids, jax.core.Tracer):
            raise ValueError(
                "segment ops under jit need a static num_segments; pass num_segments."
            )
        num_segments = int(jnp.max(segment_ids)) + 1 if segment_ids.size else 0
    return reduce(
        data, segment_ids, num_segments=int(num_segments), indices_are_sorted=sorted
    )


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    return _segment(jax.ops.segment_sum, data, segment_ids, num_segments, sorted)


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    return _segment(jax.ops.segment_max, data, segment_ids, num_segments, sorted)


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    return _segment(jax.ops.segment_min, data, segment_ids, num_segments, sorted)


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    return _segment(jax.ops.segment_prod, data, segment_ids, num_segments, sorted)


def top_k(x, k, sorted=True):
    x = convert_to_tensor(x)
    # NOTE: lax.top_k always returns sorted values, which also satisfies sorted=False.
    values, indices = jax.lax.top_k(x, int(k))
    return values, indices.astype("int32")


def in_top_k(targets, predictions, k):
    targets = convert_to_tensor(targets).astype("int32")
    predictions = _float(predictions)
    target_values = jnp.take_along_axis(predictions, targets[:, None], axis=-1)
    # Ties count in the target's favour: rank = number of strictly larger scores.
    rank = jnp.sum(predictions > target_values, axis=-1)
    valid = jnp.all(jnp.isfinite(predictions), axis=-1)
    return (rank < k) & valid


def logsumexp(x, axis=None, keepdims=False):
    x = _float(x)
    if isinstance(axis, list):
        axis = tuple(axis)
    return jss.logsumexp(x, axis=axis, keepdims=keepdims).astype(x.dtype)


def extract_sequences(x, sequence_length, sequence_stride):
    x = convert_to_tensor(x)
    length = x.shape[-1]
    num = 1 + (length - sequence_length) // sequence_stride
    if num < 1:
        raise ValueError(
            f"extract_sequences: sequence_length={sequence_length} exceeds the last "
            f"dimension {length}."
        )
    starts = jnp.arange(num) * sequence_stride
    index = starts[:, None] + jnp.arange(sequence_length)[None, :]
    return x[..., index]


def _complex_pair(x, op):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(f"{op} expects a tuple (real, imag) of tensors, got {type(x)}.")
    real, imag = convert_to_tensor(x[0]), convert_to_tensor(x[1])
    dtype = dtypes.float_result_type(real.dtype, imag.dtype)
    if real.shape != imag.shape:
        raise ValueError(
            f"{op}: real and imag must have the same shape, got {tuple(real.shape)} and "
            f"{tuple(imag.shape)}."
        )
    return jax.lax.complex(real.astype(dtype), imag.astype(dtype)), dtype


def fft(x):
    z, dtype = _complex_pair(x, "fft")
    out = jnp.fft.fft(z)
    return jnp.real(out).astype(dtype), jnp.imag(out).astype(dtype)


def fft2(x):
    z, dtype = _complex_pair(x, "fft2")
    out = jnp.fft.fft2(z)
    return jnp.real(out).astype(dtype), jnp.imag(out).astype(dtype)


def ifft2(x):
    z, dtype = _complex_pair(x, "ifft2")
    out = jnp.fft.ifft2(z)
    return jnp.real(out).astype(dtype), jnp.imag(out).astype(dtype)


def rfft(x, fft_length=None):
    x = _float(x)
    out = jnp.fft.rfft(x, n=fft_length, axis=-1)
    return jnp.real(out).astype(x.dtype), jnp.imag(out).astype(x.dtype)


def irfft(x, fft_length=None):
    z, dtype = _complex_pair(x, "irfft")
    return jnp.fft.irfft(z, n=fft_length, axis=-1).astype(dtype)


def _window(window, sequence_length, dtype):
    if window is None:
        return None
    if isinstance(window, str):
        if window not in ("hann", "hamming"):
            raise ValueError(
                f"window must be 'hann', 'hamming', a tensor or None; got {window!r}."
            )
        n = jnp.arange(sequence_length, dtype="float64")
        a = 0.5 if window == "hann" else 0.54
        # Periodic windows, as signal processing (and Keras) uses for stft.
        w = a - (1 - a) * jnp.cos(2 * jnp.pi * n / sequence_length)
        return w.astype(dtype)
    window = convert_to_tensor(window).astype(dtype)
    if window.shape != (sequence_length,):
        raise ValueError(
            f"window must have shape ({sequence_length},), got {tuple(window.shape)}."
        )
    return window


def _padded_window(window, sequence_length, fft_length, dtype):
    # Frames are fft_length long; the window covers the centred sequence_length samples
    # (None means a rectangular window).
    win = _window(window, sequence_length, dtype)
    if win is None:
        win = jnp.ones((sequence_length,), dtype)
    left = (fft_length - sequence_length) // 2
    return jnp.pad(win, (left, fft_length - sequence_length - left))


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x = _float(x)
    if fft_length < sequence_length:
        raise ValueError(
            f"stft: fft_length ({fft_length}) must be >= sequence_length "
            f"({sequence_length})."
        )
    if center:
        pad = [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        x = jnp.pad(x, pad, mode="reflect")
    frames = extract_sequences(x, fft_length, sequence_stride)
    frames = frames * _padded_window(window, sequence_length, fft_length, x.dtype)
    out = jnp.fft.rfft(frames, n=fft_length, axis=-1)
    return jnp.real(out).astype(x.dtype), jnp.imag(out).astype(x.dtype)


def istft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    length=None,
    window="hann",
    center=True,
):
    z, dtype = _complex_pair(x, "istft")
    frames = jnp.fft.irfft(z, n=fft_length, axis=-1).astype(dtype)
    win = _padded_window(window, sequence_length, fft_length, dtype)
    frames = frames * win
    num_frames = frames.shape[-2]
    total = (num_frames - 1) * sequence_stride + fft_length
    index = jnp.arange(num_frames)[:, None] * sequence_stride + jnp.arange(fft_length)
    batch_shape = frames.shape[:-2]
    signal = jnp.zeros(batch_shape + (total,), dtype).at[..., index].add(frames)
    norm = jnp.zeros((total,), dtype).at[index].add(
        jnp.broadcast_to(jnp.square(win), (num_frames, fft_length))
    )
    signal = signal / jnp.where(norm > 1e-10, norm, 1.0)
    start = fft_length // 2 if center else 0
    end = total - start
    signal = signal[..., start:end]
    if length is not None:
        if signal.shape[-1] < length:
            extra = length - signal.shape[-1]
            signal = jnp.pad(signal, [(0, 0)] * len(batch_shape) + [(0, extra)])
        signal = signal[..., :length]
    return signal


def rsqrt(x):
    return jax.lax.rsqrt(_float(x))


def erf(x):
    return jss.erf(_float(x))


def erfc(x):
    return jss.erfc(_float(x))


def erfinv(x):
    return jss.erfinv(_float(x))


def logdet(x):
    x = _float(x)
    _, value = jnp.linalg.slogdet(x)
    return value


def cdist(x, y):
    x, y = convert_to_tensor(x), convert_to_tensor(y)
    dtype = dtypes.float_result_type(x.dtype, y.dtype)
    x, y = x.astype(dtype), y.astype(dtype)
    diff = x[..., :, None, :] - y[..., None, :, :]
    return jnp.sqrt(jnp.sum(jnp.square(diff), axis=-1))


def view_as_complex(x):
    x = _float(x)
    if x.shape[-1] != 2:
        raise ValueError(
            f"view_as_complex expects a last dimension of size 2, got {tuple(x.shape)}."
        )
    return jax.lax.complex(x[..., 0], x[..., 1])


def view_as_real(x):
    x = convert_to_tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.complexfloating):
        x = x.astype("complex128" if config.floatx() == "float64" else "complex64")
    return jnp.stack([jnp.real(x), jnp.imag(x)], axis=-1)
