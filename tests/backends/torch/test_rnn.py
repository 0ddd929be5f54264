"""The torch fused LSTM/GRU path against torch's own nn.LSTM / nn.GRU (KBACKEND=torch only).

Values and gradients (inputs and every weight) must match torch's modules with converted
weights, with and without ``return_sequences`` (Note [fused last output]) and backwards.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import kbackend as keras  # noqa: E402
from kbackend import layers  # noqa: E402

if keras.backend.backend() != "torch":
    pytest.skip("compares with torch.nn.LSTM/GRU: needs KBACKEND=torch", allow_module_level=True)

UNITS, FEATURES = 4, 3


def _inputs():
    return torch.as_tensor(np.random.default_rng(0).standard_normal((2, 5, FEATURES)),
                           dtype=torch.float32)


def _gru_rows(matrix):
    # Keras columns z, r, h -> torch rows r, z, n.
    z, r, h = np.split(matrix.T, 3, axis=0)
    return np.concatenate([r, z, h], axis=0)


def _gru_vector(vector):
    z, r, h = np.split(vector, 3)
    return np.concatenate([r, z, h])


def _pair(name, **kwargs):
    layer = getattr(layers, name)(UNITS, **kwargs)
    layer(_inputs())
    kernel, recurrent, bias = (w.detach().numpy() for w in
                               (layer.cell.kernel.value, layer.cell.recurrent_kernel.value,
                                layer.cell.bias.value))
    rng = np.random.default_rng(1)
    bias = bias + rng.standard_normal(bias.shape).astype("float32") * 0.1
    layer.cell.bias.assign(bias)
    module_class = torch.nn.LSTM if name == "LSTM" else torch.nn.GRU
    module = module_class(FEATURES, UNITS, batch_first=True)
    if name == "LSTM":
        converted = [kernel.T, recurrent.T, bias, np.zeros_like(bias)]
    else:
        converted = [_gru_rows(kernel), _gru_rows(recurrent), _gru_vector(bias[0]),
                     _gru_vector(bias[1])]
    with torch.no_grad():
        for parameter, value in zip(module.parameters(), converted):
            parameter.copy_(torch.as_tensor(np.ascontiguousarray(value)))
    return layer, module


def _layer_weights_grads(name, grads):
    kernel, recurrent, bias = (g.numpy() for g in grads)
    if name == "LSTM":
        return [kernel.T, recurrent.T, bias, bias]
    return [_gru_rows(kernel), _gru_rows(recurrent), _gru_vector(bias[0]),
            _gru_vector(bias[1])]


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("go_backwards", [False, True])
def test_matches_torch_modules_values_and_gradients(name, return_sequences, go_backwards):
    layer, module = _pair(name, return_sequences=return_sequences, go_backwards=go_backwards)
    x = _inputs()
    x_layer = x.clone().requires_grad_(True)
    x_module = x.clone().requires_grad_(True)
    with torch.enable_grad():
        got = layer(x_layer, training=True)
        module_input = torch.flip(x_module, dims=(1,)) if go_backwards else x_module
        sequence, final = module(module_input)
        h = final[0] if name == "LSTM" else final
        want = sequence if return_sequences else h[-1]
        weights = torch.as_tensor(np.random.default_rng(2).standard_normal(tuple(want.shape)),
                                  dtype=torch.float32)
        variables = [layer.cell.kernel.value, layer.cell.recurrent_kernel.value,
                     layer.cell.bias.value]
        grads_layer = torch.autograd.grad((got * weights).sum(), [x_layer] + variables)
        grads_module = torch.autograd.grad((want * weights).sum(),
                                           [x_module] + list(module.parameters()))
    np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(grads_layer[0].numpy(), grads_module[0].numpy(), rtol=1e-5,
                               atol=1e-6)
    converted = _layer_weights_grads(name, grads_layer[1:])
    module_grads = [g.numpy() for g in grads_module[1:]]
    if name == "LSTM":
        # The Keras bias is torch's b_ih and b_hh in one: its gradient is either one's.
        module_grads[3] = module_grads[2]
    for a, b in zip(converted, module_grads):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
def test_fused_last_output_is_the_last_step(name):
    layer = getattr(layers, name)(UNITS, return_sequences=True, return_state=True)
    outputs = layer(_inputs())
    last = getattr(layers, name)(UNITS)
    last(_inputs())
    last.set_weights(layer.get_weights())
    assert torch.equal(last(_inputs()), outputs[0][:, -1])
    assert torch.equal(outputs[1], outputs[0][:, -1])


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
def test_fused_and_generic_gradients_agree(name):
    fused = getattr(layers, name)(UNITS)
    fused(_inputs())
    generic = getattr(layers, name)(UNITS, use_cudnn=False)
    generic(_inputs())
    generic.set_weights(fused.get_weights())
    grads = []
    for layer in (fused, generic):
        with torch.enable_grad():
            loss = layer(_inputs(), training=True).square().sum()
            grads.append(torch.autograd.grad(loss, [v.value for v in layer.trainable_weights]))
    for a, b in zip(*grads):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6)
