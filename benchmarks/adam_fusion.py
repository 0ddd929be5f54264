"""What tensorflow's XLA-fused Adam saves, per benchmark model (Note [xla adam]).

Usage:
    python benchmarks/adam_fusion.py [--models mlp transformer] [--rounds 10]

For each model's trainable variables (random gradients), times ``apply_gradients`` inside
a ``tf.function`` (ten applies per call, so the call's own overhead is spread out), with the
fused update forced on and with the generic rule, in alternating bursts in one process;
prints the ms per apply (median and best of rounds) and the traced ops per apply. Compare
with the model's fit step (``run_fit.py``) to see what share of a step the fusion saves;
kbackend fuses only where that share is worth XLA's memory.
"""

import argparse
import json
import statistics
import time

from _common import import_frontend

APPLIES_PER_CALL = 10


def _ms_per_apply(step, grads, calls):
    start = time.perf_counter()
    for _ in range(calls):
        step(grads)
    return 1e3 * (time.perf_counter() - start) / (calls * APPLIES_PER_CALL)


def measure(name, rounds=10, calls=100):
    """Returns ``{"model", "variables", "elements", "fused_ms", "generic_ms", ...}``."""
    keras = import_frontend("kbackend", "tensorflow")
    import models
    import tensorflow as tf

    from kbackend.backends.tensorflow import optimizer as tf_optimizer

    keras.utils.set_random_seed(0)
    variables = models.build(keras, name).trainable_variables
    grads = [tf.random.normal(v.shape, seed=i) * 1e-3 for i, v in enumerate(variables)]
    steps, op_counts = {}, {}
    for kind, threshold in (("fused", 0), ("generic", float("inf"))):
        optimizer = keras.optimizers.Adam(1e-3)
        optimizer.build(variables)

        def step(gradients, optimizer=optimizer):
            for _ in range(APPLIES_PER_CALL):
                optimizer.apply_gradients(zip(gradients, variables))

        step = tf.function(step, autograph=False)
        saved, tf_optimizer.FUSE_MIN_ELEMENTS = tf_optimizer.FUSE_MIN_ELEMENTS, threshold
        try:
            graph = step.get_concrete_function(grads).graph
        finally:
            tf_optimizer.FUSE_MIN_ELEMENTS = saved
        op_counts[kind] = len(graph.get_operations())
        step(grads)  # compiles the XLA cluster outside the timed rounds
        steps[kind] = step
    times = {kind: [] for kind in steps}
    for _ in range(rounds):
        for kind, step in steps.items():
            times[kind].append(_ms_per_apply(step, grads, calls))
    result = {"model": name, "variables": len(variables),
              "elements": sum(int(tf.size(v.value)) for v in variables)}
    for kind, values in times.items():
        result[f"{kind}_ms"] = round(statistics.median(values), 3)
        result[f"{kind}_best_ms"] = round(min(values), 3)
        result[f"{kind}_graph_ops_per_apply"] = op_counts[kind] // APPLIES_PER_CALL
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", nargs="+", default=["mlp", "cnn", "lstm", "transformer"])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()
    for name in args.models:
        print(json.dumps(measure(name, args.rounds, args.calls)))


if __name__ == "__main__":
    main()
