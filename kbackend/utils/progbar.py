"""Progbar: the progress line of fit / evaluate / predict."""

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
    """Turns off progress bars (messages go nowhere).

    Example:
    >>> disable_interactive_logging(); enable_interactive_logging()
    """
    _interactive["enabled"] = False


def is_interactive_logging_enabled():
    """Whether progress bars and logs are printed."""
    return _interactive["enabled"]


def _is_terminal():
    stream = sys.stdout
    return (hasattr(stream, "isatty") and stream.isatty()) or "ipykernel" in sys.modules or (
        "posix" in os.name and os.environ.get("TERM_PROGRAM") == "vscode")


def _format_value(value):
    value = np.asarray(value)
    if value.ndim:
        return np.array2string(value, precision=4)
    value = float(value)
    return f"{value:.4f}" if abs(value) >= 1e-3 or value == 0 else f"{value:.4e}"


class Progbar:
    """Displays ``step/target ━━━━ 5s 5ms/step - loss: 0.3438`` as Keras does.

    Args:
        target: total number of steps (None if unknown).
        width: bar width in characters.
        verbose: 1 = live bar (one line per epoch when not a terminal), 2 = one line at
            the end, 0 = silent.
        interval: minimum seconds between refreshes.
        stateful_metrics: names of metrics shown as-is instead of averaged.
        unit_name: "step" or "sample".

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
        self._order = []
        self._start = time.time()
        self._last_update = 0.0
        self._dynamic = _is_terminal()
        self._seen = 0

    def update(self, current, values=None, finalize=None):
        """Records ``values`` (name, value pairs) at step ``current`` and redraws."""
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or ():
            if name not in self._order:
                self._order.append(name)
            if name in self.stateful_metrics:
                self._values[name] = [value, 1]
            else:
                steps = max(current - self._seen, 1)
                total = self._values.get(name, [0.0, 0])
                self._values[name] = [total[0] + np.asarray(value) * steps, total[1] + steps]
        self._seen = current
        if self.verbose == 0 or not is_interactive_logging_enabled():
            return
        now = time.time()
        if not finalize and now - self._last_update < self.interval:
            return
        self._last_update = now
        line = self._line(current, now, finalize)
        if self.verbose == 1 and self._dynamic:
            sys.stdout.write("\r" + line + ("\n" if finalize else ""))
        elif finalize:
            sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def add(self, n, values=None):
        self.update(self._seen + n, values)

    def _line(self, current, now, finalize):
        elapsed = now - self._start
        parts = []
        if self.target is not None:
            digits = len(str(self.target))
            parts.append(f"{current:>{digits}}/{self.target}")
            filled = int(self.width * min(current / max(self.target, 1), 1))
            parts.append("━" * filled + ("\x1b[37m" + "━" * (self.width - filled) + "\x1b[0m"
                                          if self._dynamic and filled < self.width else
                                          " " * (self.width - filled)))
        else:
            parts.append(f"{current}")
        per_step = elapsed / max(current, 1)
        if finalize:
            timing = f"{elapsed:.0f}s" if elapsed >= 1 else f"{elapsed * 1000:.0f}ms"
            parts.append(f"{timing} {_per_unit(per_step)}/{self.unit_name}")
        elif self.target is not None:
            parts.append(f"{per_step * (self.target - current):.0f}s")
        line = " ".join(parts)
        for name in self._order:
            total, count = self._values[name]
            parts_value = total / max(count, 1) if name not in self.stateful_metrics else total
            line += f" - {name}: {_format_value(parts_value)}"
        return line


def _per_unit(seconds):
    if seconds >= 1:
        return f"{seconds:.0f}s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms"
    return f"{seconds * 1e6:.0f}us"
