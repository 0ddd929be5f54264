"""Clipping, weight decay, EMA, accumulation, loss scaling, routing, get and configs."""

import numpy as np
import pytest

import kbackend
from kbackend import backends, ops, optimizers

G = np.array([3.0, -4.0], dtype="float32")
G2 = np.array([1.0, 0.0], dtype="float32")


def _apply(optimizer, grads, variables):
    optimizer.apply([ops.convert_to_tensor(g) for g in grads], variables)


@pytest.mark.parametrize("kwargs, expected", [
    ({"clipnorm": 1.0}, [1.0 - 0.6, 1.0 + 0.8]),
    ({"clipvalue": 1.0}, [0.0, 2.0]),
    ({"clipvalue": 10.0}, [-2.0, 5.0]),
])
def test_clipping(kwargs, expected):
    w = kbackend.Variable([1.0, 1.0])
    _apply(optimizers.SGD(1.0, **kwargs), [G], [w])
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-6)


def test_global_clipnorm():
    a, b = kbackend.Variable([0.0, 0.0]), kbackend.Variable([0.0])
    _apply(optimizers.SGD(1.0, global_clipnorm=2.0), [G, np.array([12.0], "float32")], [a, b])
    norm = np.sqrt(9 + 16 + 144)
    np.testing.assert_allclose(a.numpy(), -G * 2.0 / norm, rtol=1e-6)
    np.testing.assert_allclose(b.numpy(), [-12.0 * 2.0 / norm], rtol=1e-6)


def test_only_one_clipping_argument():
    with pytest.raises(ValueError, match="Only one of"):
        optimizers.SGD(clipnorm=1.0, clipvalue=1.0)


def test_weight_decay_with_exclusions():
    kernel = kbackend.Variable([2.0, 2.0], name="kernel")
    bias = kbackend.Variable([2.0, 2.0], name="bias")
    other = kbackend.Variable([2.0, 2.0], name="other")
    optimizer = optimizers.SGD(0.1, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_list=[other], var_names=["bias"])
    zeros = np.zeros(2, "float32")
    _apply(optimizer, [zeros, zeros, zeros], [kernel, bias, other])
    np.testing.assert_allclose(kernel.numpy(), [1.9, 1.9], rtol=1e-6)
    np.testing.assert_allclose(bias.numpy(), [2.0, 2.0])
    np.testing.assert_allclose(other.numpy(), [2.0, 2.0])
    with pytest.raises(ValueError, match="before the optimizer is built"):
        optimizer.exclude_from_weight_decay(var_names=["x"])


def test_ema_and_finalize():
    w = kbackend.Variable([1.0, 1.0])
    optimizer = optimizers.SGD(0.1, use_ema=True, ema_momentum=0.5)
    ref_w, ref_avg = np.array([1.0, 1.0]), None
    for step in range(3):
        _apply(optimizer, [G], [w])
        ref_w = ref_w - 0.1 * G
        ref_avg = ref_w.copy() if step == 0 else 0.5 * ref_avg + 0.5 * ref_w
    np.testing.assert_allclose(w.numpy(), ref_w, rtol=1e-6)
    optimizer.finalize_variable_values([w])
    np.testing.assert_allclose(w.numpy(), ref_avg, rtol=1e-6)


def test_ema_overwrite_frequency():
    w = kbackend.Variable([0.0])
    optimizer = optimizers.SGD(1.0, use_ema=True, ema_momentum=0.5, ema_overwrite_frequency=2)
    one = np.array([-1.0], "float32")
    _apply(optimizer, [one], [w])   # w=1, avg=1
    _apply(optimizer, [one], [w])   # w=2, avg=1.5, overwritten at step 2
    np.testing.assert_allclose(w.numpy(), [1.5])


