import torch

from kbackend.backends.common import dtypes
from kbackend.backends.torch.core import convert_to_tensor, to_torch_dtype


def _float(x):
    x = convert_to_tensor(x)
    dtype = to_torch_dtype(dtypes.float_result_type(dtypes.standardize_dtype(x.dtype)))
    return x if x.dtype == dtype else x.to(dtype)


def _upcast(x):
    # NOTE: many torch CPU kernels (fft, linalg) have no float16/bfloat16 version.
    if x.dtype in (torch.float16, torch.bfloat16):
        return x.float()
    return x


def _real_imag(x, op_name):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"{op_name}: expected a tuple (real, imag) of two float tensors, received {x!r}."
        )
    real, imag = convert_to_tensor(x[0]), convert_to_tensor(x[1])
    if not real.dtype.is_floating_point or not imag.dtype.is_floating_point:
        raise ValueError(
            f"{op_name}: real and imag must be float tensors, received {real.dtype} and "
            f"{imag.dtype}."
        )
    if tuple(real.shape) != tuple(imag.shape):
        raise ValueError(
            f"{op_name}: real and imag must have the same shape, received "
            f"{tuple(real.shape)} and {tuple(imag.shape)}."
        )
    dtype = real.dtype if real.dtype == imag.dtype else torch.promote_types(real.dtype, imag.dtype)
    return real.to(dtype), imag.to(dtype)


def _complex(real, imag):
    out_dtype = real.dtype
    return torch.complex(_upcast(real), _upcast(imag)), out_dtype


def _split(z, dtype):
    return z.real.to(dtype), z.imag.to(dtype)


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    return _segment_reduce(data, segment_ids, num_segments, "sum")


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    return _segment_reduce(data, segment_ids, num_segments, "prod")


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    return _segment_reduce(data, segment_ids, num_segments, "amax")


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    return _segment_reduce(data, segment_ids, num_segments, "amin")


def _segment_reduce(data, segment_ids, num_segments, reduce):
    data = convert_to_tensor(data)
    segment_ids = convert_to_tensor(segment_ids).to(torch.long)
    if segment_ids.ndim != 1 or segment_ids.shape[0] != data.shape[0]:
        raise ValueError(
            f"segment_{reduce}: `segment_ids` must be 1D with one id per row of `data`, "
            f"received data.shape={tuple(data.shape)} and "
            f"segment_ids.shape={tuple(segment_ids.shape)}."
        )
    if num_segments is None:
        num_segments = int(segment_ids.max().item()) + 1 if segment_ids.numel() else 0
    num_segments = int(num_segments)
    # NOTE: ids outside [0, num_segments) are dropped (as jax and TF do); empty segments
    # hold the reduction's identity (0, 1, the dtype's lowest / highest value).
    valid = (segment_ids >= 0) & (segment_ids < num_segments)
    if not bool(valid.all()):
        data, segment_ids = data[valid], segment_ids[valid]
    if reduce in ("amax", "amin"):
        if data.dtype.is_floating_point:
            fill = float("-inf") if reduce == "amax" else float("inf")
        elif data.dtype == torch.bool:
            fill = reduce != "amax"
        else:
            info = torch.iinfo(data.dtype)
            fill = info.min if reduce == "amax" else info.max
    else:
        fill = 1 if reduce == "prod" else 0
    out = torch.full(
        (num_segments,) + tuple(data.shape[1:]), fill, dtype=data.dtype, device=data.device
    )
    index = segment_ids.reshape((-1,) + (1,) * (data.ndim - 1)).expand_as(data)
    return out.scatter_reduce(0, index, data, reduce, include_self=True)


def top_k(x, k, sorted=True):
    x = convert_to_tensor(x)
    k = int(k)
    if k > x.shape[-1]:
        raise ValueError(f"top_k: k={k} exceeds the size of the last axis ({x.shape[-1]}).")
    # NOTE: a stable sort so that ties keep the lower index first (torch.topk does not).
    values, indices = torch.sort(x, dim=-1, descending=True, stable=True)
    return values[..., :k], indices[..., :k].to(torch.int32)


def in_top_k(targets, predictions, k):
    targets = convert_to_tensor(targets).to(torch.long)
    predictions = convert_to_tensor(predictions)
    if predictions.ndim != 2 or targets.ndim != 1:
        raise ValueError(
            "in_top_k: expected targets of shape (batch,) and predictions of shape "
            f"(batch, classes), received {tuple(targets.shape)} and "
            f"{tuple(predictions.shape)}."
        )
    target_values = torch.gather(predictions, 1, targets[:, None])
    # NOTE: ties count in the target's favour, as in TF: it is in the top k when fewer than
    # k predictions are strictly larger.
    larger = torch.sum(predictions > target_values, dim=1)
    return larger < int(k)


def logsumexp(x, axis=None, keepdims=False):
    x = _float(x)
    if axis is None:
        axis = tuple(range(x.ndim))
    dtype = x.dtype
    out = torch.logsumexp(_upcast(x), dim=axis, keepdim=keepdims)
    return out.to(dtype)


def extract_sequences(x, sequence_length, sequence_stride):
    x = convert_to_tensor(x)
    if x.shape[-1] < sequence_length:
        raise ValueError(
            f"extract_sequences: the last axis ({x.shape[-1]}) is shorter than "
            f"sequence_length ({sequence_length})."
        )
    return x.unfold(-1, int(sequence_length), int(sequence_stride))


def fft(x):
    real, imag = _real_imag(x, "fft")
    z, dtype = _complex(real, imag)
    return _split(torch.fft.fft(z), dtype)


