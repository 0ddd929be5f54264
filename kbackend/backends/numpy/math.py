import numpy as np

from kbackend.backends.common import dtypes
from kbackend.backends.numpy.core import convert_to_tensor

_HALF = ("float16", "bfloat16")


def _float(x):
    x = convert_to_tensor(x)
    dtype = dtypes.float_result_type(dtypes.standardize_dtype(x.dtype))
    compute = "float64" if dtype != "float64" and dtype not in dtypes.COMPLEX_TYPES else dtype
    return x.astype(dtypes.numpy_dtype(compute), copy=False), dtype


def _out(y, dtype):
    return np.asarray(y).astype(dtypes.numpy_dtype(dtype), copy=False)


# ---------------------------------------------------------------------- erf family
# NOTE: SciPy is not a runtime dependency. erf uses the positive-term series
# erf(x) = 2/sqrt(pi) exp(-x^2) sum_n (2x^2)^n x / (2n+1)!! for |x| < 3 and the
# continued fraction of erfc beyond; both are accurate to ~1e-13 in float64.

_SERIES_TERMS = 90
_FRACTION_DEPTH = 60
_SWITCH = 3.0


def _erf_series(x):
    x2 = 2 * x * x
    term = x.copy()
    total = x.copy()
    for n in range(1, _SERIES_TERMS):
        term = term * x2 / (2 * n + 1)
        total = total + term
    return 2 / np.sqrt(np.pi) * np.exp(-x * x) * total


def _erfc_fraction(x):
    f = x.copy()
    for k in range(_FRACTION_DEPTH, 0, -1):
        f = x + (k / 2) / f
    return np.exp(-x * x) / (np.sqrt(np.pi) * f)


def _erfc_positive(a):
    small = a < _SWITCH
    result = np.empty_like(a)
    result[small] = 1 - _erf_series(a[small])
    result[~small] = _erfc_fraction(a[~small])
    return result


def _erf_f64(x):
    x = np.asarray(x, dtype=np.float64)
    a = np.abs(x)
    small = a < _SWITCH
    result = np.empty_like(a)
    result[small] = _erf_series(a[small])
    result[~small] = 1 - _erfc_fraction(a[~small])
    result = np.where(np.isnan(x), np.nan, result)
    return np.sign(x) * result


def _erfc_f64(x):
    x = np.asarray(x, dtype=np.float64)
    positive = _erfc_positive(np.abs(np.nan_to_num(x)))
    result = np.where(x >= 0, positive, 2 - positive)
    return np.where(np.isnan(x), np.nan, result)


def erf(x):
    x, dtype = _float(x)
    return _out(_erf_f64(x), dtype)


def erfc(x):
    x, dtype = _float(x)
    return _out(_erfc_f64(x), dtype)


def erfinv(x):
    y, dtype = _float(x)
    a = 0.147
    with np.errstate(divide="ignore", invalid="ignore"):
        log_term = np.log1p(-y * y)
        first = 2 / (np.pi * a) + log_term / 2
        guess = np.sign(y) * np.sqrt(np.sqrt(first * first - log_term / a) - first)
        guess = np.where(np.abs(y) < 1, guess, 0.0)
        inside = np.abs(y) < 1
        for _ in range(4):
            # Newton steps; the residual uses erfc near +-1 to keep its precision.
            residual = np.where(
                np.abs(y) > 0.5,
                np.sign(y) * ((1 - np.abs(y)) - _erfc_f64(np.abs(guess))),
                _erf_f64(guess) - y,
            )
            derivative = 2 / np.sqrt(np.pi) * np.exp(-guess * guess)
            guess = np.where(inside, guess - residual / derivative, guess)
        result = np.where(
            inside, guess, np.where(np.abs(y) == 1, np.sign(y) * np.inf, np.nan)
        )
    return _out(result, dtype)


