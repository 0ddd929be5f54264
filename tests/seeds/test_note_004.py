"""Every code example of note 004 (training end to end, Turkish), run on kbackend.

The note's code with only the imports changed and sizes shrunk (64 MNIST-shaped samples
instead of 60,000). ``tf.data.Dataset`` is accepted by ``fit`` on every engine; the
dataset examples use it on the tensorflow engine and an equivalent
`kbackend.utils.PyDataset` on the others (see `batched_dataset`).
"""

import glob
import os
import warnings

import numpy as np
import pytest

import kbackend as keras
from kbackend import layers
from tests.seeds._data import fake_mnist

batch_size = 64


class _ArrayBatches(keras.utils.PyDataset):
    """``tf.data.Dataset.from_tensor_slices((x, y)).batch(n)`` without tensorflow."""

    def __init__(self, x, y, batch_size):
        super().__init__()
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return -(-len(self.x) // self.batch_size)

    def __getitem__(self, index):
        rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[rows], self.y[rows]


def batched_dataset(x, y, batch_size):
    # NOTE: fit accepts tf.data on every engine, but importing tensorflow into a jax or
    # torch process costs many seconds, so tf.data is used on the tensorflow engine only.
    if keras.backend.backend() != "tensorflow":
        return _ArrayBatches(x, y, batch_size)
    import tensorflow as tf

    return tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)


def mnist_mlp(rescaling):
    inputs = keras.Input(shape=(28, 28))
    x = rescaling(1.0 / 255)(inputs)
    x = layers.Flatten()(x)
    x = layers.Dense(128, activation="relu")(x)
    x = layers.Dense(128, activation="relu")(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs)


@pytest.fixture(scope="module")
def mnist():
    # NOTE: offline stand-in for keras.datasets.mnist.load_data() (same shapes/dtypes).
    return fake_mnist(num_train=64, num_test=32)


def test_compile_with_objects_or_strings():
    model = mnist_mlp(layers.Rescaling)
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss=keras.losses.CategoricalCrossentropy())
    assert isinstance(model.optimizer, keras.optimizers.RMSprop)
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    assert isinstance(model.optimizer, keras.optimizers.RMSprop)


def test_mnist_model_summary(capsys):
    model = mnist_model = mnist_mlp(layers.Rescaling)
    mnist_model.summary()
    printed = capsys.readouterr().out
    assert "118,282" in printed
    assert model.count_params() == 118_282
    assert [layer.count_params() for layer in model.layers] == [0, 0, 0, 100480, 16512, 1290]


def test_tf_keras_2_rescaling_spelling():
    # The note writes layers.experimental.preprocessing.Rescaling (tf.keras 2); kbackend
    # keeps the spelling as a deprecated alias.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = mnist_mlp(layers.experimental.preprocessing.Rescaling)
    assert model.count_params() == 118_282


@pytest.mark.requires_trainable_backend
def test_fit_on_numpy_and_on_a_dataset_then_evaluate_and_predict(mnist, tmp_path,
                                                                  monkeypatch):
    (x_train, y_train), (x_test, y_test) = mnist
    model = mnist_mlp(layers.Rescaling)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

    print("Fit on NumPy data")
    history = model.fit(x_train, y_train, batch_size=batch_size, epochs=1, verbose=0)
    assert list(history.history) == ["loss"]

    dataset = batched_dataset(x_train, y_train, batch_size)
    print("Fit on Dataset")
    history = model.fit(dataset, epochs=1, verbose=0)
    print(history.history)
    assert list(history.history) == ["loss"] and len(history.history["loss"]) == 1

    # Performance metrics.
    model.compile(
        optimizer="adam",
        loss="sparse_categorical_crossentropy",
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="acc")],
    )
    history = model.fit(dataset, epochs=1, verbose=0)
    assert set(history.history) == {"loss", "acc"}

    # Validation data.
    val_dataset = batched_dataset(x_test, y_test, batch_size)
    history = model.fit(dataset, epochs=1, validation_data=val_dataset, verbose=0)
    assert set(history.history) == {"loss", "acc", "val_loss", "val_acc"}

    # Checkpoints: the note's path has no extension, which Keras 3 refuses clearly.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=r"\.keras"):
        keras.callbacks.ModelCheckpoint(filepath="path/to/my/model_{epoch}",
                                        save_freq="epoch")
    callbacks = [
        keras.callbacks.ModelCheckpoint(
            filepath="path/to/my/model_{epoch}.keras",
            save_freq="epoch")
    ]
    model.fit(dataset, epochs=2, callbacks=callbacks, verbose=0)
    assert sorted(os.listdir("path/to/my")) == ["model_1.keras", "model_2.keras"]

    # TensorBoard.
    callbacks = [
        keras.callbacks.TensorBoard(log_dir="./logs")
    ]
    model.fit(dataset, epochs=2, callbacks=callbacks, verbose=0)
    assert glob.glob("logs/train/*tfevents*")

    # evaluate / predict.
    loss, acc = model.evaluate(val_dataset, verbose=0)
    print("loss: %.2f" % loss)  # noqa: UP031 (as in the note)
    print("acc: %.2f" % acc)  # noqa: UP031
    assert np.isfinite(loss) and 0.0 <= acc <= 1.0
    predictions = model.predict(val_dataset, verbose=0)
    print(predictions.shape)
    assert predictions.shape == (32, 10)
    np.testing.assert_allclose(predictions.sum(-1), 1.0, rtol=1e-5)


