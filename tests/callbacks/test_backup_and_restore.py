import inspect
import os

import numpy as np
import pytest

from kbackend.callbacks import BackupAndRestore, Callback
from kbackend.trainers.trainer import Trainer
from tests.callbacks._helpers import tiny_data, tiny_model

_TRAINER_RESUMES = "_initial_epoch" in inspect.getsource(Trainer.fit)


class _Interrupt(Callback):
    def __init__(self, at_epoch):
        super().__init__()
        self.at_epoch = at_epoch
        self.epochs = []

    def on_epoch_begin(self, epoch, logs=None):
        self.epochs.append(epoch)
        if epoch == self.at_epoch:
            raise RuntimeError("interrupted")


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match="backup_dir"):
        BackupAndRestore("")
    with pytest.raises(ValueError, match="save_freq"):
        BackupAndRestore("dir", save_freq="often")


@pytest.mark.requires_trainable_backend
def test_interrupted_fit_restores_weights_and_epoch(tmp_path):
    x, y = tiny_data()
    model = tiny_model()
    backup = BackupAndRestore(str(tmp_path))
    with pytest.raises(RuntimeError, match="interrupted"):
        model.fit(x, y, epochs=4, batch_size=8, verbose=0,
                  callbacks=[backup, _Interrupt(at_epoch=2)])
    assert "training_metadata.json" in os.listdir(tmp_path)
    saved = model.get_weights()

    fresh = tiny_model()
    recorder = _Interrupt(at_epoch=-1)
    restore = BackupAndRestore(str(tmp_path))
    restore.set_model(fresh)
    restore.on_train_begin()
    assert fresh._initial_epoch == 2
    for a, b in zip(saved, fresh.get_weights()):
        np.testing.assert_allclose(a, b)
    fresh._initial_epoch = None
    if _TRAINER_RESUMES:
        fresh.fit(x, y, epochs=4, batch_size=8, verbose=0,
                  callbacks=[BackupAndRestore(str(tmp_path)), recorder])
        assert recorder.epochs == [2, 3]
        assert not os.path.exists(tmp_path / "training_metadata.json")


@pytest.mark.requires_trainable_backend
def test_batch_level_backup_reruns_the_epoch(tmp_path):
    x, y = tiny_data()
    model = tiny_model()

    class StopMidEpoch(Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 0 and self.params.get("epochs") and self._epoch == 1:
                raise RuntimeError("interrupted")

        def on_epoch_begin(self, epoch, logs=None):
            self._epoch = epoch

    with pytest.raises(RuntimeError):
        model.fit(x, y, epochs=3, batch_size=8, verbose=0,
                  callbacks=[BackupAndRestore(str(tmp_path), save_freq=1), StopMidEpoch()])
    fresh = tiny_model()
    restore = BackupAndRestore(str(tmp_path))
    restore.set_model(fresh)
    restore.on_train_begin()
    assert fresh._initial_epoch == 1
