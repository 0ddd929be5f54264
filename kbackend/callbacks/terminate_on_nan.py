"""TerminateOnNaN: stops training when the loss becomes NaN or infinite."""

import math

from kbackend.callbacks import _monitor
from kbackend.callbacks.callback import Callback


class TerminateOnNaN(Callback):
    """Sets ``model.stop_training`` as soon as a batch's loss is NaN or infinite.

    Example:
    >>> import kbackend, numpy as np
    >>> model = kbackend.Sequential([kbackend.layers.Input((4,)), kbackend.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> x = np.full((8, 4), np.nan, "float32")
    >>> _ = model.fit(x, np.ones((8, 1)), epochs=3, callbacks=[TerminateOnNaN()],
    ...               verbose=0)
    >>> model.stop_training
    True
    """

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        loss = _monitor.to_float(loss)
        if math.isnan(loss) or math.isinf(loss):
            _monitor.print_message(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True
