"""CSVLogger: writes each epoch's logs as a row of a CSV file."""

import collections
import csv
import os

import numpy as np

from kbackend.callbacks.callback import Callback


class CSVLogger(Callback):
    """Streams ``epoch`` and every log value to a CSV file, one row per epoch.

    The columns are ``epoch`` followed by the log names in sorted order, fixed by the first
    epoch. Array values are written as ``"[a, b, ...]"``; a value missing from a later
    epoch (e.g. when training stops early) is written as ``NA``.

    Args:
        filename: the CSV file path.
        separator: the column separator.
        append: append to an existing file (the header is written only when the file is
            new or empty) instead of overwriting it.

    Example:
    >>> import kbackend, numpy as np, os, tempfile
    >>> model = kbackend.Sequential([kbackend.layers.Input((4,)), kbackend.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> path = os.path.join(tempfile.mkdtemp(), "log.csv")
    >>> _ = model.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=2, callbacks=[CSVLogger(path)],
    ...               verbose=0)
    >>> open(path).readline().strip()
    'epoch,loss'
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        if self.append:
            self.append_header = not (
                os.path.exists(self.filename) and os.path.getsize(self.filename) > 0)
            mode = "a"
        else:
            self.append_header = True
            mode = "w"
        directory = os.path.dirname(self.filename)
        if directory:
            os.makedirs(directory, exist_ok=True)
        self.csv_file = open(self.filename, mode, newline="", encoding="utf-8")  # noqa: SIM115
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        if self.csv_file is None:
            self.on_train_begin()
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
        row = collections.OrderedDict({"epoch": epoch})
        for key in self.keys:
            row[key] = _format(logs[key]) if key in logs else "NA"
        if self.writer is None:
            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch", *self.keys],
                                         delimiter=self.sep, extrasaction="ignore")
            if self.append_header:
                self.writer.writeheader()
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file is not None:
            self.csv_file.close()
        self.csv_file = None
        self.writer = None


def _format(value):
    if isinstance(value, str):
        return value
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        from kbackend import ops

        array = np.asarray(ops.convert_to_numpy(value))
    if array.ndim == 0:
        return array.item()
    return "[" + ", ".join(str(v) for v in array.ravel().tolist()) + "]"
