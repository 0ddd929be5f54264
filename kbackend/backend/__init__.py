"""The public backend facade, like ``keras.backend``.

Example:
>>> from kbackend import backend
>>> backend.backend() in ("jax", "torch", "tensorflow", "numpy")
True
"""

from kbackend.backend.autodiff import compute_gradients, value_and_grad  # noqa: F401
from kbackend.backend.session import clear_session, get_uid  # noqa: F401
from kbackend.backends.common.config import (  # noqa: F401
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)
from kbackend.backends.common.dtypes import (  # noqa: F401
    is_float_dtype,
    is_int_dtype,
    result_type,
    standardize_dtype,
)
from kbackend.backends.common.keras_tensor import is_keras_tensor  # noqa: F401
