"""One fit/predict measurement in this process: prints one JSON line.

Usage:
    python benchmarks/run_fit.py --impl kbackend --engine jax --model mlp [--quick]

``--impl`` is kbackend, native (benchmarks/native/<engine>_loops.py) or keras (Keras 3,
only in its own process, with KERAS_BACKEND set). Measured: fit throughput in samples/s
(after a warm-up fit that compiles the step), predict latency for one sample and predict
throughput for large batches (kbackend and keras), peak RSS up to the end of fit and over
the whole run, and peak GPU memory.
"""

import argparse
import json
import time

from _common import gpu_peak_mb, import_frontend, median_seconds, peak_rss_mb, setup_paths

STEPS = {"full": 40, "quick": 2}


def _fit_frontend(keras, name, quick, trainable):
    import models

    batch_size = models.BATCH_SIZE[name]
    steps = STEPS["quick" if quick else "full"]
    keras.utils.set_random_seed(0)
    model = models.build(keras, name)
    result = {}
    x, y = models.make_data(name, batch_size * steps)
    if trainable:
        warm_x, warm_y = x[:batch_size * 2], y[:batch_size * 2]
        model.fit(warm_x, warm_y, batch_size=batch_size, epochs=1, verbose=0, shuffle=False)
        start = time.perf_counter()
        model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0, shuffle=False)
        result["fit_samples_per_s"] = len(x) / (time.perf_counter() - start)
        # The memory target is the peak *during fit*: read it before predict's
        # batches of 1024 (the whole run's peak is `peak_rss_mb`).
        result["fit_peak_rss_mb"] = peak_rss_mb()
    one = x[:1]
    result["predict_latency_ms"] = 1e3 * median_seconds(
        lambda: model.predict_on_batch(one), 3 if quick else 30)
    large = x if quick else models.make_data(name, 4096)[0]
    model.predict(large, batch_size=1024, verbose=0)
    start = time.perf_counter()
    model.predict(large, batch_size=1024, verbose=0)
    result["predict_samples_per_s"] = len(large) / (time.perf_counter() - start)
    return result


def _fit_native(engine, name, quick):
    import importlib

    import models

    loops = importlib.import_module(f"native.{engine}_loops")
    if name not in loops.SUPPORTED:
        return {"skipped": f"no native {engine} loop for {name}"}
    batch_size = models.BATCH_SIZE[name]
    steps = STEPS["quick" if quick else "full"]
    x, y = models.make_data(name, batch_size * steps)
    _, state = loops.fit(name, x[:batch_size * 2], y[:batch_size * 2], batch_size)
    seconds, _ = loops.fit(name, x, y, batch_size, state=state)
    return {"fit_samples_per_s": len(x) / seconds}


def measure(impl, engine, name, quick=False):
    """Returns the measurement dict for one implementation, engine and model."""
    if impl == "native":
        # NOTE: kbackend is not imported here: it would change engine settings (jax x64).
        setup_paths()
        result = _fit_native(engine, name, quick)
    else:
        keras = import_frontend(impl, engine)
        trainable = engine != "numpy"
        result = _fit_frontend(keras, name, quick, trainable)
    result.update(impl=impl, engine=engine, model=name, peak_rss_mb=peak_rss_mb(),
                  gpu_peak_mb=gpu_peak_mb(engine))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--impl", choices=("kbackend", "native", "keras"), required=True)
    parser.add_argument("--engine", choices=("jax", "torch", "tensorflow", "numpy"),
                        required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--quick", action="store_true", help="tiny step counts")
    args = parser.parse_args()
    print(json.dumps(measure(args.impl, args.engine, args.model, args.quick)))


if __name__ == "__main__":
    main()
