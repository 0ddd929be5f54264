"""Layers under dtype policies: variable/output dtypes, autocast of variable reads, configs."""

import numpy as np
import pytest

import kbackend
from kbackend import config, layers, losses, metrics, ops
from kbackend.backends.common.variables import AutocastScope

X = np.random.RandomState(0).uniform(-1, 1, (4, 3)).astype("float32")


class Affine(layers.Layer):
    """A user layer with no explicit casts: it relies on the autocast scope."""

    def build(self, input_shape):
        self.w = self.add_weight((input_shape[-1], 2), initializer="ones", name="w")
        self.b = self.add_weight((2,), initializer="ones", name="b", autocast=False)
        self.seen = []

    def call(self, inputs):
        self.seen.append((ops.dtype(self.w.value), ops.dtype(self.b.value)))
        return ops.add(ops.matmul(inputs, self.w), ops.cast(self.b, ops.dtype(inputs)))


@pytest.mark.parametrize("policy,compute,variable", [
    ("float32", "float32", "float32"),
    ("float64", "float64", "float64"),
    ("bfloat16", "bfloat16", "bfloat16"),
    ("mixed_float16", "float16", "float32"),
    ("mixed_bfloat16", "bfloat16", "float32"),
])
def test_dense_variable_and_output_dtypes(policy, compute, variable):
    layer = layers.Dense(2, dtype=policy)
    outputs = layer(X)
    assert [v.dtype for v in layer.weights] == [variable, variable]
    assert ops.dtype(outputs) == compute
    assert layer.compute_dtype == compute and layer.variable_dtype == variable
    symbolic = layers.Dense(2, dtype=policy)(kbackend.Input((3,)))
    assert symbolic.dtype == compute
    np.testing.assert_allclose(
        ops.convert_to_numpy(ops.cast(outputs, "float32")),
        X @ layer.kernel.numpy().astype("float32") + layer.bias.numpy().astype("float32"),
        rtol=2e-2, atol=2e-2)


def test_global_policy_applies_to_new_layers():
    config.set_dtype_policy("mixed_bfloat16")
    layer = layers.Dense(2)
    assert ops.dtype(layer(X)) == "bfloat16"
    assert layer.kernel.dtype == "float32"


@pytest.mark.parametrize("policy,expected", [
    ("mixed_float16", ("float16", "float32")),
    ("mixed_bfloat16", ("bfloat16", "float32")),
    ("float32", ("float32", "float32")),
])
def test_variable_reads_inside_call_use_compute_dtype(policy, expected):
    layer = Affine(dtype=policy)
    outputs = layer(X)
    assert layer.seen[-1] == expected
    assert ops.dtype(outputs) == expected[0]
    assert layer.w.dtype == "float32"
    # Outside call, the same variable reads in its own dtype.
    assert ops.dtype(layer.w.value) == "float32"
    symbolic = Affine(dtype=policy)(kbackend.Input((3,)))
    assert symbolic.dtype == expected[0]


def test_float32_layer_nested_in_mixed_layer_reads_float32():
    class Outer(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner = Affine(dtype="float32")

        def call(self, inputs):
            return self.inner(inputs)

    outer = Outer(dtype="mixed_float16")
    outputs = outer(X)
    assert outer.inner.seen[-1] == ("float32", "float32")
    assert ops.dtype(outputs) == "float32"


def test_autocast_false_layer_keeps_inputs_and_variables():
    layer = Affine(dtype="mixed_float16", autocast=False)
    layer(X)
    assert layer.seen[-1] == ("float32", "float32")


def test_autocast_scope_leaves_ints_and_keeps_writes_exact():
    counter = kbackend.Variable(np.array(3, "int32"))
    accumulator = kbackend.Variable(np.array([1.0], "float32"))
    with AutocastScope("float16"):
        assert ops.dtype(counter.value) == "int32"
        assert ops.dtype(accumulator.value) == "float16"
        # 1 + 1e-4 is not representable in float16; the write must not round-trip.
        accumulator.assign_add(np.array([1e-4], "float32"))
    np.testing.assert_allclose(accumulator.numpy(), [1.0001], rtol=1e-6)
    with pytest.raises(ValueError, match="floating dtype"):
        AutocastScope("int32")


@pytest.mark.requires_trainable_backend
def test_gradients_reach_float32_variables():
    layer = Affine(dtype="mixed_float16")
    layer.build((4, 3))

    def loss_fn():
        return ops.cast(ops.sum(layer(X)), "float32")

    _, grads = kbackend.backend.compute_gradients(loss_fn, [layer.w])
    grad = ops.convert_to_numpy(grads[0])
    assert grad.dtype == np.float32
    np.testing.assert_allclose(grad, np.repeat(X.sum(0)[:, None], 2, 1), rtol=1e-2)


def test_batch_normalization_statistics_stay_float32():
    layer = layers.BatchNormalization(momentum=0.5, dtype="mixed_float16")
    big = (X * 100 + 1000).astype("float32")  # variance 1e4-ish: overflows float16 squares
    outputs = layer(big, training=True)
    assert ops.dtype(outputs) == "float16"
    assert [v.dtype for v in layer.weights] == ["float32"] * 4
    half = big.astype("float16").astype("float64")
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.5 * half.mean(0), rtol=1e-3)
    np.testing.assert_allclose(layer.moving_variance.numpy(), 0.5 + 0.5 * half.var(0),
                               rtol=1e-3)
    expected = (half - half.mean(0)) / np.sqrt(half.var(0) + 1e-3)
    np.testing.assert_allclose(ops.convert_to_numpy(outputs).astype("float32"), expected,
                               atol=2e-2)


