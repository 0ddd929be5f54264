import numpy as np
import pytest

from kbackend.callbacks import EarlyStopping
from tests.callbacks._helpers import FakeModel, tiny_data, tiny_model


def _reference_stop(values, patience, min_delta, baseline=None, start_from_epoch=0):
    """Independent reference (minimizing): the epoch at which training stops, or None."""
    best, wait = np.inf, 0
    for epoch, value in enumerate(values):
        if epoch < start_from_epoch:
            continue
        wait += 1
        if value + min_delta < best:
            best = value
            if baseline is None or value + min_delta < baseline:
                wait = 0
            continue
        if wait >= patience and epoch > 0:
            return epoch
    return None


def _drive(callback, values):
    model = FakeModel()
    callback.set_model(model)
    callback.on_train_begin()
    for epoch, value in enumerate(values):
        model.weights_value = [np.full(2, float(epoch))]
        callback.on_epoch_end(epoch, {"val_loss": value})
        if model.stop_training:
            return epoch, model
    return None, model


@pytest.mark.parametrize("values,patience,min_delta,baseline,start", [
    ([1.0, 0.9, 0.95, 0.97, 0.8], 2, 0.0, None, 0),
    ([1.0, 0.99, 0.98, 0.97], 1, 0.05, None, 0),
    ([1.0, 0.9, 0.8, 0.7, 0.6], 2, 0.0, 0.5, 0),
    ([5.0, 6.0, 7.0, 1.0, 2.0, 3.0], 1, 0.0, None, 3),
])
def test_stop_epoch_matches_reference(values, patience, min_delta, baseline, start):
    stopped, _ = _drive(EarlyStopping(patience=patience, min_delta=min_delta,
                                      baseline=baseline, start_from_epoch=start), values)
    assert stopped == _reference_stop(values, patience, min_delta, baseline, start)


def test_restore_best_weights_on_hooks():
    stopped, model = _drive(EarlyStopping(patience=1, restore_best_weights=True),
                            [3.0, 1.0, 2.0, 4.0])
    assert stopped == 2
    np.testing.assert_array_equal(model.weights_value[0], [1.0, 1.0])


def test_auto_mode_unknown_metric_raises():
    callback = EarlyStopping(monitor="val_custom")
    callback.set_model(FakeModel())
    with pytest.raises(ValueError, match="mode='max'"):
        callback.on_train_begin()


@pytest.mark.requires_trainable_backend
def test_fit_stops_and_restores():
    model = tiny_model()
    x, y = tiny_data()

    # lr=0 keeps the loss constant, so nothing ever improves after the first epoch.
    model.optimizer.learning_rate = 0.0
    callback = EarlyStopping(monitor="loss", patience=2, min_delta=1e-3,
                             restore_best_weights=True)
    before = model.get_weights()
    history = model.fit(x, y, epochs=10, batch_size=8, callbacks=[callback], verbose=0)
    assert len(history.history["loss"]) == 3
    assert callback.stopped_epoch == 2
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_allclose(a, b)
