"""The examples of note 000 (Keras architecture, Turkish), run on kbackend.

The note's code is in screenshots (``images/*.png``, not in the repository); each test
is the example its text describes, written as the Keras guide it follows writes it:
a basic layer, nested layers, a training loop by hand, serialization with get_config, a
BatchNorm-like layer driven by ``training``, a subclassed Model that is compiled, fitted,
evaluated and saved, eager execution (``run_eagerly``) and a Functional model.
"""

import numpy as np
import pytest

import kbackend as keras
from kbackend import layers, ops


class Linear(layers.Layer):
    """y = w.x + b (layer.png)."""

    def __init__(self, units=32, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units),
                                 initializer="random_normal", trainable=True)
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", trainable=True)

    def call(self, inputs):
        return ops.matmul(inputs, self.w) + self.b

    # layer_serialize.png
    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units})
        return config


class MLPBlock(layers.Layer):
    """Nested layers: the output of one is the input of the next (layer_nested.png)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.linear_1 = Linear(32)
        self.linear_2 = Linear(32)
        self.linear_3 = Linear(1)

    def call(self, inputs):
        x = self.linear_1(inputs)
        x = ops.relu(x)
        x = self.linear_2(x)
        x = ops.relu(x)
        return self.linear_3(x)


def test_basic_layer_batchwise_computation():
    x = np.ones((2, 2), "float32")
    linear_layer = Linear(4)
    y = linear_layer(x)
    w, b = linear_layer.get_weights()
    np.testing.assert_allclose(ops.convert_to_numpy(y), x @ w + b, rtol=1e-6)
    assert linear_layer.weights == [linear_layer.w, linear_layer.b]


def test_nested_layers_track_their_weights():
    mlp = MLPBlock()
    y = mlp(ops.ones(shape=(3, 64)))
    assert tuple(y.shape) == (3, 1)
    assert len(mlp.weights) == 6
    assert len(mlp.trainable_weights) == 6


@pytest.mark.requires_trainable_backend
def test_training_a_layer_by_hand():
    # layer_usage.png: a layer, a loss and an optimizer; outputs -> loss -> gradients ->
    # weight update (GradientTape in tf.keras; kbackend.backend.compute_gradients here).
    keras.utils.set_random_seed(0)
    linear_layer = Linear(10)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    optimizer = keras.optimizers.SGD(learning_rate=1e-1)
    x = np.random.random((16, 8)).astype("float32")
    y = np.random.randint(10, size=(16,))
    dataset = [(x[i:i + 8], y[i:i + 8]) for i in range(0, 16, 8)]
    linear_layer.build(x.shape)
    losses = []
    for _ in range(3):
        for x_batch, y_batch in dataset:
            loss, gradients = keras.backend.compute_gradients(
                lambda x_batch=x_batch, y_batch=y_batch: loss_fn(
                    y_batch, linear_layer(x_batch)),
                linear_layer.trainable_weights)
            optimizer.apply(gradients, linear_layer.trainable_weights)
            losses.append(float(ops.convert_to_numpy(loss)))
    # Training loss per epoch (2 batches each) goes down.
    assert np.mean(losses[-2:]) < np.mean(losses[:2])


def test_layer_serialization_with_get_config():
    layer = Linear(64)
    config = layer.get_config()
    new_layer = Linear.from_config(config)
    assert new_layer.units == 64 and config["units"] == 64


class BatchNorm(layers.Layer):
    """Normalizes with batch statistics when training, moving statistics otherwise.

    layer_training.png: in training mode the batch's mean and variance update the moving
    mean and variance (moving = moving * momentum + batch * (1 - momentum)).
    """

    def __init__(self, momentum=0.99, epsilon=1e-3, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.epsilon = epsilon

    def build(self, input_shape):
        dim = input_shape[-1]
        self.gamma = self.add_weight(shape=(dim,), initializer="ones", name="gamma")
        self.beta = self.add_weight(shape=(dim,), initializer="zeros", name="beta")
        self.moving_mean = self.add_weight(shape=(dim,), initializer="zeros",
                                           trainable=False, name="moving_mean")
        self.moving_var = self.add_weight(shape=(dim,), initializer="ones",
                                          trainable=False, name="moving_var")

    def call(self, inputs, training=False):
        if training:
            mean, variance = ops.moments(inputs, axes=[0])
            self.moving_mean.assign(self.moving_mean * self.momentum
                                    + mean * (1.0 - self.momentum))
            self.moving_var.assign(self.moving_var * self.momentum
                                   + variance * (1.0 - self.momentum))
        else:
            mean, variance = self.moving_mean, self.moving_var
        normalized = (inputs - mean) / ops.sqrt(variance + self.epsilon)
        return self.gamma * normalized + self.beta


def test_training_argument_switches_statistics():
    layer = BatchNorm(momentum=0.5)
    x = np.random.random((16, 3)).astype("float32") * 4 + 2
    inference = ops.convert_to_numpy(layer(x, training=False))
    np.testing.assert_allclose(inference, x / np.sqrt(1 + 1e-3), rtol=1e-5)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.0)

    training = ops.convert_to_numpy(layer(x, training=True))
    expected = (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3)
    np.testing.assert_allclose(training, expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.5 * x.mean(0), rtol=1e-5)
    np.testing.assert_allclose(layer.moving_var.numpy(), 0.5 + 0.5 * x.var(0), rtol=1e-5)
    assert len(layer.trainable_weights) == 2 and len(layer.non_trainable_weights) == 2


class ActivityRegularization(layers.Layer):
    """Tracks a loss created during the forward pass (add_loss)."""

    def __init__(self, rate=1e-2, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate

    def call(self, inputs):
        self.add_loss(self.rate * ops.sum(inputs))
        return inputs


def test_add_loss_tracking_and_freezing():
    layer = ActivityRegularization()
    layer(np.ones((2, 2), "float32"))
    assert len(layer.losses) == 1
    np.testing.assert_allclose(ops.convert_to_numpy(layer.losses[0]), 0.04, rtol=1e-6)
    linear = Linear(2)
    linear.build((None, 3))
    linear.trainable = False  # frozen for fine tuning
    assert linear.trainable_weights == [] and len(linear.non_trainable_weights) == 2
    linear.trainable = True
    assert len(linear.trainable_weights) == 2


class Classifier(keras.Model):
    """model.png: a Model subclass built from layers; trained with compile/fit."""

    def __init__(self, num_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.block_1 = MLPBlock()
        self.batch_norm = BatchNorm()
        self.classifier = layers.Dense(num_classes)

    def call(self, inputs, training=False):
        x = self.batch_norm(self.block_1(inputs), training=training)
        return self.classifier(ops.relu(x))


@pytest.mark.requires_trainable_backend
def test_model_compile_fit_evaluate_save(tmp_path):
    model = Classifier()
    model.compile(optimizer=keras.optimizers.Adam(),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    x = np.random.random((16, 8)).astype("float32")
    y = np.random.randint(10, size=(16,))
    history = model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    moving_mean = model.batch_norm.moving_mean.numpy()
    assert np.any(moving_mean != 0)  # updated only in training
    loss = model.evaluate(x, y, verbose=0)
    np.testing.assert_array_equal(model.batch_norm.moving_mean.numpy(), moving_mean)
    assert np.isfinite(loss)
    model.save_weights(str(tmp_path / "classifier.weights.h5"))
    restored = Classifier()
    restored(x)
    restored.load_weights(str(tmp_path / "classifier.weights.h5"))
    np.testing.assert_allclose(restored.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)

    # model_exec.png: graph execution by default; run_eagerly=True asks for eager.
    model.compile(optimizer=keras.optimizers.Adam(),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  run_eagerly=True)
    # NOTE: only the switch is checked: an eager train step costs ~30 s on a loaded
    # 2-core machine with jax (op-by-op dispatch); tests/trainers covers eager steps.
    assert model.run_eagerly


def test_functional_model_and_plot(tmp_path):
    # fonk_model.png / fonk_auto.png: call, build and get_config come for free.
    inputs = keras.Input(shape=(784,), name="digits")
    x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = layers.Dense(10, name="predictions")(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name="3_layer_mlp")
    assert model.count_params() == 55_050
    clone = keras.Model.from_config(model.get_config())
    assert [layer.name for layer in clone.layers] == [layer.name for layer in model.layers]
    assert tuple(model(np.zeros((2, 784), "float32")).shape) == (2, 10)
    try:
        keras.utils.plot_model(model, str(tmp_path / "model.png"), show_shapes=True)
    except ImportError as error:
        pytest.skip(f"plot_model needs pydot and Graphviz: {error}")
