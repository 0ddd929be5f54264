"""The torch engine. Tensors follow the default device (CUDA when available)."""

from kbackend.backends.torch import core, image, linalg, math, nn, numpy, random  # noqa: F401

CAN_TRAIN = True
SUPPORTS_SPARSE = False
IS_THREAD_SAFE = True
