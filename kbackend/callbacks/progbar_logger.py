"""ProgbarLogger: prints the progress bar during fit / evaluate / predict."""

from kbackend.callbacks.callback import Callback
from kbackend.utils.progbar import Progbar, is_interactive_logging_enabled


class ProgbarLogger(Callback):
    """Prints ``Epoch i/n`` and a `Progbar` per epoch (fit adds one when ``verbose != 0``).

    The verbosity comes from the ``verbose`` training parameter: 1 or "auto" draws a live
    bar (one line per epoch when stdout is not a terminal), 2 prints one compact line per
    epoch, 0 prints nothing. The values shown are the logs' values as given (fit's metrics
    are running averages already). `kbackend.utils.disable_interactive_logging` silences it.

    Example:
    >>> logger = ProgbarLogger()
    >>> logger.set_params({"verbose": 2, "epochs": 1, "steps": 4})
    >>> logger.verbose
    2
    """

    def __init__(self):
        super().__init__()
        self.verbose = 1
        self.epochs = 1
        self.target = None
        self.progbar = None
        self._in_fit = False
        self._seen = 0

    def set_params(self, params):
        super().set_params(params)
        verbose = params.get("verbose", 1)
        self.verbose = 1 if verbose == "auto" else verbose
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def _reset_progbar(self):
        self._seen = 0
        self.progbar = None

    def _maybe_init_progbar(self):
        if self.progbar is None:
            self.progbar = Progbar(self.target, verbose=self.verbose, unit_name="step")

    # --- fit -------------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        self._in_fit = True

    def on_train_end(self, logs=None):
        self._in_fit = False

    def on_epoch_begin(self, epoch, logs=None):
        self._reset_progbar()
        self._maybe_init_progbar()
        if self.verbose and self.epochs > 1 and is_interactive_logging_enabled():
            print(f"Epoch {epoch + 1}/{self.epochs}", flush=True)

    def on_train_batch_end(self, batch, logs=None):
        self._update(batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._finalize(logs)

    # --- evaluate (standalone, not fit's validation) ----------------------------------------
    def on_test_begin(self, logs=None):
        if not self._in_fit:
            self._reset_progbar()
            self._maybe_init_progbar()

    def on_test_batch_end(self, batch, logs=None):
        if not self._in_fit:
            self._update(batch, logs)

    def on_test_end(self, logs=None):
        if not self._in_fit:
            self._finalize(logs)

    # --- predict ---------------------------------------------------------------------------
    def on_predict_begin(self, logs=None):
        self._reset_progbar()
        self._maybe_init_progbar()

    def on_predict_batch_end(self, batch, logs=None):
        self._update(batch, None)

    def on_predict_end(self, logs=None):
        self._finalize(None)

    # --- drawing ---------------------------------------------------------------------------
    def _update(self, batch, logs):
        self._maybe_init_progbar()
        self._seen = batch + 1
        if self.verbose == 1:
            # Values stay engine tensors here; Progbar converts them only when it draws.
            self.progbar.update(self._seen, _displayed(logs, self.progbar), finalize=False)

    def _finalize(self, logs):
        self._maybe_init_progbar()
        if self.target is None:
            # The step count is known now: show it as the total.
            self.target = self._seen
            self.progbar.target = self._seen
        self.progbar.update(self.target, _displayed(logs, self.progbar), finalize=True)


def _displayed(logs, progbar):
    values = []
    for key, value in (logs or {}).items():
        if key == "outputs":
            continue
        progbar.stateful_metrics.add(key)
        values.append((key, value))
    return values