def test_losses_and_metrics_compute_in_float32_under_mixed_policy():
    config.set_dtype_policy("mixed_float16")
    y_true = np.array([0, 2, 1, 1])
    logits = layers.Dense(3)(X)
    assert ops.dtype(logits) == "float16"
    probabilities = ops.softmax(logits)
    loss = losses.SparseCategoricalCrossentropy()(y_true, probabilities)
    assert ops.dtype(loss) == "float32"
    p = ops.convert_to_numpy(probabilities).astype("float64")
    p = p / p.sum(-1, keepdims=True)
    reference = -np.log(p[np.arange(4), y_true]).mean()
    np.testing.assert_allclose(float(ops.convert_to_numpy(loss)), reference, rtol=1e-2)
    metric = metrics.SparseCategoricalAccuracy()
    metric.update_state(y_true, probabilities)
    assert ops.dtype(metric.result()) == "float32"
    assert metric.dtype == "float32"


def test_final_float32_layer_gives_float32_softmax():
    config.set_dtype_policy("mixed_bfloat16")
    model = kbackend.Sequential([
        layers.Input((3,)), layers.Dense(4, activation="relu"),
        layers.Dense(3, activation="softmax", dtype="float32"),
    ])
    outputs = model(X)
    assert ops.dtype(outputs) == "float32"
    assert model.layers[0].compute_dtype == "bfloat16"
    np.testing.assert_allclose(ops.convert_to_numpy(outputs).sum(-1), 1.0, rtol=1e-6)


def test_config_round_trip_keeps_policy():
    config.set_dtype_policy("mixed_float16")
    model = kbackend.Sequential([
        layers.Input((3,)), layers.Dense(4), layers.BatchNormalization(),
        layers.Dense(2, dtype="float32"),
    ])
    model_config = model.get_config()
    config.set_dtype_policy(None)
    dense_config = model_config["layers"][1]["config"]
    assert dense_config["dtype"] == {
        "module": "keras", "class_name": "DTypePolicy",
        "config": {"name": "mixed_float16"}, "registered_name": None,
    }
    restored = kbackend.Sequential.from_config(model_config)
    names = [layer.dtype_policy.name for layer in restored.layers]
    assert names == ["mixed_float16", "mixed_float16", "float32"]
    assert ops.dtype(restored(X)) == "float32"
    assert ops.dtype(restored.layers[0](X)) == "float16"


def test_plain_string_dtype_accepted_on_load():
    layer_config = layers.Dense(2).get_config()
    layer_config["dtype"] = "mixed_bfloat16"
    restored = layers.Dense.from_config(layer_config)
    assert restored.dtype_policy.name == "mixed_bfloat16"
    layer_config["dtype"] = {"class_name": "DTypePolicy", "config": {"name": "float64"}}
    assert layers.Dense.from_config(layer_config).compute_dtype == "float64"


def test_saved_model_keeps_policy(tmp_path):
    model = kbackend.Sequential([layers.Input((3,)), layers.Dense(2, dtype="mixed_bfloat16")])
    path = str(tmp_path / "m.keras")
    model.save(path)
    restored = kbackend.saving.load_model(path)
    assert restored.layers[0].dtype_policy.name == "mixed_bfloat16"
    assert restored.layers[0].kernel.dtype == "float32"
    np.testing.assert_array_equal(restored.layers[0].kernel.numpy(),
                                  model.layers[0].kernel.numpy())
