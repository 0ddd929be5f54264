"""LayerNormalization, GroupNormalization, UnitNormalization and RMSNormalization against
NumPy references, with weights, configs and errors."""

import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.testing import run_layer_test


def _np(x):
    return ops.convert_to_numpy(x)


RNG = np.random.default_rng(0)
X = RNG.standard_normal((2, 3, 4)).astype("float32") * 2 + 0.5


def test_harness():
    run_layer_test(layers.LayerNormalization, {}, input_shape=(2, 3, 4),
                   expected_output_shape=(2, 3, 4), expected_num_trainable_weights=2)
    run_layer_test(layers.LayerNormalization, {"rms_scaling": True}, input_shape=(2, 4),
                   expected_output_shape=(2, 4), expected_num_trainable_weights=1)
    run_layer_test(layers.GroupNormalization, {"groups": 2}, input_shape=(2, 3, 4),
                   expected_output_shape=(2, 3, 4), expected_num_trainable_weights=2)
    run_layer_test(layers.UnitNormalization, {"axis": [1, 2]}, input_shape=(2, 3, 4),
                   expected_output_shape=(2, 3, 4), expected_num_trainable_weights=0)
    run_layer_test(layers.RMSNormalization, {}, input_shape=(2, 3, 4),
                   expected_output_shape=(2, 3, 4), expected_num_trainable_weights=1)


