"""Callback: hooks called by fit / evaluate / predict."""


class Callback:
    """Base class of callbacks; override the hooks you need.

    Hooks: on_{train,test,predict}_{begin,end}, on_epoch_{begin,end},
    on_{train,test,predict}_batch_{begin,end}. ``self.model`` and ``self.params`` are set
    by the training loop.

    Example:
    >>> class Count(Callback):
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         self.epochs = epoch + 1
    >>> Count().on_epoch_end(0)
    """

    def __init__(self):
        self.params = {}
        self._model = None

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self._model = model

    @property
    def model(self):
        return self._model

    def on_batch_begin(self, batch, logs=None):
        """Alias of on_train_batch_begin kept for compatibility."""

    def on_batch_end(self, batch, logs=None):
        """Alias of on_train_batch_end kept for compatibility."""

    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of an epoch."""

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of an epoch with the epoch's logs (incl. val_*)."""

    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs=logs)

    def on_test_batch_begin(self, batch, logs=None):
        """Called before each evaluation batch."""

    def on_test_batch_end(self, batch, logs=None):
        """Called after each evaluation batch."""

    def on_predict_batch_begin(self, batch, logs=None):
        """Called before each prediction batch."""

    def on_predict_batch_end(self, batch, logs=None):
        """Called after each prediction batch."""

    def on_train_begin(self, logs=None):
        """Called at the start of fit."""

    def on_train_end(self, logs=None):
        """Called at the end of fit."""

    def on_test_begin(self, logs=None):
        """Called at the start of evaluate."""

    def on_test_end(self, logs=None):
        """Called at the end of evaluate."""

    def on_predict_begin(self, logs=None):
        """Called at the start of predict."""

    def on_predict_end(self, logs=None):
        """Called at the end of predict."""
