"""The tensorflow step wrapper (Note [release memory after tracing], tf trainer.py)."""

import numpy as np
import pytest

from kbackend import backends

if backends.ENGINE != "tensorflow":
    pytest.skip("tensorflow trainer tests run with KBACKEND=tensorflow",
                allow_module_level=True)

import tensorflow as tf  # noqa: E402

import kbackend as keras  # noqa: E402
from kbackend.backends.tensorflow import trainer as tf_trainer  # noqa: E402


@pytest.fixture
def trims(monkeypatch):
    calls = []
    monkeypatch.setattr(tf_trainer, "_MALLOC_TRIM", lambda pad: calls.append(pad) or 1)
    return calls


def test_trims_once_per_trace(trims):
    step = tf_trainer.make_function(lambda x: x * 2.0, [])
    np.testing.assert_allclose(step(tf.ones((2, 3))).numpy(), 2.0)
    assert trims == [0]
    step(tf.ones((2, 3)))
    assert trims == [0]  # no new trace, no trim
    step(tf.ones((5, 3)))  # relaxed retrace for a new batch size
    assert len(trims) == 2
    assert step.experimental_get_tracing_count() == 2


def test_wrapper_forwards_tf_function_api(trims):
    step = tf_trainer.make_function(lambda x: x + 1.0, [])
    concrete = step.get_concrete_function(tf.TensorSpec((None, 2), tf.float32))
    assert concrete.structured_outputs.shape.as_list() == [None, 2]
    assert tf_trainer.make_function(len, [], jit_compile=False) is len


def test_fit_results_unchanged_without_trim(monkeypatch, trims):
    def train():
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
        model.compile(optimizer="adam", loss="mse")
        x = np.random.default_rng(0).normal(size=(10, 4)).astype("float32")
        model.fit(x, x[:, :3], batch_size=4, epochs=2, verbose=0)
        return [v.numpy() for v in model.weights]

    trimmed = train()
    assert trims  # the full and the partial batch each traced once
    monkeypatch.setattr(tf_trainer, "_MALLOC_TRIM", None)
    for a, b in zip(trimmed, train()):
        np.testing.assert_array_equal(a, b)