@pytest.mark.parametrize("axis", [-1, [1, 2], 1])
def test_layer_normalization_values(axis):
    axes = tuple(axis) if isinstance(axis, list) else (axis,)
    layer = layers.LayerNormalization(axis=axis, epsilon=1e-2)
    layer.build(X.shape)
    shape = tuple(X.shape[a] for a in axes)
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [("gamma", shape),
                                                                ("beta", shape)]
    gamma = RNG.standard_normal(shape).astype("float32")
    beta = RNG.standard_normal(shape).astype("float32")
    layer.set_weights([gamma, beta])
    mean = X.mean(axis=axes, keepdims=True)
    var = X.var(axis=axes, keepdims=True)
    bshape = [1, 1, 1]
    for a, d in zip(sorted(a % 3 for a in axes), shape):
        bshape[a] = d
    expected = (X - mean) / np.sqrt(var + 1e-2) * gamma.reshape(bshape) + beta.reshape(bshape)
    np.testing.assert_allclose(_np(layer(X)), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.requires_trainable_backend
@pytest.mark.parametrize("axis", [-1, [1, 2], 1])
def test_layer_normalization_gradients(axis):
    # The engine's fused kernel (Note [fused layer norm]) must keep the gradients of the
    # explicit formula: check them against central finite differences in float64.
    from kbackend import backend

    x = RNG.standard_normal((2, 3, 4))
    layer = layers.LayerNormalization(axis=axis, dtype="float64")
    layer.build(x.shape)
    shape = tuple(w.shape for w in layer.weights)
    params = [RNG.standard_normal(s) for s in shape]
    weights = RNG.standard_normal(x.shape)

    def scalar(values):
        outputs, _ = layer.stateless_call(list(values[1:]), [], values[0])
        return ops.sum(ops.multiply(outputs, weights))

    values = [ops.convert_to_tensor(v, "float64") for v in [x] + params]
    _, grads = backend.value_and_grad(scalar)(values)
    for i, value in enumerate([x] + params):
        expected = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            up, down = [np.array(v) for v in [x] + params], [np.array(v) for v in [x] + params]
            up[i][index] += 1e-6
            down[i][index] -= 1e-6
            expected[index] = (float(_np(scalar(up))) - float(_np(scalar(down)))) / 2e-6
        np.testing.assert_allclose(_np(grads[i]), expected, rtol=1e-5, atol=1e-6)


def test_layer_normalization_rms_scaling_and_flags():
    layer = layers.LayerNormalization(rms_scaling=True)
    layer.build(X.shape)
    gamma = RNG.standard_normal(4).astype("float32")
    layer.set_weights([gamma])
    expected = X / np.sqrt((X**2).mean(-1, keepdims=True) + 1e-3) * gamma
    np.testing.assert_allclose(_np(layer(X)), expected, rtol=1e-5, atol=1e-5)
    plain = layers.LayerNormalization(center=False, scale=False)
    expected = (X - X.mean(-1, keepdims=True)) / np.sqrt(X.var(-1, keepdims=True) + 1e-3)
    np.testing.assert_allclose(_np(plain(X)), expected, rtol=1e-5, atol=1e-5)
    assert plain.weights == []
    assert layers.LayerNormalization(center=False).get_config()["center"] is False


def _group_norm_reference(x, groups, axis, gamma, beta, epsilon=1e-3):
    x = np.moveaxis(x, axis, -1)
    shape = x.shape
    grouped = x.reshape(shape[0], -1, groups, shape[-1] // groups)
    mean = grouped.mean(axis=(1, 3), keepdims=True)
    var = grouped.var(axis=(1, 3), keepdims=True)
    out = ((grouped - mean) / np.sqrt(var + epsilon)).reshape(shape) * gamma + beta
    return np.moveaxis(out, -1, axis)


@pytest.mark.parametrize("groups,axis,shape", [(2, -1, (2, 3, 4)), (4, -1, (2, 3, 4)),
                                               (1, 1, (2, 4, 3, 2)), (-1, 1, (2, 4, 3))])
def test_group_normalization_values(groups, axis, shape):
    x = RNG.standard_normal(shape).astype("float32")
    layer = layers.GroupNormalization(groups=groups, axis=axis)
    layer.build(shape)
    dim = shape[axis]
    gamma = RNG.standard_normal(dim).astype("float32")
    beta = RNG.standard_normal(dim).astype("float32")
    layer.set_weights([gamma, beta])
    assert [w.name for w in layer.weights] == ["gamma", "beta"]
    expected = _group_norm_reference(x, dim if groups == -1 else groups, axis, gamma, beta)
    np.testing.assert_allclose(_np(layer(x)), expected, rtol=1e-4, atol=1e-4)


def test_unit_and_rms_normalization_values():
    out = _np(layers.UnitNormalization()(X))
    np.testing.assert_allclose(out, X / np.linalg.norm(X, axis=-1, keepdims=True), rtol=1e-5)
    out = _np(layers.UnitNormalization(axis=[1, 2])(X))
    norms = np.sqrt((X**2).sum(axis=(1, 2), keepdims=True))
    np.testing.assert_allclose(out, X / norms, rtol=1e-5)
    np.testing.assert_array_equal(_np(layers.UnitNormalization()(np.zeros((1, 2), "float32"))),
                                  np.zeros((1, 2)))
    layer = layers.RMSNormalization(epsilon=1e-4)
    layer.build(X.shape)
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [("scale", (4,))]
    scale = RNG.standard_normal(4).astype("float32")
    layer.set_weights([scale])
    expected = X / np.sqrt((X**2).mean(-1, keepdims=True) + 1e-4) * scale
    np.testing.assert_allclose(_np(layer(X)), expected, rtol=1e-5, atol=1e-5)


def test_configs_round_trip():
    for layer in (layers.LayerNormalization(axis=[1, 2], epsilon=1e-5, rms_scaling=True),
                  layers.GroupNormalization(groups=4, axis=1, gamma_regularizer="l1"),
                  layers.UnitNormalization(axis=[1]), layers.RMSNormalization(epsilon=1e-3)):
        config = layer.get_config()
        assert type(layer).from_config(config).get_config() == config
    config = layers.GroupNormalization(groups=4).get_config()
    assert config["groups"] == 4 and config["epsilon"] == 1e-3
    assert config["gamma_initializer"]["class_name"] == "Ones"


def test_errors():
    with pytest.raises(ValueError, match="more than the number of channels"):
        layers.GroupNormalization(groups=8).build((2, 4))
    with pytest.raises(ValueError, match="divide"):
        layers.GroupNormalization(groups=3).build((2, 4))
    with pytest.raises(ValueError, match="groups"):
        layers.GroupNormalization(groups=0)
    with pytest.raises(TypeError, match="axis"):
        layers.LayerNormalization(axis="last")
    with pytest.raises(TypeError, match="axis"):
        layers.UnitNormalization(axis=1.5)
    with pytest.raises(ValueError, match="known size"):
        layers.LayerNormalization().build((2, None))
    with pytest.raises(ValueError, match="out of range"):
        layers.RMSNormalization(axis=4).build((2, 3))
