"""Reducing metrics: `Sum`, `Mean`, and `MeanMetricWrapper` (the mean of a function)."""

import numbers

import numpy as np

from kbackend import ops
from kbackend.backends.common.masking import get_keras_mask
from kbackend.losses.loss import squeeze_or_expand_to_same_rank
from kbackend.metrics.metric import Metric


def apply_mask(sample_weight, mask, dtype):
    """Folds a boolean mask into the sample weights (masked entries weigh 0)."""
    if mask is None:
        return sample_weight
    mask = ops.cast(mask, dtype)
    if sample_weight is None:
        return mask
    sample_weight = ops.cast(sample_weight, dtype)
    mask, sample_weight = squeeze_or_expand_to_same_rank(mask, sample_weight)
    extra = len(ops.shape(mask)) - len(ops.shape(sample_weight))
    if extra > 0 and len(ops.shape(sample_weight)) > 0:
        # Per-sample weights apply to every masked entry of their sample.
        sample_weight = ops.reshape(sample_weight,
                                    tuple(ops.shape(sample_weight)) + (1,) * extra)
    return sample_weight * mask


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """Weights ``values`` and reduces them to one value per sample.

    The weights are aligned to the values (a trailing axis of size 1 is squeezed or
    added); values of higher rank than the weights are first reduced with ``reduce_fn``
    over their extra trailing axes; weights of rank > 1 are reduced to one per sample.

    Returns:
        ``(values, sample_weight)``: values of shape ``(batch,)`` (or a scalar), and the
        matching weights (or None).
    """
    mask = get_keras_mask(values)
    values = ops.cast(values, dtype)
    if sample_weight is not None or mask is not None:
        if sample_weight is not None:
            sample_weight = ops.convert_to_tensor(sample_weight, dtype=dtype)
        sample_weight = apply_mask(sample_weight, mask, dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim = len(ops.shape(sample_weight))
        values_ndim = len(ops.shape(values))
        if values_ndim > weight_ndim:
            values = reduce_fn(values, axis=list(range(weight_ndim, values_ndim)))
        try:
            sample_weight = ops.broadcast_to(sample_weight, ops.shape(values))
        except Exception as e:  # noqa: BLE001 (the engines raise different types)
            raise ValueError(
                f"sample_weight of shape {tuple(ops.shape(sample_weight))} cannot be "
                f"broadcast to the values of shape {tuple(ops.shape(values))}. Pass one "
                "weight per sample (shape (batch,)) or weights of the values' shape."
            ) from e
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, axis=list(range(1, weight_ndim)))
    values_ndim = len(ops.shape(values))
    if values_ndim > 1:
        values = reduce_fn(values, axis=list(range(1, values_ndim)))
    return values, sample_weight


def _convert_structure(x, dtype):
    """Converts each tensor of a structure to ``dtype``; nested Python lists of numbers
    are one tensor, not a structure of scalars."""
    if isinstance(x, (list, tuple)):
        try:
            array = np.asarray(x)
        except ValueError:
            array = None
        if array is not None and array.dtype != object:
            return ops.convert_to_tensor(array, dtype=dtype)
        return type(x)(_convert_structure(item, dtype) for item in x)
    if isinstance(x, dict):
        return {key: _convert_structure(value, dtype) for key, value in x.items()}
    return ops.convert_to_tensor(x, dtype=dtype)


