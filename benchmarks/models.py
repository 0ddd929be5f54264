"""The benchmark models, built from a ``keras``-like module so one definition serves both
kbackend (``import kbackend as keras``) and Keras 3 (``import keras``).

Each model comes with its data shape, batch size and the NumPy data generator, so the
kbackend, Keras 3 and native runners train on exactly the same arrays.

Example:
>>> import kbackend
>>> model = build(kbackend, "mlp")
>>> x, y = make_data("mlp", 8)
>>> x.shape, y.shape
((8, 784), (8,))
"""

import numpy as np

MODELS = ("mlp", "cnn", "lstm", "transformer")
BATCH_SIZE = {"mlp": 256, "cnn": 64, "lstm": 64, "transformer": 64}
VOCABULARY, SEQUENCE_LENGTH, EMBEDDING = 2000, 64, 64
NUM_CLASSES = {"mlp": 10, "cnn": 10, "lstm": 2, "transformer": 2}


def make_data(name, num_samples, seed=0):
    """Random inputs and integer labels for model ``name``.

    Args:
        name: one of `MODELS`.
        num_samples: rows to generate.
        seed: NumPy seed.

    Returns:
        ``(x, y)`` NumPy arrays (float32 images/features or int32 token ids; int32 labels).
    """
    rng = np.random.default_rng(seed)
    y = rng.integers(0, NUM_CLASSES[name], size=num_samples).astype("int32")
    if name == "mlp":
        return rng.random((num_samples, 784), dtype="float32"), y
    if name == "cnn":
        return rng.random((num_samples, 28, 28, 1), dtype="float32"), y
    if name in ("lstm", "transformer"):
        tokens = rng.integers(1, VOCABULARY, size=(num_samples, SEQUENCE_LENGTH))
        return tokens.astype("int32"), y
    raise ValueError(f"Unknown benchmark model {name!r}; expected one of {MODELS}.")


def build(keras, name):
    """Builds and compiles model ``name`` with ``keras`` (kbackend or Keras 3).

    Args:
        keras: the module (``kbackend`` or ``keras``).
        name: one of `MODELS`.

    Returns:
        A compiled model (Adam, sparse categorical cross-entropy from logits, accuracy).
    """
    layers = keras.layers
    if name == "mlp":
        inputs = keras.Input((784,))
        x = layers.Dense(512, activation="relu")(inputs)
        x = layers.Dense(512, activation="relu")(x)
        outputs = layers.Dense(10)(x)
    elif name == "cnn":
        inputs = keras.Input((28, 28, 1))
        x = layers.Conv2D(32, 3, activation="relu")(inputs)
        x = layers.Conv2D(64, 3, activation="relu")(x)
        x = layers.MaxPooling2D(2)(x)
        x = layers.Flatten()(x)
        outputs = layers.Dense(10)(x)
    elif name == "lstm":
        inputs = keras.Input((SEQUENCE_LENGTH,), dtype="int32")
        x = layers.Embedding(VOCABULARY, EMBEDDING)(inputs)
        x = layers.LSTM(64)(x)
        outputs = layers.Dense(2)(x)
    elif name == "transformer":
        inputs = keras.Input((SEQUENCE_LENGTH,), dtype="int32")
        x = layers.Embedding(VOCABULARY, EMBEDDING)(inputs)
        attention = layers.MultiHeadAttention(num_heads=4, key_dim=EMBEDDING // 4)(x, x)
        x = layers.LayerNormalization()(layers.Add()([x, attention]))
        feed_forward = layers.Dense(EMBEDDING)(layers.Dense(128, activation="relu")(x))
        x = layers.LayerNormalization()(layers.Add()([x, feed_forward]))
        x = layers.GlobalAveragePooling1D()(x)
        outputs = layers.Dense(2)(x)
    else:
        raise ValueError(f"Unknown benchmark model {name!r}; expected one of {MODELS}.")
    model = keras.Model(inputs, outputs)
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model
