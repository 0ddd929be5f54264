"""The NumPy engine: a hardware-free reference for inference (it cannot train)."""

from kbackend.backends.numpy import core, image, linalg, math, nn, numpy, random  # noqa: F401

CAN_TRAIN = False
SUPPORTS_SPARSE = False
IS_THREAD_SAFE = True
