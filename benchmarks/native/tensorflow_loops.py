"""Native tensorflow training loops (a tf.function step over raw tf ops, Adam written out).

Same architecture, Glorot-uniform kernels, zero biases, Adam(1e-3, epsilon=1e-7), sparse
cross-entropy from logits, batches sliced from the same NumPy arrays and converted with
``tf.convert_to_tensor`` (as kbackend's array adapter does). No tf.keras: the LSTM is the
fused ``BlockLSTMV2`` kernel (IFCO gates, Keras's order) and the transformer block is
written out with einsum, softmax and a hand-written layer norm. The step is a
``tf.function`` without XLA, as kbackend's ``jit_compile="auto"`` is on tensorflow.
Covers all four benchmark models.
"""

import time

import numpy as np
import tensorflow as tf

SUPPORTED = ("mlp", "cnn", "lstm", "transformer")


def init(name, seed=0):
    """Returns the list of tf.Variables of benchmark model ``name``."""
    from models import EMBEDDING, VOCABULARY

    rng = np.random.default_rng(seed)

    def glorot(shape, fan_in, fan_out):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return tf.Variable(rng.uniform(-limit, limit, size=shape).astype("float32"))

    def zeros(*shape):
        return tf.Variable(tf.zeros(shape))

    def ones(n):
        return tf.Variable(tf.ones(n))

    def embedding():
        return tf.Variable(rng.uniform(-0.05, 0.05, (VOCABULARY, EMBEDDING)).astype("float32"))

    if name == "lstm":
        # [kernel; recurrent kernel] stacked as BlockLSTMV2 wants, gates i, f, c, o.
        return [embedding(), glorot((2 * EMBEDDING, 256), 2 * EMBEDDING, 256), zeros(256),
                glorot((64, 2), 64, 2), zeros(2)]
    if name == "transformer":
        heads, key_dim = 4, EMBEDDING // 4
        return [embedding(),
                glorot((EMBEDDING, heads, key_dim), EMBEDDING, EMBEDDING), zeros(heads, key_dim),
                glorot((EMBEDDING, heads, key_dim), EMBEDDING, EMBEDDING), zeros(heads, key_dim),
                glorot((EMBEDDING, heads, key_dim), EMBEDDING, EMBEDDING), zeros(heads, key_dim),
                glorot((heads, key_dim, EMBEDDING), EMBEDDING, EMBEDDING), zeros(EMBEDDING),
                ones(EMBEDDING), zeros(EMBEDDING),
                glorot((EMBEDDING, 128), EMBEDDING, 128), zeros(128),
                glorot((128, EMBEDDING), 128, EMBEDDING), zeros(EMBEDDING),
                ones(EMBEDDING), zeros(EMBEDDING),
                glorot((EMBEDDING, 2), EMBEDDING, 2), zeros(2)]
    if name == "mlp":
        return [glorot((784, 512), 784, 512), zeros(512), glorot((512, 512), 512, 512),
                zeros(512), glorot((512, 10), 512, 10), zeros(10)]
    return [glorot((3, 3, 1, 32), 9, 288), zeros(32), glorot((3, 3, 32, 64), 288, 576),
            zeros(64), glorot((9216, 10), 9216, 10), zeros(10)]


def _layer_norm(x, gamma, beta):
    mean, variance = tf.nn.moments(x, axes=[-1], keepdims=True)
    return (x - mean) * tf.math.rsqrt(variance + 1e-3) * gamma + beta


def _transformer(params, tokens):
    (embedding, wq, bq, wk, bk, wv, bv, wo, bo, gamma1, beta1, w1, b1, w2, b2, gamma2, beta2,
     w_out, b_out) = params
    x = tf.gather(embedding, tokens)
    query = tf.einsum("bte,ehd->bthd", x, wq) + bq
    key = tf.einsum("bte,ehd->bthd", x, wk) + bk
    value = tf.einsum("bte,ehd->bthd", x, wv) + bv
    scores = tf.einsum("bshd,bthd->bhts", key, query * (1.0 / np.sqrt(wq.shape[-1])))
    weights = tf.nn.softmax(scores, axis=-1)
    attention = tf.einsum("bhts,bshd->bthd", weights, value)
    attention = tf.einsum("bthd,hde->bte", attention, wo) + bo
    x = _layer_norm(x + attention, gamma1, beta1)
    feed_forward = tf.nn.relu(x @ w1 + b1) @ w2 + b2
    x = _layer_norm(x + feed_forward, gamma2, beta2)
    return tf.reduce_mean(x, axis=1) @ w_out + b_out


