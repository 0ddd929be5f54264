"""ModelCheckpoint: saves the model (or its weights) during training."""

import math
import os
import re

from kbackend.callbacks import _monitor
from kbackend.callbacks.callback import Callback


class ModelCheckpoint(Callback):
    """Saves the model or its weights every epoch or every ``save_freq`` batches.

    ``filepath`` may hold ``str.format`` fields filled from the epoch number (1-based), the
    batch number (when saving per batch) and the logs, e.g.
    ``"ckpt/model_{epoch:02d}-{val_loss:.2f}.keras"``.

    Args:
        filepath: where to save; must end in ``.keras`` (whole model), or in
            ``.weights.h5`` with ``save_weights_only=True``.
        monitor: the metric compared when ``save_best_only`` (e.g. "val_loss").
        verbose: 0 silent, 1 prints a message on each save.
        save_best_only: save only when ``monitor`` improves on the best value so far (a
            filepath without format fields is then overwritten by the best model).
        save_weights_only: call ``model.save_weights`` instead of ``model.save``.
        mode: "auto", "min" or "max": whether a lower or a higher ``monitor`` is better
            ("auto" infers it from the name: accuracy-like names are maximized).
        save_freq: "epoch", or an int: save after every this many batches.
        initial_value_threshold: the starting "best" value of ``monitor`` (with
            ``save_best_only``, only a model better than this is saved).

    Example:
    >>> import kbackend, numpy as np
    >>> model = kbackend.Sequential([kbackend.layers.Input((4,)), kbackend.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> checkpoint = ModelCheckpoint("/tmp/ckpt/best.keras", save_best_only=True,
    ...                              monitor="loss")
    """

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", save_freq="epoch",
                 initial_value_threshold=None):
        super().__init__()
        self.filepath = os.fspath(filepath)
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self.initial_value_threshold = initial_value_threshold
        _check_filepath(self.filepath, save_weights_only)
        if save_freq != "epoch" and not (isinstance(save_freq, int) and save_freq > 0):
            raise ValueError(
                f"ModelCheckpoint received save_freq={save_freq!r}; expected 'epoch' or a "
                "positive int (save after every that many batches)."
            )
        self.mode = _monitor.resolve_mode(mode, monitor, "ModelCheckpoint")
        self.best = (
            float(initial_value_threshold) if initial_value_threshold is not None
            else _monitor.initial_best(self.mode)
        )
        self._current_epoch = 0
        self._batches_seen_since_last_saving = 0

    def _improved(self, current):
        if current is None or math.isnan(current):
            return False
        return current < self.best if self.mode == "min" else current > self.best

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        self._batches_seen_since_last_saving += 1
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save_model(epoch, None, logs)

    def _save_model(self, epoch, batch, logs):
        logs = _python_logs(logs)
        filepath = self._get_file_path(epoch, batch, logs)
        if self.save_best_only:
            current = _monitor.get_monitor_value(
                logs, self.monitor, "ModelCheckpoint", "the best model cannot be chosen and "
                "this save is skipped")
            if current is None:
                return
            if not self._improved(current):
                if self.verbose > 0:
                    _monitor.print_message(
                        f"\nEpoch {epoch + 1}: {self.monitor} did not improve from "
                        f"{self.best:.5f}")
                return
            if self.verbose > 0:
                _monitor.print_message(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from {self.best:.5f} to "
                    f"{current:.5f}, saving model to {filepath}")
            self.best = current
        elif self.verbose > 0:
            _monitor.print_message(f"\nEpoch {epoch + 1}: saving model to {filepath}")
        directory = os.path.dirname(filepath)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)

    def _get_file_path(self, epoch, batch, logs):
        fields = dict(logs)
        fields["epoch"] = epoch + 1
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as error:
            raise KeyError(
                f"ModelCheckpoint could not fill the filepath {self.filepath!r}: the field "
                f"{error} is not among the available names {sorted(fields)}. Use only "
                "'epoch', 'batch' (with an int save_freq) and the metric names in the logs."
            ) from None

    def _checkpoint_exists(self, filepath):
        return os.path.exists(filepath)

    def _get_most_recently_modified_file_matching_pattern(self, pattern):
        """The newest file whose name matches ``pattern`` (format fields as wildcards)."""
        directory = os.path.dirname(pattern) or "."
        regex = re.sub(r"\\{[^}]*\\}", ".*", re.escape(os.path.basename(pattern)))
        if not os.path.isdir(directory):
            return None
        matches = [os.path.join(directory, name) for name in os.listdir(directory)
                   if re.fullmatch(regex, name)]
        return max(matches, key=os.path.getmtime) if matches else None


def _check_filepath(filepath, save_weights_only):
    if save_weights_only:
        if not filepath.endswith(".weights.h5"):
            raise ValueError(
                "When using save_weights_only=True in ModelCheckpoint, the filepath must end "
                f"in `.weights.h5`. Received: filepath={filepath!r}. For example: "
                "ModelCheckpoint('ckpt/model_{epoch:02d}.weights.h5', save_weights_only=True)."
            )
    elif not filepath.endswith(".keras"):
        raise ValueError(
            "The filepath given to ModelCheckpoint must end in `.keras` (the Keras model "
            f"format). Received: filepath={filepath!r}. Use e.g. 'ckpt/model.keras', or pass "
            "save_weights_only=True with a path ending in `.weights.h5`."
        )


def _python_logs(logs):
    """Scalar logs as floats so that format specs like ``{val_loss:.2f}`` apply."""
    result = {}
    for key, value in (logs or {}).items():
        try:
            result[key] = _monitor.to_float(value)
        except (TypeError, ValueError):
            result[key] = value
    return result
