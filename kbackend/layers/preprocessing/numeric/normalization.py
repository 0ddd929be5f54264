"""Normalization: standardizes features with a mean and variance given or adapted."""

import numpy as np

from kbackend import backend, ops
from kbackend.layers.preprocessing.numeric._utils import iterate_batches
from kbackend.layers.preprocessing.tf_graph import TFDataLayer

_NOT_ADAPTED = (
    "Normalization {name}: the layer has no mean and variance yet. Call `layer.adapt(data)` "
    "before using it, or pass `mean=` and `variance=` to the constructor."
)


class Normalization(TFDataLayer):
    """Shifts and scales inputs to zero mean and unit variance per feature:
    ``(inputs - mean) / sqrt(variance)`` (``invert=True`` undoes it).

    Args:
        axis: the axis or axes that keep separate statistics (default -1: the features);
            None means one mean and variance over everything.
        mean, variance: statistics to use instead of `adapt` (broadcast to the kept axes).
        invert: apply ``mean + inputs * sqrt(variance)`` instead.
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns a float tensor of the input's shape.

    Weights (when adapted, not trainable): ``mean`` and ``variance``, each shaped as the
    kept axes of the input.

    Example:
    >>> import numpy as np
    >>> layer = Normalization()
    >>> layer.adapt(np.array([[0.0], [2.0]]))
    >>> np.asarray(layer(np.array([[0.0], [2.0]]))).ravel().tolist()
    [-1.0, 1.0]
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        self.axis = tuple(axis)
        if (mean is None) != (variance is None):
            raise ValueError(
                f"Normalization {self.name}: pass both mean and variance or neither, got "
                f"mean={mean!r}, variance={variance!r}."
            )
        self.input_mean = mean
        self.input_variance = variance
        self.invert = invert
        self.supports_masking = True
        self._adapted = mean is not None
        self._build_input_shape = None

    def _keep_axes(self, ndim):
        axes = []
        for a in self.axis:
            if not -ndim <= a < ndim:
                raise ValueError(
                    f"Normalization {self.name}: axis {a} is out of range for inputs of rank "
                    f"{ndim}."
                )
            axes.append(a % ndim)
        return tuple(sorted(axes))

    def build(self, input_shape):
        input_shape = tuple(input_shape)
        ndim = len(input_shape)
        keep = self._keep_axes(ndim)
        for a in keep:
            if input_shape[a] is None:
                raise ValueError(
                    f"Normalization {self.name}: axis {a} of input shape {input_shape} must be "
                    "known."
                )
        self._build_input_shape = input_shape
        stats_shape = tuple(input_shape[a] for a in keep)
        self._broadcast_shape = tuple(input_shape[a] if a in keep else 1 for a in range(ndim))
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(
                name="mean", shape=stats_shape, initializer="zeros", trainable=False)
            self.adapt_variance = self.add_weight(
                name="variance", shape=stats_shape, initializer="ones", trainable=False)
        self.built = True

    def adapt(self, data):
        """Computes the mean and variance of ``data``.

        Args:
            data: an array, or an iterable of batches (e.g. a generator or dataset).
        """
        count, mean, m2 = 0, None, None
        keep = None
        for batch in iterate_batches(data):
            batch = np.asarray(batch, dtype="float64")
            if batch.ndim == 1 and self.axis == (-1,):
                batch = batch[:, None]
            if keep is None:
                keep = self._keep_axes(batch.ndim)
                if not self.built:
                    self.build((None,) + batch.shape[1:])
            reduce = tuple(a for a in range(batch.ndim) if a not in keep)
            n = int(np.prod([batch.shape[a] for a in reduce])) if reduce else 1
            batch_mean = batch.mean(axis=reduce)
            batch_m2 = ((batch - batch.mean(axis=reduce, keepdims=True)) ** 2).sum(axis=reduce)
            if mean is None:
                count, mean, m2 = n, batch_mean, batch_m2
            else:
                # Chan et al.'s parallel update keeps the variance exact across batches.
                delta = batch_mean - mean
                total = count + n
                mean = mean + delta * n / total
                m2 = m2 + batch_m2 + delta ** 2 * count * n / total
                count = total
        if mean is None:
            raise ValueError(f"Normalization {self.name}: adapt() received no data.")
        self.adapt_mean.assign(np.asarray(mean, dtype=self.adapt_mean.dtype))
        self.adapt_variance.assign(np.asarray(m2 / count, dtype=self.adapt_variance.dtype))
        self._adapted = True

    def set_weights(self, weights):
        super().set_weights(weights)
        self._adapted = True

    def load_own_variables(self, store):
        parent = getattr(super(), "load_own_variables", None)
        if parent is not None:
            parent(store)
        self._adapted = True

    def _statistics(self, ndim):
        dtype = self.compute_dtype
        if self.input_mean is not None:
            keep = self._keep_axes(ndim)
            shape = tuple(self._build_input_shape[a] if a in keep else 1 for a in range(ndim))
            mean = np.broadcast_to(np.asarray(self.input_mean, "float64"),
                                   tuple(s for s in shape if s != 1) or ()) if keep else \
                np.asarray(self.input_mean, "float64")
            variance = np.broadcast_to(np.asarray(self.input_variance, "float64"),
                                       np.shape(mean))
            mean = ops.convert_to_tensor(np.reshape(mean, shape), dtype=dtype)
            variance = ops.convert_to_tensor(np.reshape(variance, shape), dtype=dtype)
            return mean, variance
        if not self._adapted:
            raise ValueError(_NOT_ADAPTED.format(name=self.name))
        mean = ops.reshape(ops.cast(self.adapt_mean, dtype), self._broadcast_shape)
        variance = ops.reshape(ops.cast(self.adapt_variance, dtype), self._broadcast_shape)
        return mean, variance

    def call(self, inputs):
        inputs = ops.cast(inputs, self.compute_dtype)
        ndim = len(inputs.shape)
        if self._build_input_shape is not None and ndim != len(self._build_input_shape):
            raise ValueError(
                f"Normalization {self.name}: expected inputs of rank "
                f"{len(self._build_input_shape)} (built for {self._build_input_shape}), got "
                f"shape {tuple(inputs.shape)}."
            )
        mean, variance = self._statistics(ndim)
        stddev = ops.maximum(ops.sqrt(variance), backend.epsilon())
        if self.invert:
            return ops.add(mean, ops.multiply(inputs, stddev))
        return ops.divide(ops.subtract(inputs, mean), stddev)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        def plain(x):
            return np.asarray(x).tolist() if x is not None else None

        return {**super().get_config(), "axis": self.axis, "invert": self.invert,
                "mean": plain(self.input_mean), "variance": plain(self.input_variance)}
