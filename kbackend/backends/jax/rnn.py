"""Fused recurrent kernels (Note [fused rnn] in kbackend/layers/rnn/_fused.py).

NOTE: this engine compiles the generic ``ops.scan`` loop well (or runs it eagerly
anyway), so it has no separate fused kernel: returning None selects the generic loop.
"""


def lstm(inputs, states, kernel, recurrent_kernel, bias, go_backwards=False):
    return None


def gru(inputs, states, kernel, recurrent_kernel, bias, go_backwards=False):
    return None
