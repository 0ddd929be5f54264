import numpy as np
import torch

from kbackend.backends.common import dtypes, random_numpy
from kbackend.backends.torch.core import convert_to_numpy, convert_to_tensor


# NOTE: torch draws every random number through the shared NumPy generator (Note [same
# numbers on every engine]); the seed is always concrete because torch runs eagerly.
def _pair(seed):
    return np.asarray(convert_to_numpy(seed))


def _draw(numpy_fn, dtype, seed, *args):
    dtype = dtypes.standardize_dtype(dtype)
    return convert_to_tensor(numpy_fn(*args, dtype, _pair(seed)), dtype)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return _draw(random_numpy.normal, dtype, seed, shape, mean, stddev)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    return _draw(random_numpy.uniform, dtype, seed, shape, minval, maxval)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return _draw(random_numpy.truncated_normal, dtype, seed, shape, mean, stddev)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    return _draw(random_numpy.randint, dtype, seed, shape, minval, maxval)


def categorical(logits, num_samples, dtype="int32", seed=None):
    logits = convert_to_numpy(logits)
    return _draw(random_numpy.categorical, dtype, seed, logits, num_samples)


def dropout(inputs, rate, noise_shape=None, seed=None):
    inputs = convert_to_tensor(inputs)
    shape = tuple(inputs.shape) if noise_shape is None else tuple(
        inputs.shape[i] if d is None else d for i, d in enumerate(noise_shape)
    )
    keep = torch.as_tensor(
        random_numpy.dropout_keep_mask(shape, rate, _pair(seed)), device=inputs.device
    )
    return torch.where(keep, inputs / (1 - rate), torch.zeros_like(inputs))


def shuffle(x, axis=0, seed=None):
    x = convert_to_tensor(x)
    order = torch.as_tensor(
        random_numpy.permutation(x.shape[axis], _pair(seed)), device=x.device
    )
    return torch.index_select(x, axis, order)


def gamma(shape, alpha, dtype=None, seed=None):
    return _draw(random_numpy.gamma, dtype, seed, shape, convert_to_numpy(alpha))


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    return _draw(
        random_numpy.binomial, dtype, seed, shape,
        convert_to_numpy(counts), convert_to_numpy(probabilities),
    )


def beta(shape, alpha, beta, dtype=None, seed=None):
    return _draw(
        random_numpy.beta, dtype, seed, shape, convert_to_numpy(alpha), convert_to_numpy(beta)
    )


def set_native_seed(seed):
    torch.manual_seed(seed)
