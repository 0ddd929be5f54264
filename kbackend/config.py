"""Global settings, like ``keras.config``.

Example:
>>> from kbackend import config
>>> config.floatx()
'float32'
"""

from kbackend.backends.common.config import (  # noqa: F401
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)
from kbackend.dtype_policies.dtype_policy import (  # noqa: F401
    dtype_policy,
    set_dtype_policy,
)
