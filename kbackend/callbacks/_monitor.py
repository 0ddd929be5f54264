"""Shared helpers of the callbacks that watch a metric (checkpoint, early stop, plateau)."""

import difflib
import math
import warnings

import numpy as np

# Metric names that grow when the model improves; "loss" anywhere in a name means "min".
_MAX_NAMES = ("acc", "auc", "precision", "recall", "f1", "fbeta", "fmeasure", "iou", "r2",
              "hinge_accuracy", "top_k", "true_positives", "true_negatives")
_MODES = ("auto", "min", "max")


def check_mode(mode, callback_name):
    """Returns ``mode`` or raises a ValueError listing the valid modes."""
    if mode not in _MODES:
        raise ValueError(
            f"{callback_name} received mode={mode!r}, expected one of {list(_MODES)}. Use "
            "mode='min' for metrics that should decrease (losses), 'max' for metrics that "
            "should increase (accuracy), or 'auto' to infer it from the metric name."
        )
    return mode


def infer_direction(monitor):
    """``"min"``, ``"max"`` or None (unknown) for a metric name such as ``val_accuracy``."""
    name = monitor[4:] if monitor.startswith("val_") else monitor
    if "loss" in name or name in ("mse", "mae", "mape", "msle", "rmse", "crossentropy"):
        return "min"
    if "error" in name or name.endswith("crossentropy") or name.endswith("divergence"):
        return "min"
    if any(part in name for part in _MAX_NAMES):
        return "max"
    return None


def resolve_mode(mode, monitor, callback_name, strict=False):
    """The direction for ``mode``; in "auto", inferred from the name (min when unknown,
    unless ``strict``, which raises so the user picks)."""
    check_mode(mode, callback_name)
    if mode != "auto":
        return mode
    direction = infer_direction(monitor)
    if direction is None:
        if strict:
            raise ValueError(
                f"{callback_name} received monitor={monitor!r} but cannot tell whether that "
                "metric should be maximized or minimized. Pass mode='max' to use its highest "
                "value, or mode='min' to use its lowest value."
            )
        return "min"
    return direction


def initial_best(direction):
    return math.inf if direction == "min" else -math.inf


def to_float(value):
    """A Python float from a float, NumPy value or engine tensor (None stays None)."""
    if value is None:
        return None
    if not isinstance(value, (int, float, np.generic, np.ndarray)):
        from kbackend import ops

        value = ops.convert_to_numpy(value)
    return float(np.asarray(value).reshape(()))


def get_monitor_value(logs, monitor, callback_name, what):
    """``logs[monitor]`` as a float; warns (listing the available names) when missing."""
    logs = logs or {}
    if monitor not in logs:
        close = difflib.get_close_matches(monitor, list(logs), n=3)
        hint = f" Did you mean one of {close}?" if close else ""
        warnings.warn(
            f"{callback_name} is conditioned on metric `{monitor}`, which is not available, "
            f"so {what}. Available metrics are: {', '.join(logs) or '(none)'}.{hint}",
            stacklevel=3,
        )
        return None
    return to_float(logs[monitor])


def print_message(message):
    """Prints a callback message unless interactive logging is disabled."""
    from kbackend.utils.progbar import is_interactive_logging_enabled

    if is_interactive_logging_enabled():
        print(message, flush=True)
