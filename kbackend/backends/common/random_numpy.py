"""The counter-based generator shared by every engine for eagerly drawn random numbers.

Note [same numbers on every engine]: an eager random op turns its seed (a pair of
integers: the user's seed and a counter) into a Philox key and draws with NumPy's
``Generator(Philox)``, whose output is fixed by the key on every platform. The engine
then receives the NumPy array. So ``normal((2,), seed=1)`` is the same on jax, torch,
tensorflow and numpy, and a model built after ``set_random_seed(n)`` starts from the same
weights everywhere. Inside compiled functions (jax.jit, tf.function, torch.compile) the
engines use their native generators keyed by the same seed pair instead.
"""

import numpy as np

from kbackend.backends.common import dtypes


def generator(seed):
    """A NumPy Generator keyed by a seed pair ``(seed, counter)``."""
    key = np.asarray(seed, dtype=np.uint64).reshape(-1)[:2]
    return np.random.Generator(np.random.Philox(key=key))


def _as_dtype(values, dtype):
    return values.astype(dtypes.numpy_dtype(dtype))


def _scale_shift(values, scale, shift):
    """``values * scale + shift``.

    Note [in-place scaling]: with Python numbers, scaling the float64 draws in place gives
    the same float64 results as the out-of-place expression (same two IEEE operations per
    element) without two temporaries as large as the weights; arrays or tensors (which
    may broadcast to a larger shape or change the dtype) take the plain expression.
    """
    if isinstance(scale, (int, float)) and isinstance(shift, (int, float)):
        values *= scale
        values += shift
        return values
    return values * scale + shift


def normal(shape, mean, stddev, dtype, seed):
    values = _scale_shift(generator(seed).standard_normal(shape), stddev, mean)
    return _as_dtype(values, dtype)


def uniform(shape, minval, maxval, dtype, seed):
    values = _scale_shift(generator(seed).random(shape), maxval - minval, minval)
    return _as_dtype(values, dtype)


def truncated_normal(shape, mean, stddev, dtype, seed):
    # Redraw values outside two standard deviations, as Keras documents.
    rng = generator(seed)
    values = rng.standard_normal(shape)
    outside = np.abs(values) > 2.0
    while outside.any():
        values[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2.0
    return _as_dtype(_scale_shift(values, stddev, mean), dtype)


def randint(shape, minval, maxval, dtype, seed):
    values = generator(seed).integers(minval, maxval, size=shape, dtype=np.int64)
    return _as_dtype(values, dtype)


def categorical(logits, num_samples, dtype, seed):
    logits = np.asarray(logits, dtype=np.float64)
    gumbel = -np.log(-np.log(generator(seed).random((logits.shape[0], num_samples,
                                                        logits.shape[1])) + 1e-20) + 1e-20)
    samples = np.argmax(logits[:, None, :] + gumbel, axis=-1)
    return _as_dtype(samples, dtype)


def dropout_keep_mask(shape, rate, seed):
    return generator(seed).random(shape) >= rate


def permutation(length, seed):
    return generator(seed).permutation(length)


def gamma(shape, alpha, dtype, seed):
    alpha = np.broadcast_to(np.asarray(alpha, dtype=np.float64), shape)
    return _as_dtype(generator(seed).standard_gamma(alpha), dtype)


def binomial(shape, counts, probabilities, dtype, seed):
    counts = np.broadcast_to(np.asarray(counts), shape).astype(np.int64)
    probabilities = np.broadcast_to(np.asarray(probabilities, dtype=np.float64), shape)
    return _as_dtype(generator(seed).binomial(counts, probabilities), dtype)


def beta(shape, alpha, beta, dtype, seed):
    alpha = np.broadcast_to(np.asarray(alpha, dtype=np.float64), shape)
    beta = np.broadcast_to(np.asarray(beta, dtype=np.float64), shape)
    return _as_dtype(generator(seed).beta(alpha, beta), dtype)
