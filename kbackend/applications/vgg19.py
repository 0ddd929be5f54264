"""``kbackend.applications.vgg19``: VGG19 with its preprocessing."""

from kbackend.applications.vgg import (  # noqa: F401
    VGG19,
    decode_predictions,
    preprocess_input,
)
