"""steps_per_execution > 1: N steps per compiled call, callbacks once per call."""

import numpy as np
import pytest

import kbackend as keras
from kbackend import layers

trainable = pytest.mark.requires_trainable_backend


def _fit(steps_per_execution, callbacks=(), epochs=2, validation=False):
    keras.utils.set_random_seed(3)
    model = keras.Sequential([
        layers.Input((4,)), layers.Dense(8, activation="relu"), layers.Dropout(0.25),
        layers.BatchNormalization(), layers.Dense(3)])
    model.compile(optimizer="adam", metrics=["accuracy"],
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  steps_per_execution=steps_per_execution)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(44, 4)).astype("float32")
    y = rng.integers(0, 3, size=44)
    history = model.fit(
        x, y, batch_size=4, epochs=epochs, shuffle=False, verbose=0,
        callbacks=list(callbacks), validation_data=(x[:20], y[:20]) if validation else None)
    return model, history


class _Recorder(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def on_train_batch_begin(self, batch, logs=None):
        self.calls.append(("begin", batch))

    def on_train_batch_end(self, batch, logs=None):
        self.calls.append(("end", batch, sorted(logs)))


@trainable
def test_trains_identically_to_one_step_per_execution():
    single, single_history = _fit(1, validation=True)
    multi, multi_history = _fit(4, validation=True)
    for expected, actual in zip(single.get_weights(), multi.get_weights()):
        np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-6)
    for name, values in single_history.history.items():
        np.testing.assert_allclose(multi_history.history[name], values, rtol=1e-5, atol=1e-6)


@trainable
def test_batch_callbacks_run_once_per_execution():
    recorder = _Recorder()
    _fit(4, callbacks=[recorder], epochs=1)
    # 11 batches in groups of 4: steps 0-3, 4-7, 8-10 (the last group is shorter).
    begins = [call[1] for call in recorder.calls if call[0] == "begin"]
    ends = [call[1] for call in recorder.calls if call[0] == "end"]
    assert begins == [0, 4, 8]
    assert ends == [3, 7, 10]
    assert all(call[2] == ["accuracy", "loss"] for call in recorder.calls if call[0] == "end")


@trainable
def test_evaluate_with_steps_per_execution_matches():
    single, _ = _fit(1, epochs=1)
    x = np.random.default_rng(1).normal(size=(18, 4)).astype("float32")
    y = np.arange(18) % 3
    expected = single.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
    single.compile(optimizer="adam", metrics=["accuracy"], steps_per_execution=3,
                   loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    actual = single.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
    for name, value in expected.items():
        np.testing.assert_allclose(actual[name], value, rtol=1e-5, atol=1e-6)


def test_epoch_iterator_groups_batches():
    from kbackend.trainers.epoch_iterator import EpochIterator

    iterator = EpochIterator(np.arange(7.0), batch_size=2, steps_per_execution=3)
    groups = [(begin, end, [np.asarray(b).tolist() for b in batches])
              for begin, end, batches in iterator.enumerate_executions()]
    assert groups == [(0, 2, [[0, 1], [2, 3], [4, 5]]), (3, 3, [[6]])]