def fft2(x):
    real, imag = _real_imag(x, "fft2")
    z, dtype = _complex(real, imag)
    return _split(torch.fft.fft2(z), dtype)


def ifft2(x):
    real, imag = _real_imag(x, "ifft2")
    z, dtype = _complex(real, imag)
    return _split(torch.fft.ifft2(z), dtype)


def rfft(x, fft_length=None):
    x = _float(x)
    dtype = x.dtype
    return _split(torch.fft.rfft(_upcast(x), n=fft_length), dtype)


def irfft(x, fft_length=None):
    real, imag = _real_imag(x, "irfft")
    z, dtype = _complex(real, imag)
    return torch.fft.irfft(z, n=fft_length).to(dtype)


def _window(window, sequence_length, fft_length, dtype, device, op_name):
    if window is None:
        win = torch.ones(sequence_length, dtype=dtype, device=device)
    elif isinstance(window, str):
        if window == "hann":
            win = torch.hann_window(sequence_length, periodic=True, dtype=dtype, device=device)
        elif window == "hamming":
            win = torch.hamming_window(
                sequence_length, periodic=True, dtype=dtype, device=device
            )
        else:
            raise ValueError(
                f"{op_name}: `window` must be 'hann', 'hamming', None or a tensor, "
                f"received {window!r}."
            )
    else:
        win = convert_to_tensor(window).to(dtype)
        if win.ndim != 1 or win.shape[0] != sequence_length:
            raise ValueError(
                f"{op_name}: a tensor `window` must have shape ({sequence_length},), "
                f"received {tuple(win.shape)}."
            )
    # The window is centred in the fft frame.
    left = (fft_length - sequence_length) // 2
    return torch.nn.functional.pad(win, (left, fft_length - sequence_length - left))


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x = _float(x)
    dtype = x.dtype
    x = _upcast(x)
    if fft_length < sequence_length:
        raise ValueError(
            f"stft: fft_length ({fft_length}) must be >= sequence_length ({sequence_length})."
        )
    win = _window(window, sequence_length, fft_length, x.dtype, x.device, "stft")
    if center:
        pad = fft_length // 2
        shape = x.shape
        flat = x.reshape(-1, 1, shape[-1])
        flat = torch.nn.functional.pad(flat, (pad, pad), mode="reflect")
        x = flat.reshape(*shape[:-1], flat.shape[-1])
    frames = x.unfold(-1, fft_length, sequence_stride) * win
    return _split(torch.fft.rfft(frames, n=fft_length), dtype)


def istft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    length=None,
    window="hann",
    center=True,
):
    real, imag = _real_imag(x, "istft")
    z, dtype = _complex(real, imag)
    frames = torch.fft.irfft(z, n=fft_length)
    win = _window(window, sequence_length, fft_length, frames.dtype, frames.device, "istft")
    frames = frames * win
    num_frames = frames.shape[-2]
    batch_shape = frames.shape[:-2]
    total = (num_frames - 1) * sequence_stride + fft_length
    # Overlap-add with fold: (B, fft_length, num_frames) -> (B, 1, 1, total).
    flat = frames.reshape(-1, num_frames, fft_length).transpose(1, 2)
    signal = torch.nn.functional.fold(
        flat, (1, total), (1, fft_length), stride=(1, sequence_stride)
    ).reshape(*batch_shape, total)
    win_sq = (win * win)[None, :, None].expand(1, fft_length, num_frames)
    envelope = torch.nn.functional.fold(
        win_sq, (1, total), (1, fft_length), stride=(1, sequence_stride)
    ).reshape(total)
    start = fft_length // 2 if center else 0
    end = total - fft_length // 2 if center else total
    if length is not None:
        end = start + int(length)
    signal = signal[..., start:end]
    envelope = envelope[start:end]
    signal = signal / torch.where(envelope > 1e-10, envelope, torch.ones_like(envelope))
    if length is not None and signal.shape[-1] < length:
        signal = torch.nn.functional.pad(signal, (0, int(length) - signal.shape[-1]))
    return signal.to(dtype)


def rsqrt(x):
    return torch.rsqrt(_float(x))


def erf(x):
    return torch.erf(_float(x))


def erfc(x):
    return torch.erfc(_float(x))


def erfinv(x):
    return torch.erfinv(_float(x))


def logdet(x):
    x = _float(x)
    dtype = x.dtype
    return torch.logdet(_upcast(x)).to(dtype)


def cdist(x, y):
    x, y = convert_to_tensor(x), convert_to_tensor(y)
    dtype = to_torch_dtype(dtypes.float_result_type(x, y))
    x, y = x.to(dtype), y.to(dtype)
    if x.shape[-1] != y.shape[-1]:
        raise ValueError(
            f"cdist: x and y must have the same last dimension, received {tuple(x.shape)} and "
            f"{tuple(y.shape)}."
        )
    # NOTE: torch.cdist's default matmul path loses precision; compute differences exactly.
    out = torch.cdist(_upcast(x), _upcast(y), compute_mode="donot_use_mm_for_euclid_dist")
    return out.to(dtype)


def view_as_complex(x):
    x = convert_to_tensor(x)
    if x.shape[-1] != 2:
        raise ValueError(
            f"view_as_complex: the last dimension must be 2 (real, imag), received "
            f"shape {tuple(x.shape)}."
        )
    x = _upcast(_float(x))
    return torch.complex(x[..., 0], x[..., 1])


def view_as_real(x):
    x = convert_to_tensor(x)
    if not x.dtype.is_complex:
        raise ValueError(f"view_as_real: expected a complex tensor, received {x.dtype}.")
    return torch.stack([x.real, x.imag], dim=-1)