class Sum(Metric):
    """The (weighted) sum of the given values.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = Sum()
    >>> m.update_state([1.0, 3.0, 5.0, 7.0])
    >>> float(m.result())
    16.0
    >>> m.reset_state()
    >>> m.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1, 1, 0, 0])
    >>> float(m.result())
    4.0
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype,
                                       name="total")

    def update_state(self, values, sample_weight=None):
        """Adds the (weighted) sum of ``values``.

        Args:
            values: a tensor of any shape.
            sample_weight: optional weights broadcastable to ``values``.
        """
        values, _ = reduce_to_samplewise_values(values, sample_weight, ops.sum, self.dtype)
        self.total.assign_add(ops.sum(values))

    def result(self):
        return ops.cast(self.total.value, self.dtype)


class Mean(Metric):
    """The (weighted) mean of the given values.

    With weights, the mean is ``sum(values * weights) / sum(weights)``, where each sample's
    weight counts once (values with more axes than the weights are first averaged over
    the extra axes).

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = Mean()
    >>> m.update_state([1.0, 3.0, 5.0, 7.0])
    >>> float(m.result())
    4.0
    >>> m.reset_state()
    >>> m.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1, 1, 0, 0])
    >>> float(m.result())
    2.0
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype,
                                       name="total")
        self.count = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype,
                                       name="count")

    def update_state(self, values, sample_weight=None):
        """Adds ``values`` (optionally weighted) to the running mean.

        Args:
            values: a tensor of any shape.
            sample_weight: optional weights broadcastable to ``values``.
        """
        if isinstance(sample_weight, numbers.Real) and get_keras_mask(values) is None:
            values = ops.cast(values, self.dtype)
            if len(ops.shape(values)) == 0:
                # Note [scalar mean update]: a scalar value with a Python-number weight (the
                # loss tracker: the loss and the batch size) -- the general path's
                # broadcast and sums over 0-d tensors are identities, so this adds exactly
                # the same ``value * weight`` and ``weight``.
                weight = ops.convert_to_tensor(sample_weight, dtype=self.dtype)
                self.total.assign_add(ops.multiply(values, weight))
                self.count.assign_add(weight)
                return
        values, sample_weight = reduce_to_samplewise_values(
            values, sample_weight, ops.mean, self.dtype
        )
        self.total.assign_add(ops.sum(values))
        if sample_weight is not None:
            num_samples = ops.sum(sample_weight)
        elif len(ops.shape(values)) >= 1:
            num_samples = ops.shape(values)[0]
        else:
            num_samples = 1
        self.count.assign_add(ops.cast(num_samples, self.dtype))

    def result(self):
        return ops.divide_no_nan(self.total.value, ops.cast(self.count.value, self.dtype))


class MeanMetricWrapper(Mean):
    """The mean of ``fn(y_true, y_pred, **kwargs)`` over all samples seen.

    A mask attached to ``y_pred`` is applied as sample weights.

    Args:
        fn: a function ``fn(y_true, y_pred, **kwargs)`` returning per-sample values.
        name: the metric's name (default: ``fn``'s name).
        dtype: the dtype of the state and result.
        **kwargs: keyword arguments passed to ``fn``.

    Example:
    >>> from kbackend import ops
    >>> def absolute_error(y_true, y_pred):
    ...     return ops.abs(y_true - y_pred)
    >>> m = MeanMetricWrapper(absolute_error)
    >>> m.update_state([[0.0, 1.0]], [[1.0, 1.0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", None) or "mean_metric_wrapper",
                         dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds ``fn(y_true, y_pred)``'s values, optionally weighted.

        Args:
            y_true: the targets.
            y_pred: the predictions (a mask attached to them weighs samples out).
            sample_weight: optional weights.
        """
        mask = get_keras_mask(y_pred)
        y_true = _convert_structure(y_true, self.dtype)
        y_pred = _convert_structure(y_pred, self.dtype)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        if mask is not None:
            values_ndim = len(ops.shape(values))
            # A mask over y_pred's last axis is reduced away with that axis by `fn`.
            mask = ops.cast(mask, self.dtype)
            while len(ops.shape(mask)) > max(values_ndim, 1):
                mask = ops.max(mask, axis=-1)
            sample_weight = apply_mask(sample_weight, mask, self.dtype)
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        config = super().get_config()
        if type(self) is MeanMetricWrapper:
            from kbackend.saving import serialization_lib

            config["fn"] = serialization_lib.serialize_keras_object(self._fn)
        config.update(self._fn_kwargs)
        return config

    @classmethod
    def from_config(cls, config):
        if "fn" in config:
            from kbackend.saving import serialization_lib

            config = dict(config)
            config["fn"] = serialization_lib.deserialize_keras_object(config["fn"])
        return cls(**config)


for _cls in (Sum, Mean, MeanMetricWrapper):
    _cls.__module__ = "kbackend.metrics"
del _cls
