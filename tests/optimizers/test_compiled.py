"""Optimizer updates inside the engine's compiled step (jax.jit, tf.function)."""

import numpy as np
import pytest

import kbackend
from kbackend import backends, ops, optimizers


@pytest.mark.requires_trainable_backend
@pytest.mark.filterwarnings("ignore:torch.compile is not available")
@pytest.mark.parametrize("make", [
    lambda: optimizers.Adam(0.1, use_ema=True, ema_overwrite_frequency=2),
    lambda: optimizers.SGD(0.1, momentum=0.9, gradient_accumulation_steps=2),
    lambda: optimizers.LossScaleOptimizer(optimizers.Nadam(0.1), initial_scale=4.0,
                                          dynamic_growth_steps=2),
], ids=["adam_ema", "sgd_accumulation", "loss_scale"])
def test_compiled_step_matches_eager(make):
    grads = [np.array([0.5, -1.0], "float32"), np.array([np.inf, 1.0], "float32"),
             np.array([0.25, 0.75], "float32"), np.array([1.0, 1.0], "float32")]
    eager, compiled = make(), make()
    w_eager, w_compiled = kbackend.Variable([1.0, 2.0]), kbackend.Variable([1.0, 2.0])
    compiled.build([w_compiled])
    state = [w_compiled] + compiled.variables

    def step(g):
        compiled.apply([g], [w_compiled])
        return ops.convert_to_tensor(0.0)

    run = backends.trainer().make_function(step, state, jit_compile=True)
    for g in grads:
        if not isinstance(eager, optimizers.LossScaleOptimizer) and not np.isfinite(g).all():
            g = np.nan_to_num(g, posinf=2.0)
        eager.apply([ops.convert_to_tensor(g)], [w_eager])
        run(ops.convert_to_tensor(g))
    np.testing.assert_allclose(w_compiled.numpy(), w_eager.numpy(), rtol=1e-6)
    for a, b in zip(compiled.variables, eager.variables):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)
