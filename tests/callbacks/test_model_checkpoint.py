import os

import numpy as np
import pytest

import kbackend
from kbackend.callbacks import ModelCheckpoint
from tests.callbacks._helpers import FakeModel, tiny_data, tiny_model


def test_filepath_extension_is_checked_before_training():
    with pytest.raises(ValueError, match=r"\.keras"):
        ModelCheckpoint("model.h5")
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        ModelCheckpoint("model.keras", save_weights_only=True)
    with pytest.raises(ValueError, match="save_freq"):
        ModelCheckpoint("model.keras", save_freq="often")
    with pytest.raises(ValueError, match="mode"):
        ModelCheckpoint("model.keras", mode="up")


def _drive(callback, values, monitor="val_loss"):
    model = FakeModel()
    callback.set_model(model)
    callback.on_train_begin()
    for epoch, value in enumerate(values):
        callback.on_epoch_begin(epoch)
        callback.on_epoch_end(epoch, {monitor: np.float32(value), "loss": 1.0})
    return model.saved


def test_template_and_every_epoch(tmp_path):
    path = str(tmp_path / "m_{epoch:02d}-{val_loss:.2f}.keras")
    saved = _drive(ModelCheckpoint(path), [0.5, 0.25])
    assert saved == [("save", str(tmp_path / "m_01-0.50.keras")),
                     ("save", str(tmp_path / "m_02-0.25.keras"))]


@pytest.mark.parametrize("mode,monitor,values,expected", [
    ("auto", "val_loss", [3.0, 2.0, 2.5, 1.0], [1, 2, 4]),
    ("max", "val_loss", [3.0, 2.0, 4.0], [1, 3]),
    ("auto", "val_accuracy", [0.5, 0.4, 0.9], [1, 3]),
])
def test_save_best_only(tmp_path, mode, monitor, values, expected):
    # Reference: save when strictly better than everything before.
    path = str(tmp_path / "m{epoch}.weights.h5")
    saved = _drive(ModelCheckpoint(path, monitor=monitor, mode=mode, save_best_only=True,
                                   save_weights_only=True), values, monitor)
    assert saved == [("save_weights", str(tmp_path / f"m{e}.weights.h5")) for e in expected]


def test_initial_value_threshold(tmp_path):
    saved = _drive(ModelCheckpoint(str(tmp_path / "m{epoch}.keras"), save_best_only=True,
                                   initial_value_threshold=1.5), [2.0, 1.0])
    assert [p for _, p in saved] == [str(tmp_path / "m2.keras")]


def test_missing_monitor_warns(tmp_path):
    with pytest.warns(UserWarning, match="val_missing"):
        saved = _drive(ModelCheckpoint(str(tmp_path / "m.keras"), monitor="val_missing",
                                       save_best_only=True), [1.0])
    assert saved == []


def test_save_freq_in_batches(tmp_path):
    callback = ModelCheckpoint(str(tmp_path / "e{epoch}b{batch}.keras"), save_freq=3)
    model = FakeModel()
    callback.set_model(model)
    for epoch in range(2):
        callback.on_epoch_begin(epoch)
        for batch in range(4):
            callback.on_train_batch_end(batch, {"loss": 1.0})
        callback.on_epoch_end(epoch, {"loss": 1.0})
    names = [os.path.basename(p) for _, p in model.saved]
    assert names == ["e1b3.keras", "e2b2.keras"]


@pytest.mark.requires_trainable_backend
@pytest.mark.skipif(not hasattr(kbackend.Model, "save_weights"),
                    reason="Model.save_weights not available yet")
def test_real_model_saves_best_weights(tmp_path):
    model = tiny_model()
    x, y = tiny_data()
    path = str(tmp_path / "best.weights.h5")
    callback = ModelCheckpoint(path, monitor="loss", save_best_only=True,
                               save_weights_only=True)
    model.fit(x, y, epochs=2, batch_size=8, callbacks=[callback], verbose=0)
    assert os.path.exists(path)
    reloaded = tiny_model()
    reloaded.load_weights(path)
    for a, b in zip(model.get_weights(), reloaded.get_weights()):
        np.testing.assert_allclose(a, b)


@pytest.mark.requires_trainable_backend
@pytest.mark.skipif(not hasattr(kbackend.Model, "save"), reason="Model.save not available yet")
def test_real_model_saves_every_epoch(tmp_path):
    model = tiny_model()
    x, y = tiny_data()
    callback = ModelCheckpoint(str(tmp_path / "m_{epoch:02d}.keras"))
    model.fit(x, y, epochs=2, batch_size=8, callbacks=[callback], verbose=0)
    assert sorted(os.listdir(tmp_path)) == ["m_01.keras", "m_02.keras"]
