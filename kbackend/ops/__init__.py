"""The Ops API: every op defined once, dispatched to the engine in use.

``kbackend.ops`` re-exports the ops of `core`, `numpy`, `nn`, `linalg` and `math`, as
``keras.ops`` does; image ops live in ``kbackend.ops.image``.
"""

from kbackend.ops import core, image, linalg, math, nn, numpy  # noqa: F401
from kbackend.ops._exports import export_public

export_public(globals(), (core, numpy, nn, linalg, math))
del export_public
