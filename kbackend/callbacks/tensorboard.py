"""TensorBoard: writes scalars, histograms, images and the model config as event files."""

import json
import os
import time
import warnings

import numpy as np

from kbackend.callbacks import _monitor
from kbackend.callbacks.callback import Callback


class TensorBoard(Callback):
    """Logs training to ``log_dir`` for TensorBoard (``tensorboard --logdir=log_dir``).

    Training values go to ``log_dir/train`` and validation values to
    ``log_dir/validation``, as Keras does: per epoch as ``epoch_<name>`` (the validation
    writer gets the names without their ``val_`` prefix, plus
    ``evaluation_<name>_vs_iterations`` against the optimizer's step), and per batch as
    ``batch_<name>`` when ``update_freq`` asks. Files are written with the ``tensorboard``
    package alone; tensorflow is never imported.

    Args:
        log_dir: the folder for the event files.
        histogram_freq: every this many epochs, write a histogram of each weight (0: never).
        write_graph: write the model's config (shown by TensorBoard's graph tab).
        write_images: write 2-D (and 4-D conv) kernels as images, with the histograms.
        write_steps_per_second: log ``steps_per_second`` (training batches per second).
        update_freq: "epoch", "batch", or an int N (write batch values every N batches).
        profile_batch: accepted for compatibility; profiling is not supported (0 only).
        embeddings_freq: accepted for compatibility; embeddings are not written (0 only).
        embeddings_metadata: accepted for compatibility.

    Example:
    >>> import kbackend, numpy as np, tempfile
    >>> model = kbackend.Sequential([kbackend.layers.Input((4,)), kbackend.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> board = TensorBoard(log_dir=tempfile.mkdtemp(), histogram_freq=1)
    >>> _ = model.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=2, callbacks=[board],
    ...               verbose=0)
    """

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0,
                 embeddings_freq=0, embeddings_metadata=None):
        super().__init__()
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = int(histogram_freq)
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        if update_freq == "batch":
            update_freq = 1
        if update_freq != "epoch" and not (isinstance(update_freq, int) and update_freq > 0):
            raise ValueError(
                f"TensorBoard received update_freq={update_freq!r}; expected 'epoch', "
                "'batch' or a positive int (write batch values every that many batches)."
            )
        self.update_freq = update_freq
        if profile_batch not in (0, None, (0, 0)):
            warnings.warn(
                f"TensorBoard(profile_batch={profile_batch!r}): profiling is not supported "
                "by kbackend and is skipped. Use the engine's own profiler instead.",
                stacklevel=2)
        if embeddings_freq:
            warnings.warn(
                "TensorBoard(embeddings_freq=...): embedding projections are not written by "
                "kbackend and are skipped.", stacklevel=2)
        self.profile_batch = profile_batch
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._writers = {}
        self._train_step = 0
        self._epoch_start = None
        self._epoch_batches = 0
        self._in_fit = False

    # --- writers ---------------------------------------------------------------------------
    def _writer(self, name):
        if name not in self._writers:
            from kbackend.callbacks._event_writer import EventWriter

            self._writers[name] = EventWriter(os.path.join(self.log_dir, name))
        return self._writers[name]

    def _close_writers(self):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    # --- hooks -----------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        self._train_step = 0
        self._in_fit = True
        if self.write_graph:
            self._write_model_config()

    def on_train_end(self, logs=None):
        self._in_fit = False
        self._close_writers()

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = time.time()
        self._epoch_batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self._train_step += 1
        self._epoch_batches += 1
        if self.update_freq == "epoch" or self._train_step % self.update_freq:
            return
        writer = self._writer("train")
        for name, value in _scalars(logs).items():
            writer.scalar("batch_" + name, value, self._train_step)

    def on_epoch_end(self, epoch, logs=None):
        scalars = _scalars(logs)
        train = {k: v for k, v in scalars.items() if not k.startswith("val_")}
        validation = {k[4:]: v for k, v in scalars.items() if k.startswith("val_")}
        if self.write_steps_per_second and self._epoch_start is not None:
            elapsed = max(time.time() - self._epoch_start, 1e-9)
            train["steps_per_second"] = self._epoch_batches / elapsed
        writer = self._writer("train")
        for name, value in train.items():
            writer.scalar("epoch_" + name, value, epoch)
        if validation:
            iterations = self._optimizer_iterations()
            val_writer = self._writer("validation")
            for name, value in validation.items():
                val_writer.scalar("epoch_" + name, value, epoch)
                val_writer.scalar(f"evaluation_{name}_vs_iterations", value, iterations)
            val_writer.flush()
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._write_weights(epoch)
        writer.flush()

    def on_test_end(self, logs=None):
        # A standalone evaluate() (not the validation inside fit) logs its results.
        if self._in_fit or not logs:
            return
        writer = self._writer("validation")
        iterations = self._optimizer_iterations()
        for name, value in _scalars(logs).items():
            writer.scalar(f"evaluation_{name}_vs_iterations", value, iterations)
        self._close_writers()

    # --- content ---------------------------------------------------------------------------
    def _optimizer_iterations(self):
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None or getattr(optimizer, "iterations", None) is None:
            return self._train_step
        return int(_monitor.to_float(optimizer.iterations))

    def _write_model_config(self):
        try:
            config = self.model.to_json()
        except (AttributeError, NotImplementedError, TypeError, ValueError):
            # Subclassed models without a config have no graph to show.
            return
        writer = self._writer("train")
        # NOTE: the tag and plugin name TensorBoard's graph plugin reads Keras models from.
        writer.text("keras", config if isinstance(config, str) else json.dumps(config), 0,
                    plugin_name="graph_keras_model", content=b"1")
        writer.flush()

    def _write_weights(self, epoch):
        writer = self._writer("train")
        for layer in _layers(self.model):
            for weight in layer.weights:
                name = getattr(weight, "name", "weight").replace(":", "_")
                tag = f"{layer.name}/{name}"
                values = np.asarray(weight.numpy())
                writer.histogram(tag + "/histogram", values, epoch)
                if self.write_images:
                    image = _weight_image(values)
                    if image is not None:
                        writer.image(tag + "/image", image, epoch)


def _layers(model):
    layers = getattr(model, "layers", None)
    return list(layers) if layers is not None else [model]


def _weight_image(values):
    if values.ndim == 1:
        return values[None, :]
    if values.ndim == 2:
        return values if values.shape[0] <= values.shape[1] else values.T
    if values.ndim == 4:
        # A conv kernel (h, w, in, out): tile the in x out filters side by side.
        height, width, channels_in, channels_out = values.shape
        return values.transpose(2, 0, 3, 1).reshape(channels_in * height, channels_out * width)
    return None


def _scalars(logs):
    result = {}
    for name, value in (logs or {}).items():
        try:
            array = value if isinstance(value, np.ndarray) else np.asarray(
                _monitor.to_float(value))
        except (TypeError, ValueError):
            continue
        if np.ndim(array) == 0:
            result[name] = float(array)
    return result
