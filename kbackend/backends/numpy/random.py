import numpy as np

from kbackend.backends.common import dtypes, random_numpy
from kbackend.backends.numpy.core import convert_to_tensor


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return random_numpy.normal(shape, mean, stddev, dtypes.standardize_dtype(dtype), seed)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    return random_numpy.uniform(shape, minval, maxval, dtypes.standardize_dtype(dtype), seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return random_numpy.truncated_normal(
        shape, mean, stddev, dtypes.standardize_dtype(dtype), seed
    )


def randint(shape, minval, maxval, dtype="int32", seed=None):
    return random_numpy.randint(shape, minval, maxval, dtype, seed)


def categorical(logits, num_samples, dtype="int32", seed=None):
    return random_numpy.categorical(convert_to_tensor(logits), num_samples, dtype, seed)


def dropout(inputs, rate, noise_shape=None, seed=None):
    inputs = convert_to_tensor(inputs)
    shape = inputs.shape if noise_shape is None else tuple(
        inputs.shape[i] if d is None else d for i, d in enumerate(noise_shape)
    )
    keep = random_numpy.dropout_keep_mask(shape, rate, seed)
    return np.where(keep, inputs / (1 - rate), 0).astype(inputs.dtype)


def shuffle(x, axis=0, seed=None):
    x = convert_to_tensor(x)
    order = random_numpy.permutation(x.shape[axis], seed)
    return np.take(x, order, axis=axis)


def gamma(shape, alpha, dtype=None, seed=None):
    return random_numpy.gamma(shape, alpha, dtypes.standardize_dtype(dtype), seed)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    return random_numpy.binomial(
        shape, counts, probabilities, dtypes.standardize_dtype(dtype), seed
    )


def beta(shape, alpha, beta, dtype=None, seed=None):
    return random_numpy.beta(shape, alpha, beta, dtypes.standardize_dtype(dtype), seed)


def set_native_seed(seed):
    np.random.seed(seed)
