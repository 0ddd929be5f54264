"""The built-in activation functions (``kbackend.activations``).

Each is a plain function of a tensor; configs store them by name (Keras 3 does the same),
so their names are part of the file format.
"""

from kbackend import ops


def _tensor(x):
    return ops.convert_to_tensor(x)


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit, with optional leak, cap and threshold.

    Values ``>= threshold`` pass unchanged; below it the result is
    ``negative_slope * (x - threshold)``; the result is then capped at ``max_value``.

    Args:
        x: input tensor.
        negative_slope: slope below the threshold (default 0.0).
        max_value: optional saturation value.
        threshold: where the function switches (default 0.0).

    Returns:
        A tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(relu(ops.convert_to_tensor([-1.0, 2.0]))).tolist()
    [0.0, 2.0]
    """
    x = _tensor(x)
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return ops.relu(x)
    dtype = ops.dtype(x)
    below = ops.multiply(ops.subtract(x, ops.cast(threshold, dtype)),
                         ops.cast(negative_slope, dtype))
    result = ops.where(ops.greater_equal(x, threshold), x, below)
    if max_value is not None:
        result = ops.minimum(result, ops.cast(max_value, dtype))
    return result


def leaky_relu(x, negative_slope=0.2):
    """Leaky ReLU: ``x`` if ``x >= 0`` else ``negative_slope * x``.

    Args:
        x: input tensor.
        negative_slope: slope for negative values (default 0.2).

    Returns:
        A tensor of the same shape.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(leaky_relu(ops.convert_to_tensor([-1.0, 2.0]))).tolist()
    [-0.20000000298023224, 2.0]
    """
    return ops.leaky_relu(_tensor(x), negative_slope=negative_slope)


def relu6(x):
    """ReLU capped at 6: ``min(max(x, 0), 6)``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(relu6(ops.convert_to_tensor([-1.0, 8.0]))).tolist()
    [0.0, 6.0]
    """
    return ops.relu6(_tensor(x))


def softmax(x, axis=-1):
    """Softmax along ``axis``: ``exp(x) / sum(exp(x))``.

    Args:
        x: input tensor.
        axis: the axis (or axes) normalized (default -1).

    Returns:
        A tensor of the same shape whose slices along ``axis`` sum to 1.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(softmax(ops.convert_to_tensor([0.0, 0.0]))).tolist()
    [0.5, 0.5]
    """
    return ops.softmax(_tensor(x), axis=axis)


def log_softmax(x, axis=-1):
    """Logarithm of the softmax along ``axis`` (computed stably).

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(log_softmax(ops.convert_to_tensor([0.0, 0.0])))[0]), 4)
    -0.6931
    """
    return ops.log_softmax(_tensor(x), axis=axis)


def elu(x, alpha=1.0):
    """Exponential linear unit: ``x`` if ``x > 0`` else ``alpha * (exp(x) - 1)``.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(elu(ops.convert_to_tensor(-1.0)))), 4)
    -0.6321
    """
    return ops.elu(_tensor(x), alpha=alpha)


def selu(x):
    """Scaled ELU: ``scale * elu(x, alpha)`` with the self-normalizing constants.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(selu(ops.convert_to_tensor(1.0)))), 4)
    1.0507
    """
    return ops.selu(_tensor(x))


def celu(x, alpha=1.0):
    """Continuously differentiable ELU: ``max(x, 0) + min(0, alpha * (exp(x / alpha) - 1))``.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(celu(ops.convert_to_tensor(-1.0)))), 4)
    -0.6321
    """
    return ops.celu(_tensor(x), alpha=alpha)


def gelu(x, approximate=False):
    """Gaussian error linear unit: ``x * P(X <= x)`` for a standard normal ``X``.

    Args:
        x: input tensor.
        approximate: use the tanh approximation (default False: the exact erf form).

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(gelu(ops.convert_to_tensor(1.0)))), 4)
    0.8413
    """
    return ops.gelu(_tensor(x), approximate=approximate)


def glu(x, axis=-1):
    """Gated linear unit: splits ``x`` in two halves ``a, b`` along ``axis``; ``a * sigmoid(b)``.

    Example:
    >>> from kbackend import ops
    >>> glu(ops.ones((2, 4))).shape
    (2, 2)
    """
    return ops.glu(_tensor(x), axis=axis)


def sigmoid(x):
    """Logistic sigmoid: ``1 / (1 + exp(-x))``.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(sigmoid(ops.convert_to_tensor(0.0))))
    0.5
    """
    return ops.sigmoid(_tensor(x))


def log_sigmoid(x):
    """Logarithm of the sigmoid: ``-softplus(-x)``.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(log_sigmoid(ops.convert_to_tensor(0.0)))), 4)
    -0.6931
    """
    return ops.log_sigmoid(_tensor(x))


def hard_sigmoid(x):
    """Piecewise-linear sigmoid: ``clip(x / 6 + 0.5, 0, 1)``.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(hard_sigmoid(ops.convert_to_tensor(0.0))))
    0.5
    """
    return ops.hard_sigmoid(_tensor(x))


def sparse_sigmoid(x):
    """Sparse sigmoid: ``clip((x + 1) / 2, 0, 1)``.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(sparse_sigmoid(ops.convert_to_tensor(0.0))))
    0.5
    """
    return ops.sparse_sigmoid(_tensor(x))


def silu(x):
    """Sigmoid linear unit (swish): ``x * sigmoid(x)``.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(silu(ops.convert_to_tensor(0.0))))
    0.0
    """
    return ops.silu(_tensor(x))


def hard_silu(x):
    """Hard SiLU (hard swish): ``x * hard_sigmoid(x)``.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(hard_silu(ops.convert_to_tensor(3.0))))
    3.0
    """
    return ops.hard_silu(_tensor(x))


def tanh(x):
    """Hyperbolic tangent.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(tanh(ops.convert_to_tensor(0.0))))
    0.0
    """
    return ops.tanh(_tensor(x))


def hard_tanh(x):
    """Piecewise-linear tanh: ``clip(x, -1, 1)``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(hard_tanh(ops.convert_to_tensor([-3.0, 0.5]))).tolist()
    [-1.0, 0.5]
    """
    return ops.hard_tanh(_tensor(x))


def tanh_shrink(x):
    """Tanh shrink: ``x - tanh(x)``.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(tanh_shrink(ops.convert_to_tensor(0.0))))
    0.0
    """
    return ops.tanh_shrink(_tensor(x))


def soft_shrink(x, threshold=0.5):
    """Soft shrinkage: moves ``x`` towards 0 by ``threshold`` (0 inside ``[-t, t]``).

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(soft_shrink(ops.convert_to_tensor([-1.0, 0.2]))).tolist()
    [-0.5, 0.0]
    """
    return ops.soft_shrink(_tensor(x), threshold=threshold)


def hard_shrink(x, threshold=0.5):
    """Hard shrinkage: ``x`` where ``|x| > threshold``, else 0.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(hard_shrink(ops.convert_to_tensor([-1.0, 0.2]))).tolist()
    [-1.0, 0.0]
    """
    return ops.hard_shrink(_tensor(x), threshold=threshold)


def threshold(x, threshold, default_value):
    """``x`` where ``x > threshold``, else ``default_value``.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(threshold(ops.convert_to_tensor([0.1, 2.0]), 1.0, -1.0)).tolist()
    [-1.0, 2.0]
    """
    return ops.threshold(_tensor(x), threshold, default_value)


def softplus(x):
    """Softplus: ``log(exp(x) + 1)``.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(softplus(ops.convert_to_tensor(0.0)))), 4)
    0.6931
    """
    return ops.softplus(_tensor(x))


def softsign(x):
    """Softsign: ``x / (abs(x) + 1)``.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(softsign(ops.convert_to_tensor(1.0))))
    0.5
    """
    return ops.softsign(_tensor(x))


def sparse_plus(x):
    """SparsePlus: 0 below -1, ``(x + 1)^2 / 4`` on ``[-1, 1]``, ``x`` above 1.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(sparse_plus(ops.convert_to_tensor(0.0))))
    0.25
    """
    return ops.sparse_plus(_tensor(x))


def squareplus(x, b=4):
    """Squareplus: ``(x + sqrt(x^2 + b)) / 2``.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(squareplus(ops.convert_to_tensor(0.0))))
    1.0
    """
    return ops.squareplus(_tensor(x), b=b)


def mish(x):
    """Mish: ``x * tanh(softplus(x))``.

    Example:
    >>> from kbackend import ops
    >>> round(float(ops.convert_to_numpy(mish(ops.convert_to_tensor(1.0)))), 4)
    0.8651
    """
    x = _tensor(x)
    return ops.multiply(x, ops.tanh(ops.softplus(x)))


def exponential(x):
    """Exponential: ``exp(x)``.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(exponential(ops.convert_to_tensor(0.0))))
    1.0
    """
    return ops.exp(_tensor(x))


def sparsemax(x, axis=-1):
    """Sparsemax: the Euclidean projection of ``x`` onto the probability simplex.

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(sparsemax(ops.convert_to_tensor([0.0, 2.0]))).tolist()
    [0.0, 1.0]
    """
    return ops.sparsemax(_tensor(x), axis=axis)


def linear(x):
    """Identity: returns ``x`` unchanged.

    Example:
    >>> linear(3.0)
    3.0
    """
    return x


# Keras 3's aliases: the same functions, so they serialize as "silu" / "hard_silu".
swish = silu
hard_swish = hard_silu
