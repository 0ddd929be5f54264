"""ReduceLROnPlateau: lowers the learning rate when a metric stops improving."""

import math

from kbackend.callbacks import _learning_rate, _monitor
from kbackend.callbacks.callback import Callback


class ReduceLROnPlateau(Callback):
    """Multiplies the learning rate by ``factor`` after ``patience`` epochs without progress.

    Args:
        monitor: the metric to watch.
        factor: the multiplier applied to the learning rate (``new = lr * factor``, < 1).
        patience: epochs without improvement before the rate is reduced.
        verbose: 0 silent, 1 prints a message at each reduction.
        mode: "auto", "min" or "max" ("auto": accuracy-like names are maximized).
        min_delta: the smallest change that counts as an improvement.
        cooldown: epochs to wait after a reduction before counting again.
        min_lr: the learning rate never goes below this.

    Example:
    >>> import kbackend, numpy as np
    >>> model = kbackend.Sequential([kbackend.layers.Input((4,)), kbackend.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> reduce = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_lr=1e-4)
    >>> _ = model.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=2, callbacks=[reduce],
    ...               verbose=0)
    """

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
                 min_delta=1e-4, cooldown=0, min_lr=0.0, **kwargs):
        super().__init__()
        if "epsilon" in kwargs:
            # tf.keras 1 spelling.
            min_delta = kwargs.pop("epsilon")
        if kwargs:
            raise TypeError(
                f"ReduceLROnPlateau got unexpected arguments {sorted(kwargs)}; valid ones are "
                "monitor, factor, patience, verbose, mode, min_delta, cooldown, min_lr."
            )
        if factor >= 1.0:
            raise ValueError(
                f"ReduceLROnPlateau does not support a factor >= 1.0 (it would not reduce the "
                f"learning rate). Received: factor={factor}. Use e.g. factor=0.5."
            )
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.mode = _monitor.check_mode(mode, "ReduceLROnPlateau")
        self.min_delta = min_delta
        self.cooldown = cooldown
        self.min_lr = min_lr
        self._direction = _monitor.resolve_mode(mode, monitor, "ReduceLROnPlateau")
        self._reset()

    def _reset(self):
        self.best = _monitor.initial_best(self._direction)
        self.cooldown_counter = 0
        self.wait = 0

    def _improved(self, current):
        if self._direction == "min":
            return current < self.best - self.min_delta
        return current > self.best + self.min_delta

    def in_cooldown(self):
        return self.cooldown_counter > 0

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        name = "ReduceLROnPlateau"
        learning_rate = _learning_rate.get_learning_rate(self.model, name)
        logs["learning_rate"] = learning_rate
        current = _monitor.get_monitor_value(
            logs, self.monitor, name, "the learning rate is not changed")
        if current is None or math.isnan(current):
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._improved(current):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience and learning_rate > self.min_lr:
                new_rate = max(learning_rate * self.factor, self.min_lr)
                _learning_rate.set_learning_rate(self.model, new_rate, name)
                if self.verbose > 0:
                    _monitor.print_message(
                        f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to "
                        f"{new_rate}.")
                self.cooldown_counter = self.cooldown
                self.wait = 0
