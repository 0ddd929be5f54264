"""Dtype policies (``kbackend.dtype_policies``): per-layer compute and variable dtypes."""

from kbackend.dtype_policies.dtype_policy import (  # noqa: F401
    DTypePolicy,
    FloatDTypePolicy,
    dtype_policy,
    get,
    set_dtype_policy,
)

DTypePolicy.__module__ = "kbackend.dtype_policies"
