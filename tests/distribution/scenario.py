"""Multi-device training scenarios, run in a fresh process by test_multi_device.py.

Usage: ``python scenario.py MODE[,MODE...] OUT_DIR`` with KBACKEND set (writes
``OUT_DIR/MODE.npz``). Each mode trains the same
tiny MLP for 2 steps on the same global batches and saves the final weights:
``single`` (one device), ``data_parallel`` (all devices), ``model_parallel`` (jax: a
2x2 mesh with Dense kernels split along "model"), ``tf_mirrored`` (the plain
``tf.distribute.MirroredStrategy`` pattern). The device set-up the engine needs to show
several CPU devices (XLA flags, logical devices, torch.distributed) happens here,
before kbackend creates any tensor.
"""

import os
import sys

import numpy as np


def _setup_engine(engine, mode):
    if engine == "tensorflow":
        import tensorflow as tf

        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration()] * 2)


def _data():
    rng = np.random.default_rng(0)
    return (rng.normal(size=(16, 5)).astype("float32"),
            rng.normal(size=(16, 4)).astype("float32"))


def _train(keras, scope=None):
    import contextlib

    keras.utils.set_random_seed(1)
    with scope if scope is not None else contextlib.nullcontext():
        model = keras.Sequential([
            keras.layers.Input((5,)),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(4),
        ])
        model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    x, y = _data()
    model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    return model


def main(mode, out):
    engine = os.environ["KBACKEND"]
    _setup_engine(engine, mode)
    import kbackend as keras

    distribution = keras.distribution
    extra = {}
    if mode == "single":
        model = _train(keras)
    elif mode == "data_parallel":
        if engine == "torch":
            distribution.initialize()
        devices = distribution.list_devices("cpu")
        extra["num_devices"] = np.array(len(devices))
        model = _train(keras, distribution.DataParallel(devices=devices).scope())
    elif mode == "model_parallel":
        mesh = distribution.DeviceMesh((2, 2), ["batch", "model"],
                                       devices=distribution.list_devices("cpu")[:4])
        layout_map = distribution.LayoutMap(mesh)
        layout_map["dense.*kernel"] = (None, "model")
        parallel = distribution.ModelParallel(layout_map=layout_map, batch_dim_name="batch")
        model = _train(keras, parallel.scope())
        kernel = model.layers[0].kernel.value
        extra["kernel_spec"] = np.array(str(tuple(kernel.sharding.spec)))
        extra["kernel_shard_shape"] = np.array(kernel.addressable_shards[0].data.shape)
    elif mode == "tf_mirrored":
        import tensorflow as tf

        strategy = tf.distribute.MirroredStrategy(["/CPU:0", "/CPU:1"])
        extra["num_devices"] = np.array(strategy.num_replicas_in_sync)
        model = _train(keras, strategy.scope())
    else:
        raise ValueError(f"unknown mode {mode!r}")
    weights = {f"w{i}": w for i, w in enumerate(model.get_weights())}
    np.savez(out, **weights, **extra)
    if engine == "torch" and mode == "data_parallel":
        import torch.distributed

        torch.distributed.destroy_process_group()


if __name__ == "__main__":
    for _mode in sys.argv[1].split(","):  # several modes share one process start
        main(_mode, os.path.join(sys.argv[2], f"{_mode}.npz"))
