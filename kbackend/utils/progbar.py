"""Progbar: the progress line of fit / evaluate / predict, drawn as Keras 3 draws it.

``750/750 ━━━━━━━━━━━━━━━━━━━━ 5s 5ms/step - loss: 0.3438 - accuracy: 0.9035``
"""

import os
import sys
import time

import numpy as np

_interactive = {"enabled": True}


def enable_interactive_logging():
    """Turns on progress bars and printed logs.

    Example:
    >>> enable_interactive_logging(); is_interactive_logging_enabled()
    True
    """
    _interactive["enabled"] = True


def disable_interactive_logging():
    """Turns off progress bars and callback messages (nothing is printed).

    Example:
    >>> disable_interactive_logging(); is_interactive_logging_enabled()
    False
    >>> enable_interactive_logging()
    """
    _interactive["enabled"] = False


def is_interactive_logging_enabled():
    """Whether progress bars and logs are printed.

    Returns:
        True unless `disable_interactive_logging` was called.

    Example:
    >>> is_interactive_logging_enabled()
    True
    """
    return _interactive["enabled"]


def _is_terminal():
    stream = sys.stdout
    return bool((hasattr(stream, "isatty") and stream.isatty()) or "ipykernel" in sys.modules
                or os.environ.get("TERM_PROGRAM") == "vscode")


def _to_numpy(value):
    if isinstance(value, (int, float, np.ndarray, np.generic)):
        return np.asarray(value)
    from kbackend import ops

    return np.asarray(ops.convert_to_numpy(value))


def _format_value(value):
    value = _to_numpy(value)
    if value.ndim:
        return np.array2string(value, precision=4)
    value = float(value)
    return f"{value:.4f}" if abs(value) > 1e-3 else f"{value:.4e}"


def _format_duration(seconds):
    """An ETA / elapsed time: ``5s``, ``2:05`` or ``1:02:05``."""
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if seconds >= 60:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds}s"


def _format_per_unit(seconds):
    if seconds >= 1:
        return f"{seconds:.0f}s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms"
    return f"{seconds * 1e6:.0f}us"


class Progbar:
    """Displays ``step/target ━━━━ 5s 5ms/step - loss: 0.3438`` as Keras 3 does.

    Values are averaged over the steps they were reported for, except the names in
    ``stateful_metrics``, which are shown as given (fit's metrics are already running
    averages, so `ProgbarLogger` marks them all stateful).

    Args:
        target: total number of steps (None if unknown).
        width: bar width in characters.
        verbose: 1 = live bar (in a terminal; otherwise one line when finished),
            2 = one line when finished, without the bar, 0 = silent.
        interval: minimum seconds between redraws.
        stateful_metrics: names of values shown as given instead of averaged.
        unit_name: the unit in the timing, e.g. "step" or "sample".

    Example:
    >>> bar = Progbar(2, verbose=0)
    >>> bar.update(1, [("loss", 0.5)]); bar.update(2, [("loss", 0.3)])
    """

    def __init__(self, target, width=20, verbose=1, interval=0.05, stateful_metrics=None,
                 unit_name="step"):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.stateful_metrics = set(stateful_metrics or ())
        self.unit_name = unit_name
        self._values = {}
        self._values_order = []
        self._start = time.time()
        self._last_update = 0.0
        self._dynamic_display = _is_terminal()
        self._seen_so_far = 0
        self._previous_width = 0

    def update(self, current, values=None, finalize=None):
        """Records values at step ``current`` and redraws when due.

        Args:
            current: the index of the current step (steps done so far).
            values: a list of ``(name, value)`` pairs; values may be floats, NumPy arrays or
                engine tensors (converted only when drawn or averaged).
            finalize: whether this is the last update (default: ``current >= target``).
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or ():
            if name not in self._values_order:
                self._values_order.append(name)
            if name in self.stateful_metrics:
                self._values[name] = [value, 1]
            else:
                # max(.., 1): with an unknown target the last batch and the epoch end may
                # report the same step twice.
                steps = max(current - self._seen_so_far, 1)
                total = self._values.get(name, [0.0, 0])
                self._values[name] = [total[0] + _to_numpy(value) * steps, total[1] + steps]
        self._seen_so_far = current
        if self.verbose == 0 or not is_interactive_logging_enabled():
            return
        now = time.time()
        if not finalize and now - self._last_update < self.interval:
            return
        if self.verbose == 1 and self._dynamic_display:
            line = self._bar_line(current, now, finalize)
            padding = " " * max(self._previous_width - len(line), 0)
            self._previous_width = len(line)
            sys.stdout.write("\r" + line + padding + ("\n" if finalize else ""))
        elif finalize:
            line = (self._bar_line(current, now, True) if self.verbose == 1
                    else self._compact_line(current, now))
            sys.stdout.write(line + "\n")
        else:
            return
        self._last_update = now
        sys.stdout.flush()

    def add(self, n, values=None):
        """Advances by ``n`` steps (see `update`)."""
        self.update(self._seen_so_far + n, values)

    def _bar_line(self, current, now, finalize):
        elapsed = now - self._start
        per_unit = elapsed / max(current, 1)
        if self.target is not None:
            digits = len(str(self.target))
            parts = [f"{current:>{digits}}/{self.target}", self._bar(current)]
        else:
            parts = [f"{current}"]
        if finalize or self.target is None:
            parts.append(_format_duration(elapsed))
        else:
            parts.append(_format_duration(per_unit * (self.target - current)))
        parts.append(f"{_format_per_unit(per_unit)}/{self.unit_name}")
        return " ".join(parts) + self._values_text()

    def _compact_line(self, current, now):
        elapsed = now - self._start
        per_unit = elapsed / max(current, 1)
        head = f"{current}/{self.target}" if self.target is not None else f"{current}"
        return (f"{head} - {_format_duration(elapsed)} - "
                f"{_format_per_unit(per_unit)}/{self.unit_name}" + self._values_text())

    def _bar(self, current):
        filled = int(self.width * min(current / max(self.target, 1), 1))
        rest = self.width - filled
        if self._dynamic_display and rest:
            # NOTE: the part still to go is drawn dim, as Keras 3 does in a terminal.
            return "━" * filled + "\x1b[37m" + "━" * rest + "\x1b[0m"
        return "━" * filled + " " * rest

    def _values_text(self):
        text = ""
        for name in self._values_order:
            total, count = self._values[name]
            value = total if name in self.stateful_metrics else _to_numpy(total) / max(count, 1)
            text += f" - {name}: {_format_value(value)}"
        return text