def test_gradient_accumulation():
    w = kbackend.Variable([1.0, 1.0])
    optimizer = optimizers.SGD(0.1, gradient_accumulation_steps=2)
    _apply(optimizer, [G], [w])
    np.testing.assert_allclose(w.numpy(), [1.0, 1.0])
    _apply(optimizer, [G2], [w])
    np.testing.assert_allclose(w.numpy(), 1.0 - 0.1 * (G + G2) / 2, rtol=1e-6)
    _apply(optimizer, [G2], [w])
    np.testing.assert_allclose(w.numpy(), 1.0 - 0.1 * (G + G2) / 2, rtol=1e-6)
    assert int(optimizer.iterations.numpy()) == 3
    with pytest.raises(ValueError, match="gradient_accumulation_steps"):
        optimizers.SGD(gradient_accumulation_steps=1)


def test_loss_scale_skips_non_finite_and_halves():
    w = kbackend.Variable([1.0, 1.0])
    optimizer = optimizers.LossScaleOptimizer(optimizers.SGD(0.5), initial_scale=8.0,
                                              dynamic_growth_steps=2)
    _apply(optimizer, [np.array([np.inf, 1.0], "float32")], [w])
    np.testing.assert_array_equal(w.numpy(), [1.0, 1.0])
    assert float(optimizer.dynamic_scale.numpy()) == 4.0
    assert int(optimizer.iterations.numpy()) == 0
    _apply(optimizer, [np.array([4.0, 8.0], "float32")], [w])  # unscaled: [1, 2]
    np.testing.assert_allclose(w.numpy(), [0.5, 0.0])
    assert float(optimizer.dynamic_scale.numpy()) == 4.0
    _apply(optimizer, [np.array([0.0, 0.0], "float32")], [w])
    assert float(optimizer.dynamic_scale.numpy()) == 8.0  # doubled after 2 good steps
    assert int(optimizer.step_counter.numpy()) == 0
    assert float(ops.convert_to_numpy(optimizer.scale_loss(1.5))) == 12.0


def test_loss_scale_stateless_apply():
    w = kbackend.Variable([1.0])
    optimizer = optimizers.LossScaleOptimizer(optimizers.SGD(1.0), initial_scale=2.0)
    optimizer.build([w])
    values = [v.value for v in optimizer.variables]
    (new_w,), new_values = optimizer.stateless_apply(
        values, [ops.convert_to_tensor([np.nan])], [w.value])
    np.testing.assert_array_equal(ops.convert_to_numpy(new_w), [1.0])
    assert float(ops.convert_to_numpy(new_values[1])) == 1.0


def test_variable_constraint_applied_after_update():
    w = kbackend.Variable([1.0, 1.0])
    w.constraint = lambda x: ops.maximum(x, 0.0)
    _apply(optimizers.SGD(1.0), [G], [w])
    np.testing.assert_allclose(w.numpy(), [0.0, 5.0])


def test_multi_optimizer_routes_variables():
    kernel = kbackend.Variable([1.0], name="kernel")
    bias = kbackend.Variable([1.0], name="bias")
    fn_selected = kbackend.Variable([1.0], name="special")
    optimizer = optimizers.MultiOptimizer(
        [(optimizers.SGD(0.5), "kernel"), (optimizers.SGD(0.25), lambda v: v.name == "special")],
        default_optimizer=optimizers.Adam(0.1))
    one = np.ones(1, "float32")
    _apply(optimizer, [one, one, one], [kernel, bias, fn_selected])
    np.testing.assert_allclose(kernel.numpy(), [0.5])
    np.testing.assert_allclose(fn_selected.numpy(), [0.75])
    np.testing.assert_allclose(bias.numpy(), [0.9], rtol=1e-5)
    assert len(optimizer.variables) == 1 + 2 + 2 + 4
    with pytest.raises(ValueError, match="string"):
        optimizer.get_config()


def test_learning_rate_property_and_schedule():
    optimizer = optimizers.SGD(0.1)
    optimizer.learning_rate = 0.5
    assert float(optimizer.learning_rate) == 0.5
    schedule = optimizers.schedules.ExponentialDecay(1.0, decay_steps=1, decay_rate=0.5)
    optimizer = optimizers.SGD(schedule)
    w = kbackend.Variable([0.0])
    for _ in range(3):
        _apply(optimizer, [np.array([-1.0], "float32")], [w])
    np.testing.assert_allclose(w.numpy(), [1.0 + 0.5 + 0.25])
    with pytest.raises(TypeError, match="schedule"):
        optimizer.learning_rate = 0.1


