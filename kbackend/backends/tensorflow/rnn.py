"""Fused recurrent kernels for tensorflow (Note [fused rnn] in kbackend/layers/rnn/_fused.py).

Note [lstm while loop]: the LSTM is a ``tf.while_loop`` written in plain tf ops, not the
native ``BlockLSTMV2`` kernel. The input projection of every time step is one large
matmul before the loop, so a step is only ``h @ recurrent_kernel`` and the gates; tape
differentiation of the loop gives the backward pass. Measured on the benchmark LSTM
(batch 64, 64 steps, 64 units, CPU, fit): with tensorflow's default thread pools the loop
trains about 1.7x faster than ``BlockLSTMV2`` + ``BlockLSTMGradV2`` (which scale badly
with intra-op threads on a busy machine) and single-threaded about 1.1x, so only the
loop is kept. Unlike the block op it has an XLA lowering (the
trip count is bounded by ``maximum_iterations``, which XLA needs for the gradient) and
works for every float dtype. Gate order is Keras's (i, f, c, o), activation tanh and
recurrent activation sigmoid (the only configuration routed here); the sum
``x @ kernel + bias + h @ recurrent_kernel`` is associated differently from the generic
cell, so results agree with it up to float rounding.

GRU stays on the generic loop: tensorflow's only GRU ops are ``GRUBlockCell`` (one time
step, and it applies the reset gate before the recurrent matmul, i.e. Keras's
``reset_after=False``, while only ``reset_after=True`` is routed here) and ``CudnnRNN*``,
which has GPU kernels only; cuDNN is therefore not used by this engine, on CPU or GPU.
"""

import tensorflow as tf

from kbackend.backends.tensorflow.core import convert_to_tensor


def lstm(inputs, states, kernel, recurrent_kernel, bias, go_backwards=False):
    inputs = convert_to_tensor(inputs)
    kernel = convert_to_tensor(kernel)
    dtype = kernel.dtype
    if not dtype.is_floating or inputs.dtype != dtype or inputs.shape.rank != 3:
        return None
    if inputs.shape[1] == 0:
        return None
    h0, c0 = (convert_to_tensor(s) for s in states)
    if h0.dtype != dtype or c0.dtype != dtype:
        return None
    recurrent_kernel = convert_to_tensor(recurrent_kernel)
    bias = convert_to_tensor(bias)
    sequences = tf.transpose(inputs, (1, 0, 2))  # time-major
    if go_backwards:
        sequences = tf.reverse(sequences, axis=(0,))
    outputs, h, c = _lstm_loop(sequences, h0, c0, kernel, recurrent_kernel, bias)
    return tf.transpose(outputs, (1, 0, 2)), [h, c]


def _lstm_loop(sequences, h0, c0, kernel, recurrent_kernel, bias):
    # Note [lstm while loop].
    shape = tf.shape(sequences)
    # Static sizes where known keep the outputs' static shape (and XLA's trip count).
    steps = sequences.shape[0] if sequences.shape[0] is not None else shape[0]
    batch = sequences.shape[1] if sequences.shape[1] is not None else shape[1]
    flat = tf.reshape(sequences, (steps * batch, shape[2]))
    projected = tf.reshape(tf.matmul(flat, kernel) + bias, (steps, batch, kernel.shape[1]))
    projected_ta = tf.TensorArray(sequences.dtype, size=steps).unstack(projected)
    outputs_ta = tf.TensorArray(sequences.dtype, size=steps, element_shape=h0.shape)

    def step(t, h, c, outputs_ta):
        z = projected_ta.read(t) + tf.matmul(h, recurrent_kernel)
        i, f, g, o = tf.split(z, 4, axis=1)
        c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
        h = tf.sigmoid(o) * tf.tanh(c)
        return t + 1, h, c, outputs_ta.write(t, h)

    _, h, c, outputs_ta = tf.while_loop(
        lambda t, *_: t < steps, step, (tf.constant(0), h0, c0, outputs_ta),
        maximum_iterations=steps)
    return outputs_ta.stack(), h, c


def gru(inputs, states, kernel, recurrent_kernel, bias, go_backwards=False):
    return None
