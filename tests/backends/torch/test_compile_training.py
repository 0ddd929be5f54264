"""``jit_compile=True`` on torch trains to the same weights as eager (Note [torch.compile]).

Runs only with KBACKEND=torch. torch.compile uses the ``"aot_eager"`` backend here: it runs
dynamo and AOTAutograd (graph capture, functionalization of the in-place state updates,
the compiled backward) -- where a state-ordering bug would show -- but skips inductor's C++
code generation, which takes minutes on a small CPU and only changes float rounding.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import kbackend as keras  # noqa: E402
from kbackend import layers  # noqa: E402

if keras.backend.backend() != "torch":
    pytest.skip("torch.compile training needs KBACKEND=torch", allow_module_level=True)

from kbackend.backends.torch import trainer as torch_trainer  # noqa: E402


@pytest.fixture(autouse=True)
def _aot_eager(monkeypatch):
    monkeypatch.setitem(torch_trainer.COMPILE_OPTIONS, "backend", "aot_eager")
    yield
    torch._dynamo.reset()


def _weights_after_fit(build_model, optimizer, jit_compile):
    keras.utils.set_random_seed(0)
    model = build_model()
    optimizer = keras.optimizers.get(optimizer)
    model.compile(optimizer=optimizer, loss="mse", jit_compile=jit_compile)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 3)).astype("float32")
    y = rng.normal(size=(8, model.output_shape[-1])).astype("float32")
    history = model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    assert int(optimizer.iterations.numpy()) == 2
    return history.history["loss"], model.get_weights()


def _dense_batch_norm():
    # NOTE: no bias before BatchNormalization: its true gradient is 0, so its computed
    # gradient is rounding noise that Adam scales up to ~lr (see Note [torch.compile]).
    return keras.Sequential([
        layers.Input((3,)),
        layers.Dense(4, use_bias=False),
        layers.BatchNormalization(),
        layers.Dense(2),
    ])


# NOTE: one case only: each torch.compile costs tens of seconds on a small CPU box. The
# Adam + BatchNormalization case covers state updates and the optimizer's slots; plain SGD
# on Dense is covered by the notes' moving-mean test (tests/trainers/test_notes_behaviours.py).
@pytest.mark.parametrize("build_model, optimizer", [
    (_dense_batch_norm, {"class_name": "Adam", "config": {"learning_rate": 0.01}}),
], ids=["adam-batchnorm"])
def test_compiled_fit_matches_eager(build_model, optimizer):
    eager_loss, eager_weights = _weights_after_fit(build_model, optimizer, False)
    compiled_loss, compiled_weights = _weights_after_fit(build_model, optimizer, True)
    np.testing.assert_allclose(compiled_loss, eager_loss, rtol=1e-5)
    assert len(compiled_weights) == len(eager_weights)
    for compiled, eager in zip(compiled_weights, eager_weights):
        np.testing.assert_allclose(compiled, eager, rtol=1e-5, atol=1e-7)
