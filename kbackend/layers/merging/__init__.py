"""Merging layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot,
and their functional forms."""

from kbackend.layers.merging.base_merge import Merge
from kbackend.layers.merging.concatenate import Concatenate
from kbackend.layers.merging.dot import Dot
from kbackend.layers.merging.elementwise import (
    Add,
    Average,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
)
from kbackend.layers.merging.functional import (
    add,
    average,
    concatenate,
    dot,
    maximum,
    minimum,
    multiply,
    subtract,
)

PUBLIC_CLASSES = (Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract)
PUBLIC_FUNCTIONS = (add, average, concatenate, dot, maximum, minimum, multiply, subtract)

__all__ = [obj.__name__ for obj in PUBLIC_CLASSES + PUBLIC_FUNCTIONS] + [
    "Merge", "PUBLIC_CLASSES", "PUBLIC_FUNCTIONS"]
