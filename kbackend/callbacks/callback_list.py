"""CallbackList: calls a list of callbacks' hooks in order."""

from kbackend.callbacks.callback import Callback
from kbackend.callbacks.history import History
from kbackend.callbacks.progbar_logger import ProgbarLogger

_HOOKS = [
    f"on_{stage}_{moment}" for stage in ("train", "test", "predict", "epoch")
    for moment in ("begin", "end")
] + [
    f"on_{stage}_batch_{moment}" for stage in ("train", "test", "predict")
    for moment in ("begin", "end")
]


class CallbackList(Callback):
    """A container that forwards every hook to each callback.

    Args:
        callbacks: list of callbacks.
        add_history: append a `History` (fit does).
        add_progbar: append a `ProgbarLogger` (when verbose).
        model: the model the callbacks observe.
        **params: training parameters (epochs, steps, verbose) given to callbacks.

    Example:
    >>> callbacks = CallbackList([], add_history=True, epochs=1)
    >>> callbacks.on_epoch_end(0, {"loss": 1.0})
    """

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None,
                 **params):
        super().__init__()
        self.callbacks = list(callbacks or [])
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(
                    f"callbacks must be kbackend.callbacks.Callback instances, got "
                    f"{type(callback).__name__}."
                )
        if add_history and not any(isinstance(c, History) for c in self.callbacks):
            self.callbacks.append(History())
        if add_progbar and not any(isinstance(c, ProgbarLogger) for c in self.callbacks):
            self.callbacks.append(ProgbarLogger())
        if model is not None:
            self.set_model(model)
            history = next((c for c in self.callbacks if isinstance(c, History)), None)
            if history is not None:
                model.history = history
        self.set_params(params)

    def set_model(self, model):
        super().set_model(model)
        for callback in self.callbacks:
            callback.set_model(model)

    def set_params(self, params):
        super().set_params(params)
        for callback in self.callbacks:
            callback.set_params(params)

    def append(self, callback):
        self.callbacks.append(callback)


def _forward(name):
    # Logs are always passed positionally, so hooks given as plain functions (e.g. to
    # LambdaCallback as ``lambda logs: ...``) receive them even when the caller omits them.
    if name.endswith(("_batch_begin", "_batch_end")) or name.startswith("on_epoch_"):
        def hook(self, index, logs=None):
            for callback in self.callbacks:
                getattr(callback, name)(index, logs)
    else:
        def hook(self, logs=None):
            for callback in self.callbacks:
                getattr(callback, name)(logs)

    hook.__name__ = name
    return hook


for _name in _HOOKS:
    setattr(CallbackList, _name, _forward(_name))
del _name
