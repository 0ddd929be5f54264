import numpy as np
import tensorflow as tf

from kbackend.backends.common import dtypes, random_numpy
from kbackend.backends.tensorflow.core import convert_to_tensor


def _eager_seed(seed):
    # NOTE: inside tf.function the seed is symbolic: use tf's stateless generators;
    # eagerly, use the shared NumPy generator so every engine draws the same numbers.
    if tf.is_tensor(seed) and not tf.executing_eagerly():
        return None
    return np.asarray(seed)


def _tf_seed(seed):
    return tf.cast(tf.convert_to_tensor(seed)[:2], tf.int64)


def _draw(numpy_fn, tf_fn, dtype, seed, *args):
    dtype = dtypes.standardize_dtype(dtype)
    pair = _eager_seed(seed)
    if pair is not None:
        return tf.convert_to_tensor(numpy_fn(*args, dtype, pair))
    return tf.cast(tf_fn(_tf_seed(seed), dtype), dtype)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return _draw(
        random_numpy.normal,
        lambda s, dt: tf.random.stateless_normal(shape, s, mean, stddev, dtype=dt),
        dtype, seed, shape, mean, stddev,
    )


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    return _draw(
        random_numpy.uniform,
        lambda s, dt: tf.random.stateless_uniform(shape, s, minval, maxval, dtype=dt),
        dtype, seed, shape, minval, maxval,
    )


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return _draw(
        random_numpy.truncated_normal,
        lambda s, dt: tf.random.stateless_truncated_normal(shape, s, mean, stddev, dtype=dt),
        dtype, seed, shape, mean, stddev,
    )


def randint(shape, minval, maxval, dtype="int32", seed=None):
    return _draw(
        random_numpy.randint,
        lambda s, dt: tf.random.stateless_uniform(
            shape, s, minval, maxval, dtype="int64"
        ),
        dtype, seed, shape, minval, maxval,
    )


def categorical(logits, num_samples, dtype="int32", seed=None):
    logits = convert_to_tensor(logits)
    pair = _eager_seed(seed)
    if pair is not None and tf.executing_eagerly():
        return tf.convert_to_tensor(
            random_numpy.categorical(logits.numpy(), num_samples, dtype, pair)
        )
    return tf.random.stateless_categorical(
        logits, num_samples, _tf_seed(seed), dtype=dtype
    )


def dropout(inputs, rate, noise_shape=None, seed=None):
    inputs = convert_to_tensor(inputs)
    pair = _eager_seed(seed)
    if pair is not None and tf.executing_eagerly():
        shape = tuple(inputs.shape) if noise_shape is None else tuple(
            inputs.shape[i] if d is None else d for i, d in enumerate(noise_shape)
        )
        keep = tf.convert_to_tensor(random_numpy.dropout_keep_mask(shape, rate, pair))
    else:
        shape = tf.shape(inputs) if noise_shape is None else [
            tf.shape(inputs)[i] if d is None else d for i, d in enumerate(noise_shape)
        ]
        keep = tf.random.stateless_uniform(shape, _tf_seed(seed)) >= rate
    return tf.where(keep, inputs / (1 - rate), tf.zeros_like(inputs))


def shuffle(x, axis=0, seed=None):
    x = convert_to_tensor(x)
    pair = _eager_seed(seed)
    if pair is not None and tf.executing_eagerly():
        order = random_numpy.permutation(x.shape[axis], pair)
    else:
        keys = tf.random.stateless_uniform([tf.shape(x)[axis]], _tf_seed(seed))
        order = tf.argsort(keys)
    return tf.gather(x, order, axis=axis)


def gamma(shape, alpha, dtype=None, seed=None):
    return _draw(
        random_numpy.gamma,
        lambda s, dt: tf.random.stateless_gamma(shape, s, alpha=alpha, dtype=dt),
        dtype, seed, shape, alpha,
    )


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    return _draw(
        random_numpy.binomial,
        lambda s, dt: tf.random.stateless_binomial(
            shape, s, counts=counts, probs=probabilities, output_dtype=dt
        ),
        dtype, seed, shape, counts, probabilities,
    )


def beta(shape, alpha, beta, dtype=None, seed=None):
    def tf_beta(s, dt):
        seeds = tf.random.experimental.stateless_split(s, 2)
        a = tf.random.stateless_gamma(shape, seeds[0], alpha=alpha, dtype=dt)
        b = tf.random.stateless_gamma(shape, seeds[1], alpha=beta, dtype=dt)
        return a / (a + b)

    return _draw(random_numpy.beta, tf_beta, dtype, seed, shape, alpha, beta)


def set_native_seed(seed):
    tf.random.set_seed(seed)
