"""Callbacks (``kbackend.callbacks``)."""

from kbackend.callbacks.callback import Callback  # noqa: F401
from kbackend.callbacks.callback_list import CallbackList  # noqa: F401
from kbackend.callbacks.history import History  # noqa: F401
from kbackend.callbacks.progbar_logger import ProgbarLogger  # noqa: F401

for _cls in (Callback, CallbackList, History, ProgbarLogger):
    _cls.__module__ = "kbackend.callbacks"
del _cls
