"""The Loss base class, LossFunctionWrapper, and the shared reduction and shape helpers.

Note [loss pipeline]: ``Loss.__call__`` converts both inputs to the loss's dtype, runs
``call`` to get per-sample values, then folds any mask (attached to ``y_pred``, or attached
by ``call`` to its result, e.g. ``ignore_class``) into the sample weights, weights the values
and reduces them. With "sum_over_batch_size"/"mean", masked entries are left out of the
average (valid entries are re-weighted by ``total / valid``), as Keras 3 does.
"""

import re

import numpy as np

from kbackend import ops, tree
from kbackend.backends.common import config as backend_config
from kbackend.backends.common import dtypes as backend_dtypes
from kbackend.backends.common.masking import get_keras_mask

REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


def standardize_reduction(reduction):
    """Returns ``reduction`` if it is one of Keras's reduction names, else raises ValueError.

    Example:
    >>> standardize_reduction("sum")
    'sum'
    """
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"Invalid value for argument `reduction`. Expected one of {list(REDUCTIONS)}. "
            f"Received: reduction={reduction!r}"
        )
    return reduction


def _static_shape(x):
    # NOTE: the static shape (None for unknown dims): ops.shape gives tensors for unknown
    # dims inside tf.function, which cannot be compared in Python.
    return tuple(x.shape)


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Makes ranks equal when they differ by a trailing axis of size 1.

    The tensor with the extra size-1 axis is squeezed, except that a rank-1 partner is
    expanded instead (``(batch,)`` vs ``(batch, 1)`` becomes ``(batch, 1)`` twice) when
    ``expand_rank_1``. Other rank differences are left for broadcasting.

    Args:
        x1: a tensor.
        x2: a tensor.
        expand_rank_1: expand a rank-1 tensor rather than squeezing its partner.

    Returns:
        The pair ``(x1, x2)``.

    Example:
    >>> from kbackend import ops
    >>> a, b = squeeze_or_expand_to_same_rank(ops.ones((2,)), ops.ones((2, 1)))
    >>> ops.shape(a), ops.shape(b)
    ((2, 1), (2, 1))
    """
    shape1, shape2 = _static_shape(x1), _static_shape(x2)
    if len(shape1) == len(shape2) + 1 and shape1[-1] == 1:
        if len(shape2) == 1 and expand_rank_1:
            x2 = ops.expand_dims(x2, axis=-1)
        else:
            x1 = ops.squeeze(x1, axis=-1)
    elif len(shape2) == len(shape1) + 1 and shape2[-1] == 1:
        if len(shape1) == 1 and expand_rank_1:
            x1 = ops.expand_dims(x1, axis=-1)
        else:
            x2 = ops.squeeze(x2, axis=-1)
    return x1, x2


def check_broadcastable(shape1, shape2, what, name1="y_true", name2="y_pred"):
    """Raises ValueError naming both shapes when they cannot broadcast together."""
    for a, b in zip(reversed(tuple(shape1)), reversed(tuple(shape2))):
        if a is not None and b is not None and a != b and a != 1 and b != 1:
            raise ValueError(
                f"{what}: {name1} and {name2} have incompatible shapes. Received: "
                f"{name1}.shape={tuple(shape1)}, {name2}.shape={tuple(shape2)}. Expected "
                "equal shapes (or shapes that broadcast, or that differ by a trailing axis of "
                "size 1). Reshape one of them to match the other."
            )


def _broadcast_weights(values, sample_weight):
    """Squeezes/expands ``sample_weight`` so that it broadcasts against ``values``.

    NOTE: a weight of lower rank than the values applies to their leading axes (per-sample
    weights for per-timestep losses), so trailing axes are added to it.
    """
    values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
    rank_values = len(_static_shape(values))
    rank_weight = len(_static_shape(sample_weight))
    for _ in range(rank_values - rank_weight if rank_weight > 0 else 0):
        sample_weight = ops.expand_dims(sample_weight, axis=-1)
    check_broadcastable(_static_shape(sample_weight), _static_shape(values), "Loss",
                        "sample_weight", "losses")
    return values, sample_weight


def _apply_mask(sample_weight, mask, dtype, reduction):
    """Folds a mask into the sample weights (see Note [loss pipeline])."""
    if mask is None:
        return sample_weight
    mask = ops.cast(mask, dtype)
    if reduction in ("mean", "sum_over_batch_size"):
        total = ops.cast(ops.size(mask), dtype)
        valid = ops.sum(mask)
        mask = mask * (total / (valid + backend_config.epsilon()))
    if sample_weight is None:
        return mask
    sample_weight = ops.cast(sample_weight, dtype)
    mask, sample_weight = _broadcast_weights(mask, sample_weight)
    return sample_weight * mask


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Reduces (already weighted) loss values.

    Args:
        values: the weighted per-sample losses.
        sample_weight: the weights, broadcast to ``values`` ("mean_with_sample_weight"
            divides by their sum).
        reduction: one of the names in ``REDUCTIONS``.

    Returns:
        A scalar, or ``values`` unchanged for "none"/None and for scalar or empty values.

    Example:
    >>> from kbackend import ops
    >>> float(ops.convert_to_numpy(reduce_values(ops.ones((4,)), reduction="sum")))
    4.0
    """
    shape = _static_shape(values)
    if reduction in (None, "none") or shape == () or shape == (0,):
        return values
    loss = ops.sum(values)
    if reduction == "sum":
        return loss
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        # NOTE: broadcast by multiplication: the static shape may hold None (tf.function).
        weights = ops.cast(sample_weight, ops.dtype(loss)) * ops.ones_like(values)
        divisor = ops.sum(weights)
    else:
        size = _static_size(shape)
        if size:
            # Note [known divisor]: a statically known, non-zero element count cannot be
            # zero at run time, so divide_no_nan's guard (two `where`s) would return
            # exactly ``loss / divisor``; plain division gives the same bits with fewer ops.
            return ops.divide(loss, ops.cast(size, ops.dtype(loss)))
        divisor = ops.cast(ops.size(values), ops.dtype(loss))
    return ops.divide_no_nan(loss, divisor)


