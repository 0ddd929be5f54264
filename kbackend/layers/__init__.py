"""Layers (``kbackend.layers``)."""

from kbackend.layers.core.dense import Dense  # noqa: F401
from kbackend.layers.core.input_layer import Input, InputLayer  # noqa: F401
from kbackend.layers.input_spec import InputSpec  # noqa: F401
from kbackend.layers.layer import Layer  # noqa: F401

for _cls in (Dense, InputLayer, InputSpec, Layer):
    _cls.__module__ = "kbackend.layers"
del _cls
