"""Dtype policies (``kbackend.dtype_policies``): per-layer compute and variable dtypes.

See Note [mixed precision] in ``dtype_policy.py``.
"""

from kbackend.dtype_policies.dtype_policy import (  # noqa: F401
    DTypePolicy,
    FloatDTypePolicy,
    deserialize,
    dtype_policy,
    get,
    serialize,
    set_dtype_policy,
)

DTypePolicy.__module__ = "kbackend.dtype_policies"
