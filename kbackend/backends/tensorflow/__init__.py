"""The tensorflow engine."""

from kbackend.backends.tensorflow import (  # noqa: F401
    core,
    image,
    linalg,
    math,
    nn,
    numpy,
    random,
)

CAN_TRAIN = True
SUPPORTS_SPARSE = True
IS_THREAD_SAFE = True
