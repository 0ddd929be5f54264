"""kbackend models inside jax code: jit, grad, vmap over stateless_call; optax loops."""

import numpy as np
import pytest

from kbackend import backends

if backends.ENGINE != "jax":
    pytest.skip("jax interop tests run with KBACKEND=jax", allow_module_level=True)

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import kbackend as keras  # noqa: E402


def _model(seed=0):
    keras.utils.set_random_seed(seed)
    return keras.Sequential([
        keras.Input((3,)),
        keras.layers.Dense(4, activation="tanh"),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(1),
    ])


def _values(model):
    return ([v.value for v in model.trainable_variables],
            [v.value for v in model.non_trainable_variables])


def _layer_weights(model):
    return [w for layer in model.layers for w in layer.get_weights()]


def _reference_forward(weights, x):
    # Independent NumPy forward pass of _model in inference mode (per-layer weight order).
    kernel1, bias1, gamma, beta, mean, variance, kernel2, bias2 = weights
    h = np.tanh(x @ kernel1 + bias1)
    h = (h - mean) / np.sqrt(variance + 1e-3) * gamma + beta
    return h @ kernel2 + bias2


def test_jit_stateless_call_matches_eager_and_numpy():
    model = _model()
    x = np.random.rand(5, 3).astype("float32")
    trainable, non_trainable = _values(model)
    jitted = jax.jit(lambda t, n, x: model.stateless_call(t, n, x))
    compiled, _ = jitted(trainable, non_trainable, x)
    eager, _ = model.stateless_call(trainable, non_trainable, x)
    np.testing.assert_allclose(compiled, eager, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(compiled, _reference_forward(_layer_weights(model), x),
                               rtol=1e-5, atol=1e-5)


def test_jit_training_call_returns_new_state_without_touching_variables():
    model = _model()
    x = np.random.rand(6, 3).astype("float32")
    trainable, non_trainable = _values(model)
    before = [np.asarray(v) for v in non_trainable]
    _, new_state = jax.jit(
        lambda t, n, x: model.stateless_call(t, n, x, training=True)
    )(trainable, non_trainable, x)
    # BatchNormalization's moving mean moved in the returned state only.
    assert not np.allclose(new_state[0], before[0])
    np.testing.assert_array_equal(model.non_trainable_variables[0].numpy(), before[0])


def test_grad_over_stateless_call_matches_finite_differences():
    model = _model()
    x = np.random.rand(4, 3).astype("float32")
    trainable, non_trainable = _values(model)

    def loss(t):
        out, _ = model.stateless_call(t, non_trainable, x)
        return jnp.mean(out ** 2)

    grads = jax.grad(loss)(trainable)
    assert [g.shape for g in grads] == [tuple(v.shape) for v in model.trainable_variables]
    # Central finite difference on one kernel entry, in float64.
    t64 = [np.asarray(v, dtype="float64") for v in trainable]
    eps = 1e-4
    plus = [a.copy() for a in t64]
    minus = [a.copy() for a in t64]
    plus[0][1, 2] += eps
    minus[0][1, 2] -= eps
    weights = _layer_weights(model)

    def numpy_loss(t):
        w = [t[0], t[1], t[2], t[3], weights[4], weights[5], t[4], t[5]]
        return np.mean(_reference_forward(w, x.astype("float64")) ** 2)

    expected = (numpy_loss(plus) - numpy_loss(minus)) / (2 * eps)
    np.testing.assert_allclose(grads[0][1, 2], expected, rtol=1e-3, atol=1e-5)


def test_vmap_over_stateless_call_matches_batched_call():
    model = _model()
    x = np.random.rand(7, 3).astype("float32")
    trainable, non_trainable = _values(model)
    per_example = jax.vmap(
        lambda xi: model.stateless_call(trainable, non_trainable, xi[None])[0][0]
    )(x)
    batched, _ = model.stateless_call(trainable, non_trainable, x)
    np.testing.assert_allclose(per_example, batched, rtol=1e-5, atol=1e-6)


def test_variable_values_form_a_pytree():
    model = _model()
    trainable, non_trainable = _values(model)
    doubled = jax.tree_util.tree_map(lambda a: 2 * a, {"t": trainable, "n": non_trainable})
    assert len(jax.tree_util.tree_leaves(doubled)) == len(model.variables)
    np.testing.assert_allclose(doubled["t"][0], 2 * model.trainable_variables[0].numpy())


@pytest.mark.requires_trainable_backend
def test_optax_adam_loop_matches_fit_with_adam():
    optax = pytest.importorskip("optax")
    x = np.random.rand(32, 3).astype("float32")
    y = np.random.rand(32, 1).astype("float32")
    lr, epochs, batch = 0.01, 3, 8

    fitted = _model(seed=3)
    fitted.compile(optimizer=keras.optimizers.Adam(lr), loss="mse")
    fitted.fit(x, y, batch_size=batch, epochs=epochs, shuffle=False, verbose=0)

    native = _model(seed=3)
    trainable, non_trainable = _values(native)
    optimizer = optax.adam(lr, b1=0.9, b2=0.999, eps=1e-7)
    opt_state = optimizer.init(trainable)

    @jax.jit
    def step(trainable, non_trainable, opt_state, xb, yb):
        def loss_fn(t):
            out, new_nt = native.stateless_call(t, non_trainable, xb, training=True)
            return jnp.mean((out - yb) ** 2), new_nt

        (loss, new_nt), grads = jax.value_and_grad(loss_fn, has_aux=True)(trainable)
        updates, opt_state = optimizer.update(grads, opt_state, trainable)
        return optax.apply_updates(trainable, updates), new_nt, opt_state, loss

    for _ in range(epochs):
        for start in range(0, len(x), batch):
            trainable, non_trainable, opt_state, _ = step(
                trainable, non_trainable, opt_state, x[start:start + batch],
                y[start:start + batch])
    for variable, value in zip(native.trainable_variables, trainable):
        variable.assign(value)
    for variable, value in zip(native.non_trainable_variables, non_trainable):
        variable.assign(value)
    native.compile(loss="mse")
    fit_loss = fitted.evaluate(x, y, verbose=0)
    native_loss = native.evaluate(x, y, verbose=0)
    np.testing.assert_allclose(native_loss, fit_loss, rtol=1e-3)
    for a, b in zip(native.get_weights(), fitted.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-4)
