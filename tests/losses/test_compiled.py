"""Losses inside the engine's default compiled step (jax.jit, tf.function; torch: eager)."""

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
        return (RNG.randint(0, 3, (batch, 3)).astype("int32"),
                RNG.uniform(size=(batch, 7, 4)).astype("float32"), None)
    return (RNG.uniform(size=(batch, 2, 3)).astype("float32"),
            RNG.uniform(size=(batch, 2, 3)).astype("float32"),
            RNG.uniform(size=(batch,)).astype("float32"))


LOSSES = {
    "weighted": lambda: losses.MeanAbsoluteError(reduction="mean_with_sample_weight"),
    "sparse": lambda: losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0),
    "circle": lambda: losses.Circle(gamma=4.0),
    "ctc": lambda: losses.CTC(),
}


# NOTE: "auto" is the engine default the trainers use (jax.jit, tf.function, eager torch);
# torch.compile internals may also emit DeprecationWarnings that are not ours.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_compiled_matches_eager():
    # One step computing every loss keeps this to one compilation per batch size.
    instances = {name: make() for name, make in LOSSES.items()}

    def step(data):
        # NOTE: by LOSSES order: jax rebuilds dicts with sorted keys when tracing.
        return [instances[name](data[name][0], data[name][1], sample_weight=data[name][2])
                for name in LOSSES]

    compiled = backends.trainer().make_function(step, [], jit_compile="auto")
    # Two batch sizes: the second trace may see an unknown batch dimension.
    # NOTE: the same shapes as the eager tests, whose per-shape compilations (jax) are reused.
    for batch in (3, 6):
        data = {name: _data(name, batch) for name in LOSSES}
        expected = [to_np(value) for value in step(data)]
        assert all(np.isfinite(value) for value in expected)
        for actual, value in zip(compiled(data), expected):
            assert_close(actual, value, rtol=1e-4)