def _static_size(shape):
    """The element count of a static shape, or None when a dimension is unknown."""
    size = 1
    for dim in shape:
        if dim is None:
            return None
        size *= dim
    return size


def reduce_weighted_values(values, sample_weight=None, mask=None,
                           reduction="sum_over_batch_size", dtype=None):
    """Applies mask, sample weights and reduction to per-sample loss values.

    Args:
        values: per-sample losses.
        sample_weight: optional weights, broadcast to ``values``.
        mask: optional boolean mask, folded into the weights.
        reduction: one of the names in ``REDUCTIONS``.
        dtype: the computation dtype (default: that of ``values``).

    Returns:
        The reduced loss.

    Example:
    >>> from kbackend import ops
    >>> v = reduce_weighted_values(ops.ones((4,)), sample_weight=[1.0, 1.0, 0.0, 0.0])
    >>> float(ops.convert_to_numpy(v))
    0.5
    """
    reduction = standardize_reduction(reduction)
    values = ops.convert_to_tensor(values, dtype=dtype)
    dtype = ops.dtype(values)
    if sample_weight is not None:
        sample_weight = ops.convert_to_tensor(sample_weight, dtype=dtype)
    sample_weight = _apply_mask(sample_weight, mask, dtype, reduction)
    if sample_weight is not None:
        sample_weight = ops.cast(sample_weight, dtype)
        values, sample_weight = _broadcast_weights(values, sample_weight)
        values = values * sample_weight
    return reduce_values(values, sample_weight, reduction)


