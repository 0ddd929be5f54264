"""Independent NumPy step-by-step references for the recurrent layers."""

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def run(step, x, states, mask=None, go_backwards=False):
    """Loops ``step(x_t, states) -> (out, states)`` over time; Keras masking semantics."""
    steps = range(x.shape[1] - 1, -1, -1) if go_backwards else range(x.shape[1])
    outputs, previous = [], None
    for t in steps:
        out, new_states = step(x[:, t], states)
        if mask is not None:
            keep = mask[:, t][:, None]
            new_states = [np.where(keep, n, o) for n, o in zip(new_states, states)]
            base = np.zeros_like(out) if previous is None else previous
            out = np.where(keep, out, base)
        states, previous = new_states, out
        outputs.append(out)
    return np.stack(outputs, axis=1), states


def simple_rnn_step(kernel, recurrent_kernel, bias):
    def step(x, states):
        h = np.tanh(x @ kernel + states[0] @ recurrent_kernel + bias)
        return h, [h]
    return step


def lstm_step(kernel, recurrent_kernel, bias):
    def step(x, states):
        h, c = states
        z = x @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        return h, [h, c]
    return step


def gru_step(kernel, recurrent_kernel, bias, reset_after=True):
    units = recurrent_kernel.shape[0]

    def step(x, states):
        (h,) = states
        if reset_after:
            xz = x @ kernel + bias[0]
            hz = h @ recurrent_kernel + bias[1]
            z = sigmoid(xz[:, :units] + hz[:, :units])
            r = sigmoid(xz[:, units:2 * units] + hz[:, units:2 * units])
            cand = np.tanh(xz[:, 2 * units:] + r * hz[:, 2 * units:])
        else:
            xz = x @ kernel + bias
            u = recurrent_kernel
            z = sigmoid(xz[:, :units] + h @ u[:, :units])
            r = sigmoid(xz[:, units:2 * units] + h @ u[:, units:2 * units])
            cand = np.tanh(xz[:, 2 * units:] + (r * h) @ u[:, 2 * units:])
        h = z * h + (1 - z) * cand
        return h, [h]
    return step


def conv1d_same(x, kernel):
    """channels_last 1D cross-correlation, stride 1, 'same' padding (odd kernels)."""
    k = kernel.shape[0]
    pad = k // 2
    padded = np.pad(x, ((0, 0), (pad, pad), (0, 0)))
    length = x.shape[1]
    return sum(padded[:, i:i + length] @ kernel[i] for i in range(k))


def conv_lstm1d_step(kernel, recurrent_kernel, bias):
    def step(x, states):
        h, c = states
        z = conv1d_same(x, kernel) + bias + conv1d_same(h, recurrent_kernel)
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        return h, [h, c]
    return step
