"""Fused recurrent kernels for tensorflow (Note [fused rnn] in kbackend/layers/rnn/_fused.py).

LSTM: ``tf.raw_ops.BlockLSTMV2`` runs the whole sequence in one native op (CPU and GPU
kernels) with a fused gradient (``BlockLSTMGradV2``, Note [block lstm v2 gradient]; it
has no gradient itself, so the fused path is differentiable once). Its documented gate
layout is IFCO, which is Keras's (i, f, c, o) column order, and unlike ``BlockLSTM`` it
adds no forget bias, so ``w = concat([kernel, recurrent_kernel])`` and ``bias`` are
passed unchanged (``unit_forget_bias`` is an initializer matter, already in ``bias``).
``cell_clip=0`` disables clipping and the peephole weights are zeros with
``use_peephole=False``. The op is time-major; it only has half and float32 kernels, so
other dtypes use the generic loop.

Note [no fused lstm under xla]: BlockLSTMV2 has no XLA kernel, so a step traced inside
``tf.function(jit_compile=True)`` (at any nesting depth) would fail to compile. While
tracing, tensorflow marks such a function's graph (or one of its outer graphs) with an
XLA control-flow context; ``_under_xla`` reads that mark and the layer then takes the
generic ``ops.scan`` loop, which XLA compiles (its gradient too once the engine's
``scan`` bounds its while loop). Autoclustering
(``tf.config.optimizer.set_jit``) needs no check: it leaves ops without an XLA kernel
outside its clusters.

GRU stays on the generic loop: tensorflow's only GRU ops are ``GRUBlockCell`` (one time
step, and it applies the reset gate before the recurrent matmul, i.e. Keras's
``reset_after=False``, while only ``reset_after=True`` is routed here) and ``CudnnRNN*``,
which has GPU kernels only; cuDNN is therefore not used by this engine, on CPU or GPU.
"""

import tensorflow as tf

# NOTE: private tensorflow modules; the XLA-context test has no public equivalent.
from tensorflow.python.framework import ops as tf_ops
from tensorflow.python.ops import control_flow_util

from kbackend.backends.tensorflow.core import convert_to_tensor

_BLOCK_LSTM_DTYPES = (tf.float32, tf.float16)


def _under_xla():
    # Note [no fused lstm under xla].
    if tf.executing_eagerly():
        return False
    return control_flow_util.GraphOrParentsInXlaContext(tf_ops.get_default_graph())


def lstm(inputs, states, kernel, recurrent_kernel, bias, go_backwards=False):
    inputs = convert_to_tensor(inputs)
    kernel = convert_to_tensor(kernel)
    dtype = kernel.dtype
    if dtype not in _BLOCK_LSTM_DTYPES or inputs.dtype != dtype or inputs.shape.rank != 3:
        return None
    if inputs.shape[1] == 0 or _under_xla():
        return None
    h0, c0 = (convert_to_tensor(s) for s in states)
    if h0.dtype != dtype or c0.dtype != dtype:
        return None
    recurrent_kernel = convert_to_tensor(recurrent_kernel)
    bias = convert_to_tensor(bias)
    sequences = tf.transpose(inputs, (1, 0, 2))  # time-major
    if go_backwards:
        sequences = tf.reverse(sequences, axis=(0,))
    weights = tf.concat([kernel, recurrent_kernel], axis=0)
    h, c = _block_lstm(sequences, c0, h0, weights, bias)
    return tf.transpose(h, (1, 0, 2)), [h[-1], c[-1]]


@tf.custom_gradient
def _block_lstm(sequences, c0, h0, weights, bias):
    # Note [block lstm v2 gradient]: tensorflow registers the ICFO ``BlockLSTMGrad`` as
    # BlockLSTMV2's gradient, so tape gradients of inputs, weights and bias come back in
    # the wrong gate layout (the values forward are right). ``BlockLSTMGradV2`` is the
    # IFCO backward kernel that matches the forward op; it is wired here by hand.
    no_peephole = tf.zeros(tf.shape(bias) // 4, dtype=bias.dtype)
    seq_len_max = tf.cast(tf.shape(sequences)[0], tf.int64)
    forward = tf.raw_ops.BlockLSTMV2(
        seq_len_max=seq_len_max, x=sequences, cs_prev=c0, h_prev=h0, w=weights,
        wci=no_peephole, wcf=no_peephole, wco=no_peephole, b=bias, cell_clip=0.0,
        use_peephole=False,
    )

    def gradient(h_grad, cs_grad):
        grads = tf.raw_ops.BlockLSTMGradV2(
            seq_len_max=seq_len_max, x=sequences, cs_prev=c0, h_prev=h0, w=weights,
            wci=no_peephole, wcf=no_peephole, wco=no_peephole, b=bias, i=forward.i,
            cs=forward.cs, f=forward.f, o=forward.o, ci=forward.ci, co=forward.co,
            h=forward.h, cs_grad=cs_grad, h_grad=h_grad, use_peephole=False,
        )
        return grads.x_grad, grads.cs_prev_grad, grads.h_prev_grad, grads.w_grad, grads.b_grad

    return (forward.h, forward.cs), gradient


def gru(inputs, states, kernel, recurrent_kernel, bias, go_backwards=False):
    return None
