"""The main job: train an MLP on scikit-learn's bundled digits data set, on any engine.

    python examples/train_digits.py                 # default engine
    KBACKEND=torch python examples/train_digits.py  # same script, another engine

It is written only against kbackend (ops, random, value_and_grad), so the same code runs
unchanged on jax, torch and tensorflow. It prints a summary, a progress line per epoch,
the test accuracy, and saves the trained weights to ``digits_mlp.weights.npz``.
"""

import argparse
import os
import tempfile
import time

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import kbackend
from kbackend import ops, random


def glorot_uniform(fan_in, fan_out, seed):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return random.uniform((fan_in, fan_out), -limit, limit, seed=seed)


def init_params(sizes, seed):
    generator = random.SeedGenerator(seed)
    return [
        (glorot_uniform(a, b, generator), ops.zeros((b,)))
        for a, b in zip(sizes[:-1], sizes[1:])
    ]


def forward(params, x):
    for i, (kernel, bias) in enumerate(params):
        x = ops.add(ops.matmul(x, kernel), bias)
        if i < len(params) - 1:
            x = ops.maximum(x, 0.0)
    return x


def cross_entropy(params, x, y_one_hot):
    logits = forward(params, x)
    shifted = ops.subtract(logits, ops.max(logits, axis=-1, keepdims=True))
    log_probs = ops.subtract(shifted, ops.log(ops.sum(ops.exp(shifted), axis=-1, keepdims=True)))
    return ops.negative(ops.mean(ops.sum(ops.multiply(y_one_hot, log_probs), axis=-1)))


class Adam:
    """Adam written with kbackend.ops (the optimizer classes come with kbackend.optimizers)."""

    def __init__(self, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        self.learning_rate, self.beta_1, self.beta_2, self.epsilon = (
            learning_rate, beta_1, beta_2, epsilon)
        self.step = 0
        self.moments = None

    def apply(self, params, grads):
        flat_params, flat_grads = kbackend.tree.flatten(params), kbackend.tree.flatten(grads)
        if self.moments is None:
            self.moments = [(ops.zeros_like(p), ops.zeros_like(p)) for p in flat_params]
        self.step += 1
        correction = np.sqrt(1 - self.beta_2**self.step) / (1 - self.beta_1**self.step)
        updated, moments = [], []
        for p, g, (m, v) in zip(flat_params, flat_grads, self.moments):
            m = ops.add(ops.multiply(m, self.beta_1), ops.multiply(g, 1 - self.beta_1))
            v = ops.add(ops.multiply(v, self.beta_2), ops.multiply(ops.square(g), 1 - self.beta_2))
            step = ops.divide(ops.multiply(m, self.learning_rate * correction),
                              ops.add(ops.sqrt(v), self.epsilon))
            updated.append(ops.subtract(p, step))
            moments.append((m, v))
        self.moments = moments
        return kbackend.tree.pack_sequence_as(params, updated)


def save_weights_atomically(params, path):
    arrays = {f"layer{i}_{name}": ops.convert_to_numpy(t)
              for i, pair in enumerate(params) for name, t in zip(("kernel", "bias"), pair)}
    folder = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp.npz")
    os.close(fd)
    np.savez(temporary, **arrays)
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--output", default="digits_mlp.weights.npz")
    args = parser.parse_args()
    if not kbackend.backends.CAN_TRAIN:
        raise SystemExit(
            "The numpy engine runs inference only; run with KBACKEND=jax, torch or tensorflow."
        )
    kbackend.utils.set_random_seed(1337)
    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    y = digits.target.astype("int64")
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.25, random_state=0, stratify=y)
    y_train_one_hot = np.eye(10, dtype="float32")[y_train]

    sizes = [64, 128, 64, 10]
    params = init_params(sizes, seed=1337)
    total = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    print(f"Engine: {kbackend.backend.backend()}")
    print(f"MLP {' -> '.join(map(str, sizes))}, {total:,} parameters; "
          f"{len(x_train)} training and {len(x_test)} test images")

    grad_fn = kbackend.backend.value_and_grad(cross_entropy)
    optimizer = Adam(learning_rate=3e-3)
    rng = np.random.default_rng(0)
    steps = int(np.ceil(len(x_train) / args.batch_size))
    for epoch in range(1, args.epochs + 1):
        start, losses = time.perf_counter(), []
        order = rng.permutation(len(x_train))
        for step in range(steps):
            batch = order[step * args.batch_size:(step + 1) * args.batch_size]
            loss, grads = grad_fn(params, ops.convert_to_tensor(x_train[batch]),
                                  ops.convert_to_tensor(y_train_one_hot[batch]))
            params = optimizer.apply(params, grads)
            losses.append(float(ops.convert_to_numpy(loss)))
        elapsed = time.perf_counter() - start
        print(f"Epoch {epoch}/{args.epochs} - {steps}/{steps} - {elapsed:.1f}s - "
              f"loss: {np.mean(losses):.4f}")

    predictions = np.argmax(ops.convert_to_numpy(forward(params, ops.convert_to_tensor(x_test))),
                            axis=-1)
    accuracy = float(np.mean(predictions == y_test))
    save_weights_atomically(params, args.output)
    print(f"Saved weights to {args.output}")
    print(f"Test accuracy: {accuracy:.4f}")


if __name__ == "__main__":
    main()
