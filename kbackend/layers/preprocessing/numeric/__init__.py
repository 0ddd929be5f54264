"""Numeric preprocessing layers."""

from kbackend.layers.preprocessing.numeric.category_encoding import CategoryEncoding
from kbackend.layers.preprocessing.numeric.discretization import Discretization
from kbackend.layers.preprocessing.numeric.hashed_crossing import HashedCrossing
from kbackend.layers.preprocessing.numeric.hashing import Hashing
from kbackend.layers.preprocessing.numeric.normalization import Normalization
from kbackend.layers.preprocessing.numeric.rescaling import Rescaling

PUBLIC_CLASSES = (CategoryEncoding, Discretization, HashedCrossing, Hashing, Normalization,
                  Rescaling)

__all__ = [cls.__name__ for cls in PUBLIC_CLASSES] + ["PUBLIC_CLASSES"]
