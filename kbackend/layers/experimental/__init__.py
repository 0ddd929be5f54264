"""tf.keras 2 spellings kept for old code: ``layers.experimental.<Name>``.

``layers.experimental.preprocessing.<Name>`` (e.g. ``Rescaling``, ``RandomFlip``,
``TextVectorization``) and ``layers.experimental.EinsumDense`` resolve to the stable
``kbackend.layers.<Name>`` with a one-time DeprecationWarning (see ``_deprecations``).
"""

from kbackend.layers.experimental import _deprecations, preprocessing  # noqa: F401

_NAMES = ("EinsumDense",)


def __getattr__(name):
    return _deprecations.resolve(name, _NAMES, "kbackend.layers.experimental")


def __dir__():
    return sorted((*globals(), *_NAMES))
