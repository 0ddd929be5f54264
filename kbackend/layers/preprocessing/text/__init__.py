"""Text and lookup preprocessing layers: StringLookup, IntegerLookup, TextVectorization.

They process strings in NumPy on every engine (no tensorflow needed) and output engine
integer/float tensors.
"""

from kbackend.layers.preprocessing.text.integer_lookup import IntegerLookup
from kbackend.layers.preprocessing.text.string_lookup import StringLookup
from kbackend.layers.preprocessing.text.text_vectorization import TextVectorization

PUBLIC_CLASSES = (IntegerLookup, StringLookup, TextVectorization)

__all__ = [cls.__name__ for cls in PUBLIC_CLASSES] + ["PUBLIC_CLASSES"]
