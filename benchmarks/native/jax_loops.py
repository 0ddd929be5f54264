"""Native jax training loops (jax.jit over a pure step; Adam written out, as optax would).

Same architecture, Glorot-uniform kernels, zero biases, Adam(1e-3, epsilon=1e-7), sparse
cross-entropy from logits. Parameters and optimizer state are donated to the jitted step.
Covers all four benchmark models (the transformer block is written out with einsum,
softmax and a hand-written layer norm, as Keras's MultiHeadAttention computes it).
"""

import time

import jax
import jax.numpy as jnp
import numpy as np

SUPPORTED = ("mlp", "cnn", "lstm", "transformer")


def _glorot(rng, shape, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return jnp.asarray(rng.uniform(-limit, limit, size=shape).astype("float32"))


def init(name, seed=0):
    """Returns the parameter pytree of benchmark model ``name``."""
    from models import EMBEDDING, VOCABULARY

    rng = np.random.default_rng(seed)

    def dense(n_in, n_out):
        return {"w": _glorot(rng, (n_in, n_out), n_in, n_out), "b": jnp.zeros(n_out, "float32")}

    def conv(n_in, n_out):
        return {"w": _glorot(rng, (3, 3, n_in, n_out), 9 * n_in, 9 * n_out),
                "b": jnp.zeros(n_out, "float32")}

    if name == "mlp":
        return [dense(784, 512), dense(512, 512), dense(512, 10)]
    if name == "cnn":
        return {"c1": conv(1, 32), "c2": conv(32, 64), "out": dense(12 * 12 * 64, 10)}
    if name == "transformer":
        heads, key_dim = 4, EMBEDDING // 4

        def projection(shape, bias_shape):
            return {"w": _glorot(rng, shape, EMBEDDING, EMBEDDING),
                    "b": jnp.zeros(bias_shape, "float32")}

        def norm():
            return {"gamma": jnp.ones(EMBEDDING, "float32"),
                    "beta": jnp.zeros(EMBEDDING, "float32")}

        per_head = ((EMBEDDING, heads, key_dim), (heads, key_dim))
        return {"emb": jnp.asarray(rng.uniform(-0.05, 0.05, (VOCABULARY, EMBEDDING)), "float32"),
                "query": projection(*per_head), "key": projection(*per_head),
                "value": projection(*per_head),
                "attention_out": projection((heads, key_dim, EMBEDDING), (EMBEDDING,)),
                "norm1": norm(), "ff1": dense(EMBEDDING, 128), "ff2": dense(128, EMBEDDING),
                "norm2": norm(), "out": dense(EMBEDDING, 2)}
    return {"emb": jnp.asarray(rng.uniform(-0.05, 0.05, (VOCABULARY, EMBEDDING)), "float32"),
            "wx": _glorot(rng, (EMBEDDING, 256), EMBEDDING, 256),
            "wh": _glorot(rng, (64, 256), 64, 256), "b": jnp.zeros(256, "float32"),
            "out": dense(64, 2)}


def _layer_norm(x, params):
    mean = jnp.mean(x, axis=-1, keepdims=True)
    variance = jnp.mean(jnp.square(x - mean), axis=-1, keepdims=True)
    return (x - mean) * jax.lax.rsqrt(variance + 1e-3) * params["gamma"] + params["beta"]


def _transformer(params, tokens):
    x = params["emb"][tokens]
    query, key, value = (jnp.einsum("bte,ehd->bthd", x, params[k]["w"]) + params[k]["b"]
                         for k in ("query", "key", "value"))
    query = query * (1.0 / np.sqrt(query.shape[-1]))
    weights = jax.nn.softmax(jnp.einsum("bshd,bthd->bhts", key, query), axis=-1)
    attention = jnp.einsum("bhts,bshd->bthd", weights, value)
    attention = (jnp.einsum("bthd,hde->bte", attention, params["attention_out"]["w"])
                 + params["attention_out"]["b"])
    x = _layer_norm(x + attention, params["norm1"])
    hidden = jax.nn.relu(x @ params["ff1"]["w"] + params["ff1"]["b"])
    x = _layer_norm(x + hidden @ params["ff2"]["w"] + params["ff2"]["b"], params["norm2"])
    return jnp.mean(x, axis=1) @ params["out"]["w"] + params["out"]["b"]


def apply(name, params, x):
    """The forward pass (logits)."""
    if name == "transformer":
        return _transformer(params, x)
    if name == "mlp":
        for layer in params[:-1]:
            x = jax.nn.relu(x @ layer["w"] + layer["b"])
        return x @ params[-1]["w"] + params[-1]["b"]
    if name == "cnn":
        for key in ("c1", "c2"):
            x = jax.lax.conv_general_dilated(x, params[key]["w"], (1, 1), "VALID",
                                             dimension_numbers=("NHWC", "HWIO", "NHWC"))
            x = jax.nn.relu(x + params[key]["b"])
        x = jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")
        x = x.reshape(x.shape[0], -1)
        return x @ params["out"]["w"] + params["out"]["b"]
    embedded = params["emb"][x]
    batch = x.shape[0]

    def cell(carry, inputs):
        h, c = carry
        gates = inputs @ params["wx"] + h @ params["wh"] + params["b"]
        i, f, g, o = jnp.split(gates, 4, axis=-1)
        c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
        h = jax.nn.sigmoid(o) * jnp.tanh(c)
        return (h, c), None

    zeros = jnp.zeros((batch, 64), "float32")
    (h, _), _ = jax.lax.scan(cell, (zeros, zeros), jnp.swapaxes(embedded, 0, 1))
    return h @ params["out"]["w"] + params["out"]["b"]


def _make_step(name):
    def loss_fn(params, x, y):
        logits = apply(name, params, x)
        log_probs = jax.nn.log_softmax(logits)
        return -jnp.mean(jnp.take_along_axis(log_probs, y[:, None], axis=1))

    def step(params, m, v, t, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        t = t + 1
        m = jax.tree_util.tree_map(lambda a, g: 0.9 * a + 0.1 * g, m, grads)
        v = jax.tree_util.tree_map(lambda a, g: 0.999 * a + 0.001 * g * g, v, grads)
        scale = 1e-3 * jnp.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
        params = jax.tree_util.tree_map(
            lambda p, a, b: p - scale * a / (jnp.sqrt(b) + 1e-7), params, m, v)
        return params, m, v, t, loss

    return jax.jit(step, donate_argnums=(0, 1, 2))


def fit(name, x, y, batch_size, epochs=1, state=None):
    """Trains for ``epochs`` passes; returns ``(seconds, state)``."""
    if state is None:
        params = init(name)
        zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
        state = (_make_step(name), params, zeros,
                 jax.tree_util.tree_map(jnp.zeros_like, params), jnp.zeros((), "float32"))
    step, params, m, v, t = state
    start = time.perf_counter()
    for _ in range(epochs):
        losses = []
        for begin in range(0, len(x), batch_size):
            params, m, v, t, loss = step(params, m, v, t, jnp.asarray(x[begin:begin + batch_size]),
                                         jnp.asarray(y[begin:begin + batch_size]))
            losses.append(loss)
        float(sum(losses))
    return time.perf_counter() - start, (step, params, m, v, t)
