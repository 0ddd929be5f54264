"""Small models shared by the callback tests."""

import numpy as np

import kbackend


def tiny_model(optimizer="sgd"):
    model = kbackend.Sequential([kbackend.layers.Input((4,)), kbackend.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse")
    return model


def tiny_data(n=16):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], "float32")).astype("float32")
    return x, y


class FakeOptimizer:
    def __init__(self, learning_rate=0.1):
        self.learning_rate = learning_rate


class FakeModel:
    """Records save / save_weights calls; holds a list of weights."""

    def __init__(self):
        self.saved = []
        self.stop_training = False
        self.weights_value = [np.zeros(2)]
        self.optimizer = FakeOptimizer()

    def save(self, path, overwrite=True):
        self.saved.append(("save", path))

    def save_weights(self, path, overwrite=True):
        self.saved.append(("save_weights", path))

    def get_weights(self):
        return [w.copy() for w in self.weights_value]

    def set_weights(self, weights):
        self.weights_value = [np.array(w) for w in weights]