def test_get():
    assert isinstance(optimizers.get("ADAM"), optimizers.Adam)
    assert isinstance(optimizers.get("sgd"), optimizers.SGD)
    assert isinstance(optimizers.get("RMSprop"), optimizers.RMSprop)
    instance = optimizers.Lion()
    assert optimizers.get(instance) is instance
    with pytest.raises(ValueError, match="adam"):
        optimizers.get("adamm")


@pytest.mark.parametrize("optimizer", [
    optimizers.SGD(0.2, momentum=0.5, nesterov=True, clipnorm=1.0),
    optimizers.Adam(optimizers.schedules.CosineDecay(0.1, 100, warmup_target=0.2,
                                                     warmup_steps=10), amsgrad=True),
    optimizers.AdamW(weight_decay=0.1, use_ema=True),
    optimizers.Ftrl(l1_regularization_strength=0.1),
    optimizers.Muon(exclude_layers=["head"]),
    optimizers.ScheduleFreeAdamW(warmup_steps=5),
    optimizers.LossScaleOptimizer(optimizers.RMSprop(centered=True), initial_scale=16.0),
    optimizers.MultiOptimizer([(optimizers.SGD(0.1), "kernel")],
                              default_optimizer=optimizers.Adam()),
], ids=lambda o: type(o).__name__)
def test_config_round_trip(optimizer):
    restored = optimizers.deserialize(optimizers.serialize(optimizer))
    assert type(restored) is type(optimizer)
    assert restored.get_config() == optimizer.get_config()


@pytest.mark.requires_trainable_backend
@pytest.mark.parametrize("name", ["sgd", "adam", "rmsprop"])
def test_convergence_on_least_squares(name):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype("float32")
    true_w = np.array([[1.0], [-2.0], [0.5]], "float32")
    y = x @ true_w
    w = kbackend.Variable(np.zeros((3, 1), "float32"))
    lr = {"sgd": 0.2}.get(name, 0.1)
    optimizer = optimizers.get({"class_name": name, "config": {"learning_rate": lr}})
    xt, yt = ops.convert_to_tensor(x), ops.convert_to_tensor(y)

    def loss_fn():
        return ops.mean(ops.square(ops.subtract(ops.matmul(xt, w.value), yt)))

    for _ in range(80):
        _, grads = kbackend.backend.compute_gradients(loss_fn, [w])
        optimizer.apply(grads, [w])
    np.testing.assert_allclose(w.numpy(), true_w, atol=0.1)


def test_fused_and_generic_paths_agree():
    # Eager apply may take the engine's fast path; stateless_apply always runs the
    # generic rule (Note [fast paths]).
    for make in (lambda: optimizers.SGD(0.1, momentum=0.9, nesterov=True),
                 lambda: optimizers.Adam(0.1, amsgrad=True), lambda: optimizers.SGD(0.1)):
        eager, pure = make(), make()
        w1, w2 = kbackend.Variable([[1.0, 2.0]]), kbackend.Variable([[1.0, 2.0]])
        pure.build([w2])
        values, w_values = [v.value for v in pure.variables], [w2.value]
        for g in ([[0.5, -1.0]], [[0.25, 0.75]]):
            _apply(eager, [np.array(g, "float32")], [w1])
            w_values, values = pure.stateless_apply(
                values, [ops.convert_to_tensor(np.array(g, "float32"))], w_values)
        np.testing.assert_allclose(w1.numpy(), ops.convert_to_numpy(w_values[0]), rtol=1e-6)


def test_engine_fast_path_module_is_reachable():
    from kbackend.optimizers.base_optimizer import engine_optimizer_module

    module = engine_optimizer_module()
    assert module.__name__ == f"kbackend.backends.{backends.ENGINE}.optimizer"
