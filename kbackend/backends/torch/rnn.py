"""Fused recurrent kernels for torch (Note [fused rnn] in kbackend/layers/rnn/_fused.py).

``torch._VF.lstm`` / ``torch._VF.gru`` run the whole sequence in one native call (cuDNN on
GPU). Keras weights are converted: torch keeps (4H, in) matrices, and its GRU gate order is
r, z, n where Keras's is z, r, h.
"""

import torch

from kbackend.backends.torch.core import convert_to_tensor


def _batch_first(inputs, go_backwards):
    inputs = convert_to_tensor(inputs)
    if go_backwards:
        inputs = torch.flip(inputs, dims=(1,))
    return inputs


def lstm(inputs, states, kernel, recurrent_kernel, bias, go_backwards=False):
    inputs = _batch_first(inputs, go_backwards)
    h0, c0 = (convert_to_tensor(s) for s in states)
    params = [convert_to_tensor(kernel).T, convert_to_tensor(recurrent_kernel).T,
              convert_to_tensor(bias), torch.zeros_like(convert_to_tensor(bias))]
    outputs, h, c = torch._VF.lstm(
        inputs, (h0.unsqueeze(0), c0.unsqueeze(0)), params, True, 1, 0.0, False, False, True
    )
    return outputs, [h.squeeze(0), c.squeeze(0)]


def _gru_rows(matrix):
    # Keras columns z, r, h -> torch rows r, z, n.
    z, r, h = torch.chunk(matrix.T, 3, dim=0)
    return torch.cat([r, z, h], dim=0)


def _gru_bias(vector):
    z, r, h = torch.chunk(vector, 3, dim=0)
    return torch.cat([r, z, h], dim=0)


def gru(inputs, states, kernel, recurrent_kernel, bias, go_backwards=False):
    inputs = _batch_first(inputs, go_backwards)
    (h0,) = (convert_to_tensor(s) for s in states)
    bias = convert_to_tensor(bias)
    params = [_gru_rows(convert_to_tensor(kernel)), _gru_rows(convert_to_tensor(recurrent_kernel)),
              _gru_bias(bias[0]), _gru_bias(bias[1])]
    outputs, h = torch._VF.gru(
        inputs, h0.unsqueeze(0), params, True, 1, 0.0, False, False, True
    )
    return outputs, [h.squeeze(0)]
