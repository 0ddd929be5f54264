"""Hinge metrics: the mean hinge, squared hinge and categorical hinge losses."""

from kbackend.losses import categorical_hinge, hinge, squared_hinge
from kbackend.metrics.reduction_metrics import MeanMetricWrapper


class Hinge(MeanMetricWrapper):
    """The mean hinge loss ``maximum(1 - y_true * y_pred, 0)`` (0/1 labels become -1/1).

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = Hinge()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(m.result()), 4)
    1.3
    """

    def __init__(self, name="hinge", dtype=None):
        super().__init__(fn=hinge, name=name, dtype=dtype)


class SquaredHinge(MeanMetricWrapper):
    """The mean squared hinge loss ``square(maximum(1 - y_true * y_pred, 0))``.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = SquaredHinge()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(m.result()), 4)
    1.86
    """

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(fn=squared_hinge, name=name, dtype=dtype)


class CategoricalHinge(MeanMetricWrapper):
    """The mean categorical hinge loss ``maximum(neg - pos + 1, 0)``.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
    >>> m = CategoricalHinge()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(m.result()), 4)
    1.4
    """

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(fn=categorical_hinge, name=name, dtype=dtype)


for _cls in (Hinge, SquaredHinge, CategoricalHinge):
    _cls.__module__ = "kbackend.metrics"
del _cls
