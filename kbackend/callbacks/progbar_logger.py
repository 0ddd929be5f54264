"""ProgbarLogger: prints the progress bar during fit / evaluate / predict."""

from kbackend import ops
from kbackend.callbacks.callback import Callback
from kbackend.utils.progbar import Progbar


class ProgbarLogger(Callback):
    """Prints ``Epoch i/n`` and a `Progbar` line per epoch (added by fit when verbose).

    Example:
    >>> ProgbarLogger().verbose
    1
    """

    def __init__(self):
        super().__init__()
        self.verbose = 1
        self.epochs = 1
        self.target = None
        self._bar = None

    def set_params(self, params):
        super().set_params(params)
        verbose = params.get("verbose", 1)
        self.verbose = 1 if verbose == "auto" else verbose
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def _new_bar(self):
        self._bar = Progbar(self.target, verbose=self.verbose, unit_name="step")

    def on_train_begin(self, logs=None):
        self._in_fit = True

    def on_train_end(self, logs=None):
        self._in_fit = False

    def on_epoch_begin(self, epoch, logs=None):
        self._new_bar()
        if self.epochs > 1 and self.verbose:
            from kbackend.utils.progbar import is_interactive_logging_enabled

            if is_interactive_logging_enabled():
                print(f"Epoch {epoch + 1}/{self.epochs}")

    def on_train_batch_end(self, batch, logs=None):
        if self.verbose == 1:
            self._update(batch + 1, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._update(self.target or 0, logs, finalize=True)

    def on_test_begin(self, logs=None):
        if not getattr(self, "_in_fit", False):
            self._new_bar()

    def on_test_batch_end(self, batch, logs=None):
        if not getattr(self, "_in_fit", False) and self.verbose == 1:
            self._update(batch + 1, logs)

    def on_test_end(self, logs=None):
        if not getattr(self, "_in_fit", False):
            self._update(self.target or 0, logs, finalize=True)

    def on_predict_begin(self, logs=None):
        self._new_bar()

    def on_predict_batch_end(self, batch, logs=None):
        if self.verbose == 1:
            self._update(batch + 1, None)

    def on_predict_end(self, logs=None):
        self._update(self.target or 0, None, finalize=True)

    def _update(self, step, logs, finalize=False):
        if self._bar is None:
            self._new_bar()
        values = []
        for key, value in (logs or {}).items():
            if key == "outputs":
                continue
            try:
                values.append((key, ops.convert_to_numpy(value)))
            except (TypeError, ValueError):
                continue
        self._bar.update(step, values, finalize=finalize)
