"""Random ops (``kbackend.random``). See Note [same numbers on every engine] in
``backends/common/random_numpy.py``."""

import numpy as np

from kbackend import backends
from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.backends.common.variables import current_draw_recorder
from kbackend.random.seed_generator import draw_seed


def _resolve_seed(seed):
    """``(seed pair, skip)``: ``skip`` means return zeros instead of drawing (Note
    [skipped initializer draws] in ``backends/common/variables.py``)."""
    recorder = current_draw_recorder()
    if recorder is None:
        return draw_seed(seed), False
    if recorder.replaying:
        return recorder.next_recorded(), False
    # The seed is resolved exactly as without the skip, so counters advance the same.
    pair = draw_seed(seed)
    recorder.seeds.append(pair)
    return pair, True


def _draw(name, shape, dtype, seed, *args):
    pair, skip = _resolve_seed(seed)
    if skip:
        # A zero-stride view: free to make whatever the shape; the initializer's result
        # is discarded (Note [skipped initializer draws]).
        return np.broadcast_to(np.zeros((), dtypes.numpy_dtype(dtype)), shape)
    return getattr(backends.random, name)(shape, *args, dtype, pair)


def _shape(shape):
    if isinstance(shape, int):
        return (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        raise ValueError(f"A random op needs a shape (a tuple of ints), got {shape!r}.") from None
    if any(d is None for d in dims):
        raise ValueError(
            f"A random op needs a fully known shape (a tuple of ints), got {shape!r}."
        )
    # NOTE: a dim that is not an int is a scalar tensor: the batch size inside a function
    # traced for any batch size (tf.function with relaxed shapes). The engines' traced
    # draws accept it.
    return tuple(d if isinstance(d, int) else _dynamic_dim(d) for d in dims)


def _dynamic_dim(d):
    try:
        return int(d)
    except (TypeError, ValueError):
        return d


def _float_dtype(dtype, op_name):
    dtype = dtypes.standardize_dtype(dtype)
    if not dtypes.is_float_dtype(dtype):
        raise ValueError(f"{op_name}: dtype must be a float dtype, got {dtype!r}.")
    return dtype


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Draws from a normal distribution.

    Args:
        shape: output shape.
        mean: mean of the distribution.
        stddev: standard deviation.
        dtype: float dtype (default ``floatx()``).
        seed: None, an int (same numbers every call) or a `SeedGenerator`.

    Example:
    >>> import kbackend
    >>> kbackend.random.normal((2, 3), seed=1).shape
    (2, 3)
    """
    dtype = _float_dtype(dtype, "normal")
    return _draw("normal", _shape(shape), dtype, seed, mean, stddev)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Draws from a uniform distribution on ``[minval, maxval)``.

    Example:
    >>> import kbackend
    >>> x = kbackend.ops.convert_to_numpy(kbackend.random.uniform((100,), seed=1))
    >>> bool(((x >= 0) & (x < 1)).all())
    True
    """
    dtype = dtypes.standardize_dtype(dtype)
    if dtypes.is_int_dtype(dtype):
        raise ValueError(
            "uniform: dtype must be a float dtype; use kbackend.random.randint for integers."
        )
    return _draw("uniform", _shape(shape), dtype, seed, minval, maxval)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Draws from a normal distribution, redrawing values beyond two stddevs.

    Example:
    >>> import kbackend
    >>> x = kbackend.ops.convert_to_numpy(kbackend.random.truncated_normal((100,), seed=1))
    >>> bool((abs(x) <= 2).all())
    True
    """
    dtype = _float_dtype(dtype, "truncated_normal")
    return _draw("truncated_normal", _shape(shape), dtype, seed, mean, stddev)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """Draws integers uniformly from ``[minval, maxval)``.

    Example:
    >>> import kbackend
    >>> kbackend.ops.dtype(kbackend.random.randint((3,), 0, 5, seed=1))
    'int32'
    """
    dtype = dtypes.standardize_dtype(dtype)
    if not dtypes.is_int_dtype(dtype):
        raise ValueError(f"randint: dtype must be an integer dtype, got {dtype!r}.")
    return _draw("randint", _shape(shape), dtype, seed, minval, maxval)


def categorical(logits, num_samples, dtype="int32", seed=None):
    """Draws class indices from the categorical distributions given by ``logits``.

    Args:
        logits: ``(batch, num_classes)`` unnormalized log-probabilities.
        num_samples: samples per row.

    Returns:
        ``(batch, num_samples)`` integer tensor.

    Example:
    >>> import kbackend
    >>> kbackend.random.categorical([[0.0, 10.0]], 4, seed=1).shape
    (1, 4)
    """
    logits_shape = tuple(getattr(logits, "shape", None) or backends.core.shape(
        backends.convert_to_tensor(logits)))
    if len(logits_shape) != 2:
        raise ValueError(
            f"categorical: logits must have rank 2 (batch, num_classes), got shape "
            f"{logits_shape}."
        )
    return backends.random.categorical(
        logits, int(num_samples), dtypes.standardize_dtype(dtype), _resolve_seed(seed)[0]
    )


def dropout(inputs, rate, noise_shape=None, seed=None):
    """Zeros entries with probability ``rate`` and scales the rest by ``1 / (1 - rate)``.

    Example:
    >>> import kbackend
    >>> y = kbackend.random.dropout(kbackend.ops.ones((1000,)), 0.5, seed=1)
    >>> float(kbackend.ops.convert_to_numpy(y).max())
    2.0
    """
    if not 0 <= rate < 1:
        raise ValueError(f"dropout: rate must be in [0, 1), got {rate}.")
    if isinstance(inputs, KerasTensor):
        return KerasTensor(inputs.shape, dtype=inputs.dtype)
    return backends.random.dropout(inputs, rate, noise_shape, _resolve_seed(seed)[0])


def shuffle(x, axis=0, seed=None):
    """Shuffles a tensor along ``axis``.

    Example:
    >>> import kbackend
    >>> sorted(kbackend.ops.convert_to_numpy(kbackend.random.shuffle([1, 2, 3], seed=1)))
    [1, 2, 3]
    """
    return backends.random.shuffle(x, axis, _resolve_seed(seed)[0])


def gamma(shape, alpha, dtype=None, seed=None):
    """Draws from gamma distributions with concentration ``alpha`` (scale 1).

    Example:
    >>> import kbackend
    >>> kbackend.random.gamma((2,), alpha=2.0, seed=1).shape
    (2,)
    """
    dtype = _float_dtype(dtype, "gamma")
    return _draw("gamma", _shape(shape), dtype, seed, alpha)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    """Draws from binomial distributions (returned as floats, like Keras).

    Example:
    >>> import kbackend
    >>> kbackend.random.binomial((2,), counts=5, probabilities=0.5, seed=1).shape
    (2,)
    """
    dtype = _float_dtype(dtype, "binomial")
    return _draw("binomial", _shape(shape), dtype, seed, counts, probabilities)


def beta(shape, alpha, beta, dtype=None, seed=None):
    """Draws from beta distributions.

    Example:
    >>> import kbackend
    >>> kbackend.random.beta((2,), alpha=2.0, beta=3.0, seed=1).shape
    (2,)
    """
    dtype = _float_dtype(dtype, "beta")
    return _draw("beta", _shape(shape), dtype, seed, alpha, beta)
