"""LossScaleOptimizer: dynamic loss scale, skipped steps, and compile's automatic wrapping."""

import numpy as np
import pytest

import kbackend
from kbackend import callbacks, layers, mixed_precision, ops, optimizers

pytestmark = pytest.mark.requires_trainable_backend


def _scale(optimizer):
    return float(optimizer.dynamic_scale.numpy())


def test_finite_steps_match_inner_optimizer_and_grow_scale():
    w = kbackend.Variable(np.array([1.0, -2.0], "float32"))
    opt = mixed_precision.LossScaleOptimizer(optimizers.SGD(0.5), initial_scale=8.0,
                                             dynamic_growth_steps=2)
    expected = np.array([1.0, -2.0])
    scales = []
    for step in range(4):
        grad = np.array([0.5, 1.0], "float32") * (step + 1)
        scale = opt.dynamic_scale.numpy() if opt.built else 8.0
        opt.apply([ops.convert_to_tensor(grad * scale)], [w])
        expected = expected - 0.5 * grad  # plain SGD on the unscaled gradient
        scales.append(_scale(opt))
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-6)
    assert scales == [8.0, 16.0, 16.0, 32.0]
    assert int(opt.iterations.numpy()) == 4


def test_non_finite_gradient_skips_step_and_halves_scale():
    w = kbackend.Variable(np.array([1.0, 1.0], "float32"))
    inner = optimizers.Adam(0.1)
    opt = mixed_precision.LossScaleOptimizer(inner, initial_scale=4.0, dynamic_growth_steps=3)
    opt.apply([ops.convert_to_tensor(np.array([1.0, 1.0], "float32"))], [w])
    after_first = w.numpy()
    inner_state = [v.numpy() for v in inner.variables]
    for bad in (np.inf, np.nan):
        opt.apply([ops.convert_to_tensor(np.array([bad, 1.0], "float32"))], [w])
        np.testing.assert_array_equal(w.numpy(), after_first)
        for before, variable in zip(inner_state, inner.variables):
            np.testing.assert_array_equal(variable.numpy(), before)
    assert _scale(opt) == 1.0
    assert int(opt.step_counter.numpy()) == 0
    assert int(opt.iterations.numpy()) == 1


def test_scale_loss_and_config_round_trip():
    opt = mixed_precision.LossScaleOptimizer(optimizers.SGD(0.1), initial_scale=16.0,
                                             dynamic_growth_steps=5)
    assert float(ops.convert_to_numpy(opt.scale_loss(2.0))) == 32.0
    restored = optimizers.LossScaleOptimizer.from_config(opt.get_config())
    assert restored.initial_scale == 16.0 and restored.dynamic_growth_steps == 5
    assert isinstance(restored.inner_optimizer, optimizers.SGD)
    with pytest.raises(TypeError, match="optimizer instance"):
        mixed_precision.LossScaleOptimizer("sgd")


@pytest.mark.parametrize("policy,wrapped", [
    ("mixed_float16", True), ("mixed_bfloat16", False), ("float32", False),
])
def test_compile_wraps_only_under_mixed_float16(policy, wrapped):
    mixed_precision.set_global_policy(policy)
    model = kbackend.Sequential([layers.Input((2,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    assert isinstance(model.optimizer, optimizers.LossScaleOptimizer) == wrapped
    model.compile(optimizer="sgd", loss="mse", auto_scale_loss=False)
    assert not isinstance(model.optimizer, optimizers.LossScaleOptimizer)


class _Recorder(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.kernels, self.scales = [], []

    def on_train_batch_end(self, batch, logs=None):
        self.kernels.append(self.model.layers[0].kernel.numpy().copy())
        self.scales.append(_scale(self.model.optimizer))


@pytest.mark.parametrize("run_eagerly", [False, True], ids=["compiled", "eager"])
def test_fit_skips_overflowing_step(run_eagerly):
    mixed_precision.set_global_policy("mixed_float16")
    model = kbackend.Sequential([
        layers.Input((2,)),
        layers.Dense(1, kernel_initializer="ones", bias_initializer="zeros"),
    ])
    inner = optimizers.SGD(0.01)
    model.compile(optimizer=mixed_precision.LossScaleOptimizer(
        inner, initial_scale=4.0, dynamic_growth_steps=2), loss="mse",
        run_eagerly=run_eagerly)
    x = np.array([[0.5, 1.0], [1.0, -1.0],    # finite
                  [6e4, 6e4], [1.0, 1.0],     # 1.2e5 overflows float16: inf loss
                  [0.2, 0.1], [1.0, 0.0],     # finite
                  [0.3, 0.3], [0.0, 1.0]], "float32")
    y = np.array([[1.0], [0.0], [1.0], [1.0], [0.5], [0.2], [0.1], [0.4]], "float32")
    recorder = _Recorder()
    model.fit(x, y, batch_size=2, epochs=1, shuffle=False, verbose=0, callbacks=[recorder])
    assert recorder.scales == [4.0, 2.0, 2.0, 4.0]
    np.testing.assert_array_equal(recorder.kernels[1], recorder.kernels[0])
    # The first (finite) step is plain SGD on the unscaled mse gradient.
    w, xb, yb = np.ones((2, 1)), x[:2].astype("float64"), y[:2].astype("float64")
    expected = w - 0.01 * (2.0 * xb.T @ (xb @ w - yb) / 2)
    np.testing.assert_allclose(recorder.kernels[0], expected, rtol=1e-3)
    assert not np.allclose(recorder.kernels[2], recorder.kernels[1])
    assert int(inner.iterations.numpy()) == 3
    assert all(np.isfinite(k).all() for k in recorder.kernels)
