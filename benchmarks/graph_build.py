"""Functional build time and eager call latency (issue 3), for kbackend or Keras 3.

Usage:
    python benchmarks/graph_build.py --engine jax [--impl kbackend|keras] [--quick]

Prints one JSON line: ``build_ms``, the median time to build a 200-layer Functional model
(Input + a chain of Dense(32) layers, variables created), and ``eager_call_ms``, the median
latency of calling a 10-layer Dense model on one sample eagerly (``model(x)``). Target:
half of Keras 3's figures or better.
"""

import argparse
import json

from _common import import_frontend, median_seconds, peak_rss_mb


def build_chain(keras, num_layers, units=32):
    """A Functional model: Input((units,)) followed by ``num_layers`` Dense layers."""
    inputs = keras.Input((units,))
    x = inputs
    for _ in range(num_layers):
        x = keras.layers.Dense(units, activation="relu")(x)
    return keras.Model(inputs, x)


def measure(impl, engine, quick=False):
    """Returns ``{"build_ms", "eager_call_ms", ...}`` for one implementation and engine."""
    import numpy as np

    keras = import_frontend(impl, engine)
    build_layers = 20 if quick else 200
    build_s = median_seconds(lambda: build_chain(keras, build_layers), 1 if quick else 5)
    small = build_chain(keras, 10)
    x = keras.ops.convert_to_tensor(np.random.rand(1, 32).astype("float32"))
    call_s = median_seconds(lambda: small(x), 5 if quick else 200)
    return {"impl": impl, "engine": engine, "build_layers": build_layers,
            "build_ms": build_s * 1e3, "eager_call_ms": call_s * 1e3,
            "peak_rss_mb": peak_rss_mb()}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--impl", choices=("kbackend", "keras"), default="kbackend")
    parser.add_argument("--engine", choices=("jax", "torch", "tensorflow", "numpy"),
                        required=True)
    parser.add_argument("--quick", action="store_true", help="20 layers, few calls")
    args = parser.parse_args()
    print(json.dumps(measure(args.impl, args.engine, args.quick)))


if __name__ == "__main__":
    main()
