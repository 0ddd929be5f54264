import numpy as np
import pytest

import kbackend as keras
from kbackend import backends, layers, ops

trainable = pytest.mark.requires_trainable_backend


def _digits():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    data = load_digits()
    x = (data.data / 16.0).astype("float32")
    return train_test_split(x, data.target, test_size=0.25, random_state=0, stratify=data.target)


def _mlp(units=64):
    return keras.Sequential([
        layers.Input((64,)), layers.Dense(units, activation="relu"), layers.Dense(10)])


@trainable
def test_mlp_on_digits_converges():
    keras.utils.set_random_seed(1)
    x_train, x_test, y_train, y_test = _digits()
    model = _mlp()
    model.compile(optimizer=keras.optimizers.Adam(3e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=8, batch_size=32, validation_split=0.1,
                        verbose=0)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert history.epoch == list(range(8))
    assert history.history["loss"][-1] < history.history["loss"][0]
    results = model.evaluate(x_test, y_test, verbose=0, return_dict=True)
    assert results["accuracy"] >= 0.95
    predictions = model.predict(x_test, verbose=0)
    assert predictions.shape == (len(x_test), 10) and isinstance(predictions, np.ndarray)
    accuracy = np.mean(np.argmax(predictions, -1) == y_test)
    assert abs(accuracy - results["accuracy"]) < 1e-6


@trainable
def test_training_matches_numpy_gradient_descent():
    keras.utils.set_random_seed(7)
    model = keras.Sequential([layers.Input((3,)), layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.arange(12, dtype="float32").reshape(4, 3) / 10
    y = np.ones((4, 2), "float32")
    first = model.get_weights()[0]
    model.fit(x, y, epochs=2, batch_size=4, verbose=0, shuffle=False)
    kernel, bias = model.get_weights()
    # Plain NumPy gradient descent from the same start.
    w, b = first.astype("float64"), np.zeros(2)
    for _ in range(2):
        error = x @ w + b - y
        w -= 0.01 * x.T @ (2 * error) / error.size
        b -= 0.01 * (2 * error).sum(0) / error.size
    np.testing.assert_allclose(kernel, w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(bias, b, rtol=1e-5, atol=1e-6)


@trainable
def test_multi_input_multi_output_with_dict_losses_and_weights():
    keras.utils.set_random_seed(3)
    title = keras.Input((5,), name="title")
    tags = keras.Input((3,), name="tags")
    x = layers.Dense(8, activation="relu")(ops.concatenate([title, tags], axis=-1))
    priority = layers.Dense(1, name="priority")(x)
    department = layers.Dense(4, name="department")(x)
    model = keras.Model([title, tags], [priority, department])
    model.compile(
        optimizer="rmsprop",
        loss={"priority": keras.losses.BinaryCrossentropy(from_logits=True),
              "department": keras.losses.CategoricalCrossentropy(from_logits=True)},
        loss_weights={"priority": 1.0, "department": 0.2},
    )
    n = 64
    data = {"title": np.random.rand(n, 5).astype("float32"),
            "tags": np.random.randint(0, 2, (n, 3)).astype("float32")}
    targets = {"priority": np.random.rand(n, 1).astype("float32"),
               "department": np.eye(4, dtype="float32")[np.random.randint(0, 4, n)]}
    history = model.fit(data, targets, epochs=2, batch_size=16, verbose=0)
    assert set(history.history) == {"loss", "priority_loss", "department_loss"}
    logs = model.evaluate(data, targets, verbose=0, return_dict=True)
    np.testing.assert_allclose(
        logs["loss"], logs["priority_loss"] + 0.2 * logs["department_loss"], rtol=1e-4)


@trainable
def test_sample_and_class_weights_change_the_loss():
    model = keras.Sequential([layers.Input((2,)), layers.Dense(1, kernel_initializer="zeros")])
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((4, 2), "float32")
    y = np.array([[0.0], [0.0], [2.0], [2.0]], "float32")
    plain = model.evaluate(x, y, verbose=0)
    weighted = model.evaluate(x, y, sample_weight=np.array([1.0, 1.0, 0.0, 0.0]), verbose=0)
    assert plain == pytest.approx(2.0) and weighted == pytest.approx(0.0)
    labels = np.array([0, 0, 1, 1])
    clf = keras.Sequential([layers.Input((2,)), layers.Dense(2, kernel_initializer="zeros")])
    clf.compile(optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy(
        from_logits=True))
    logs = clf.train_on_batch(x, labels, class_weight={0: 1.0, 1: 3.0}, return_dict=True)
    assert logs["loss"] == pytest.approx(np.log(2) * (1 + 1 + 3 + 3) / 4, rel=1e-5)


@trainable
def test_custom_train_step_written_once_for_every_engine():
    class Custom(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(1)
            self.tracker = keras.metrics.Mean(name="custom_loss")

        def call(self, x):
            return self.dense(x)

        def train_step(self, data):
            x, y = data

            def loss_fn():
                return ops.mean(ops.square(self(x, training=True) - y))

            loss, grads = keras.backend.compute_gradients(loss_fn, self.trainable_variables)
            self.optimizer.apply(grads, self.trainable_variables)
            self.tracker.update_state(loss)
            return {"custom_loss": self.tracker.result()}

    keras.utils.set_random_seed(5)
    model = Custom()
    model.compile(optimizer=keras.optimizers.SGD(0.5))
    x = np.random.rand(32, 3).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]], "float32")).astype("float32")
    history = model.fit(x, y, epochs=40, batch_size=32, verbose=0)
    assert "custom_loss" in history.history
    assert model.tracker in model.metrics
    assert history.history["custom_loss"][-1] < 0.1 * history.history["custom_loss"][0]


@trainable
def test_run_eagerly_matches_compiled():
    results = []
    for eager in (False, True):
        keras.utils.set_random_seed(11)
        model = keras.Sequential([layers.Input((4,)), layers.Dense(3, activation="tanh"),
                                  layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse", run_eagerly=eager)
        x = np.linspace(0, 1, 40, dtype="float32").reshape(10, 4)
        model.fit(x, x[:, :1], epochs=3, batch_size=5, verbose=0, shuffle=False)
        results.append(model.get_weights())
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_predict_and_batch_methods_work_without_compile():
    model = _mlp(8)
    x = np.random.rand(5, 64).astype("float32")
    assert model.predict(x, batch_size=2, verbose=0).shape == (5, 10)
    assert model.predict_on_batch(x).shape == (5, 10)
    with pytest.raises(RuntimeError, match=r"compile\(\)"):
        model.evaluate(x, np.zeros(5), verbose=0)


def test_nested_outputs_keep_structure_in_predict():
    inputs = keras.Input((3,))
    model = keras.Model(inputs, {"a": layers.Dense(2)(inputs), "b": layers.Dense(1)(inputs)})
    out = model.predict(np.ones((4, 3), "float32"), verbose=0)
    assert set(out) == {"a", "b"} and out["a"].shape == (4, 2) and out["b"].shape == (4, 1)


def test_fit_errors_are_clear():
    model = _mlp(8)
    x = np.random.rand(4, 64).astype("float32")
    with pytest.raises(RuntimeError, match=r"call `compile\(\)`"):
        model.fit(x, np.zeros(4))
    model.compile(optimizer="sgd", loss="mse")
    if not backends.CAN_TRAIN:
        with pytest.raises(RuntimeError, match="inference only"):
            model.fit(x, np.zeros((4, 10)), verbose=0)
        return
    with pytest.raises(ValueError, match="rank"):
        model.fit(np.zeros((4, 8, 8), "float32"), np.zeros((4, 10)), verbose=0)
    with pytest.raises(ValueError, match="same number of samples"):
        model.fit(x, np.zeros((3, 10)), verbose=0)
