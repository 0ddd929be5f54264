"""Utilities (``kbackend.utils``)."""
