"""Exporting models for serving (``kbackend.export``)."""

from kbackend.export.export_lib import export_model  # noqa: F401
