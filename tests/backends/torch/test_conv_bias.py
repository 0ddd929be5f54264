"""The torch conv layers' fused bias path (Note [engine conv bias], KBACKEND=torch only).

Values and gradients (inputs, kernel, bias) of the fused `conv_with_bias` call must match an
independent NumPy reference and the generic `conv` + `add` path; the layer must route only
the calls the fused op computes exactly.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import kbackend as keras  # noqa: E402
from kbackend import layers, ops  # noqa: E402
from kbackend.layers.convolutional import base_conv  # noqa: E402
from tests.layers.convolutional import numpy_reference as ref  # noqa: E402

if keras.backend.backend() != "torch":
    pytest.skip("tests the torch engine's conv_with_bias: needs KBACKEND=torch",
                allow_module_level=True)

from kbackend.backends.torch import nn as torch_nn  # noqa: E402

CLASSES = {1: layers.Conv1D, 2: layers.Conv2D, 3: layers.Conv3D}
KERNELS = {1: (3,), 2: (3, 2), 3: (2, 2, 2)}
SPATIAL = {1: (7,), 2: (6, 5), 3: (4, 4, 3)}
# rank, padding, strides, dilation, data_format, groups
CASES = [
    (1, "valid", 1, 1, "channels_last", 1),
    (1, "same", 2, 1, "channels_first", 2),
    (2, "valid", 1, 1, "channels_last", 1),
    (2, "same", 1, 2, "channels_last", 2),
    (2, "same", 2, 1, "channels_first", 1),
    (3, "valid", 1, 1, "channels_last", 1),
]


def _linear_gradient(function, argument, upstream):
    """Gradient of ``sum(function(argument) * upstream)`` for ``function`` linear in it."""
    grad = np.zeros(argument.shape)
    for index in np.ndindex(*argument.shape):
        unit = np.zeros(argument.shape)
        unit[index] = 1.0
        grad[index] = np.sum(function(unit) * upstream)
    return grad


def _layer_and_data(rank, padding, strides, dilation, data_format, groups):
    rng = np.random.default_rng(rank * 10 + strides + dilation)
    x = rng.standard_normal((2, *SPATIAL[rank], 4)).astype("float32")
    layer = CLASSES[rank](4, KERNELS[rank], strides=strides, padding=padding,
                          data_format=data_format, dilation_rate=dilation, groups=groups)
    x_in = x if data_format == "channels_last" else ref.to_first(x)
    layer.build(x_in.shape)
    layer.set_weights([rng.standard_normal(tuple(w.shape)).astype("float32")
                       for w in layer.weights])
    return layer, x, x_in, rng


def _values_and_grads(layer, x_in, upstream):
    x_tensor = torch.as_tensor(x_in).requires_grad_(True)
    with torch.enable_grad():
        out = layer(x_tensor)
        grads = torch.autograd.grad(
            (out * torch.as_tensor(upstream)).sum(),
            [x_tensor, layer.kernel.value, layer.bias.value],
        )
    return out.detach().numpy(), [g.numpy() for g in grads]


@pytest.mark.parametrize("rank,padding,strides,dilation,data_format,groups", CASES)
def test_fused_values_and_gradients_against_numpy(rank, padding, strides, dilation,
                                                  data_format, groups):
    layer, x, x_in, rng = _layer_and_data(rank, padding, strides, dilation, data_format,
                                          groups)
    kernel, bias = layer.get_weights()
    steps = dict(strides=(strides,) * rank, padding=padding, dilation=(dilation,) * rank,
                 groups=groups)
    expected = ref.conv(x, kernel, bias, **steps)
    upstream = rng.standard_normal(expected.shape)
    upstream_in = upstream if data_format == "channels_last" else ref.to_first(upstream)

    out, (grad_x, grad_kernel, grad_bias) = _values_and_grads(layer, x_in, upstream_in)

    if data_format == "channels_first":
        out, grad_x = ref.to_last(out), ref.to_last(grad_x)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(
        grad_x, _linear_gradient(lambda u: ref.conv(u, kernel, None, **steps), x, upstream),
        rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(
        grad_kernel,
        _linear_gradient(lambda u: ref.conv(x, u, None, **steps), kernel, upstream),
        rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(grad_bias, upstream.reshape(-1, upstream.shape[-1]).sum(0),
                               rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("rank,padding,strides,dilation,data_format,groups", CASES)
def test_fused_path_matches_generic_path(monkeypatch, rank, padding, strides, dilation,
                                         data_format, groups):
    layer, _, x_in, rng = _layer_and_data(rank, padding, strides, dilation, data_format,
                                          groups)
    upstream = rng.standard_normal(tuple(layer.compute_output_shape(x_in.shape)))
    fused = _values_and_grads(layer, x_in, upstream)
    monkeypatch.setattr(base_conv, "_ENGINE_CONV_WITH_BIAS", [None])
    generic = _values_and_grads(layer, x_in, upstream)
    np.testing.assert_allclose(fused[0], generic[0], rtol=1e-5, atol=1e-5)
    for got, want in zip(fused[1], generic[1]):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def _count_fused_calls(monkeypatch):
    calls = []

    def spy(*args, **kwargs):
        calls.append(1)
        return torch_nn.conv_with_bias(*args, **kwargs)

    monkeypatch.setattr(base_conv, "_ENGINE_CONV_WITH_BIAS", [spy])
    return calls


def test_routes_only_calls_the_fused_op_computes(monkeypatch):
    calls = _count_fused_calls(monkeypatch)
    x = np.ones((1, 6, 3), "float32")
    layers.Conv1D(2, 3)(x)
    assert len(calls) == 1
    layers.Conv1D(2, 3, padding="causal")(x)
    layers.Conv1D(2, 3, use_bias=False)(x)

    class Custom(layers.Conv1D):
        def convolution_op(self, inputs, kernel):
            return super().convolution_op(inputs, kernel * 2.0)

    layer = Custom(2, 3, kernel_initializer="ones", bias_initializer="ones")
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), np.full((1, 4, 2), 19.0))
    assert len(calls) == 1


def test_conv_with_bias_dtype_and_errors():
    x = torch.ones((1, 5, 2), dtype=torch.float64)
    kernel = torch.ones((3, 2, 4), dtype=torch.float32)
    bias = torch.arange(4, dtype=torch.float32)
    out = torch_nn.conv_with_bias(x, kernel, bias)
    generic = ops.add(ops.conv(x, kernel), bias)
    assert out.dtype == generic.dtype == torch.float64
    np.testing.assert_array_equal(out.numpy(), generic.numpy())
    with pytest.raises(ValueError, match="bias must have shape"):
        torch_nn.conv_with_bias(x, kernel, torch.ones((3,)))
