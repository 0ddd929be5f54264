"""Tests of kbackend.ops.nn against NumPy/SciPy references, on the engine in use."""

import itertools
import math

import numpy as np
import pytest
import scipy.special

from kbackend import backends, ops
from kbackend.backends.common.keras_tensor import KerasTensor


def to_np(x):
    return ops.convert_to_numpy(x)


def rand(*shape, dtype="float32"):
    return np.random.uniform(-2, 2, size=shape).astype(dtype)


def dtype_of(x):
    return backends.standardize_dtype(to_np(x).dtype)


# ---------------------------------------------------------------------- activations

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

ACTIVATIONS = {
    "relu": lambda x: np.maximum(x, 0),
    "relu6": lambda x: np.clip(x, 0, 6),
    "sigmoid": scipy.special.expit,
    "sparse_sigmoid": lambda x: np.clip((x + 1) / 2, 0, 1),
    "softplus": lambda x: np.log1p(np.exp(x)),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "soft_shrink": lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.5, 0),
    "sparse_plus": lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
    "silu": lambda x: x * scipy.special.expit(x),
    "swish": lambda x: x * scipy.special.expit(x),
    "squareplus": lambda x: (x + np.sqrt(x**2 + 4)) / 2,
    "log_sigmoid": lambda x: np.log(scipy.special.expit(x)),
    "leaky_relu": lambda x: np.where(x >= 0, x, 0.2 * x),
    "hard_sigmoid": lambda x: np.clip(x / 6 + 0.5, 0, 1),
    "hard_silu": lambda x: x * np.clip(x / 6 + 0.5, 0, 1),
    "hard_swish": lambda x: x * np.clip(x / 6 + 0.5, 0, 1),
    "elu": lambda x: np.where(x > 0, x, np.expm1(x)),
    "selu": lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)),
    "celu": lambda x: np.maximum(x, 0) + np.minimum(0, np.expm1(x)),
    "gelu": lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))),
    "hard_tanh": lambda x: np.clip(x, -1, 1),
    "hard_shrink": lambda x: np.where(np.abs(x) > 0.5, x, 0),
    "tanh_shrink": lambda x: x - np.tanh(x),
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_values_dtype_and_shape(name):
    fn = getattr(ops, name)
    x = rand(3, 4)
    y = fn(x)
    np.testing.assert_allclose(to_np(y), ACTIVATIONS[name](x.astype("float64")),
                               rtol=1e-5, atol=1e-5)
    assert dtype_of(y) == "float32"
    assert dtype_of(fn(np.array([1, -2], "int32"))) == "float32"
    assert dtype_of(fn(x.astype("float16"))) == "float16"
    symbolic = fn(KerasTensor((None, 4), dtype="float16"))
    assert symbolic.shape == (None, 4) and symbolic.dtype == "float16"


def test_gelu_exact():
    x = rand(10).astype("float64")
    expected = 0.5 * x * (1 + scipy.special.erf(x / np.sqrt(2)))
    np.testing.assert_allclose(to_np(ops.gelu(x, approximate=False)), expected, rtol=1e-6)


