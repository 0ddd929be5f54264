"""Native tensorflow training loops (a tf.function step over raw tf ops, Adam written out).

Same architecture, Glorot-uniform kernels, zero biases, Adam(1e-3, epsilon=1e-7), sparse
cross-entropy from logits. Covers the MLP and the CNN.
"""

import time

import numpy as np
import tensorflow as tf

SUPPORTED = ("mlp", "cnn")


def init(name, seed=0):
    """Returns the list of tf.Variables of benchmark model ``name``."""
    rng = np.random.default_rng(seed)

    def glorot(shape, fan_in, fan_out):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return tf.Variable(rng.uniform(-limit, limit, size=shape).astype("float32"))

    def zeros(n):
        return tf.Variable(tf.zeros(n))

    if name == "mlp":
        return [glorot((784, 512), 784, 512), zeros(512), glorot((512, 512), 512, 512),
                zeros(512), glorot((512, 10), 512, 10), zeros(10)]
    return [glorot((3, 3, 1, 32), 9, 288), zeros(32), glorot((3, 3, 32, 64), 288, 576),
            zeros(64), glorot((9216, 10), 9216, 10), zeros(10)]


def apply(name, params, x):
    """The forward pass (logits)."""
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
        grads = tape.gradient(loss, params)
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
