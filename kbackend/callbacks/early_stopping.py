"""EarlyStopping: stops training when a monitored metric stops improving."""

from kbackend.callbacks import _monitor
from kbackend.callbacks.callback import Callback


class EarlyStopping(Callback):
    """Stops ``fit`` once ``monitor`` has not improved for ``patience`` epochs.

    Args:
        monitor: the metric to watch (e.g. "val_loss", "val_accuracy").
        min_delta: the smallest change that counts as an improvement.
        patience: epochs without improvement after which training stops.
        verbose: 0 silent, 1 prints a message when stopping or restoring weights.
        mode: "auto", "min" or "max" ("auto" infers it from the name and raises when it
            cannot tell).
        baseline: a value the metric must beat; training stops after ``patience`` epochs
            that do not beat it.
        restore_best_weights: on stopping, set the weights back to those of the best epoch.
        start_from_epoch: epochs to wait before monitoring starts (a warm-up).

    Example:
    >>> import kbackend, numpy as np
    >>> model = kbackend.Sequential([kbackend.layers.Input((4,)), kbackend.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> stop = EarlyStopping(monitor="loss", patience=2)
    >>> history = model.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=20, callbacks=[stop],
    ...                     verbose=0)
    """

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False, start_from_epoch=0):
        super().__init__()
        self.monitor = monitor
        self.min_delta = abs(min_delta)
        self.patience = patience
        self.verbose = verbose
        self.mode = _monitor.check_mode(mode, "EarlyStopping")
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0
        self._direction = None

    def on_train_begin(self, logs=None):
        self._direction = _monitor.resolve_mode(self.mode, self.monitor, "EarlyStopping",
                                                strict=True)
        self.wait = 0
        self.stopped_epoch = 0
        self.best = _monitor.initial_best(self._direction)
        self.best_weights = None
        self.best_epoch = 0

    def _is_improvement(self, value, reference):
        if reference is None:
            return True
        # An improvement must beat the reference by at least min_delta.
        if self._direction == "min":
            return value + self.min_delta < reference
        return value - self.min_delta > reference

    def on_epoch_end(self, epoch, logs=None):
        if self._direction is None:
            self.on_train_begin()
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # Keep some weights to restore even if no epoch ever improves.
            self.best_weights = self.model.get_weights()
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.restore_best_weights and self.best_weights is not None:
                if self.verbose > 0:
                    _monitor.print_message(
                        "Restoring model weights from the end of the best epoch: "
                        f"{self.best_epoch + 1}.")
                self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            _monitor.print_message(f"Epoch {self.stopped_epoch + 1}: early stopping")

    def get_monitor_value(self, logs):
        """``logs[monitor]`` as a float (None, with a warning, when missing)."""
        return _monitor.get_monitor_value(logs, self.monitor, "EarlyStopping",
                                          "it cannot decide when to stop")
