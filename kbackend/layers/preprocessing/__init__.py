"""Preprocessing layers (``kbackend.layers``): text/lookup, numeric and image families."""

from kbackend.layers.preprocessing.image import PUBLIC_CLASSES as IMAGE_CLASSES  # noqa: F401
from kbackend.layers.preprocessing.image import (  # noqa: F401
    CenterCrop,
    RandomBrightness,
    RandomContrast,
    RandomCrop,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
    Resizing,
)
from kbackend.layers.preprocessing.text import PUBLIC_CLASSES as TEXT_CLASSES  # noqa: F401
from kbackend.layers.preprocessing.text import (  # noqa: F401
    IntegerLookup,
    StringLookup,
    TextVectorization,
)
