"""The jax engine."""

import jax as _jax

# NOTE: 64-bit types are enabled so that int64/float64 mean the same thing on every
# engine (Note [promotion] in common/dtypes.py); kbackend always passes explicit dtypes,
# so default computations stay float32 (floatx).
_jax.config.update("jax_enable_x64", True)

from kbackend.backends.jax import core, image, linalg, math, nn, numpy, random  # noqa: E402,F401

CAN_TRAIN = True
SUPPORTS_SPARSE = False
IS_THREAD_SAFE = True
