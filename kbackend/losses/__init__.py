"""Losses (``kbackend.losses``): Loss classes, loss functions, get, serialize, deserialize.

Example:
>>> from kbackend import losses, ops
>>> loss = losses.get("mse")
>>> float(ops.convert_to_numpy(loss([[0.0, 2.0]], [[0.0, 0.0]]))[0])
2.0
"""

import difflib
import inspect

from kbackend.losses.crossentropy import (
    BinaryCrossentropy,
    BinaryFocalCrossentropy,
    CategoricalCrossentropy,
    CategoricalFocalCrossentropy,
    SparseCategoricalCrossentropy,
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    sparse_categorical_crossentropy,
)
from kbackend.losses.hinge import (
    CategoricalHinge,
    Hinge,
    SquaredHinge,
    categorical_hinge,
    hinge,
    squared_hinge,
)
from kbackend.losses.loss import Loss, LossFunctionWrapper
from kbackend.losses.metric_learning import Circle, circle
from kbackend.losses.probabilistic import (
    CTC,
    CategoricalGeneralizedCrossEntropy,
    KLDivergence,
    Poisson,
    categorical_generalized_cross_entropy,
    ctc,
    kl_divergence,
    poisson,
)
from kbackend.losses.regression import (
    CosineSimilarity,
    Huber,
    LogCosh,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    cosine_similarity,
    huber,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)
from kbackend.losses.segmentation import Dice, Tversky, dice, tversky

_CLASSES = (
    Loss, LossFunctionWrapper,
    BinaryCrossentropy, BinaryFocalCrossentropy, CategoricalCrossentropy,
    CategoricalFocalCrossentropy, SparseCategoricalCrossentropy, KLDivergence, Poisson, CTC,
    CategoricalGeneralizedCrossEntropy, MeanSquaredError, MeanAbsoluteError,
    MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Huber, LogCosh,
    CosineSimilarity, Hinge, SquaredHinge, CategoricalHinge, Tversky, Dice, Circle,
)
_FUNCTIONS = (
    binary_crossentropy, binary_focal_crossentropy, categorical_crossentropy,
    categorical_focal_crossentropy, sparse_categorical_crossentropy, kl_divergence, poisson,
    ctc, categorical_generalized_cross_entropy, mean_squared_error, mean_absolute_error,
    mean_absolute_percentage_error, mean_squared_logarithmic_error, huber, log_cosh,
    cosine_similarity, hinge, squared_hinge, categorical_hinge, tversky, dice, circle,
)
for _obj in _CLASSES + _FUNCTIONS:
    _obj.__module__ = "kbackend.losses"

# Keras's short and legacy spellings of the loss functions.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh
huber_loss = huber
bce = BCE = binary_crossentropy

_ALIASES = {
    "mse": mse, "MSE": MSE, "mae": mae, "MAE": MAE, "mape": mape, "MAPE": MAPE,
    "msle": msle, "MSLE": MSLE, "kld": kld, "KLD": KLD,
    "kullback_leibler_divergence": kullback_leibler_divergence, "logcosh": logcosh,
    "huber_loss": huber_loss, "bce": bce, "BCE": BCE,
}
ALL_OBJECTS_DICT = {obj.__name__: obj for obj in _CLASSES + _FUNCTIONS}
ALL_OBJECTS_DICT.update(_ALIASES)


def _unknown(identifier):
    close = difflib.get_close_matches(str(identifier), list(ALL_OBJECTS_DICT), n=3,
                                      cutoff=0.5)
    hint = f" Did you mean one of {close}?" if close else ""
    return ValueError(
        f"Could not interpret loss identifier: {identifier!r}.{hint} Pass the name of a "
        "loss class or function of kbackend.losses (e.g. 'mse', "
        "'categorical_crossentropy', 'BinaryCrossentropy'), a config dict, or a callable."
    )


def serialize(loss):
    """Returns the Keras 3 config of a loss object or loss function.

    Args:
        loss: a `Loss` instance or a loss function.

    Returns:
        A JSON-compatible dict (``module``, ``class_name``, ``config``, ``registered_name``).

    Example:
    >>> serialize(MeanSquaredError())["class_name"]
    'MeanSquaredError'
    """
    from kbackend.saving import serialization_lib

    return serialization_lib.serialize_keras_object(loss)


def deserialize(config, custom_objects=None):
    """Rebuilds a loss from `serialize`'s output or a name.

    Args:
        config: a config dict, or the name of a loss class or function.
        custom_objects: optional dict of user classes/functions by name.

    Returns:
        A `Loss` instance or a loss function.

    Example:
    >>> deserialize(serialize(Huber(delta=2.0))).get_config()["delta"]
    2.0
    """
    from kbackend.saving import object_registration, serialization_lib

    if isinstance(config, str):
        obj = object_registration.get_registered_object(config, custom_objects,
                                                        ALL_OBJECTS_DICT)
        if obj is None:
            raise _unknown(config)
        return obj
    if isinstance(config, dict) and "class_name" in config and not config.get("module"):
        # NOTE: a config without a module names a loss: look here first, not in layers.
        config = dict(config, module="keras.losses")
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)


def get(identifier):
    """Returns a loss from a name, config dict, `Loss` class or instance, or callable.

    A class name gives an instance with default arguments; a function name gives the
    function.

    Args:
        identifier: the loss description, or None.

    Returns:
        A `Loss` instance or a callable, or None.

    Example:
    >>> get("categorical_crossentropy").__name__
    'categorical_crossentropy'
    >>> type(get("CategoricalCrossentropy")).__name__
    'CategoricalCrossentropy'
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
    if not callable(obj):
        raise ValueError(
            f"Could not interpret loss identifier: {identifier!r}. Expected a string, a "
            f"config dict, a Loss or a callable; received an object of type "
            f"{type(identifier).__name__}."
        )
    return obj


del _obj
