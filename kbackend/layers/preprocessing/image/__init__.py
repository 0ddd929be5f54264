"""Image preprocessing and augmentation layers.

Resizing and CenterCrop are deterministic; the Random* layers augment in training only
(see Note [augmentation randomness] in ``base.py``).
"""

from kbackend.layers.preprocessing.image.center_crop import CenterCrop
from kbackend.layers.preprocessing.image.random_color import RandomBrightness, RandomContrast
from kbackend.layers.preprocessing.image.random_crop import RandomCrop
from kbackend.layers.preprocessing.image.random_flip import RandomFlip
from kbackend.layers.preprocessing.image.random_rotation import RandomRotation
from kbackend.layers.preprocessing.image.random_translation import RandomTranslation
from kbackend.layers.preprocessing.image.random_zoom import RandomZoom
from kbackend.layers.preprocessing.image.resizing import Resizing

PUBLIC_CLASSES = (CenterCrop, RandomBrightness, RandomContrast, RandomCrop, RandomFlip,
                  RandomRotation, RandomTranslation, RandomZoom, Resizing)

__all__ = [cls.__name__ for cls in PUBLIC_CLASSES] + ["PUBLIC_CLASSES"]
