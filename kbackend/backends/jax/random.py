import jax
import jax.numpy as jnp
import numpy as np

from kbackend.backends.common import dtypes, random_numpy
from kbackend.backends.jax.core import convert_to_tensor


def _eager_seed(seed):
    # NOTE: traced seeds (inside jax.jit) use jax's own generator; concrete ones use the
    # shared NumPy generator so that every engine draws the same numbers.
    if isinstance(seed, jax.core.Tracer):
        return None
    return np.asarray(seed)


def _key(seed):
    return jax.random.wrap_key_data(jnp.asarray(seed).astype(jnp.uint32)[:2])


def _draw(numpy_fn, jax_fn, dtype, seed, *args):
    dtype = dtypes.standardize_dtype(dtype)
    pair = _eager_seed(seed)
    if pair is not None:
        return jnp.asarray(numpy_fn(*args, dtype, pair))
    return jax_fn(_key(seed), dtype).astype(dtype)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return _draw(
        random_numpy.normal,
        lambda key, dt: jax.random.normal(key, shape, dt) * stddev + mean,
        dtype, seed, shape, mean, stddev,
    )


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    return _draw(
        random_numpy.uniform,
        lambda key, dt: jax.random.uniform(key, shape, dt, minval, maxval),
        dtype, seed, shape, minval, maxval,
    )


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return _draw(
        random_numpy.truncated_normal,
        lambda key, dt: jax.random.truncated_normal(key, -2.0, 2.0, shape, dt) * stddev
        + mean,
        dtype, seed, shape, mean, stddev,
    )


def randint(shape, minval, maxval, dtype="int32", seed=None):
    return _draw(
        random_numpy.randint,
        lambda key, dt: jax.random.randint(key, shape, minval, maxval, dt),
        dtype, seed, shape, minval, maxval,
    )


def categorical(logits, num_samples, dtype="int32", seed=None):
    logits = convert_to_tensor(logits)
    pair = _eager_seed(seed)
    if pair is not None and not isinstance(logits, jax.core.Tracer):
        return jnp.asarray(
            random_numpy.categorical(np.asarray(logits), num_samples, dtype, pair)
        )
    samples = jax.random.categorical(
        _key(seed), logits[:, None, :], axis=-1, shape=(logits.shape[0], num_samples)
    )
    return samples.astype(dtype)


def dropout(inputs, rate, noise_shape=None, seed=None):
    inputs = convert_to_tensor(inputs)
    shape = tuple(inputs.shape) if noise_shape is None else tuple(
        inputs.shape[i] if d is None else d for i, d in enumerate(noise_shape)
    )
    pair = _eager_seed(seed)
    if pair is not None:
        keep = jnp.asarray(random_numpy.dropout_keep_mask(shape, rate, pair))
    else:
        keep = jax.random.bernoulli(_key(seed), 1.0 - rate, shape)
    return jnp.where(keep, inputs / (1 - rate), 0).astype(inputs.dtype)


def shuffle(x, axis=0, seed=None):
    x = convert_to_tensor(x)
    pair = _eager_seed(seed)
    if pair is not None:
        order = jnp.asarray(random_numpy.permutation(x.shape[axis], pair))
        return jnp.take(x, order, axis=axis)
    return jax.random.permutation(_key(seed), x, axis=axis, independent=False)


def gamma(shape, alpha, dtype=None, seed=None):
    return _draw(
        random_numpy.gamma,
        lambda key, dt: jax.random.gamma(key, alpha, shape, dt),
        dtype, seed, shape, alpha,
    )


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    return _draw(
        random_numpy.binomial,
        lambda key, dt: jax.random.binomial(key, counts, probabilities, shape, dt),
        dtype, seed, shape, counts, probabilities,
    )


def beta(shape, alpha, beta, dtype=None, seed=None):
    return _draw(
        random_numpy.beta,
        lambda key, dt: jax.random.beta(key, alpha, beta, shape, dt),
        dtype, seed, shape, alpha, beta,
    )


def set_native_seed(seed):
    # jax has no global generator state to seed.
    return None
