"""Callbacks (``kbackend.callbacks``): hooks that fit / evaluate / predict call."""

from kbackend.callbacks.backup_and_restore import BackupAndRestore
from kbackend.callbacks.callback import Callback
from kbackend.callbacks.callback_list import CallbackList
from kbackend.callbacks.csv_logger import CSVLogger
from kbackend.callbacks.early_stopping import EarlyStopping
from kbackend.callbacks.history import History
from kbackend.callbacks.lambda_callback import LambdaCallback
from kbackend.callbacks.learning_rate_scheduler import LearningRateScheduler
from kbackend.callbacks.model_checkpoint import ModelCheckpoint
from kbackend.callbacks.progbar_logger import ProgbarLogger
from kbackend.callbacks.reduce_lr_on_plateau import ReduceLROnPlateau
from kbackend.callbacks.remote_monitor import RemoteMonitor
from kbackend.callbacks.swap_ema_weights import SwapEMAWeights
from kbackend.callbacks.tensorboard import TensorBoard
from kbackend.callbacks.terminate_on_nan import TerminateOnNaN

__all__ = [
    "BackupAndRestore", "CSVLogger", "Callback", "CallbackList", "EarlyStopping", "History",
    "LambdaCallback", "LearningRateScheduler", "ModelCheckpoint", "ProgbarLogger",
    "ReduceLROnPlateau", "RemoteMonitor", "SwapEMAWeights", "TensorBoard", "TerminateOnNaN",
]

for _name in __all__:
    globals()[_name].__module__ = "kbackend.callbacks"
del _name
