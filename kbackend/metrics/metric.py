"""The Metric base class: state held in Variables, updated batch by batch.

Note [stateless metrics]: every state change of a metric goes through ``Variable.assign*``.
The stateless API (``stateless_update_state``, ``stateless_result``,
``stateless_reset_state``) is therefore written once here: it runs the ordinary method
inside a `StatelessScope` that maps the metric's variables to the given values and collects
the assignments instead of applying them. The same property lets a trainer's jitted step
(jax) or ``tf.function`` update metrics without any engine-specific code.
"""

import re
import threading

from kbackend import initializers
from kbackend.backends import StatelessScope, Variable, name_scope
from kbackend.backends.common import config as backend_config
from kbackend.backends.common import dtypes as backend_dtypes

_name_counts = threading.local()


def to_snake_case(name):
    """``"MeanIoU"`` -> ``"mean_io_u"`` (Keras's spelling of default metric names)."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return name.lower()


def auto_name(class_name):
    """A unique default name: ``"auc"``, then ``"auc_1"``, ``"auc_2"``..."""
    base = to_snake_case(class_name)
    counts = getattr(_name_counts, "counts", None)
    if counts is None:
        counts = _name_counts.counts = {}
    count = counts.get(base, 0)
    counts[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def _dtype_name(dtype):
    if dtype is None or isinstance(dtype, str):
        return dtype
    if hasattr(dtype, "compute_dtype"):  # a DTypePolicy
        return dtype.name
    return backend_dtypes.standardize_dtype(dtype)


class Metric:
    """Base class of metrics: state in variables, ``update_state`` then ``result``.

    Subclasses create their state in ``__init__`` with `add_variable`, accumulate it in
    ``update_state`` (with ``Variable.assign*`` only, see Note [stateless metrics]) and
    compute the value in ``result``.

    Args:
        dtype: the dtype of the metric's float state and result (a name or a
            ``DTypePolicy``, whose ``compute_dtype`` is used). Default: ``floatx()``.
        name: the metric's name (default: the class name in snake case, made unique).

    Example:
    >>> from kbackend import ops
    >>> class Total(Metric):
    ...     def __init__(self, name="total", dtype=None):
    ...         super().__init__(name=name, dtype=dtype)
    ...         self.total = self.add_variable((), "zeros", name="total")
    ...     def update_state(self, values):
    ...         self.total.assign_add(ops.sum(ops.cast(values, self.dtype)))
    ...     def result(self):
    ...         return self.total.value
    >>> metric = Total()
    >>> metric.update_state([1.0, 2.0])
    >>> float(ops.convert_to_numpy(metric.result()))
    3.0
    """

    def __init__(self, dtype=None, name=None):
        from kbackend import dtype_policies

        self.name = name or auto_name(type(self).__name__)
        self._dtype_argument = dtype
        self._dtype_policy = dtype_policies.get(dtype or backend_config.floatx())
        self._dtype = self._dtype_policy.compute_dtype
        self._variables = []
        self._initial_values = []
        self._metrics = []

    # --- attributes ------------------------------------------------------------------
    def __setattr__(self, name, value):
        # Sub-metrics assigned as attributes contribute their variables (in order).
        if isinstance(value, Metric) and name != "_metrics":
            metrics = self.__dict__.get("_metrics")
            if metrics is not None and not any(m is value for m in metrics):
                metrics.append(value)
        object.__setattr__(self, name, value)

    @property
    def name(self):
        """The metric's name (settable)."""
        return self._name

    @name.setter
    def name(self, value):
        if not isinstance(value, str):
            raise TypeError(
                f"A metric name must be a string; received {value!r} of type "
                f"{type(value).__name__}."
            )
        self._name = value

    @property
    def dtype(self):
        """The dtype of the metric's float state and of its result."""
        return self._dtype

    @property
    def dtype_policy(self):
        return self._dtype_policy

    @property
    def variables(self):
        """All state variables, the metric's own first (in creation order), then those of
        its sub-metrics."""
        result = list(self._variables)
        for metric in self._metrics:
            for variable in metric.variables:
                if not any(variable is v for v in result):
                    result.append(variable)
        return result

    # --- state -----------------------------------------------------------------------
    def add_variable(self, shape, initializer, dtype=None, aggregation="sum", name=None):
        """Creates a non-trainable state variable under the metric's name scope.

        Args:
            shape: the variable's shape.
            initializer: an initializer name ("zeros"), instance, or callable.
            dtype: the variable's dtype (default: the metric's dtype).
            aggregation: how replicas combine it ("sum", "mean", "none", ...).
            name: the variable's name.

        Returns:
            The new `kbackend.Variable`.

        Example:
        >>> metric = Metric(name="demo")
        >>> metric.add_variable((2,), "zeros", name="count").path
        'demo/count'
        """
        initializer = initializers.get(initializer)
        with name_scope(self.name.replace("/", ">"), caller=self):
            variable = Variable(
                initializer=initializer,
                shape=tuple(shape),
                dtype=dtype or self.dtype,
                trainable=False,
                aggregation=aggregation,
                name=name,
            )
        self._variables.append(variable)
        self._initial_values.append(initializer)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        """Alias of `add_variable` (zeros by default)."""
        return self.add_variable(shape, initializer or "zeros", dtype=dtype, name=name)

    def update_state(self, *args, **kwargs):
        """Accumulates statistics; subclasses implement it."""
        raise NotImplementedError(f"{type(self).__name__} must implement update_state().")

    def result(self):
        """Computes the metric value from the state; subclasses implement it."""
        raise NotImplementedError(f"{type(self).__name__} must implement result().")

    def reset_state(self):
        """Sets every state variable back to its initial value."""
        for variable, initializer in zip(self._variables, self._initial_values):
            variable.assign(initializer(variable.shape, dtype=variable.dtype))
        for metric in self._metrics:
            metric.reset_state()

    def __call__(self, *args, **kwargs):
        """Updates the state with one batch, then returns `result()`."""
        self.update_state(*args, **kwargs)
        return self.result()

    # --- stateless API (Note [stateless metrics]) ------------------------------------
    def _mapping(self, metric_variables, what):
        variables = self.variables
        metric_variables = list(metric_variables)
        if len(metric_variables) != len(variables):
            raise ValueError(
                f"{what}: expected {len(variables)} values, one per variable of metric "
                f"{self.name!r} ({[v.name for v in variables]}); received "
                f"{len(metric_variables)}. Pass `[v.value for v in metric.variables]`."
            )
        return list(zip(variables, metric_variables))

    def stateless_update_state(self, metric_variables, *args, **kwargs):
        """`update_state` as a pure function of the state.

        Args:
            metric_variables: one value per variable of ``metric.variables``.
            *args: the arguments of `update_state`.
            **kwargs: its keyword arguments.

        Returns:
            The list of new variable values; the metric's own variables are unchanged.

        Example:
        >>> from kbackend import metrics
        >>> m = metrics.Mean()
        >>> state = m.stateless_update_state([v.value for v in m.variables], [1.0, 3.0])
        >>> [float(s) for s in state], float(m.result())
        ([4.0, 2.0], 0.0)
        """
        mapping = self._mapping(metric_variables, "stateless_update_state")
        with StatelessScope(mapping) as scope:
            self.update_state(*args, **kwargs)
        return [_current(scope, variable, value) for variable, value in mapping]

    def stateless_result(self, metric_variables):
        """`result` computed from the given state values.

        Example:
        >>> from kbackend import metrics
        >>> m = metrics.Mean()
        >>> float(m.stateless_result([4.0, 2.0]))
        2.0
        """
        mapping = self._mapping(metric_variables, "stateless_result")
        with StatelessScope(mapping):
            return self.result()

    def stateless_reset_state(self):
        """The initial state values, as `reset_state` would set them (nothing changes).

        Example:
        >>> from kbackend import metrics
        >>> [float(v) for v in metrics.Sum().stateless_reset_state()]
        [0.0]
        """
        variables = self.variables
        with StatelessScope() as scope:
            self.reset_state()
        return [_current(scope, variable, None) for variable in variables]

    # --- serialization ----------------------------------------------------------------
    def get_config(self):
        """Returns ``{"name", "dtype"}``; subclasses add their constructor arguments."""
        return {"name": self.name, "dtype": _dtype_name(self._dtype_argument) or self.dtype}

    @classmethod
    def from_config(cls, config):
        """Creates the metric from `get_config`'s output."""
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"

    __str__ = __repr__


def _current(scope, variable, fallback):
    value = scope.get_current_value(variable)
    if value is None:
        value = variable.value if fallback is None else fallback
    return value


Metric.__module__ = "kbackend.metrics"
