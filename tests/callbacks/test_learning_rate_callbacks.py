import numpy as np
import pytest

from kbackend.callbacks import LearningRateScheduler, ReduceLROnPlateau
from tests.callbacks._helpers import FakeModel, tiny_data, tiny_model


def _reference_plateau(values, lr, factor, patience, min_delta, cooldown, min_lr):
    """Independent reference of ReduceLROnPlateau (minimizing): the lr after each epoch."""
    best, wait, cool, rates = np.inf, 0, 0, []
    for value in values:
        if cool > 0:
            cool -= 1
            wait = 0
        if value < best - min_delta:
            best, wait = value, 0
        elif cool == 0:
            wait += 1
            if wait >= patience and lr > min_lr:
                lr = max(lr * factor, min_lr)
                cool, wait = cooldown, 0
        rates.append(lr)
    return rates


@pytest.mark.parametrize("patience,cooldown,min_lr", [(1, 0, 0.0), (2, 1, 0.02), (1, 2, 0.0)])
def test_reduce_lr_on_plateau_matches_reference(patience, cooldown, min_lr):
    values = [1.0, 1.0, 0.9, 0.9, 0.9, 0.95, 0.8, 0.8, 0.8, 0.8]
    callback = ReduceLROnPlateau(factor=0.5, patience=patience, cooldown=cooldown,
                                 min_lr=min_lr)
    model = FakeModel()
    callback.set_model(model)
    callback.on_train_begin()
    rates = []
    for epoch, value in enumerate(values):
        logs = {"val_loss": value}
        callback.on_epoch_end(epoch, logs)
        rates.append(model.optimizer.learning_rate)
    expected = _reference_plateau(values, 0.1, 0.5, patience, 1e-4, cooldown, min_lr)
    np.testing.assert_allclose(rates, expected)


def test_reduce_lr_rejects_factor_above_one():
    with pytest.raises(ValueError, match="factor"):
        ReduceLROnPlateau(factor=2.0)


def test_scheduler_rejects_non_float():
    callback = LearningRateScheduler(lambda epoch, lr: "fast")
    callback.set_model(FakeModel())
    with pytest.raises(ValueError, match="float"):
        callback.on_epoch_begin(0)


def test_scheduler_accepts_epoch_only_schedule():
    callback = LearningRateScheduler(lambda epoch: 0.5 / (epoch + 1))
    model = FakeModel()
    callback.set_model(model)
    callback.on_epoch_begin(1)
    assert model.optimizer.learning_rate == pytest.approx(0.25)


@pytest.mark.requires_trainable_backend
def test_scheduler_and_plateau_in_fit():
    model = tiny_model()
    x, y = tiny_data()
    history = model.fit(
        x, y, epochs=3, batch_size=8, verbose=0,
        callbacks=[LearningRateScheduler(lambda epoch, lr: 0.1 * 0.5 ** epoch)])
    np.testing.assert_allclose(history.history["learning_rate"], [0.1, 0.05, 0.025],
                               rtol=1e-6)
    model.optimizer.learning_rate = 0.01
    reduce = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_delta=1e6)
    model.fit(x, y, epochs=2, batch_size=8, verbose=0, callbacks=[reduce])
    # Epoch 0 improves on +inf; epoch 1 cannot beat it by 1e6, so the rate halves once.
    np.testing.assert_allclose(float(model.optimizer.learning_rate.numpy()), 0.005,
                               rtol=1e-6)
