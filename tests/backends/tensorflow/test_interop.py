"""kbackend models inside tensorflow code: tf.function, GradientTape, native SGD loops."""

import numpy as np
import pytest

from kbackend import backends

if backends.ENGINE != "tensorflow":
    pytest.skip("tensorflow interop tests run with KBACKEND=tensorflow",
                allow_module_level=True)

import tensorflow as tf  # noqa: E402

import kbackend as keras  # noqa: E402


def _model(seed=0):
    keras.utils.set_random_seed(seed)
    return keras.Sequential([
        keras.Input((3,)),
        keras.layers.Dense(4, activation="tanh"),
        keras.layers.Dense(1),
    ])


def _reference_forward(weights, x):
    kernel1, bias1, kernel2, bias2 = weights
    return np.tanh(x @ kernel1 + bias1) @ kernel2 + bias2


def test_tf_function_of_model_matches_eager_and_numpy():
    model = _model()
    x = np.random.rand(5, 3).astype("float32")
    compiled = tf.function(model)(x)
    np.testing.assert_allclose(compiled, model(x), rtol=1e-6)
    np.testing.assert_allclose(compiled, _reference_forward(model.get_weights(), x),
                               rtol=1e-5, atol=1e-6)


def test_variables_hold_tf_variables():
    model = _model()
    assert all(isinstance(v._value, tf.Variable) for v in model.trainable_variables)
    assert all(isinstance(tf.convert_to_tensor(v), tf.Tensor)
               for v in model.trainable_variables)


def test_gradient_tape_matches_compute_gradients():
    model = _model()
    x = np.random.rand(4, 3).astype("float32")
    values = [tf.Variable(v.numpy()) for v in model.trainable_variables]
    with tf.GradientTape() as tape:
        out, _ = model.stateless_call(values, [], x)
        loss = tf.reduce_mean(out ** 2)
    tape_grads = tape.gradient(loss, values)

    def loss_fn():
        return keras.ops.mean(model(x) ** 2)

    _, kbackend_grads = keras.backend.compute_gradients(loss_fn, model.trainable_variables)
    for a, b in zip(tape_grads, kbackend_grads):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)


@pytest.mark.skipif(
    not hasattr(backends.Variable, "handle"),
    reason="tape.gradient(loss, model.trainable_variables) needs the tf Variable to act as a "
    "resource variable (`handle`, `_should_act_as_resource_variable`); see the report",
)
def test_gradient_tape_on_model_trainable_variables():
    model = _model()
    x = np.random.rand(4, 3).astype("float32")
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(model(x) ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    assert all(g is not None for g in grads)


@pytest.mark.requires_trainable_backend
def test_native_sgd_loop_matches_fit_with_sgd():
    x = np.random.rand(32, 3).astype("float32")
    y = np.random.rand(32, 1).astype("float32")
    lr, epochs, batch = 0.1, 3, 8

    fitted = _model(seed=5)
    fitted.compile(optimizer=keras.optimizers.SGD(lr), loss="mse")
    fitted.fit(x, y, batch_size=batch, epochs=epochs, shuffle=False, verbose=0)

    native = _model(seed=5)
    params = [tf.Variable(v.numpy()) for v in native.trainable_variables]

    @tf.function
    def step(xb, yb):
        with tf.GradientTape() as tape:
            out, _ = native.stateless_call(params, [], xb)
            loss = tf.reduce_mean((out - yb) ** 2)
        for variable, grad in zip(params, tape.gradient(loss, params)):
            variable.assign_sub(lr * grad)
        return loss

    for _ in range(epochs):
        for start in range(0, len(x), batch):
            step(x[start:start + batch], y[start:start + batch])
    for variable, value in zip(native.trainable_variables, params):
        variable.assign(value)
    native.compile(loss="mse")
    np.testing.assert_allclose(native.evaluate(x, y, verbose=0),
                               fitted.evaluate(x, y, verbose=0), rtol=1e-4)
    for a, b in zip(native.get_weights(), fitted.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
