"""``kbackend.applications.resnet50``: ResNet50 with its preprocessing."""

from kbackend.applications.resnet import (  # noqa: F401
    ResNet50,
    decode_predictions,
    preprocess_input,
)
