"""The main job: train an MLP on scikit-learn's bundled digits images, on any engine.

    python examples/train_digits.py                 # default engine
    KBACKEND=torch python examples/train_digits.py  # the same script on another engine

Written with the Keras API only (`import kbackend as keras`): it prints the model summary
and the progress bar, evaluates on held-out images, saves the model to
``digits_mlp.keras`` and prints the test accuracy.
"""

import argparse

from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import kbackend as keras
from kbackend import layers


def build_model():
    return keras.Sequential(
        [
            keras.Input(shape=(64,), name="pixels"),
            layers.Dense(128, activation="relu"),
            layers.Dense(64, activation="relu"),
            layers.Dense(10, name="logits"),
        ],
        name="digits_mlp",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--output", default="digits_mlp.keras")
    args = parser.parse_args()
    keras.utils.set_random_seed(1337)

    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    x_train, x_test, y_train, y_test = train_test_split(
        x, digits.target, test_size=0.25, random_state=0, stratify=digits.target)

    print(f"Engine: {keras.backend.backend()}")
    model = build_model()
    model.summary()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=3e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs,
              validation_split=0.1)
    results = model.evaluate(x_test, y_test, verbose=0, return_dict=True)
    model.save(args.output)
    reloaded = keras.models.load_model(args.output)
    reloaded_accuracy = reloaded.evaluate(x_test, y_test, verbose=0, return_dict=True)
    print(f"Saved the model to {args.output} (reloaded accuracy: "
          f"{reloaded_accuracy['accuracy']:.4f})")
    print(f"Test accuracy: {results['accuracy']:.4f}")


if __name__ == "__main__":
    main()