def rsqrt(x):
    x, dtype = _float(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(1 / np.sqrt(x), dtype)


def logsumexp(x, axis=None, keepdims=False):
    x, dtype = _float(x)
    m = np.max(x, axis=axis, keepdims=True) if x.size else np.zeros([1] * x.ndim)
    m = np.where(np.isfinite(m), m, 0)
    with np.errstate(divide="ignore"):
        y = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    if not keepdims:
        y = np.squeeze(y, axis=axis)
    return _out(y, dtype)


# ---------------------------------------------------------------------- segments


def _segment(data, segment_ids, num_segments, ufunc, identity_of):
    data = convert_to_tensor(data)
    segment_ids = convert_to_tensor(segment_ids).astype(np.int64)
    if segment_ids.ndim != 1 or segment_ids.shape[0] != data.shape[0]:
        raise ValueError(
            "segment ops: segment_ids must be a 1-D tensor as long as data's first axis, got "
            f"segment_ids.shape={segment_ids.shape} and data.shape={data.shape}."
        )
    if num_segments is None:
        num_segments = int(segment_ids.max()) + 1 if segment_ids.size else 0
    out = np.full((int(num_segments),) + data.shape[1:], identity_of(data.dtype), data.dtype)
    valid = (segment_ids >= 0) & (segment_ids < num_segments)
    ufunc.at(out, segment_ids[valid], data[valid])
    return out


def _lowest(dtype):
    if np.issubdtype(dtype, np.floating):
        return -np.inf
    if dtype == np.bool_:
        return False
    return np.iinfo(dtype).min


def _highest(dtype):
    if np.issubdtype(dtype, np.floating):
        return np.inf
    if dtype == np.bool_:
        return True
    return np.iinfo(dtype).max


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    return _segment(data, segment_ids, num_segments, np.add, lambda d: 0)


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    return _segment(data, segment_ids, num_segments, np.multiply, lambda d: 1)


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    return _segment(data, segment_ids, num_segments, np.maximum, _lowest)


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    return _segment(data, segment_ids, num_segments, np.minimum, _highest)


# ---------------------------------------------------------------------- top k


def top_k(x, k, sorted=True):
    x = convert_to_tensor(x)
    if x.ndim < 1 or not 0 <= k <= x.shape[-1]:
        raise ValueError(
            f"top_k: k must be between 0 and the size of the last axis, got k={k} for a "
            f"tensor of shape {x.shape}."
        )
    key = -x.astype(np.float64) if x.dtype != np.bool_ else ~x
    indices = np.argsort(key, axis=-1, kind="stable")[..., :k]
    values = np.take_along_axis(x, indices, axis=-1)
    return values, indices.astype(np.int32)


def in_top_k(targets, predictions, k):
    targets = convert_to_tensor(targets).astype(np.int64)
    predictions = convert_to_tensor(predictions)
    if predictions.ndim != 2 or targets.shape != predictions.shape[:1]:
        raise ValueError(
            "in_top_k: expected targets of shape (batch,) and predictions of shape "
            f"(batch, classes), got {targets.shape} and {predictions.shape}."
        )
    predictions = predictions.astype(np.float64)
    valid = (targets >= 0) & (targets < predictions.shape[1])
    safe = np.where(valid, targets, 0)
    target_values = np.take_along_axis(predictions, safe[:, None], axis=1)
    above = np.sum(predictions > target_values, axis=1)
    return valid & np.isfinite(target_values[:, 0]) & (above < k)


# ---------------------------------------------------------------------- FFT


def _complex_input(x, op):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"{op}: expected a tuple (real, imag) of two tensors, got {type(x).__name__}."
        )
    real, imag = convert_to_tensor(x[0]), convert_to_tensor(x[1])
    if real.shape != imag.shape:
        raise ValueError(
            f"{op}: real and imag must have the same shape, got {real.shape} and "
            f"{imag.shape}."
        )
    dtype = dtypes.float_result_type(
        dtypes.standardize_dtype(real.dtype), dtypes.standardize_dtype(imag.dtype)
    )
    return real.astype(np.float64) + 1j * imag.astype(np.float64), dtype


def _split(y, dtype):
    return _out(np.real(y), dtype), _out(np.imag(y), dtype)


def fft(x):
    z, dtype = _complex_input(x, "fft")
    return _split(np.fft.fft(z, axis=-1), dtype)


def fft2(x):
    z, dtype = _complex_input(x, "fft2")
    return _split(np.fft.fft2(z, axes=(-2, -1)), dtype)


def ifft2(x):
    z, dtype = _complex_input(x, "ifft2")
    return _split(np.fft.ifft2(z, axes=(-2, -1)), dtype)


def rfft(x, fft_length=None):
    x, dtype = _float(x)
    return _split(np.fft.rfft(x, n=fft_length, axis=-1), dtype)


def irfft(x, fft_length=None):
    z, dtype = _complex_input(x, "irfft")
    return _out(np.fft.irfft(z, n=fft_length, axis=-1), dtype)


def extract_sequences(x, sequence_length, sequence_stride):
    x = convert_to_tensor(x)
    if x.ndim < 1 or x.shape[-1] < sequence_length:
        raise ValueError(
            f"extract_sequences: the last axis of x (shape {x.shape}) must be at least "
            f"sequence_length={sequence_length}."
        )
    windows = np.lib.stride_tricks.sliding_window_view(x, sequence_length, axis=-1)
    return np.ascontiguousarray(windows[..., ::sequence_stride, :])


