"""Tests of kbackend.ops.math against NumPy/SciPy references, on the engine in use."""

import numpy as np
import pytest
import scipy.signal
import scipy.spatial
import scipy.special

from kbackend import backends, ops
from kbackend.backends.common.keras_tensor import KerasTensor


def to_np(x):
    return ops.convert_to_numpy(x)


def rand(*shape, dtype="float32"):
    return np.random.uniform(-2, 2, size=shape).astype(dtype)


def dtype_of(x):
    return backends.standardize_dtype(to_np(x).dtype)


@pytest.mark.parametrize(
    "name,reference,low,high",
    [("erf", scipy.special.erf, -5, 5), ("erfc", scipy.special.erfc, -5, 8),
     ("erfinv", scipy.special.erfinv, -0.999, 0.999), ("rsqrt", lambda x: 1 / np.sqrt(x), 0.1, 9)],
)
def test_elementwise(name, reference, low, high):
    fn = getattr(ops, name)
    x = np.linspace(low, high, 101)
    np.testing.assert_allclose(to_np(fn(x.astype("float64"))), reference(x), rtol=1e-10,
                               atol=1e-12)
    y = fn(x.astype("float32"))
    assert dtype_of(y) == "float32"
    np.testing.assert_allclose(to_np(y), reference(x.astype("float32").astype("float64")),
                               rtol=2e-5, atol=1e-6)
    assert dtype_of(fn(np.array([1], "int32"))) == "float32"
    spec = fn(KerasTensor((None, 3), dtype="float16"))
    assert spec.shape == (None, 3) and spec.dtype == "float16"


def test_erfinv_edges():
    y = to_np(ops.erfinv(np.array([-1.0, 1.0, 0.0], "float64")))
    assert y.tolist() == [-np.inf, np.inf, 0.0]


@pytest.mark.parametrize("axis,keepdims", [(None, False), (0, True), ((0, 2), False), (-1, False)])
def test_logsumexp(axis, keepdims):
    x = rand(3, 4, 5) * 10
    expected = scipy.special.logsumexp(x, axis=axis, keepdims=keepdims)
    y = ops.logsumexp(x, axis, keepdims)
    np.testing.assert_allclose(to_np(y), expected, rtol=1e-5)
    spec = ops.logsumexp(KerasTensor((None, 4, 5)), axis, keepdims)
    reduced_first = axis is None or 0 in np.atleast_1d(axis)
    shape = list(expected.shape)
    if shape and not reduced_first:
        shape[0] = None
    assert spec.shape == tuple(shape)


@pytest.mark.parametrize("name,reduce,empty", [
    ("segment_sum", np.sum, 0), ("segment_prod", np.prod, 1),
    ("segment_max", np.max, -np.inf), ("segment_min", np.min, np.inf),
])
def test_segment_ops(name, reduce, empty):
    data = rand(6, 3)
    ids = np.array([0, 0, 2, 2, 2, 1], "int32")
    fn = getattr(ops, name)
    y = to_np(fn(data, ids, num_segments=4))
    for s in range(4):
        rows = data[ids == s]
        expected = reduce(rows, axis=0) if len(rows) else np.full(3, empty)
        np.testing.assert_allclose(y[s], expected, rtol=1e-5)
    assert dtype_of(y) == "float32"
    y_default = to_np(fn(data, ids))
    assert y_default.shape == (3, 3)
    y_sorted = to_np(fn(data, np.sort(ids), num_segments=3, sorted=True))
    for s in range(3):
        np.testing.assert_allclose(y_sorted[s], reduce(data[np.sort(ids) == s], axis=0),
                                   rtol=1e-5)
    spec = fn(KerasTensor((None, 3)), KerasTensor((None,), dtype="int32"), num_segments=4)
    assert spec.shape == (4, 3)


def test_segment_sum_int():
    y = ops.segment_sum(np.array([1, 2, 3], "int32"), np.array([0, 0, 1]), 2)
    assert to_np(y).tolist() == [3, 3] and dtype_of(y) == "int32"


def test_top_k():
    x = np.array([[1.0, 5.0, 3.0, 4.0], [2.0, 2.0, 0.0, 1.0]], "float32")
    values, indices = ops.top_k(x, 2)
    assert to_np(values).tolist() == [[5.0, 4.0], [2.0, 2.0]]
    assert to_np(indices).tolist() == [[1, 3], [0, 1]]
    assert dtype_of(values) == "float32" and dtype_of(indices) == "int32"
    v, i = ops.top_k(KerasTensor((None, 4)), 3)
    assert v.shape == i.shape == (None, 3) and i.dtype == "int32"
    with pytest.raises(ValueError, match="top_k"):
        ops.top_k(KerasTensor((None, 4)), 5)


def test_in_top_k():
    predictions = np.array([[0.1, 0.5, 0.4], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]], "float32")
    targets = np.array([2, 1, 2])
    assert to_np(ops.in_top_k(targets, predictions, 1)).tolist() == [False, False, False]
    assert to_np(ops.in_top_k(targets, predictions, 2)).tolist() == [True, True, False]
    spec = ops.in_top_k(KerasTensor((None,), dtype="int32"), KerasTensor((None, 3)), 2)
    assert spec.shape == (None,) and spec.dtype == "bool"