def test_parametrized_activations():
    x = rand(5)
    np.testing.assert_allclose(to_np(ops.leaky_relu(x, 0.1)), np.where(x >= 0, x, 0.1 * x),
                               rtol=1e-6)
    np.testing.assert_allclose(to_np(ops.elu(x, 2.0)), np.where(x > 0, x, 2 * np.expm1(x)),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        to_np(ops.celu(x, 2.0)), np.maximum(x, 0) + np.minimum(0, 2 * np.expm1(x / 2)),
        rtol=1e-5, atol=1e-6,
    )
    np.testing.assert_allclose(to_np(ops.threshold(x, 0.3, -9.0)), np.where(x > 0.3, x, -9),
                               rtol=1e-6)
    np.testing.assert_allclose(to_np(ops.squareplus(x, 1)), (x + np.sqrt(x * x + 1)) / 2,
                               rtol=1e-5)
    np.testing.assert_allclose(to_np(ops.hard_shrink(x, 1.0)), np.where(abs(x) > 1, x, 0))
    np.testing.assert_allclose(to_np(ops.soft_shrink(x, 1.0)),
                               np.sign(x) * np.maximum(abs(x) - 1, 0), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_and_log_softmax(axis):
    x = rand(3, 4, 2)
    np.testing.assert_allclose(to_np(ops.softmax(x, axis)), scipy.special.softmax(x, axis),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(to_np(ops.log_softmax(x, axis)),
                               scipy.special.log_softmax(x, axis), rtol=1e-5, atol=1e-5)
    assert ops.softmax(KerasTensor((None, 3)), axis=0).shape == (None, 3)


def test_softmax_large_values_are_stable():
    y = to_np(ops.softmax(np.array([1000.0, 1000.0], "float32")))
    np.testing.assert_allclose(y, [0.5, 0.5])


def test_sparsemax():
    x = np.array([[0.0, 2.0, 1.0], [1.0, 1.0, 1.0], [0.5, 0.0, 0.2]], "float32")
    y = to_np(ops.sparsemax(x))
    np.testing.assert_allclose(y[0], [0, 1, 0], atol=1e-6)
    np.testing.assert_allclose(y[1], [1 / 3] * 3, atol=1e-6)
    np.testing.assert_allclose(y[2], [0.6, 0.1, 0.3], atol=1e-6)


def test_glu():
    x = rand(2, 6)
    expected = x[:, :3] * scipy.special.expit(x[:, 3:])
    np.testing.assert_allclose(to_np(ops.glu(x)), expected, rtol=1e-5, atol=1e-6)
    assert ops.glu(KerasTensor((None, 6))).shape == (None, 3)
    with pytest.raises(ValueError, match="glu"):
        ops.glu(KerasTensor((2, 5)))


# ---------------------------------------------------------------------- convolution


def ref_conv(x, kernel, strides, padding, dilation, channels_first=False):
    """Direct-loop N-D convolution (channels_last), with groups."""
    if channels_first:
        x = np.moveaxis(x, 1, -1)
    n = x.ndim - 2
    strides = (strides,) * n if isinstance(strides, int) else strides
    dilation = (dilation,) * n if isinstance(dilation, int) else dilation
    ksize = kernel.shape[:n]
    k_eff = [(k - 1) * d + 1 for k, d in zip(ksize, dilation)]
    if padding == "same":
        pads = []
        for length, k, s in zip(x.shape[1:-1], k_eff, strides):
            out = math.ceil(length / s)
            total = max((out - 1) * s + k - length, 0)
            pads.append((total // 2, total - total // 2))
        x = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    out_sizes = [(length - k) // s + 1 for length, k, s in zip(x.shape[1:-1], k_eff, strides)]
    cin_g = kernel.shape[-2]
    groups = x.shape[-1] // cin_g
    cout_g = kernel.shape[-1] // groups
    y = np.zeros((x.shape[0], *out_sizes, kernel.shape[-1]))
    for pos in itertools.product(*[range(o) for o in out_sizes]):
        window = tuple(
            slice(p * s, p * s + k, d) for p, s, k, d in zip(pos, strides, k_eff, dilation)
        )
        patch = x[(slice(None),) + window]  # N, k..., C
        for g in range(groups):
            w = kernel[..., g * cout_g : (g + 1) * cout_g]
            p = patch[..., g * cin_g : (g + 1) * cin_g]
            y[(slice(None),) + pos + (slice(g * cout_g, (g + 1) * cout_g),)] = np.tensordot(
                p, w, axes=(list(range(1, n + 2)), list(range(n + 1)))
            )
    return np.moveaxis(y, -1, 1) if channels_first else y


CONV_CASES = [
    # (input spatial, kernel spatial, strides, padding, dilation)
    ((7,), (3,), 1, "valid", 1),
    ((8,), (3,), 2, "same", 1),
    ((9,), (2,), 1, "same", 2),
    ((6, 5), (3, 2), 1, "valid", 1),
    ((7, 6), (3, 3), 2, "same", 1),
    ((7, 7), (2, 3), (1, 2), "valid", (2, 1)),
    ((5, 4, 4), (2, 3, 2), 1, "same", 1),
]


@pytest.mark.parametrize("spatial,ksize,strides,padding,dilation", CONV_CASES)
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_conv(spatial, ksize, strides, padding, dilation, data_format):
    cf = data_format == "channels_first"
    x = rand(2, *spatial, 3)
    kernel = rand(*ksize, 3, 4)
    expected = ref_conv(x, kernel, strides, padding, dilation)
    if cf:
        x, expected = np.moveaxis(x, -1, 1), np.moveaxis(expected, -1, 1)
    y = ops.conv(x, kernel, strides, padding, data_format, dilation)
    np.testing.assert_allclose(to_np(y), expected, rtol=1e-4, atol=1e-4)
    assert dtype_of(y) == "float32"
    symbolic_shape = (None,) + x.shape[1:]
    spec = ops.conv(KerasTensor(symbolic_shape), KerasTensor(kernel.shape), strides, padding,
                    data_format, dilation)
    assert spec.shape == (None,) + expected.shape[1:]


def test_conv_grouped():
    x = rand(1, 6, 4)
    kernel = rand(3, 2, 6)  # 2 groups of 2 input channels -> 3 outputs each
    np.testing.assert_allclose(to_np(ops.conv(x, kernel)), ref_conv(x, kernel, 1, "valid", 1),
                               rtol=1e-4, atol=1e-4)


def test_conv_symbolic_unknown_spatial_and_errors():
    spec = ops.conv(KerasTensor((None, None, 5, 3)), KerasTensor((3, 3, 3, 8)), padding="same")
    assert spec.shape == (None, None, 5, 8)
    with pytest.raises(ValueError, match="conv"):
        ops.conv(KerasTensor((1, 5, 5, 3)), KerasTensor((3, 3, 2, 8)))
    with pytest.raises(ValueError, match="conv"):
        ops.conv(KerasTensor((1, 5, 5, 3)), KerasTensor((3, 3, 8)))
    with pytest.raises(ValueError, match="conv"):
        ops.conv(KerasTensor((1, 2, 2, 3)), KerasTensor((3, 3, 3, 8)))


@pytest.mark.parametrize("spatial,ksize,strides,padding,dilation", CONV_CASES[:5])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_depthwise_and_separable_conv(spatial, ksize, strides, padding, dilation, data_format):
    x = rand(2, *spatial, 3)
    kernel = rand(*ksize, 3, 2)
    expected = np.concatenate(
        [ref_conv(x[..., c : c + 1], kernel[..., c : c + 1, :], strides, padding, dilation)
         for c in range(3)], axis=-1,
    )
    pointwise = rand(*([1] * len(spatial)), 6, 5)
    expected_sep = ref_conv(expected, pointwise, 1, "valid", 1)
    if data_format == "channels_first":
        x = np.moveaxis(x, -1, 1)
        expected, expected_sep = np.moveaxis(expected, -1, 1), np.moveaxis(expected_sep, -1, 1)
    y = ops.depthwise_conv(x, kernel, strides, padding, data_format, dilation)
    np.testing.assert_allclose(to_np(y), expected, rtol=1e-4, atol=1e-4)
    z = ops.separable_conv(x, kernel, pointwise, strides, padding, data_format, dilation)
    np.testing.assert_allclose(to_np(z), expected_sep, rtol=1e-4, atol=1e-4)
    spec = ops.separable_conv(KerasTensor((None,) + x.shape[1:]), KerasTensor(kernel.shape),
                              KerasTensor(pointwise.shape), strides, padding, data_format,
                              dilation)
    assert spec.shape == (None,) + expected_sep.shape[1:]


@pytest.mark.parametrize(
    "spatial,ksize,strides,padding",
    [((8,), (3,), 1, "valid"), ((9,), (3,), 2, "valid"), ((8,), (4,), 2, "same"),
     ((6, 6), (3, 3), 2, "same"), ((7, 5), (3, 1), (2, 1), "valid")],
)
def test_conv_transpose_is_the_adjoint_of_conv(spatial, ksize, strides, padding):
    # <conv(x, k), y> == <x, conv_transpose(y, k)> whenever the sizes round-trip.
    x = rand(2, *spatial, 3).astype("float64")
    kernel = rand(*ksize, 3, 4).astype("float64")
    y_shape = ref_conv(x, kernel, strides, padding, 1).shape
    y = rand(*y_shape).astype("float64")
    lhs = np.sum(ref_conv(x, kernel, strides, padding, 1) * y)
    xt = to_np(ops.conv_transpose(y, kernel, strides, padding))
    assert xt.shape == x.shape
    np.testing.assert_allclose(np.sum(x * xt), lhs, rtol=1e-6)
    spec = ops.conv_transpose(KerasTensor((None,) + y_shape[1:]), KerasTensor(kernel.shape),
                              strides, padding)
    assert spec.shape == (None,) + x.shape[1:]


def test_conv_transpose_output_shapes():
    y = ops.conv_transpose(rand(1, 4, 2), rand(3, 5, 2), strides=3)
    assert tuple(to_np(y).shape) == (1, 12, 5)
    y = ops.conv_transpose(rand(1, 4, 2), rand(3, 5, 2), strides=2, output_padding=1)
    assert tuple(to_np(y).shape) == (1, 10, 5)
    y = ops.conv_transpose(rand(1, 2, 4, 4), rand(3, 3, 5, 2), strides=2, padding="same",
                           data_format="channels_first")
    assert tuple(to_np(y).shape) == (1, 5, 8, 8)
    spec = ops.conv_transpose(KerasTensor((None, 4, None, 2)), KerasTensor((3, 3, 5, 2)),
                              strides=2, padding="same")
    assert spec.shape == (None, 8, None, 5)


# ---------------------------------------------------------------------- pooling


def ref_pool(x, pool, strides, padding, mode):
    n = x.ndim - 2
    strides = pool if strides is None else strides
    if padding == "same":
        pads = []
        for length, k, s in zip(x.shape[1:-1], pool, strides):
            out = math.ceil(length / s)
            total = max((out - 1) * s + k - length, 0)
            pads.append((total // 2, total - total // 2))
        x = np.pad(x, [(0, 0)] + pads + [(0, 0)], constant_values=np.nan)
    out_sizes = [(length - k) // s + 1 for length, k, s in zip(x.shape[1:-1], pool, strides)]
    y = np.zeros((x.shape[0], *out_sizes, x.shape[-1]))
    reduce = np.nanmax if mode == "max" else np.nanmean
    for pos in itertools.product(*[range(o) for o in out_sizes]):
        window = tuple(slice(p * s, p * s + k) for p, s, k in zip(pos, strides, pool))
        y[(slice(None),) + pos] = reduce(x[(slice(None),) + window], axis=tuple(range(1, n + 1)))
    return y


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize(
    "spatial,pool,strides,padding",
    [((8,), (2,), None, "valid"), ((7,), (3,), (2,), "same"), ((6, 5), (2, 2), None, "same"),
     ((7, 7), (3, 2), (2, 1), "valid"), ((4, 5, 4), (2, 2, 2), None, "same")],
)
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_pooling(mode, spatial, pool, strides, padding, data_format):
    x = rand(2, *spatial, 3)
    expected = ref_pool(x.astype("float64"), pool, strides, padding, mode)
    if data_format == "channels_first":
        x, expected = np.moveaxis(x, -1, 1), np.moveaxis(expected, -1, 1)
    fn = ops.max_pool if mode == "max" else ops.average_pool
    y = fn(x, pool, strides, padding, data_format)
    np.testing.assert_allclose(to_np(y), expected, rtol=1e-5, atol=1e-6)
    assert dtype_of(y) == "float32"
    spec = fn(KerasTensor((None,) + x.shape[1:]), pool, strides, padding, data_format)
    assert spec.shape == (None,) + expected.shape[1:]


def test_max_pool_keeps_int_dtype():
    x = np.arange(8, dtype="int32").reshape(1, 8, 1)
    y = ops.max_pool(x, 2)
    assert dtype_of(y) == "int32"
    assert to_np(y).ravel().tolist() == [1, 3, 5, 7]


@pytest.mark.parametrize("mode", ["max", "average"])
def test_adaptive_pooling(mode):
    x = rand(2, 7, 5, 3)
    out = (3, 2)
    reduce = np.max if mode == "max" else np.mean
    expected = np.zeros((2, 3, 2, 3))
    for i in range(3):
        for j in range(2):
            h0, h1 = (i * 7) // 3, -(-((i + 1) * 7) // 3)
            w0, w1 = (j * 5) // 2, -(-((j + 1) * 5) // 2)
            expected[:, i, j] = reduce(x[:, h0:h1, w0:w1], axis=(1, 2))
    fn = ops.adaptive_max_pool if mode == "max" else ops.adaptive_average_pool
    np.testing.assert_allclose(to_np(fn(x, out)), expected, rtol=1e-5, atol=1e-6)
    y = fn(np.moveaxis(x, -1, 1), out, data_format="channels_first")
    np.testing.assert_allclose(to_np(y), np.moveaxis(expected, -1, 1), rtol=1e-5, atol=1e-6)
    assert fn(KerasTensor((None, 7, None, 3)), out).shape == (None, 3, 2, 3)


# ---------------------------------------------------------------------- normalization


def test_batch_normalization():
    x = rand(4, 3, 5)
    mean, var, offset, scale = rand(3), np.abs(rand(3)) + 0.1, rand(3), rand(3)
    b = lambda v: v[None, :, None]  # noqa: E731
    expected = (x - b(mean)) / np.sqrt(b(var) + 1e-3) * b(scale) + b(offset)
    y = ops.batch_normalization(x, mean, var, axis=1, offset=offset, scale=scale)
    np.testing.assert_allclose(to_np(y), expected, rtol=1e-5, atol=1e-5)
    y = ops.batch_normalization(x, mean, var, axis=1, epsilon=0.1)
    np.testing.assert_allclose(to_np(y), (x - b(mean)) / np.sqrt(b(var) + 0.1), rtol=1e-5,
                               atol=1e-5)
    spec = ops.batch_normalization(KerasTensor((None, 3, 5)), KerasTensor((3,)),
                                   KerasTensor((3,)), axis=1)
    assert spec.shape == (None, 3, 5)
    with pytest.raises(ValueError, match="batch_normalization"):
        ops.batch_normalization(KerasTensor((None, 3, 5)), KerasTensor((4,)),
                                KerasTensor((4,)), axis=1)


@pytest.mark.parametrize("axes,keepdims", [([0], False), ([0, 2], True), ([1], False)])
def test_moments(axes, keepdims):
    x = rand(4, 3, 5)
    mean, var = ops.moments(x, axes, keepdims)
    np.testing.assert_allclose(to_np(mean), x.mean(tuple(axes), keepdims=keepdims),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(to_np(var), x.var(tuple(axes), keepdims=keepdims),
                               rtol=1e-5, atol=1e-6)
    m, v = ops.moments(KerasTensor((None, 3, 5)), axes, keepdims)
    assert m.shape == v.shape == np.zeros((7, 3, 5)).mean(tuple(axes), keepdims=keepdims).shape \
        or None in m.shape


def test_moments_float16_is_accurate():
    x = np.full((1000,), 100.0, "float16")
    mean, var = ops.moments(x, [0])
    assert dtype_of(mean) == "float16"
    assert float(to_np(mean)) == 100.0 and float(to_np(var)) == 0.0


def test_layer_and_rms_normalization():
    x = rand(3, 6)
    gamma, beta = rand(6), rand(6)
    mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    expected = (x - mean) / np.sqrt(var + 1e-3) * gamma + beta
    y = ops.layer_normalization(x, gamma, beta, axis=-1, epsilon=1e-3)
    np.testing.assert_allclose(to_np(y), expected, rtol=1e-4, atol=1e-5)
    expected = x / np.sqrt(np.mean(x * x, -1, keepdims=True) + 1e-6) * gamma
    y = ops.rms_normalization(x, gamma, axis=-1, epsilon=1e-6)
    np.testing.assert_allclose(to_np(y), expected, rtol=1e-4, atol=1e-5)
    assert ops.layer_normalization(KerasTensor((None, 6))).shape == (None, 6)
    assert ops.rms_normalization(KerasTensor((None, 6))).shape == (None, 6)


@pytest.mark.parametrize("order,axis", [(2, -1), (1, 0), (2, 1)])
def test_normalize(order, axis):
    x = rand(3, 4)
    norm = np.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    np.testing.assert_allclose(to_np(ops.normalize(x, axis, order)), x / norm, rtol=1e-5)


# ---------------------------------------------------------------------- encodings


def test_one_hot():
    x = np.array([[0, 2], [1, 5]], "int32")
    y = ops.one_hot(x, 3)
    expected = np.eye(3)[np.clip(x, 0, 2)] * (x < 3)[..., None]
    np.testing.assert_array_equal(to_np(y), expected)
    assert dtype_of(y) == "float32"
    y = ops.one_hot(x, 3, axis=0, dtype="int32")
    np.testing.assert_array_equal(to_np(y), np.moveaxis(expected, -1, 0))
    assert dtype_of(y) == "int32"
    spec = ops.one_hot(KerasTensor((None, 2), dtype="int32"), 4, axis=1)
    assert spec.shape == (None, 4, 2) and spec.dtype == "float32"


def test_multi_hot():
    x = np.array([[0, 2], [1, 1]], "int32")
    y = ops.multi_hot(x, 4)
    np.testing.assert_array_equal(to_np(y), [[1, 0, 1, 0], [0, 1, 0, 0]])
    np.testing.assert_array_equal(to_np(ops.multi_hot(np.array([3, 0]), 4)), [1, 0, 0, 1])
    assert ops.multi_hot(KerasTensor((None, 5), dtype="int32"), 4).shape == (None, 4)


def test_polar():
    r, theta = np.abs(rand(4)), rand(4)
    y = to_np(ops.polar(r, theta))
    np.testing.assert_allclose(y, r * np.exp(1j * theta), rtol=1e-5, atol=1e-6)
    assert backends.standardize_dtype(y.dtype) == "complex64"


# ---------------------------------------------------------------------- losses


def test_binary_crossentropy():
    target = np.random.randint(0, 2, (3, 4)).astype("float32")
    probs = np.random.uniform(0.05, 0.95, (3, 4)).astype("float32")
    expected = -(target * np.log(probs) + (1 - target) * np.log(1 - probs))
    np.testing.assert_allclose(to_np(ops.binary_crossentropy(target, probs)), expected,
                               rtol=1e-4)
    logits = scipy.special.logit(probs)
    y = ops.binary_crossentropy(target, logits, from_logits=True)
    np.testing.assert_allclose(to_np(y), expected, rtol=1e-4)
    with pytest.raises(ValueError, match="binary_crossentropy"):
        ops.binary_crossentropy(KerasTensor((3, 4)), KerasTensor((3, 5)))
    assert ops.binary_crossentropy(KerasTensor((None, 4)), KerasTensor((None, 4))).shape == (
        None, 4)


@pytest.mark.parametrize("axis", [-1, 0])
def test_categorical_crossentropies(axis):
    logits = rand(4, 5)
    labels = np.array([0, 3, 4, 1])
    if axis == 0:
        logits = logits.T.copy()
    target = np.moveaxis(np.eye(5, dtype="float32")[labels], -1, axis)
    expected = -np.sum(target * scipy.special.log_softmax(logits, axis), axis=axis)
    y = ops.categorical_crossentropy(target, logits, from_logits=True, axis=axis)
    np.testing.assert_allclose(to_np(y), expected, rtol=1e-5)
    probs = scipy.special.softmax(logits, axis).astype("float32")
    y = ops.categorical_crossentropy(target, probs, axis=axis)
    np.testing.assert_allclose(to_np(y), expected, rtol=1e-4)
    y = ops.sparse_categorical_crossentropy(labels, logits, from_logits=True, axis=axis)
    np.testing.assert_allclose(to_np(y), expected, rtol=1e-5)
    y = ops.sparse_categorical_crossentropy(labels, probs, axis=axis)
    np.testing.assert_allclose(to_np(y), expected, rtol=1e-4)


@pytest.mark.parametrize("from_logits", [True, False])
def test_sparse_crossentropy_gives_zero_for_labels_outside_the_classes(from_logits):
    # As a one-hot product would (Keras 3): labels -1 and 5 of 3 classes pick nothing.
    logits = rand(2, 3, 4)  # classes on axis 1
    labels = np.array([[-1, 0, 2, 5], [1, 1, 3, -7]])
    scores = logits if from_logits else scipy.special.softmax(logits, 1).astype("float32")
    y = ops.sparse_categorical_crossentropy(labels, scores, from_logits=from_logits, axis=1)
    log_prob = scipy.special.log_softmax(logits, 1)
    valid = (labels >= 0) & (labels < 3)
    picked = np.take_along_axis(log_prob, np.clip(labels, 0, 2)[:, None], 1)[:, 0]
    np.testing.assert_allclose(to_np(y), np.where(valid, -picked, 0.0), rtol=1e-4, atol=1e-6)


def test_crossentropy_symbolic():
    spec = ops.categorical_crossentropy(KerasTensor((None, 5)), KerasTensor((None, 5)))
    assert spec.shape == (None,) and spec.dtype == "float32"
    spec = ops.sparse_categorical_crossentropy(KerasTensor((None,), dtype="int32"),
                                               KerasTensor((None, 5)))
    assert spec.shape == (None,)
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy"):
        ops.sparse_categorical_crossentropy(KerasTensor((3, 2), dtype="int32"),
                                            KerasTensor((3, 5)))


def test_psnr():
    x1, x2 = np.random.uniform(0, 1, (2, 8, 8, 3)).astype("float32"), None
    x2 = np.clip(x1 + rand(2, 8, 8, 3) * 0.05, 0, 1).astype("float32")
    expected = 20 * np.log10(1.0) - 10 * np.log10(np.mean((x1 - x2) ** 2))
    np.testing.assert_allclose(to_np(ops.psnr(x1, x2, 1.0)), expected, rtol=1e-4)
    assert ops.psnr(KerasTensor((None, 4)), KerasTensor((None, 4)), 1.0).shape == ()


# ---------------------------------------------------------------------- CTC


def ctc_brute_force(log_probs, labels, blank=0):
    """-log P(labels) by enumerating every path."""
    steps, classes = log_probs.shape
    total = 0.0
    for path in itertools.product(range(classes), repeat=steps):
        collapsed = [c for i, c in enumerate(path) if (i == 0 or c != path[i - 1]) and c != blank]
        if collapsed == list(labels):
            total += np.exp(sum(log_probs[t, c] for t, c in enumerate(path)))
    return -np.log(total)


def test_ctc_loss_hand_computed():
    # One step, label [1], two equally likely classes: P = 0.5.
    loss = ops.ctc_loss(np.array([[1]]), np.zeros((1, 1, 2), "float32"), np.array([1]),
                        np.array([1]))
    np.testing.assert_allclose(to_np(loss), [np.log(2)], rtol=1e-5)
    # Two steps, label [1]: paths (1,1), (0,1), (1,0).
    p = np.array([[0.6, 0.4], [0.3, 0.7]])
    loss = ops.ctc_loss(np.array([[1]]), np.log(p)[None].astype("float32"), np.array([1]),
                        np.array([2]))
    expected = -np.log(p[0, 1] * p[1, 1] + p[0, 0] * p[1, 1] + p[0, 1] * p[1, 0])
    np.testing.assert_allclose(to_np(loss), [expected], rtol=1e-5)


def test_ctc_loss_against_brute_force():
    logits = rand(2, 5, 3)
    target = np.array([[1, 2, 0], [2, 2, 1]])
    target_length = np.array([2, 2])
    output_length = np.array([5, 4])
    loss = to_np(ops.ctc_loss(target, logits, target_length, output_length))
    for b in range(2):
        log_probs = scipy.special.log_softmax(logits[b, : output_length[b]], -1)
        expected = ctc_brute_force(log_probs, target[b, : target_length[b]])
        np.testing.assert_allclose(loss[b], expected, rtol=1e-4)
    spec = ops.ctc_loss(KerasTensor((None, 3), dtype="int32"), KerasTensor((None, 5, 3)),
                        KerasTensor((None,)), KerasTensor((None,)))
    assert spec.shape == (None,)


def test_ctc_decode_greedy():
    probs = np.array([[[0.1, 0.8, 0.1], [0.1, 0.8, 0.1], [0.8, 0.1, 0.1], [0.1, 0.8, 0.1],
                       [0.1, 0.1, 0.8]]])
    logits = np.log(probs).astype("float32")
    decoded, scores = ops.ctc_decode(logits, np.array([5]))
    assert to_np(decoded).tolist() == [[[1, 1, 2, -1, -1]]]
    np.testing.assert_allclose(to_np(scores), [[-np.sum(np.log([0.8] * 5))]], rtol=1e-5)
    decoded, _ = ops.ctc_decode(logits, np.array([5]), merge_repeated=False)
    assert to_np(decoded).tolist() == [[[1, 1, 1, 2, -1]]]
    decoded, _ = ops.ctc_decode(logits, np.array([3]))
    assert to_np(decoded).tolist() == [[[1, -1, -1, -1, -1]]]
    d, s = ops.ctc_decode(KerasTensor((None, 5, 3)), KerasTensor((None,), dtype="int32"))
    assert d.shape == (1, None, 5) and d.dtype == "int32" and s.shape == (None, 1)


def test_ctc_decode_beam_search_finds_the_most_likely_labeling():
    logits = rand(1, 4, 3) * 2
    log_probs = scipy.special.log_softmax(logits[0].astype("float64"), -1)
    scores = {}
    for path in itertools.product(range(3), repeat=4):
        label = tuple(c for i, c in enumerate(path) if (i == 0 or c != path[i - 1]) and c != 0)
        scores[label] = np.logaddexp(scores.get(label, -np.inf),
                                     sum(log_probs[t, c] for t, c in enumerate(path)))
    best = sorted(scores.items(), key=lambda kv: -kv[1])[:2]
    decoded, log_p = ops.ctc_decode(logits, np.array([4]), strategy="beam_search",
                                    beam_width=100, top_paths=2)
    decoded, log_p = to_np(decoded), to_np(log_p)
    for i, (label, score) in enumerate(best):
        assert [c for c in decoded[i, 0] if c != -1] == list(label)
        np.testing.assert_allclose(log_p[0, i], score, rtol=1e-4)


# ---------------------------------------------------------------------- attention


def ref_attention(q, k, v, bias=None, mask=None, scale=None, is_causal=False, cap=None):
    heads, kv_heads = q.shape[2], k.shape[2]
    k = np.repeat(k, heads // kv_heads, axis=2)
    v = np.repeat(v, heads // kv_heads, axis=2)
    scale = 1 / np.sqrt(q.shape[-1]) if scale is None else scale
    logits = np.einsum("btnh,bsnh->bnts", q, k) * scale
    if cap is not None:
        logits = cap * np.tanh(logits / cap)
    if bias is not None:
        logits = logits + bias
    keep = np.ones(logits.shape, bool)
    if mask is not None:
        keep = keep & mask
    if is_causal:
        keep = keep & np.tril(np.ones(logits.shape[-2:], bool))
    logits = np.where(keep, logits, -1e30)
    return np.einsum("bnts,bsnh->btnh", scipy.special.softmax(logits, -1), v)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"is_causal": True}, {"mask": True}, {"bias": True}, {"scale": 0.3},
     {"mask": True, "is_causal": True}, {"attn_logits_soft_cap": 2.0}],
)
def test_dot_product_attention(kwargs):
    q, k, v = rand(2, 4, 2, 8), rand(2, 4, 2, 8), rand(2, 4, 2, 8)
    kwargs = dict(kwargs)
    if kwargs.get("mask"):
        kwargs["mask"] = np.random.uniform(size=(2, 1, 4, 4)) > 0.3
        kwargs["mask"][..., 0] = True
    if kwargs.get("bias"):
        kwargs["bias"] = rand(1, 2, 4, 4)
    cap = kwargs.get("attn_logits_soft_cap")
    expected = ref_attention(
        q, k, v, kwargs.get("bias"), kwargs.get("mask"), kwargs.get("scale"),
        kwargs.get("is_causal", False), cap,
    )
    y = ops.dot_product_attention(q, k, v, **kwargs)
    np.testing.assert_allclose(to_np(y), expected, rtol=1e-4, atol=1e-5)
    assert dtype_of(y) == "float32"


def test_dot_product_attention_grouped_query_and_symbolic():
    q, k, v = rand(1, 3, 4, 8), rand(1, 5, 2, 8), rand(1, 5, 2, 8)
    y = ops.dot_product_attention(q, k, v)
    np.testing.assert_allclose(to_np(y), ref_attention(q, k, v), rtol=1e-4, atol=1e-5)
    spec = ops.dot_product_attention(KerasTensor((None, 3, 4, 8)), KerasTensor((None, 5, 2, 8)),
                                     KerasTensor((None, 5, 2, 8)))
    assert spec.shape == (None, 3, 4, 8)
    with pytest.raises(ValueError, match="dot_product_attention"):
        ops.dot_product_attention(KerasTensor((1, 3, 3, 8)), KerasTensor((1, 5, 2, 8)),
                                  KerasTensor((1, 5, 2, 8)))


# ---------------------------------------------------------------------- rearrangements


def test_depth_to_space_and_space_to_depth():
    x = rand(2, 3, 4, 8)
    y = to_np(ops.depth_to_space(x, 2))
    assert y.shape == (2, 6, 8, 2)
    for i, j in itertools.product(range(2), range(2)):
        np.testing.assert_array_equal(y[:, i::2, j::2, :], x[..., (i * 2 + j) * 2:][..., :2])
    np.testing.assert_array_equal(to_np(ops.space_to_depth(y, 2)), x)
    x_cf = np.moveaxis(x, -1, 1)
    y_cf = to_np(ops.depth_to_space(x_cf, 2, data_format="channels_first"))
    np.testing.assert_array_equal(y_cf, np.moveaxis(y, -1, 1))
    z = ops.space_to_depth(y_cf, 2, data_format="channels_first")
    np.testing.assert_array_equal(to_np(z), x_cf)
    assert ops.depth_to_space(KerasTensor((None, 3, None, 8)), 2).shape == (None, 6, None, 2)
    with pytest.raises(ValueError, match="depth_to_space"):
        ops.depth_to_space(KerasTensor((1, 3, 3, 6)), 2)


def test_unfold_and_fold():
    x = rand(2, 3, 5, 6)
    y = to_np(ops.unfold(x, 2, dilation=1, padding=1, stride=2))
    padded = np.pad(x, [(0, 0), (0, 0), (1, 1), (1, 1)])
    blocks = []
    for i in range(0, padded.shape[2] - 1, 2):
        for j in range(0, padded.shape[3] - 1, 2):
            blocks.append(padded[:, :, i : i + 2, j : j + 2].reshape(2, -1))
    np.testing.assert_allclose(y, np.stack(blocks, axis=-1))
    assert ops.unfold(KerasTensor((None, 3, 5, 6)), 2, 1, 1, 2).shape == (None, 12, 12)
    # fold(unfold(x)) multiplies each pixel by the number of blocks that cover it.
    x = rand(1, 2, 4, 4)
    y = to_np(ops.fold(ops.unfold(x, 2), (4, 4), 2))
    counts = to_np(ops.fold(ops.unfold(np.ones_like(x), 2), (4, 4), 2))
    np.testing.assert_allclose(y, x * counts, rtol=1e-6)
    assert ops.fold(KerasTensor((None, 8, 9)), 4, 2).shape == (None, 2, 4, 4)
