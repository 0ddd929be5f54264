"""LambdaCallback: a callback made of plain functions."""

import difflib

from kbackend.callbacks.callback import Callback

_HOOKS = tuple(
    name for name in dir(Callback) if name.startswith("on_") and callable(getattr(Callback, name))
)


class LambdaCallback(Callback):
    """Builds a callback from functions given for the hooks you need.

    Epoch hooks are called as ``f(epoch, logs)``, batch hooks as ``f(batch, logs)`` and
    begin/end hooks of train/test/predict as ``f(logs)``. Any hook name of `Callback`
    (e.g. ``on_test_end``) may be given as a keyword.

    Args:
        on_epoch_begin: called at the start of every epoch.
        on_epoch_end: called at the end of every epoch.
        on_train_begin: called at the start of training.
        on_train_end: called at the end of training.
        on_train_batch_begin: called before every training batch.
        on_train_batch_end: called after every training batch.
        **kwargs: functions for other hooks.

    Example:
    >>> seen = []
    >>> callback = LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch))
    >>> callback.on_epoch_end(0, {}); seen
    [0]
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None,
                 on_train_end=None, on_train_batch_begin=None, on_train_batch_end=None,
                 **kwargs):
        super().__init__()
        functions = dict(on_epoch_begin=on_epoch_begin, on_epoch_end=on_epoch_end,
                         on_train_begin=on_train_begin, on_train_end=on_train_end,
                         on_train_batch_begin=on_train_batch_begin,
                         on_train_batch_end=on_train_batch_end)
        for name, function in kwargs.items():
            if name not in _HOOKS:
                close = difflib.get_close_matches(name, _HOOKS, n=3)
                raise TypeError(
                    f"LambdaCallback got an unknown hook {name!r}. "
                    + (f"Did you mean {close}? " if close else "")
                    + f"Valid hooks: {list(_HOOKS)}."
                )
            functions[name] = function
        for name, function in functions.items():
            if function is None:
                continue
            if not callable(function):
                raise TypeError(
                    f"LambdaCallback expects a function for {name}; received {function!r}."
                )
            # NOTE: an instance attribute shadows the base-class hook, as in Keras.
            setattr(self, name, function)
