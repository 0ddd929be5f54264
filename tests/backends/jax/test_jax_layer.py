"""JaxLayer and FlaxLayer: training in fit, saving, stateless use."""

import os

import numpy as np
import pytest

from kbackend import backends

if backends.ENGINE != "jax":
    pytest.skip("JaxLayer tests run with KBACKEND=jax", allow_module_level=True)

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import kbackend as keras  # noqa: E402


@keras.saving.register_keras_serializable(package="jax_layer_test")
def linear_call(params, inputs):
    return inputs @ params["w"] + params["b"]


@keras.saving.register_keras_serializable(package="jax_layer_test")
def linear_init(rng, inputs):
    w = jax.random.normal(rng, (inputs.shape[-1], 2), dtype="float32")
    return {"w": w, "b": jnp.zeros((2,), "float32")}


def counting_call(params, state, inputs, training):
    new_state = {"count": state["count"] + (1 if training else 0)}
    return inputs * params["scale"], new_state


def test_call_matches_numpy_and_weights_follow_the_pytree():
    layer = keras.layers.JaxLayer(linear_call, linear_init, seed=2)
    x = np.random.rand(3, 4).astype("float32")
    out = np.asarray(layer(x))
    b, w = [v.numpy() for v in layer.weights]  # tree order: sorted dict keys
    np.testing.assert_allclose(out, x @ w + b, rtol=1e-6)
    assert [v.trainable for v in layer.weights] == [True, True]


def test_state_is_non_trainable_and_updated_in_training():
    layer = keras.layers.JaxLayer(
        counting_call, params={"scale": jnp.full((2,), 3.0)},
        state={"count": jnp.zeros((), "int32")},
    )
    x = np.ones((1, 2), "float32")
    np.testing.assert_allclose(layer(x, training=True), [[3.0, 3.0]])
    layer(x, training=False)
    assert len(layer.trainable_weights) == 1 and len(layer.non_trainable_weights) == 1
    assert int(layer.non_trainable_weights[0].numpy()) == 1


def test_unknown_argument_names_are_rejected():
    with pytest.raises(ValueError, match="does not know"):
        keras.layers.JaxLayer(lambda params, x: x, params={})
    with pytest.raises(ValueError, match="init_fn"):
        keras.layers.JaxLayer(linear_call)


@pytest.mark.requires_trainable_backend
def test_trains_in_fit_and_round_trips_through_save(tmp_path):
    inputs = keras.Input((4,))
    outputs = keras.layers.JaxLayer(linear_call, linear_init, seed=1)(inputs)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    x = np.random.rand(16, 4).astype("float32")
    y = x[:, :2] * 2.0 - 1.0
    history = model.fit(x, y, epochs=5, batch_size=4, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    path = os.path.join(tmp_path, "jax_layer.keras")
    model.save(path)
    restored = keras.saving.load_model(path)
    np.testing.assert_allclose(restored.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6)


@pytest.mark.requires_trainable_backend
def test_flax_layer_trains_and_keeps_batch_stats():
    nn = pytest.importorskip("flax.linen")

    class Block(nn.Module):
        @nn.compact
        def __call__(self, x, training=False):
            x = nn.Dense(4)(x)
            x = nn.BatchNorm(use_running_average=not training)(x)
            return nn.Dense(1)(x)

    layer = keras.layers.FlaxLayer(Block(), seed=0)
    inputs = keras.Input((3,))
    model = keras.Model(inputs, layer(inputs))
    assert len(layer.trainable_weights) == 6 and len(layer.non_trainable_weights) == 2
    model.compile(optimizer="adam", loss="mse")
    x = np.random.rand(16, 3).astype("float32")
    stats_before = [v.numpy().copy() for v in layer.non_trainable_weights]
    model.fit(x, x[:, :1], epochs=2, batch_size=8, verbose=0)
    assert any(not np.allclose(a, v.numpy())
               for a, v in zip(stats_before, layer.non_trainable_weights))
    # Inference uses the module with the layer's current variables.
    variables = {"params": jax.tree_util.tree_unflatten(
        layer.params_treedef, [v.value for v in layer.params_variables]),
        **jax.tree_util.tree_unflatten(
            layer.state_treedef, [v.value for v in layer.state_variables])}
    expected = Block().apply(variables, x, training=False)
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-5, atol=1e-6)
