"""Metrics (``kbackend.metrics``): Metric classes, metric functions, ``get``/``serialize``.

Example:
>>> from kbackend import metrics
>>> m = metrics.get("mae")
>>> m.update_state([[0.0, 2.0]], [[1.0, 2.0]])
>>> float(m.result())
0.5
"""

import difflib
import inspect

from kbackend.losses import (
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    categorical_hinge,
    hinge,
    huber,
    kl_divergence,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    poisson,
    sparse_categorical_crossentropy,
    squared_hinge,
)
from kbackend.metrics.accuracy_metrics import (
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from kbackend.metrics.confusion_metrics import (
    AUC,
    FalseNegatives,
    FalsePositives,
    Precision,
    PrecisionAtRecall,
    Recall,
    RecallAtPrecision,
    SensitivityAtSpecificity,
    SpecificityAtSensitivity,
    TrueNegatives,
    TruePositives,
)
from kbackend.metrics.f_score_metrics import F1Score, FBetaScore
from kbackend.metrics.hinge_metrics import CategoricalHinge, Hinge, SquaredHinge
from kbackend.metrics.iou_metrics import BinaryIoU, IoU, MeanIoU, OneHotIoU, OneHotMeanIoU
from kbackend.metrics.metric import Metric, to_snake_case
from kbackend.metrics.probabilistic_metrics import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    KLDivergence,
    Poisson,
    SparseCategoricalCrossentropy,
)
from kbackend.metrics.reduction_metrics import Mean, MeanMetricWrapper, Sum
from kbackend.metrics.regression_metrics import (
    CosineSimilarity,
    LogCoshError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    R2Score,
    RootMeanSquaredError,
)

_CLASSES = (
    # Base and reduction metrics
    Metric, Mean, Sum, MeanMetricWrapper,
    # Accuracy
    Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
    TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy,
    # Probabilistic
    BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy,
    KLDivergence, Poisson,
    # Regression
    MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError, LogCoshError, CosineSimilarity, R2Score,
    # Confusion matrix
    AUC, Precision, Recall, TruePositives, FalsePositives, TrueNegatives, FalseNegatives,
    PrecisionAtRecall, RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity,
    # F-scores, hinge, IoU
    F1Score, FBetaScore, Hinge, SquaredHinge, CategoricalHinge,
    IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU,
)

ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
# Snake-case class names ("binary_accuracy", "auc", "mean_squared_error") give the class.
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})
# Keras's short spellings.
ALL_OBJECTS_DICT.update({
    "bce": BinaryCrossentropy, "BCE": BinaryCrossentropy,
    "mse": MeanSquaredError, "MSE": MeanSquaredError,
    "mae": MeanAbsoluteError, "MAE": MeanAbsoluteError,
    "mape": MeanAbsolutePercentageError, "MAPE": MeanAbsolutePercentageError,
    "msle": MeanSquaredLogarithmicError, "MSLE": MeanSquaredLogarithmicError,
})


def _unknown(identifier):
    close = difflib.get_close_matches(str(identifier), list(ALL_OBJECTS_DICT), n=3,
                                      cutoff=0.5)
    hint = f" Did you mean one of {close}?" if close else ""
    return ValueError(
        f"Could not interpret metric identifier: {identifier!r}.{hint} Pass the name of a "
        "metric class of kbackend.metrics (e.g. 'mae', 'accuracy', 'AUC'), a config dict, "
        "a Metric, or a function fn(y_true, y_pred)."
    )


def serialize(metric):
    """Returns the Keras 3 config of a metric object or metric function.

    Args:
        metric: a `Metric` instance or a metric function.

    Returns:
        A JSON-compatible dict (``module``, ``class_name``, ``config``, ``registered_name``).

    Example:
    >>> serialize(AUC(num_thresholds=10))["config"]["num_thresholds"]
    10
    """
    from kbackend.saving import serialization_lib

    return serialization_lib.serialize_keras_object(metric)


def deserialize(config, custom_objects=None):
    """Rebuilds a metric from `serialize`'s output or a name.

    Args:
        config: a config dict, or the name of a metric class or function.
        custom_objects: optional dict of user classes/functions by name.

    Returns:
        A `Metric` instance, a metric class, or a function.

    Example:
    >>> deserialize(serialize(BinaryAccuracy(threshold=0.7))).get_config()["threshold"]
    0.7
    """
    from kbackend.saving import object_registration, serialization_lib

    if isinstance(config, str):
        obj = object_registration.get_registered_object(config, custom_objects,
                                                        ALL_OBJECTS_DICT)
        if obj is None:
            raise _unknown(config)
        return obj
    if isinstance(config, dict) and "class_name" in config and not config.get("module"):
        # NOTE: a config without a module names a metric: look here first.
        config = dict(config, module="keras.metrics")
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)


def get(identifier):
    """Returns a metric from a name, config dict, `Metric` class or instance, or function.

    A name of a class (``"AUC"``, ``"auc"``, ``"mae"``) gives a new instance with default
    arguments; a function is returned as is.

    Args:
        identifier: the metric description, or None.

    Returns:
        A `Metric` instance, a callable, or None.

    Example:
    >>> type(get("mse")).__name__
    'MeanSquaredError'
    >>> get("binary_accuracy").name
    'binary_accuracy'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
        if obj is None:
            from kbackend.saving import object_registration

            obj = object_registration.get_registered_object(identifier)
        if obj is None:
            raise _unknown(identifier)
    else:
        obj = identifier
    if inspect.isclass(obj):
        obj = obj()
    if not callable(obj) and not isinstance(obj, Metric):
        raise ValueError(
            f"Could not interpret metric identifier: {identifier!r}. Expected a string, a "
            f"config dict, a Metric or a callable; received an object of type "
            f"{type(identifier).__name__}."
        )
    return obj


__all__ = [cls.__name__ for cls in _CLASSES] + [
    "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
    "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy",
    "binary_crossentropy", "binary_focal_crossentropy", "categorical_crossentropy",
    "categorical_focal_crossentropy", "sparse_categorical_crossentropy", "kl_divergence",
    "poisson", "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "huber", "log_cosh", "hinge", "squared_hinge",
    "categorical_hinge", "get", "serialize", "deserialize",
]
