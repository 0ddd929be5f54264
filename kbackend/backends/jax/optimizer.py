"""Optimizer fast paths for this engine: none; the generic update rules are used."""

import contextlib


def apply_context():
    return contextlib.nullcontext()


def get_fused_update(kind):
    return None
