"""Losses inside the engine's compiled step (jax.jit, tf.function + XLA, torch.compile)."""

import numpy as np
import pytest

from kbackend import backends, losses

from ._helpers import assert_close, to_np

RNG = np.random.RandomState(8)


def _data(loss_name, batch):
    if loss_name == "sparse":
        return (RNG.randint(0, 3, (batch, 5)).astype("int32"),
                RNG.uniform(size=(batch, 5, 3)).astype("float32"), None)
    if loss_name == "circle":
        return (RNG.randint(0, 2, (batch,)).astype("int32"),
                RNG.uniform(size=(batch, 4)).astype("float32"), None)
    if loss_name == "ctc":
        return (RNG.randint(0, 3, (batch, 2)).astype("int32"),
                RNG.uniform(size=(batch, 6, 4)).astype("float32"), None)
    return (RNG.uniform(size=(batch, 2, 3)).astype("float32"),
            RNG.uniform(size=(batch, 2, 3)).astype("float32"),
            RNG.uniform(size=(batch,)).astype("float32"))


LOSSES = {
    "weighted": lambda: losses.MeanAbsoluteError(reduction="mean_with_sample_weight"),
    "sparse": lambda: losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0),
    "circle": lambda: losses.Circle(gamma=4.0),
    "ctc": lambda: losses.CTC(),
}


@pytest.mark.parametrize("loss_name", list(LOSSES))
def test_compiled_matches_eager(loss_name):
    loss = LOSSES[loss_name]()

    def step(data):
        y_true, y_pred, sample_weight = data
        return loss(y_true, y_pred, sample_weight=sample_weight)

    compiled = backends.trainer().make_function(step, [], jit_compile=True)
    # Two batch sizes: the second trace may see an unknown batch dimension.
    for batch in (4, 5):
        data = _data(loss_name, batch)
        expected = to_np(step(data))
        assert np.isfinite(expected)
        assert_close(compiled(data), expected, rtol=1e-4)
