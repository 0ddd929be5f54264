"""Test harnesses for layers and ops (``kbackend.testing``)."""

from kbackend.testing.layer_test import run_layer_test  # noqa: F401
