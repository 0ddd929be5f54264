"""LearningRateScheduler: sets the learning rate at the start of each epoch."""

import numbers

import numpy as np

from kbackend.callbacks import _learning_rate, _monitor
from kbackend.callbacks.callback import Callback


class LearningRateScheduler(Callback):
    """Sets ``model.optimizer.learning_rate = schedule(epoch, lr)`` before each epoch.

    The epoch's logs also get a ``learning_rate`` entry.

    Args:
        schedule: a function ``(epoch, lr) -> new lr`` (``epoch`` counts from 0; ``lr`` is
            the current learning rate); ``(epoch) -> new lr`` is accepted too.
        verbose: 0 silent, 1 prints the new learning rate each epoch.

    Example:
    >>> import kbackend, numpy as np
    >>> model = kbackend.Sequential([kbackend.layers.Input((4,)), kbackend.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> scheduler = LearningRateScheduler(lambda epoch, lr: lr * 0.5)
    >>> _ = model.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=2, callbacks=[scheduler],
    ...               verbose=0)
    >>> round(float(model.optimizer.learning_rate.numpy()), 4)
    0.0025
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                "LearningRateScheduler expects a callable schedule(epoch, lr) -> float; "
                f"received {schedule!r} of type {type(schedule).__name__}."
            )
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        name = "LearningRateScheduler"
        current = _learning_rate.get_learning_rate(self.model, name)
        try:
            learning_rate = self.schedule(epoch, current)
        except TypeError:
            # Keras 1-style schedules take only the epoch.
            learning_rate = self.schedule(epoch)
        if not isinstance(learning_rate, (numbers.Real, np.ndarray, np.generic)) and not hasattr(
            learning_rate, "dtype"
        ):
            raise ValueError(
                f"The schedule given to LearningRateScheduler must return a float; at epoch "
                f"{epoch} it returned {learning_rate!r} of type "
                f"{type(learning_rate).__name__}."
            )
        learning_rate = _monitor.to_float(learning_rate)
        _learning_rate.set_learning_rate(self.model, learning_rate, name)
        if self.verbose > 0:
            _monitor.print_message(
                f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to "
                f"{learning_rate}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = _learning_rate.get_learning_rate(
                self.model, "LearningRateScheduler")