def _snake_case(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _convert_structure(x, dtype):
    """Converts each tensor of a (possibly nested) structure to ``dtype``.

    NOTE: nested Python lists/tuples of numbers are one tensor, not a structure of scalars.
    """
    if isinstance(x, (list, tuple)):
        try:
            array = np.asarray(x)
        except ValueError:
            array = None
        if array is not None and array.dtype != object:
            return ops.convert_to_tensor(array, dtype=dtype)
    if isinstance(x, (list, tuple, dict)):
        return tree.map_structure(lambda leaf: _convert_structure(leaf, dtype), x) \
            if isinstance(x, dict) else type(x)(_convert_structure(v, dtype) for v in x)
    return ops.convert_to_tensor(x, dtype=dtype)


def convert_labels(y_true, dtype):
    """Like `_convert_structure`, but a single integer tensor is returned unchanged.

    Note [integer labels]: sparse losses and metrics used to cast integer labels to the
    float compute dtype and then back to an integer dtype for the lookup; the round trip is
    exact for every label below 2**24 (float32), so skipping it gives the same numbers with
    two fewer ops per step (and stays exact for larger labels).
    """
    if isinstance(y_true, (list, tuple, dict)):
        return _convert_structure(y_true, dtype)
    labels = ops.convert_to_tensor(y_true)
    if backend_dtypes.is_int_dtype(ops.dtype(labels)):
        return labels
    return ops.convert_to_tensor(labels, dtype=dtype)


def _combine_masks(in_mask, out_mask):
    if in_mask is None:
        return out_mask
    if out_mask is None:
        return in_mask
    in_mask, out_mask = squeeze_or_expand_to_same_rank(in_mask, out_mask)
    return ops.logical_and(ops.cast(in_mask, "bool"), ops.cast(out_mask, "bool"))


def _restore_values(config):
    """Turns serialized tuples/arrays (``{"class_name": "__tuple__", ...}``) back into values.

    NOTE: configs that went through ``serialize_keras_object`` (e.g. ``axis=(1, 2)``) come
    back with such markers, and the constructors expect the plain values.
    """
    restored = {}
    for key, value in config.items():
        if isinstance(value, dict) and str(value.get("class_name", "")).startswith("__"):
            from kbackend.saving import serialization_lib

            value = serialization_lib.deserialize_keras_object(value)
        restored[key] = value
    return restored


class Loss:
    """Base class of losses: subclasses implement ``call(y_true, y_pred)``.

    Calling a loss computes ``call``'s per-sample values, applies the mask attached to
    ``y_pred`` (and any attached to the values), the sample weights, then the reduction.

    Args:
        name: the loss name (default: the class name in snake case).
        reduction: "sum_over_batch_size" (default: sum divided by the number of elements),
            "sum", "mean" (same as "sum_over_batch_size"), "mean_with_sample_weight" (sum
            divided by the sum of the weights), or "none"/None (no reduction).
        dtype: the computation dtype, a name or a ``DTypePolicy`` (its ``compute_dtype`` is
            used). Default: ``floatx()``, whatever the global dtype policy, so that losses
            of mixed-precision models are computed in float32.

    Example:
    >>> from kbackend import ops
    >>> class MyLoss(Loss):
    ...     def call(self, y_true, y_pred):
    ...         return ops.mean(ops.abs(y_true - y_pred), axis=-1)
    >>> float(ops.convert_to_numpy(MyLoss()([[0.0, 1.0]], [[1.0, 1.0]])))
    0.5
    """

    # Whether ``call`` takes integer class labels (Note [integer labels]).
    _integer_labels = False

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        from kbackend import dtype_policies

        self.name = name or _snake_case(type(self).__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype_argument = dtype
        self._dtype_policy = dtype_policies.get(dtype or backend_config.floatx())
        self._dtype = self._dtype_policy.compute_dtype

    @property
    def dtype(self):
        """The dtype the loss computes in."""
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None):
        """Returns the reduced, weighted loss (see the class docstring)."""
        in_mask = get_keras_mask(y_pred)
        y_pred = _convert_structure(y_pred, self.dtype)
        if self._integer_labels:
            y_true = convert_labels(y_true, self.dtype)
        else:
            y_true = _convert_structure(y_true, self.dtype)
        losses = self.call(y_true, y_pred)
        mask = _combine_masks(in_mask, get_keras_mask(losses))
        return reduce_weighted_values(losses, sample_weight=sample_weight, mask=mask,
                                      reduction=self.reduction, dtype=self.dtype)

    def call(self, y_true, y_pred):
        """Returns the per-sample loss values; subclasses implement it."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement call(y_true, y_pred)."
        )

    def get_config(self):
        """Returns ``{"name", "reduction", "dtype"}``; subclasses add their arguments."""
        dtype = self._dtype_argument
        if dtype is not None and not isinstance(dtype, str):
            dtype = getattr(dtype, "name", dtype)
        return {"name": self.name, "reduction": self.reduction, "dtype": dtype}

    @classmethod
    def from_config(cls, config):
        """Creates the loss from ``get_config()``'s output."""
        return cls(**_restore_values(config))

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r} reduction={self.reduction!r}>"


