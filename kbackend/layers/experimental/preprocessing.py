"""tf.keras 2's ``layers.experimental.preprocessing`` (deprecated spellings).

Every name resolves to ``kbackend.layers.<Name>`` with a one-time DeprecationWarning.
"""

from kbackend.layers.experimental import _deprecations

_NAMES = (
    "CategoryEncoding", "CenterCrop", "Discretization", "HashedCrossing", "Hashing",
    "IntegerLookup", "Normalization", "RandomBrightness", "RandomContrast", "RandomCrop",
    "RandomFlip", "RandomRotation", "RandomTranslation", "RandomZoom", "Rescaling",
    "Resizing", "StringLookup", "TextVectorization",
)


def __getattr__(name):
    return _deprecations.resolve(name, _NAMES, "kbackend.layers.experimental.preprocessing")


def __dir__():
    return sorted((*globals(), *_NAMES))
