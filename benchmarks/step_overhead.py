"""Per-step Python overhead of torch's eager fit, with the kernels made negligible.

Usage:
    python benchmarks/step_overhead.py [--rounds 7] [--steps 40]

A tiny model (Dense 8->16->16->10, batch 64, Adam, sparse cross-entropy from logits and an
accuracy metric) trains one epoch with ``model.fit`` and one with a hand-written torch loop
of the same model, alternating, in one process, on one intra-op thread. Its kernels take a
few microseconds each, so the time per step is what each side's Python costs. Prints one
JSON line: ``kbackend_us_per_step``, ``native_us_per_step`` (medians) and their difference.
torch only: jax and tensorflow compile the whole step, so there is no per-step Python to
measure.
"""

import argparse
import json
import statistics
import time

import numpy as np
from _common import import_frontend

BATCH_SIZE, FEATURES, HIDDEN, CLASSES = 64, 8, 16, 10


def _kbackend_fit(keras, x, y):
    inputs = keras.Input((FEATURES,))
    hidden = keras.layers.Dense(HIDDEN, activation="relu")(inputs)
    hidden = keras.layers.Dense(HIDDEN, activation="relu")(hidden)
    model = keras.Model(inputs, keras.layers.Dense(CLASSES)(hidden))
    model.compile(optimizer="adam", metrics=["accuracy"],
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x[:BATCH_SIZE * 2], y[:BATCH_SIZE * 2], batch_size=BATCH_SIZE, verbose=0,
              shuffle=False)
    return lambda: model.fit(x, y, batch_size=BATCH_SIZE, verbose=0, shuffle=False)


def _native_fit(x, y):
    import torch
    from native import torch_loops
    from torch import nn

    module = nn.Sequential(nn.Linear(FEATURES, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN),
                           nn.ReLU(), nn.Linear(HIDDEN, CLASSES))
    optimizer = torch.optim.Adam(module.parameters(), lr=1e-3, eps=1e-7)

    def epoch():
        torch_loops.train_epoch(module, optimizer, x, y, BATCH_SIZE)

    epoch()
    return epoch


def measure(rounds=7, steps=40):
    """Returns ``{"kbackend_us_per_step", "native_us_per_step", "overhead_us", ...}``."""
    keras = import_frontend("kbackend", "torch")
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny kernels: spare both sides the thread-pool hand-offs
    try:
        rng = np.random.default_rng(0)
        x = rng.random((BATCH_SIZE * steps, FEATURES), dtype="float32")
        y = rng.integers(0, CLASSES, size=BATCH_SIZE * steps).astype("int32")
        sides = {"kbackend": _kbackend_fit(keras, x, y), "native": _native_fit(x, y)}
        times = {side: [] for side in sides}
        for round_index in range(rounds):
            order = list(sides) if round_index % 2 == 0 else list(reversed(sides))
            for side in order:
                start = time.perf_counter()
                sides[side]()
                times[side].append((time.perf_counter() - start) / steps * 1e6)
    finally:
        torch.set_num_threads(threads)
    kb, native = (round(statistics.median(times[side])) for side in ("kbackend", "native"))
    return {"engine": "torch", "rounds": rounds, "steps": steps,
            "kbackend_us_per_step": kb, "native_us_per_step": native, "overhead_us": kb - native}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    print(json.dumps(measure(args.rounds, args.steps)), flush=True)


if __name__ == "__main__":
    main()
