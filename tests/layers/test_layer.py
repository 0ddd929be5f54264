import numpy as np
import pytest

import kbackend as keras
from kbackend import layers, ops


def _np(x):
    return ops.convert_to_numpy(x)


class MovingMean(layers.Layer):
    """The notes' BatchNorm-like layer: statistics move only when training=True."""

    def __init__(self, momentum=0.5, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum

    def build(self, input_shape):
        self.mean = self.add_weight(shape=(input_shape[-1],), initializer="zeros",
                                    trainable=False, name="mean")
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")

    def call(self, inputs, training=False):
        if training:
            batch_mean = ops.mean(inputs, axis=0)
            self.mean.assign(self.mean * self.momentum + batch_mean * (1 - self.momentum))
        return (inputs - self.mean) * self.scale

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum}


class Block(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.first = layers.Dense(4)
        self.stack = [layers.Dense(3), layers.Dense(2)]
        self.norm = MovingMean()

    def call(self, inputs, training=None):
        x = self.first(inputs)
        for layer in self.stack:
            x = layer(x)
        return self.norm(x)


def test_build_on_first_call_and_weights():
    layer = MovingMean()
    assert not layer.built
    layer(np.ones((2, 3), "float32"))
    assert layer.built
    assert [w.name for w in layer.weights] == ["scale", "mean"]
    assert [w.name for w in layer.trainable_weights] == ["scale"]
    assert [w.name for w in layer.non_trainable_weights] == ["mean"]
    assert layer.count_params() == 6
    assert layer.weights[0].path == f"{layer.name}/scale"


def test_training_flag_updates_state_only_when_training():
    layer = MovingMean()
    x = np.array([[2.0, 4.0], [4.0, 8.0]], "float32")
    layer(x)
    np.testing.assert_allclose(layer.mean.numpy(), [0.0, 0.0])
    layer(x, training=True)
    np.testing.assert_allclose(layer.mean.numpy(), [1.5, 3.0])


def test_training_propagates_to_nested_layers_and_tracking():
    block = Block()
    block(np.ones((2, 5), "float32"), training=True)
    assert len(block.layers) == 4
    assert len(block.weights) == 2 + 2 + 2 + 2
    assert not np.allclose(block.norm.mean.numpy(), 0.0)
    block.stack.append(layers.Dense(2))
    assert len(block.layers) == 5


def test_auto_names_are_unique():
    a, b = layers.Dense(1), layers.Dense(1)
    assert a.name != b.name
    assert a.name.startswith("dense") and b.name.startswith("dense")


def test_freezing_a_subtree():
    block = Block()
    block(np.ones((1, 5), "float32"))
    block.trainable = False
    assert block.trainable_weights == []
    assert len(block.non_trainable_weights) == 8
    assert not block.first.trainable
    block.trainable = True
    assert len(block.trainable_weights) == 7


def test_get_set_weights_and_errors():
    layer = layers.Dense(2)
    layer(np.ones((1, 3), "float32"))
    weights = [np.full((3, 2), 0.5, "float32"), np.arange(2, dtype="float32")]
    layer.set_weights(weights)
    np.testing.assert_allclose(_np(layer(np.ones((1, 3), "float32"))), [[1.5, 2.5]])
    with pytest.raises(ValueError, match="expects 2 weight arrays"):
        layer.set_weights(weights[:1])
    with pytest.raises(ValueError, match=r"has shape \(3, 2\)"):
        layer.set_weights([np.ones((2, 2)), np.ones((2,))])


def test_add_loss_and_activity_regularizer():
    class WithLoss(layers.Layer):
        def call(self, x):
            self.add_loss(ops.sum(x))
            return x

    layer = WithLoss()
    layer(np.ones((2, 2), "float32"))
    assert len(layer.losses) == 1
    assert float(_np(layer.losses[0])) == 4.0
    reg = layers.Dense(1, activity_regularizer=lambda y: ops.sum(ops.abs(y)),
                       kernel_initializer="ones")
    reg(np.ones((1, 2), "float32"))
    assert float(_np(reg.losses[0])) == 2.0


def test_losses_gather_every_depth_and_skip_frozen_regularizers():
    class AddsLoss(layers.Layer):
        def call(self, x):
            self.add_loss(ops.sum(x))
            return x

    class Block(layers.Layer):
        def __init__(self):
            super().__init__()
            self.adds = AddsLoss()
            self.dense = layers.Dense(2, kernel_initializer="ones", kernel_regularizer="l2")

        def call(self, x):
            return self.dense(self.adds(x))

    class Outer(layers.Layer):
        def __init__(self):
            super().__init__()
            self.block = Block()

        def call(self, x):
            return self.block(x)

    outer = Outer()
    outer(np.ones((2, 3), "float32"))
    # The loss added two levels down, then the kernel's l2 penalty (0.01 * 6 ones).
    np.testing.assert_allclose([float(_np(v)) for v in outer.losses], [6.0, 0.06], rtol=1e-6)
    outer.block.trainable = False
    np.testing.assert_allclose([float(_np(v)) for v in outer.losses], [6.0])


def test_input_spec_errors_name_the_layer_and_shapes():
    layer = layers.Dense(2, name="head")
    layer(np.ones((1, 3), "float32"))
    with pytest.raises(ValueError, match=r'"head".*axis -1.*\(1, 4\)'):
        layer(np.ones((1, 4), "float32"))
    with pytest.raises(ValueError, match=r'"head".*min_ndim=2'):
        layer(np.ones((3,), "float32"))


def test_config_round_trip_and_build_config():
    layer = MovingMean(momentum=0.9, name="mm")
    layer(np.ones((1, 3), "float32"))
    clone = MovingMean.from_config(layer.get_config())
    assert clone.momentum == 0.9 and clone.name == "mm"
    assert layer.get_build_config() == {"input_shape": [1, 3]}
    clone.build_from_config(layer.get_build_config())
    assert clone.built and clone.mean.shape == (3,)


def test_stateless_call_does_not_mutate():
    layer = MovingMean()
    x = np.array([[2.0, 4.0]], "float32")
    layer(x)
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [ops.convert_to_tensor([10.0, 10.0])]
    outputs, new_state = layer.stateless_call(trainable, non_trainable, x, training=True)
    np.testing.assert_allclose(_np(new_state[0]), [6.0, 7.0])
    np.testing.assert_allclose(_np(outputs), [[-4.0, -3.0]])
    np.testing.assert_allclose(layer.mean.numpy(), [0.0, 0.0])


def test_symbolic_call_and_compute_output_shape():
    layer = MovingMean()
    x = keras.Input((4,))
    y = layer(x)
    assert y.shape == (None, 4)
    assert layer.compute_output_shape((None, 4)) == (None, 4)
    assert layers.Dense(3).compute_output_shape((None, 4)) == (None, 3)


def test_masks_pass_through_layers_that_support_them():
    class MaskMaker(layers.Layer):
        def call(self, x):
            return x

        def compute_mask(self, inputs, previous_mask=None):
            return ops.not_equal(inputs[..., 0], 0)

    class MaskReader(layers.Layer):
        def call(self, x, mask=None):
            self.seen = mask
            return x

    x = np.array([[1.0, 2.0], [0.0, 3.0]], "float32")
    masked = MaskMaker()(ops.convert_to_tensor(x))
    passed = layers.Dense(2)(masked)
    reader = MaskReader()
    reader(passed)
    np.testing.assert_array_equal(_np(reader.seen), [True, False])
