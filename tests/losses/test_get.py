"""losses.get / serialize / deserialize, the public names and the aliases."""

import inspect
import json

import numpy as np
import pytest

from kbackend import losses
from kbackend.saving import custom_object_scope

from ._helpers import assert_close

CLASSES = [
    "BinaryCrossentropy", "BinaryFocalCrossentropy", "CategoricalCrossentropy",
    "CategoricalFocalCrossentropy", "SparseCategoricalCrossentropy", "KLDivergence", "Poisson",
    "CTC", "MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
    "MeanSquaredLogarithmicError", "Huber", "LogCosh", "CosineSimilarity", "Hinge",
    "SquaredHinge", "CategoricalHinge", "Tversky", "Dice", "Circle",
    "CategoricalGeneralizedCrossEntropy",
]
FUNCTIONS = [
    "binary_crossentropy", "binary_focal_crossentropy", "categorical_crossentropy",
    "categorical_focal_crossentropy", "sparse_categorical_crossentropy", "kl_divergence",
    "poisson", "ctc", "mean_squared_error", "mean_absolute_error",
    "mean_absolute_percentage_error", "mean_squared_logarithmic_error", "huber", "log_cosh",
    "cosine_similarity", "hinge", "squared_hinge", "categorical_hinge", "tversky", "dice",
    "circle", "categorical_generalized_cross_entropy",
]
ALIASES = {
    "mse": "mean_squared_error", "MSE": "mean_squared_error", "mae": "mean_absolute_error",
    "MAE": "mean_absolute_error", "mape": "mean_absolute_percentage_error",
    "MAPE": "mean_absolute_percentage_error", "msle": "mean_squared_logarithmic_error",
    "MSLE": "mean_squared_logarithmic_error", "kld": "kl_divergence", "KLD": "kl_divergence",
    "kullback_leibler_divergence": "kl_divergence", "logcosh": "log_cosh",
    "huber_loss": "huber", "bce": "binary_crossentropy",
}


def test_public_names_and_modules():
    for name in CLASSES + ["Loss", "LossFunctionWrapper"]:
        cls = getattr(losses, name)
        assert inspect.isclass(cls) and cls.__module__ == "kbackend.losses", name
        assert issubclass(cls, losses.Loss)
        assert cls.__doc__ and "Example" in cls.__doc__, name
    for name in FUNCTIONS:
        function = getattr(losses, name)
        assert function.__name__ == name and function.__module__ == "kbackend.losses"
        assert "Example" in function.__doc__, name
    for alias, name in ALIASES.items():
        assert getattr(losses, alias) is getattr(losses, name)


@pytest.mark.parametrize("name", CLASSES)
def test_get_class_name_config_round_trip(name):
    loss = losses.get(name)
    assert type(loss) is getattr(losses, name)
    config = losses.serialize(loss)
    assert config["module"] == "keras.losses" and config["class_name"] == name
    json.dumps(config)
    restored = losses.deserialize(json.loads(json.dumps(config)))
    assert type(restored) is type(loss) and restored.get_config() == loss.get_config()
    assert type(losses.get(config)) is type(loss)
    assert type(losses.get(getattr(losses, name))) is type(loss)


@pytest.mark.parametrize("name", FUNCTIONS + list(ALIASES))
def test_get_function_names(name):
    function = losses.get(name)
    assert function is getattr(losses, name)
    config = losses.serialize(function)
    assert config["class_name"] == "function" and config["module"] == "keras.losses"
    assert losses.deserialize(config) is function
    assert losses.deserialize(name) is function


def test_get_passthrough_and_none():
    loss = losses.Huber(delta=2.0)
    assert losses.get(loss) is loss
    assert losses.get(None) is None

    def my_loss(y_true, y_pred):
        return y_true - y_pred

    assert losses.get(my_loss) is my_loss


def test_config_with_arguments_round_trips():
    loss = losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.1, gamma=3.0,
                                          label_smoothing=0.05, reduction="sum", name="focal",
                                          dtype="float64")
    restored = losses.deserialize(losses.serialize(loss))
    assert restored.get_config() == loss.get_config()
    assert restored.dtype == "float64" and restored.name == "focal"
    y_true = np.array([[1.0, 0.0]], "float32")
    y_pred = np.array([[0.8, 0.3]], "float32")
    assert_close(restored(y_true, y_pred), loss(y_true, y_pred))


def test_config_without_module_is_a_loss():
    config = {"class_name": "MeanSquaredError",
              "config": {"name": "mse", "reduction": "sum"}}
    loss = losses.get(config)
    assert type(loss) is losses.MeanSquaredError and loss.reduction == "sum"


def test_unknown_names_list_close_matches():
    with pytest.raises(ValueError, match="mean_squared_error"):
        losses.get("mean_squared_eror")
    with pytest.raises(ValueError, match="Could not interpret loss identifier"):
        losses.get("nothing_like_a_loss")
    with pytest.raises(ValueError, match="Huber"):
        losses.deserialize("Hubr")
    with pytest.raises(ValueError, match="Could not interpret loss identifier"):
        losses.get(42)
    with pytest.raises(TypeError, match="NotALoss"):
        losses.deserialize({"module": "keras.losses", "class_name": "NotALoss", "config": {}})


def test_custom_objects():
    class Scaled(losses.Loss):
        def __init__(self, scale=1.0, **kwargs):
            super().__init__(**kwargs)
            self.scale = scale

        def call(self, y_true, y_pred):
            return self.scale * (y_pred - y_true)

        def get_config(self):
            return {**super().get_config(), "scale": self.scale}

    config = losses.serialize(Scaled(scale=2.0))
    restored = losses.deserialize(config, custom_objects={"Scaled": Scaled})
    assert restored.scale == 2.0
    with custom_object_scope({"Scaled": Scaled}):
        assert losses.get(config).scale == 2.0
        assert isinstance(losses.get("Scaled"), Scaled)
