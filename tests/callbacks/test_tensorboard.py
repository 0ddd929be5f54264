import os

import numpy as np
import pytest

from kbackend.callbacks import TensorBoard
from tests.callbacks._helpers import tiny_data, tiny_model


def _read(folder):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    accumulator = EventAccumulator(str(folder), size_guidance={"scalars": 0, "histograms": 0,
                                                               "images": 0, "tensors": 0})
    accumulator.Reload()
    return accumulator


def test_rejects_bad_update_freq():
    with pytest.raises(ValueError, match="update_freq"):
        TensorBoard(update_freq="sometimes")


@pytest.mark.requires_trainable_backend
def test_scalars_histograms_and_images(tmp_path):
    model = tiny_model()
    x, y = tiny_data()
    board = TensorBoard(str(tmp_path), histogram_freq=1, write_images=True, update_freq=2)
    history = model.fit(x, y, epochs=2, batch_size=4, verbose=0, validation_data=(x, y),
                        callbacks=[board])
    assert sorted(os.listdir(tmp_path)) == ["train", "validation"]
    train = _read(tmp_path / "train")
    losses = [event.value for event in train.Scalars("epoch_loss")]
    np.testing.assert_allclose(losses, history.history["loss"], rtol=1e-6)
    assert [event.step for event in train.Scalars("batch_loss")] == [2, 4, 6, 8]
    tags = train.Tags()
    kernel = [t for t in tags["histograms"] if "kernel" in t]
    assert kernel and [h.step for h in train.Histograms(kernel[0])] == [0, 1]
    assert train.Histograms(kernel[0])[-1].histogram_value.num == 4
    assert any("kernel" in t for t in tags["images"])
    assert "keras" in tags["tensors"]
    validation = _read(tmp_path / "validation")
    val_losses = [event.value for event in validation.Scalars("epoch_loss")]
    np.testing.assert_allclose(val_losses, history.history["val_loss"], rtol=1e-6)
    steps = [event.step for event in validation.Scalars("evaluation_loss_vs_iterations")]
    assert steps == [4, 8]
