"""Utilities (``kbackend.utils``)."""

from kbackend.utils.random_seed import set_random_seed  # noqa: F401