class LossFunctionWrapper(Loss):
    """A Loss that calls ``fn(y_true, y_pred, **kwargs)`` for its per-sample values.

    Before calling ``fn``, ranks that differ by a trailing axis of size 1 are aligned.

    Args:
        fn: the loss function.
        reduction: see `Loss`.
        name: see `Loss` (default: ``fn``'s name).
        dtype: see `Loss`.
        **kwargs: keyword arguments passed to ``fn``.

    Example:
    >>> from kbackend import ops
    >>> def l1(y_true, y_pred, scale=1.0):
    ...     return scale * ops.mean(ops.abs(y_true - y_pred), axis=-1)
    >>> loss = LossFunctionWrapper(l1, scale=2.0)
    >>> float(ops.convert_to_numpy(loss([[0.0]], [[1.0]])))
    2.0
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None,
                 **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", None), reduction=reduction,
                         dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        if tree.is_nested(y_true) or tree.is_nested(y_pred):
            pairs = tree.map_structure(squeeze_or_expand_to_same_rank, y_true, y_pred)
            y_true = tree.map_structure_up_to(y_true, lambda pair: pair[0], pairs)
            y_pred = tree.map_structure_up_to(y_pred, lambda pair: pair[1], pairs)
        else:
            y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = super().get_config()
        if type(self) is LossFunctionWrapper:
            from kbackend.saving import serialization_lib

            config["fn"] = serialization_lib.serialize_keras_object(self.fn)
            config.update(serialization_lib.serialize_keras_object(self._fn_kwargs))
        else:
            # Built-in subclasses take their fn's keyword arguments as constructor arguments.
            config.update(self._fn_kwargs)
        return config

    @classmethod
    def from_config(cls, config):
        if "fn" in config:
            from kbackend.saving import serialization_lib

            config = dict(config)
            config["fn"] = serialization_lib.deserialize_keras_object(config["fn"])
        return cls(**_restore_values(config))

    def __repr__(self):
        return f"<{type(self).__name__} fn={getattr(self.fn, '__name__', self.fn)}>"


Loss.__module__ = "kbackend.losses"
LossFunctionWrapper.__module__ = "kbackend.losses"


def standardize_inputs(y_true, y_pred, what):
    """Converts the pair for a loss function: float ``y_pred``, ``y_true`` in its dtype,
    ranks aligned, shapes checked (ValueError naming both shapes when incompatible)."""
    y_pred = ops.convert_to_tensor(y_pred)
    if not backend_dtypes.is_float_dtype(ops.dtype(y_pred)):
        y_pred = ops.cast(y_pred, backend_config.floatx())
    y_true = ops.cast(ops.convert_to_tensor(y_true), ops.dtype(y_pred))
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    check_broadcastable(_static_shape(y_true), _static_shape(y_pred), what)
    return y_true, y_pred
