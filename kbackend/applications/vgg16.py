"""``kbackend.applications.vgg16``: VGG16 with its preprocessing."""

from kbackend.applications.vgg import (  # noqa: F401
    VGG16,
    decode_predictions,
    preprocess_input,
)