@pytest.mark.parametrize("name,reference", [
    ("fft", lambda z: np.fft.fft(z)), ("fft2", lambda z: np.fft.fft2(z)),
    ("ifft2", lambda z: np.fft.ifft2(z)),
])
def test_complex_ffts(name, reference):
    real, imag = rand(2, 4, 6), rand(2, 4, 6)
    out_real, out_imag = getattr(ops, name)((real, imag))
    expected = reference(real.astype("float64") + 1j * imag)
    np.testing.assert_allclose(to_np(out_real), expected.real, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(to_np(out_imag), expected.imag, rtol=1e-4, atol=1e-4)
    assert dtype_of(out_real) == "float32"
    r, i = getattr(ops, name)((KerasTensor((None, 4, 6)), KerasTensor((None, 4, 6))))
    assert r.shape == i.shape == (None, 4, 6)


@pytest.mark.parametrize("fft_length", [None, 6, 10])
def test_rfft_and_irfft(fft_length):
    x = rand(3, 8)
    real, imag = ops.rfft(x, fft_length)
    expected = np.fft.rfft(x, n=fft_length)
    np.testing.assert_allclose(to_np(real), expected.real, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(to_np(imag), expected.imag, rtol=1e-4, atol=1e-4)
    back = ops.irfft((real, imag), fft_length)
    np.testing.assert_allclose(to_np(back), np.fft.irfft(expected, n=fft_length), rtol=1e-4,
                               atol=1e-4)
    r, _ = ops.rfft(KerasTensor((None, 8)), fft_length)
    bins = (fft_length or 8) // 2 + 1
    assert r.shape == (None, bins)
    assert ops.irfft((r, r), fft_length).shape == (None, fft_length or 2 * (bins - 1))


def test_extract_sequences():
    x = np.arange(20, dtype="float32").reshape(2, 10)
    y = to_np(ops.extract_sequences(x, 4, 3))
    expected = np.stack([x[:, i : i + 4] for i in range(0, 7, 3)], axis=1)
    np.testing.assert_array_equal(y, expected)
    assert ops.extract_sequences(KerasTensor((None, 10)), 4, 3).shape == (None, 3, 4)


def test_stft_matches_the_documented_example():
    real, imag = ops.stft(np.array([0.0, 1.0, 2.0, 3.0, 4.0], "float32"), 3, 2, 3)
    np.testing.assert_allclose(to_np(real), [[0.75, -0.375], [3.75, -1.875], [5.25, -2.625]],
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(to_np(imag), [[0.0, 0.649519], [0.0, 0.649519],
                                             [0.0, -0.649519]], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("sequence_length,stride,fft_length,center", [
    (8, 2, 8, True), (6, 3, 8, False), (8, 4, 16, True),
])
def test_stft_against_scipy_and_istft_round_trip(sequence_length, stride, fft_length, center):
    x = rand(2, 40)
    real, imag = ops.stft(x, sequence_length, stride, fft_length, center=center)
    window = scipy.signal.get_window("hann", sequence_length)
    left = (fft_length - sequence_length) // 2
    window = np.pad(window, (left, fft_length - sequence_length - left))
    padded = np.pad(x, [(0, 0), (fft_length // 2,) * 2], mode="reflect") if center else x
    frames = np.stack([padded[:, i : i + fft_length]
                       for i in range(0, padded.shape[-1] - fft_length + 1, stride)], axis=1)
    expected = np.fft.rfft(frames * window, axis=-1)
    np.testing.assert_allclose(to_np(real), expected.real, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(to_np(imag), expected.imag, rtol=1e-4, atol=1e-4)
    spec_r, _ = ops.stft(KerasTensor((None, 40)), sequence_length, stride, fft_length,
                         center=center)
    assert spec_r.shape == (None,) + expected.shape[1:]
    y = to_np(ops.istft((real, imag), sequence_length, stride, fft_length, length=40,
                        center=center))
    assert y.shape == (2, 40)
    if center:
        np.testing.assert_allclose(y, x, rtol=1e-4, atol=1e-4)
    else:
        # Without centering, the edges are not covered by a full window sum.
        np.testing.assert_allclose(y[:, fft_length:-fft_length], x[:, fft_length:-fft_length],
                                   rtol=1e-4, atol=1e-4)
    spec = ops.istft((spec_r, spec_r), sequence_length, stride, fft_length, length=40,
                     center=center)
    assert spec.shape == (None, 40)


def test_view_as_complex_and_real():
    x = rand(3, 2)
    z = ops.view_as_complex(x)
    np.testing.assert_allclose(to_np(z), x[:, 0] + 1j * x[:, 1])
    assert dtype_of(z) == "complex64"
    np.testing.assert_allclose(to_np(ops.view_as_real(z)), x)
    assert ops.view_as_complex(KerasTensor((None, 2))).shape == (None,)
    assert ops.view_as_real(KerasTensor((None,), dtype="complex64")).shape == (None, 2)
    with pytest.raises(ValueError, match="view_as_complex"):
        ops.view_as_complex(KerasTensor((None, 3)))


def test_cdist():
    x, y = rand(2, 3, 4), rand(2, 5, 4)
    expected = np.stack([scipy.spatial.distance.cdist(x[i], y[i]) for i in range(2)])
    np.testing.assert_allclose(to_np(ops.cdist(x, y)), expected, rtol=1e-5, atol=1e-6)
    assert ops.cdist(KerasTensor((None, 3, 4)), KerasTensor((None, 5, 4))).shape == (None, 3, 5)
    with pytest.raises(ValueError, match="cdist"):
        ops.cdist(KerasTensor((3, 4)), KerasTensor((5, 3)))


def test_logdet():
    a = rand(2, 3, 3)
    spd = a @ np.swapaxes(a, -1, -2) + 3 * np.eye(3, dtype="float32")
    np.testing.assert_allclose(to_np(ops.logdet(spd)), np.linalg.slogdet(spd)[1], rtol=1e-5)
    assert ops.logdet(KerasTensor((None, 3, 3))).shape == (None,)

