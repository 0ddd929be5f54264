"""The torch Adam fast paths (Note [fused adam on cpu] in backends/torch/optimizer.py)."""

import numpy as np
import pytest

from kbackend import backends

if backends.ENGINE != "torch":
    pytest.skip("torch fast-path tests run with KBACKEND=torch", allow_module_level=True)

import torch  # noqa: E402

import kbackend as keras  # noqa: E402
from kbackend.backends.torch import optimizer as torch_optimizer  # noqa: E402
from kbackend.optimizers import schedules  # noqa: E402


def _train(monkeypatch, fused, make_optimizer, dtype="float32"):
    if not fused:
        monkeypatch.setattr(torch_optimizer, "_fused_adam_on_cpu", lambda *args: False)
    calls = []
    real_kernel = torch._fused_adam_
    monkeypatch.setattr(torch, "_fused_adam_",
                        lambda *args, **kwargs: calls.append(1) or real_kernel(*args, **kwargs))
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((16,)),
        keras.layers.Dense(32, activation="relu", dtype=dtype),
        keras.layers.Dense(3, dtype=dtype),
    ])
    model.compile(optimizer=make_optimizer(), metrics=["accuracy"],
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(96, 16)).astype(dtype)
    y = rng.integers(0, 3, size=96).astype("int32")
    history = model.fit(x, y, batch_size=8, epochs=3, verbose=0, shuffle=False)
    monkeypatch.undo()
    return model, history.history, len(calls)


@pytest.mark.parametrize("make", [
    lambda: keras.optimizers.Adam(1e-2),
    lambda: keras.optimizers.Adam(0.1, beta_2=0.99, epsilon=1e-3, amsgrad=True),
    lambda: keras.optimizers.Adam(schedules.ExponentialDecay(1e-2, 4, 0.5)),
    lambda: keras.optimizers.AdamW(1e-2, weight_decay=0.1),
], ids=["adam", "amsgrad", "schedule", "adamw"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_fused_kernel_matches_the_generic_rule(monkeypatch, make, dtype):
    fused, fused_logs, fused_calls = _train(monkeypatch, True, make, dtype)
    generic, generic_logs, generic_calls = _train(monkeypatch, False, make, dtype)
    assert fused_calls == 36 and generic_calls == 0  # 12 steps x 3 epochs
    # Rounding differs by a few ulps per step; 36 steps of training carry it into the
    # gradients, so float32 weights drift apart by about 1e-6 (as on tensorflow's XLA path).
    rtol, atol = (1e-5, 1e-6) if dtype == "float32" else (1e-12, 1e-14)
    np.testing.assert_allclose(fused_logs["loss"], generic_logs["loss"], rtol=rtol)
    for a, b in zip(fused.get_weights(), generic.get_weights()):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)
    for a, b in zip(fused.optimizer.variables, generic.optimizer.variables):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=rtol, atol=atol / 10)


def test_half_precision_keeps_the_foreach_path(monkeypatch):
    calls = []
    monkeypatch.setattr(torch, "_fused_adam_", lambda *a, **k: calls.append(1))
    optimizer = keras.optimizers.Adam(0.5)
    half = keras.Variable(np.ones((4,), "float16"))
    optimizer.build([half])
    with torch.no_grad():
        assert torch_optimizer.adam_update(
            optimizer, [torch.ones(4, dtype=torch.float16)], [half], optimizer.learning_rate)
    assert calls == []
    # First Adam step: 1 - lr * sign(g); float16 rounds 1 - 0.999 to 0.000977 (2% off).
    np.testing.assert_allclose(half.numpy(), 0.5, rtol=2e-2)


def test_strided_gradients_and_parameters_update_like_the_generic_rule():
    # The fused kernel reads memory in order: a transposed gradient is made contiguous
    # first, and a transposed parameter view keeps the _foreach path.
    def run(fused, transposed_param):
        optimizer = keras.optimizers.Adam(0.1)
        variable = keras.Variable(np.arange(6, dtype="float32").reshape(3, 2))
        optimizer.build([variable])
        if transposed_param:
            variable._value = variable.value.t().contiguous().t()
        gradient = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).t()  # strided (3, 2)
        with torch.no_grad():
            if fused:
                torch_optimizer.adam_update(optimizer, [gradient], [variable], 0.1)
            else:
                optimizer.update_step(gradient, variable, optimizer.learning_rate)
        return variable.numpy(), optimizer._momentums[0].numpy()

    for transposed_param in (False, True):
        for fused_value, generic_value in zip(run(True, transposed_param),
                                              run(False, transposed_param)):
            np.testing.assert_allclose(fused_value, generic_value, rtol=1e-6)