def _window(window, sequence_length, fft_length, op):
    if window is None:
        win = np.ones(sequence_length)
    elif isinstance(window, str):
        n = np.arange(sequence_length)
        # NOTE: periodic windows (SciPy's get_window default, fftbins=True).
        phase = 2 * np.pi * n / sequence_length
        if window in ("hann", "hanning"):
            win = 0.5 - 0.5 * np.cos(phase)
        elif window == "hamming":
            win = 0.54 - 0.46 * np.cos(phase)
        elif window == "blackman":
            win = 0.42 - 0.5 * np.cos(phase) + 0.08 * np.cos(2 * phase)
        else:
            raise ValueError(
                f"{op}: window must be 'hann', 'hamming', 'blackman', None or a 1-D tensor, "
                f"got {window!r}."
            )
    else:
        win = convert_to_tensor(window).astype(np.float64)
        if win.shape != (sequence_length,):
            raise ValueError(
                f"{op}: the window must have shape ({sequence_length},), got {win.shape}."
            )
    left = (fft_length - sequence_length) // 2
    return np.pad(win, (left, fft_length - sequence_length - left))


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x, dtype = _float(x)
    if fft_length < sequence_length:
        raise ValueError(
            f"stft: fft_length ({fft_length}) must be >= sequence_length ({sequence_length})."
        )
    if center:
        pad = [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        x = np.pad(x, pad, mode="reflect")
    win = _window(window, sequence_length, fft_length, "stft")
    frames = extract_sequences(x, fft_length, sequence_stride) * win
    return _split(np.fft.rfft(frames, n=fft_length, axis=-1), dtype)


def istft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    length=None,
    window="hann",
    center=True,
):
    z, dtype = _complex_input(x, "istft")
    frames = np.fft.irfft(z, n=fft_length, axis=-1)
    win = _window(window, sequence_length, fft_length, "istft")
    frames = frames * win
    num = frames.shape[-2]
    total = (num - 1) * sequence_stride + fft_length
    signal = np.zeros(frames.shape[:-2] + (total,))
    norm = np.zeros(total)
    for i in range(num):
        start = i * sequence_stride
        signal[..., start : start + fft_length] += frames[..., i, :]
        norm[start : start + fft_length] += win * win
    signal = signal / np.where(norm > 1e-10, norm, 1.0)
    start = fft_length // 2 if center else 0
    if length is None:
        end = total - (fft_length // 2 if center else 0)
    else:
        end = start + length
    if end > total:
        signal = np.pad(signal, [(0, 0)] * (signal.ndim - 1) + [(0, end - total)])
    return _out(signal[..., start:end], dtype)


# ---------------------------------------------------------------------- misc


def view_as_complex(x):
    x = convert_to_tensor(x)
    if x.ndim < 1 or x.shape[-1] != 2:
        raise ValueError(
            f"view_as_complex: the last axis must have size 2 (real, imag), got shape {x.shape}."
        )
    dtype = dtypes.float_result_type(dtypes.standardize_dtype(x.dtype))
    complex_dtype = np.complex128 if dtype == "float64" else np.complex64
    return (x[..., 0] + 1j * x[..., 1]).astype(complex_dtype)


def view_as_real(x):
    x = convert_to_tensor(x)
    real_dtype = np.float64 if x.dtype == np.complex128 else np.float32
    return np.stack([np.real(x), np.imag(x)], axis=-1).astype(real_dtype)


def cdist(x, y):
    x = convert_to_tensor(x)
    y = convert_to_tensor(y)
    dtype = dtypes.float_result_type(
        dtypes.standardize_dtype(x.dtype), dtypes.standardize_dtype(y.dtype)
    )
    if x.ndim < 2 or y.ndim < 2 or x.shape[-1] != y.shape[-1]:
        raise ValueError(
            "cdist: expected x of shape (..., P, M) and y of shape (..., R, M), got "
            f"{x.shape} and {y.shape}."
        )
    difference = x.astype(np.float64)[..., :, None, :] - y.astype(np.float64)[..., None, :, :]
    return _out(np.sqrt(np.sum(difference * difference, axis=-1)), dtype)


def logdet(x):
    x, dtype = _float(x)
    sign, logabs = np.linalg.slogdet(x)
    # NOTE: a negative determinant has no real log: NaN, as torch.logdet gives.
    return _out(np.where(sign < 0, np.nan, logabs), dtype)
