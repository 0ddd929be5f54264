"""Routing LSTM/GRU to an engine's fused kernel when the result is identical.

Note [fused rnn]: each engine has ``kbackend/backends/<engine>/rnn.py`` with the same
functions (``lstm``, ``gru``); a function returns None when that engine has no fused
kernel for the call, and the layer falls back to the generic `ops.scan` loop. Only the
configurations a fused kernel computes exactly are routed: default activations (tanh /
sigmoid), a bias, no mask, no active dropout, GRU with ``reset_after=True``.
"""

import importlib

from kbackend import activations, backends, ops

_ENGINE_RNN = []  # the engine is fixed per process, so its module is looked up once


def _engine_rnn():
    if not _ENGINE_RNN:
        _ENGINE_RNN.append(importlib.import_module(f"kbackend.backends.{backends.ENGINE}.rnn"))
    return _ENGINE_RNN[0]


def _is(function, name):
    return function is activations.get(name)


def fusable(kind, layer, training):
    """Whether ``layer`` (an LSTM or GRU) may use the fused kernel for this call."""
    cell = layer.cell
    if getattr(layer, "use_cudnn", "auto") is False or layer.unroll:
        return False
    if not (_is(cell.activation, "tanh") and _is(cell.recurrent_activation, "sigmoid")):
        return False
    if not cell.use_bias:
        return False
    if training and (cell.dropout > 0 or cell.recurrent_dropout > 0):
        return False
    if kind == "gru" and not cell.reset_after:
        return False
    return layer.compute_dtype in ("float32", "float64")


def fused_loop(kind, layer, sequences, states, training):
    """``(last_output, outputs, final_states)`` from the engine kernel, or None."""
    if not fusable(kind, layer, training):
        return None
    cell = layer.cell
    dtype = layer.compute_dtype
    kernel = ops.cast(cell.kernel, dtype)
    recurrent_kernel = ops.cast(cell.recurrent_kernel, dtype)
    bias = ops.cast(cell.bias, dtype)
    function = getattr(_engine_rnn(), kind)
    result = function(sequences, states, kernel, recurrent_kernel, bias,
                      go_backwards=layer.go_backwards)
    if result is None:
        return None
    outputs, final_states = result
    # Note [fused last output]: the last output of an LSTM/GRU is its final ``h``, the
    # same values the kernel writes at ``outputs[:, -1]``. Returning ``h`` keeps
    # ``outputs`` out of the autograd graph when only the last output is used, so the
    # backward pass skips building a zero (batch, time, units) gradient, scattering into
    # it and copying it to the kernel's layout (about 5% of a torch LSTM training step).
    return final_states[0], outputs, final_states
