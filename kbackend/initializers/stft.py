"""STFT: the kernel of a convolution that computes a short-time Fourier transform."""

import math

import numpy as np

from kbackend import ops
from kbackend.backends.common import dtypes
from kbackend.initializers.initializer import Initializer


def _window(name, length, periodic):
    # NOTE: common windows are computed here so that scipy stays optional; other names
    # are looked up in scipy.signal.windows.
    size = length + 1 if periodic else length
    n = np.arange(size, dtype=np.float64)
    denominator = max(size - 1, 1)
    cosine_windows = {
        "hann": (0.5, 0.5, 0.0),
        "hanning": (0.5, 0.5, 0.0),
        "hamming": (0.54, 0.46, 0.0),
        "blackman": (0.42, 0.5, 0.08),
    }
    if name in cosine_windows:
        a0, a1, a2 = cosine_windows[name]
        phase = 2.0 * np.pi * n / denominator
        values = a0 - a1 * np.cos(phase) + a2 * np.cos(2.0 * phase)
    elif name in ("boxcar", "rectangular", "ones"):
        values = np.ones(size)
    else:
        try:
            from scipy.signal import get_window
        except ImportError:
            raise ValueError(
                f"STFT: window {name!r} needs scipy (pip install scipy); without it, use "
                "'hann', 'hamming', 'blackman', 'boxcar' or an array of window values."
            ) from None
        return np.asarray(get_window(name, length, fftbins=periodic), dtype=np.float64)
    return values[:length]


class STFT(Initializer):
    """Initializes a Conv1D kernel so that the convolution computes one side of an STFT.

    The kernel shape is ``(frame_length, input_channels, fft_bins)`` with
    ``fft_bins = fft_length // 2 + 1``; element ``[t, c, f]`` is ``cos(-2 pi t f / n)``
    (``side="real"``) or ``sin(-2 pi t f / n)`` (``side="imag"``) with
    ``n = 2 * (fft_bins - 1)``, multiplied by the window and divided by its norm.

    Args:
        side: "real" or "imag".
        window: a window name ("hann", "hamming", ... or any scipy.signal window), an
            array of ``frame_length`` values, or None for no window.
        scaling: "density" (divide by the window's L2 norm), "spectrum" (by its L1 norm) or
            None.
        periodic: whether the named window is periodic (for spectral analysis).

    Returns:
        Calling it with ``(shape, dtype=None)`` returns the kernel tensor.

    Example:
    >>> STFT("real", "hann")((8, 1, 5)).shape
    (8, 1, 5)
    """

    def __init__(self, side="real", window="hann", scaling="density", periodic=False):
        if side not in ("real", "imag"):
            raise ValueError(f"STFT: `side` must be 'real' or 'imag', got {side!r}.")
        if scaling not in (None, "density", "spectrum"):
            raise ValueError(
                f"STFT: `scaling` must be None, 'density' or 'spectrum', got {scaling!r}."
            )
        if isinstance(window, np.ndarray):
            window = window.tolist()
        self.side, self.window, self.scaling, self.periodic = side, window, scaling, periodic

    def __call__(self, shape, dtype=None):
        dtype = dtypes.standardize_dtype(dtype)
        if len(shape) != 3:
            raise ValueError(
                "STFT expects a kernel shape (frame_length, input_channels, fft_bins), got "
                f"{tuple(shape)}."
            )
        frame_length, _, fft_bins = shape
        n = max((fft_bins - 1) * 2, 1)
        time = np.arange(frame_length, dtype=np.float64)[:, None, None]
        freq = np.arange(fft_bins, dtype=np.float64)[None, None, :] / n
        angle = -2.0 * math.pi * time * freq
        kernel = np.cos(angle) if self.side == "real" else np.sin(angle)
        if self.window is not None:
            if isinstance(self.window, str):
                window = _window(self.window, frame_length, self.periodic)
            else:
                window = np.asarray(self.window, dtype=np.float64)
            if window.shape != (frame_length,):
                raise ValueError(
                    f"STFT: the window must have shape ({frame_length},) to match the "
                    f"frame length, got {window.shape}."
                )
            scale = 1.0
            if self.scaling == "density":
                scale = np.sqrt(np.sum(window**2))
            elif self.scaling == "spectrum":
                scale = np.sum(np.abs(window))
            kernel = kernel * window[:, None, None] / scale
        kernel = np.broadcast_to(kernel, tuple(shape))
        return ops.convert_to_tensor(np.ascontiguousarray(kernel), dtype=dtype)

    def get_config(self):
        return {"side": self.side, "window": self.window, "scaling": self.scaling,
                "periodic": self.periodic}