@tf.custom_gradient
def _block_lstm(x, zeros, weights, bias):
    # tensorflow registers the ICFO ``BlockLSTMGrad`` as BlockLSTMV2's gradient (wrong gate
    # layout for an IFCO forward), so the matching ``BlockLSTMGradV2`` is wired by hand.
    no_peephole = tf.zeros((64,))
    seq_len_max = tf.cast(tf.shape(x)[0], tf.int64)
    kwargs = dict(seq_len_max=seq_len_max, x=x, cs_prev=zeros, h_prev=zeros, w=weights,
                  wci=no_peephole, wcf=no_peephole, wco=no_peephole, b=bias)
    forward = tf.raw_ops.BlockLSTMV2(cell_clip=0.0, use_peephole=False, **kwargs)  # no clip

    def gradient(h_grad):
        grads = tf.raw_ops.BlockLSTMGradV2(
            i=forward.i, cs=forward.cs, f=forward.f, o=forward.o, ci=forward.ci,
            co=forward.co, h=forward.h, cs_grad=tf.zeros_like(forward.cs), h_grad=h_grad,
            use_peephole=False, **kwargs)
        return grads.x_grad, grads.cs_prev_grad + grads.h_prev_grad, grads.w_grad, grads.b_grad

    return forward.h, gradient


def _lstm(params, tokens):
    embedding, weights, bias, w_out, b_out = params
    x = tf.transpose(tf.gather(embedding, tokens), (1, 0, 2))  # time-major
    h = _block_lstm(x, tf.zeros((tf.shape(tokens)[0], 64)), weights, bias)
    return h[-1] @ w_out + b_out


def apply(name, params, x):
    """The forward pass (logits)."""
    if name == "lstm":
        return _lstm(params, x)
    if name == "transformer":
        return _transformer(params, x)
    if name == "mlp":
        x = tf.nn.relu(x @ params[0] + params[1])
        x = tf.nn.relu(x @ params[2] + params[3])
        return x @ params[4] + params[5]
    x = tf.nn.relu(tf.nn.conv2d(x, params[0], 1, "VALID") + params[1])
    x = tf.nn.relu(tf.nn.conv2d(x, params[2], 1, "VALID") + params[3])
    x = tf.nn.max_pool2d(x, 2, 2, "VALID")
    x = tf.reshape(x, (tf.shape(x)[0], -1))
    return x @ params[4] + params[5]


def _make_step(name, params):
    m = [tf.Variable(tf.zeros_like(p)) for p in params]
    v = [tf.Variable(tf.zeros_like(p)) for p in params]
    t = tf.Variable(0.0)

    @tf.function(reduce_retracing=True)
    def step(x, y):
        with tf.GradientTape() as tape:
            logits = apply(name, params, x)
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(y, logits))
        # NOTE: gathers give IndexedSlices; kbackend densifies them too.
        grads = [tf.convert_to_tensor(g) for g in tape.gradient(loss, params)]
        t.assign_add(1.0)
        scale = 1e-3 * tf.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
        for p, g, a, b in zip(params, grads, m, v):
            a.assign(0.9 * a + 0.1 * g)
            b.assign(0.999 * b + 0.001 * g * g)
            p.assign_sub(scale * a / (tf.sqrt(b) + 1e-7))
        return loss

    return step


def fit(name, x, y, batch_size, epochs=1, state=None):
    """Trains for ``epochs`` passes; returns ``(seconds, state)``."""
    if state is None:
        params = init(name)
        state = (_make_step(name, params),)
    step = state[0]
    start = time.perf_counter()
    for _ in range(epochs):
        total = 0.0
        for begin in range(0, len(x), batch_size):
            total += step(tf.convert_to_tensor(x[begin:begin + batch_size]),
                          tf.convert_to_tensor(y[begin:begin + batch_size]))
        float(total)
    return time.perf_counter() - start, state