@pytest.mark.requires_trainable_backend
def test_multi_gpu_data_parallel_training():
    # The notes' MirroredStrategy pattern: build and compile in the strategy's scope, then
    # fit and evaluate as usual (on tensorflow a tf.distribute strategy works the same way).
    strategy = keras.distribution.DataParallel()
    with strategy.scope():
        model = mnist_mlp(layers.Rescaling)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    (x_train, y_train), (x_test, y_test) = fake_mnist(num_train=16, num_test=8)
    history = model.fit(x_train, y_train, epochs=2, validation_data=(x_test, y_test),
                        verbose=0)
    assert len(history.history["loss"]) == 2
    assert np.isfinite(model.evaluate(x_test, y_test, verbose=0))


@pytest.fixture(scope="module")
def text_samples():
    samples = np.array([["This is the 1st sample."], ["And here's the 2nd sample."]])
    labels = [[0], [1]]
    return samples, labels


def embedding_regressor():
    inputs = keras.Input(shape=(None,), dtype="int64")
    x = layers.Embedding(input_dim=10, output_dim=32)(inputs)
    outputs = layers.Dense(1)(x)
    return keras.Model(inputs, outputs)


@pytest.mark.requires_trainable_backend
def test_asynchronous_text_preprocessing_with_tf_data(text_samples):
    tf = pytest.importorskip("tensorflow")
    samples, labels = text_samples
    vectorizer = layers.TextVectorization(output_mode="int")
    vectorizer.adapt(samples)
    dataset = tf.data.Dataset.from_tensor_slices((samples, labels)).batch(2)
    dataset = dataset.map(lambda x, y: (vectorizer(x), y))
    dataset = dataset.prefetch(2)

    model = embedding_regressor()
    model.compile(optimizer="adam", loss="mse", run_eagerly=True)
    history = model.fit(dataset, verbose=0)
    assert np.isfinite(history.history["loss"][0])


@pytest.mark.requires_trainable_backend
def test_asynchronous_text_preprocessing(text_samples):
    # The example above with the "map" step done on the NumPy batch in a generator (the
    # part of the note that runs today on every engine).
    samples, labels = text_samples
    vectorizer = layers.TextVectorization(output_mode="int")
    vectorizer.adapt(samples)
    dataset = ((keras.ops.convert_to_numpy(vectorizer(x)), np.array(y))
               for x, y in [(samples, labels)])

    model = embedding_regressor()
    model.compile(optimizer="adam", loss="mse", run_eagerly=True)
    history = model.fit(dataset, verbose=0)
    assert np.isfinite(history.history["loss"][0])


@pytest.mark.requires_trainable_backend
def test_text_preprocessing_inside_the_model(text_samples):
    samples, labels = text_samples
    vectorizer = layers.TextVectorization(output_mode="int")
    vectorizer.adapt(samples)
    dataset = batched_dataset(samples, np.array(labels), 2)

    inputs = keras.Input(shape=(1,), dtype="string")
    x = vectorizer(inputs)
    x = layers.Embedding(input_dim=10, output_dim=32)(x)
    outputs = layers.Dense(1)(x)
    model = keras.Model(inputs, outputs)

    model.compile(optimizer="adam", loss="mse", run_eagerly=True)
    history = model.fit(dataset, verbose=0)
    assert np.isfinite(history.history["loss"][0])


@pytest.mark.requires_trainable_backend
def test_hyperparameter_search(tmp_path):
    # KerasTuner's API as kbackend.tuner; sizes shrunk (max_epochs, max_trials) and the
    # note's placeholder data (None) replaced by 32 fake MNIST images.
    from kbackend import tuner as keras_tuner

    def build_model(hp):
        inputs = keras.Input(shape=(784,))
        x = layers.Dense(
            units=hp.Int("units", min_value=32, max_value=512, step=32),
            activation="relu")(inputs)
        outputs = layers.Dense(10, activation="softmax")(x)
        model = keras.Model(inputs, outputs)
        model.compile(
            optimizer=keras.optimizers.Adam(
                hp.Choice("learning_rate", values=[1e-2, 1e-3, 1e-4])),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"])
        return model

    (x_train, y_train), (x_val, y_val) = fake_mnist(num_train=32, num_test=16)
    x_train = x_train.reshape(-1, 784).astype("float32") / 255
    x_val = x_val.reshape(-1, 784).astype("float32") / 255
    tuner = keras_tuner.tuners.Hyperband(
        build_model, objective="val_loss", max_epochs=2, max_trials=2,
        executions_per_trial=2, directory=str(tmp_path / "my_dir"))
    tuner.search(x_train, y_train, validation_data=(x_val, y_val), verbose=0)
    models = tuner.get_best_models(num_models=2)
    assert len(models) == 2
    assert models[0].predict(x_val, verbose=0).shape == (16, 10)
    tuner.results_summary()
