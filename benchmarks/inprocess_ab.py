"""kbackend against the native loop in one process, alternating fits (torch, tensorflow).

Usage:
    python benchmarks/inprocess_ab.py --engine torch --models mlp cnn [--rounds 8]

The harness runs every fit in a fresh process, so on a shared machine its round-to-round
spread (often ±20%) can hide a 5% difference. Here both sides train in one process, on the
same batches, one epoch each in alternating order, and the medians of wall and CPU time
(``time.process_time``, which background load disturbs less) are compared. Prints one JSON
line per model with ``kb_native_wall`` and ``kb_native_cpu`` (samples/s ratios, > 1 means
kbackend is faster). jax is not offered: kbackend turns on jax's x64 mode, which would
change the native loop.
"""

import argparse
import importlib
import json
import statistics
import time

from _common import import_frontend


def _timed(fn):
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def measure(engine, name, rounds=8):
    """Returns ``{"engine", "model", "kb_native_wall", "kb_native_cpu", ...}``."""
    keras = import_frontend("kbackend", engine)
    import models

    loops = importlib.import_module(f"native.{engine}_loops")
    batch_size = models.BATCH_SIZE[name]
    x, y = models.make_data(name, batch_size * 40)
    warm_x, warm_y = x[:batch_size * 2], y[:batch_size * 2]
    _, state = loops.fit(name, warm_x, warm_y, batch_size)
    keras.utils.set_random_seed(0)
    model = models.build(keras, name)
    model.fit(warm_x, warm_y, batch_size=batch_size, epochs=1, verbose=0, shuffle=False)
    sides = {
        "kbackend": lambda: model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0,
                                      shuffle=False),
        "native": lambda: loops.fit(name, x, y, batch_size, state=state),
    }
    times = {side: [] for side in sides}
    for round_index in range(rounds):
        order = list(sides) if round_index % 2 == 0 else list(reversed(sides))
        for side in order:
            times[side].append(_timed(sides[side]))
    medians = {side: (statistics.median(c for c, _ in values),
                      statistics.median(w for _, w in values))
               for side, values in times.items()}
    return {
        "engine": engine, "model": name, "rounds": rounds,
        "kbackend_samples_per_s": round(len(x) / medians["kbackend"][1]),
        "native_samples_per_s": round(len(x) / medians["native"][1]),
        "kb_native_wall": round(medians["native"][1] / medians["kbackend"][1], 3),
        "kb_native_cpu": round(medians["native"][0] / medians["kbackend"][0], 3),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=("torch", "tensorflow"), required=True)
    parser.add_argument("--models", nargs="+", default=["mlp", "cnn", "lstm", "transformer"])
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    for name in args.models:
        print(json.dumps(measure(args.engine, name, args.rounds)), flush=True)


if __name__ == "__main__":
    main()
