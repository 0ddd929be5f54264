"""SwapEMAWeights: evaluates (and optionally checkpoints) with the optimizer's EMA weights."""

from kbackend import ops
from kbackend.callbacks.callback import Callback


class SwapEMAWeights(Callback):
    """Swaps the model's weights with the optimizer's moving averages around evaluation.

    The optimizer must be created with ``use_ema=True``. Before evaluation (and
    prediction) the trainable weights are replaced by their exponential moving averages,
    and put back after it, so training continues from the raw weights. With
    ``swap_on_epoch=True`` the swap also happens at the end of each epoch (undone at the
    start of the next one), so that callbacks placed after this one (e.g.
    ModelCheckpoint) see the EMA weights.

    Args:
        swap_on_epoch: also swap at ``on_epoch_end`` / back at ``on_epoch_begin``.

    Example:
    >>> import kbackend, numpy as np
    >>> model = kbackend.Sequential([kbackend.layers.Input((4,)), kbackend.layers.Dense(1)])
    >>> model.compile(optimizer=kbackend.optimizers.SGD(use_ema=True), loss="mse")
    >>> _ = model.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=2, verbose=0,
    ...               callbacks=[SwapEMAWeights(swap_on_epoch=True)])
    """

    def __init__(self, swap_on_epoch=False):
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._raw_values = None
        self._in_fit = False

    def _averages(self):
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None or not getattr(optimizer, "use_ema", False):
            raise ValueError(
                "SwapEMAWeights requires an optimizer created with use_ema=True, e.g. "
                "model.compile(optimizer=kbackend.optimizers.Adam(use_ema=True), ...). "
                f"Received optimizer: {optimizer!r}."
            )
        return getattr(optimizer, "_model_variables_moving_average", None)

    def _to_ema(self):
        if self._raw_values is not None:
            return
        averages = self._averages()
        if not averages:
            # The optimizer is not built yet (no step taken): nothing to swap.
            return
        # NOTE: the raw weights are stashed and the averages are only read, never written:
        # fit's final `finalize_variable_values` then still finds the true averages.
        variables = self.model.trainable_variables
        self._raw_values = [ops.copy(variable.value) for variable in variables]
        for variable, average in zip(variables, averages):
            variable.assign(average.value)

    def _to_raw(self):
        if self._raw_values is None:
            return
        for variable, value in zip(self.model.trainable_variables, self._raw_values):
            variable.assign(value)
        self._raw_values = None

    def on_train_begin(self, logs=None):
        self._averages()
        self._in_fit = True

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch:
            self._to_raw()

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch:
            self._to_ema()

    def on_test_begin(self, logs=None):
        self._to_ema()

    def on_test_end(self, logs=None):
        # Inside fit with swap_on_epoch, on_epoch_begin swaps back.
        if not (self.swap_on_epoch and self._in_fit):
            self._to_raw()

    def on_predict_begin(self, logs=None):
        self._to_ema()

    def on_predict_end(self, logs=None):
        # Inside fit with swap_on_epoch, on_epoch_begin swaps back.
        if not (self.swap_on_epoch and self._in_fit):
            self._to_raw()

    def on_train_end(self, logs=None):
        # fit has already written the averages into the model (use_ema finalization).
        self._raw_values = None
        self._in_fit = False
