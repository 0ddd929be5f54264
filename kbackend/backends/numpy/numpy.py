import numpy as np

from kbackend.backends.common import dtypes
from kbackend.backends.numpy.core import convert_to_tensor


def _promote(x1, x2):
    # Fast path: two arrays of one dtype need no promotion.
    if isinstance(x1, np.ndarray) and isinstance(x2, np.ndarray) and x1.dtype == x2.dtype:
        return x1, x2
    dtype = dtypes.result_type(x1, x2)
    return convert_to_tensor(x1, dtype), convert_to_tensor(x2, dtype)


def add(x1, x2):
    x1, x2 = _promote(x1, x2)
    return np.add(x1, x2)
