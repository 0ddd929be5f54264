"""Mixed-precision models train to float32 accuracy on a small real problem (sklearn digits)."""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import kbackend
from kbackend import layers, mixed_precision, ops, optimizers, utils

pytestmark = pytest.mark.requires_trainable_backend


def _digits():
    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype("float32")
    # NOTE: 1216 training samples = 19 full batches of 64: one compiled train step, no
    # recompilation for a ragged last batch (compiling dominates this test's time).
    return train_test_split(x, y.astype("int32"), train_size=1216, random_state=0,
                            stratify=y)


X_TRAIN, X_TEST, Y_TRAIN, Y_TEST = _digits()


def _train(policy):
    mixed_precision.set_global_policy(policy)
    utils.set_random_seed(0)
    model = kbackend.Sequential([
        layers.Input((64,)),
        layers.Dense(64, activation="relu"),
        # NOTE: as in Keras 3, the final softmax is kept in float32 by its layer's dtype.
        layers.Dense(10, activation="softmax", dtype="float32"),
    ])
    model.compile(optimizer=optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(X_TRAIN, Y_TRAIN, batch_size=64, epochs=4, verbose=0, shuffle=False)
    mixed_precision.set_global_policy(None)
    probabilities = ops.convert_to_numpy(model(X_TEST))
    accuracy = float((probabilities.argmax(-1) == Y_TEST).mean())
    return model, history, accuracy


@pytest.fixture(scope="module")
def float32_accuracy():
    return _train("float32")[2]


# NOTE: mixed_float16 training is covered step by step in test_loss_scaling.py; a second
# full run here would double this file's time (compiling dominates on CPU).
@pytest.mark.parametrize("policy", ["mixed_bfloat16"])
def test_mixed_policy_matches_float32_accuracy(policy, float32_accuracy):
    model, history, accuracy = _train(policy)
    hidden = model.layers[0]
    assert hidden.kernel.dtype == "float32" and hidden.compute_dtype == policy[6:]
    assert all(np.isfinite(history.history["loss"]))
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert float32_accuracy > 0.9
    assert accuracy > 0.9
    assert abs(accuracy - float32_accuracy) < 0.04
