"""Whole models in the legacy HDF5 format (``model.save("m.h5")``), as Keras 3 writes it.

Layout (observed on files written by Keras 3.15's ``model.save("m.h5")``)::

    /                      attrs: model_config (JSON {"class_name", "config"}),
                           training_config (JSON compile arguments, optimizer as
                           "optimizer_config"; only for compiled models),
                           backend, keras_version
    /model_weights         attrs: layer_names (every layer of ``model.layers``),
                           backend, keras_version; one group per layer with attr
                           weight_names = the paths of ``layer.weights`` and one dataset per
                           path (``<layer>/<path>``); ``top_level_model_weights`` (empty)
    /optimizer_weights     attrs: weight_names (``<optimizer name>/<variable name>``); one
                           dataset per name, in ``optimizer.variables`` order

Like Keras 3, saving in this format logs a warning recommending the ``.keras`` format.
"""

import io
import json
import logging
import warnings

import h5py
import numpy as np

from kbackend.saving import legacy_h5, serialization_lib
from kbackend.saving.atomic_file import atomic_write
from kbackend.saving.h5_safety import check_dataset, open_h5

KERAS_VERSION = "3.0.0"
_LEGACY_WARNING = (
    "You are saving your model as an HDF5 file via `model.save()` or "
    "`keras.saving.save_model(model)`. This file format is considered legacy. We recommend "
    "using instead the native Keras format, e.g. `model.save('my_model.keras')` or "
    "`keras.saving.save_model(model, 'my_model.keras')`."
)
logger = logging.getLogger("kbackend.saving")


def _engine():
    from kbackend import backend

    return backend.backend()


def _variable_path(variable):
    return str(getattr(variable, "path", None) or variable.name)


def _training_config(model):
    compile_config = model.get_compile_config() if getattr(model, "compiled", False) else None
    if not compile_config:
        return None
    config = dict(compile_config.get("config", compile_config))
    optimizer = config.pop("optimizer", None)
    if isinstance(optimizer, dict):
        optimizer = {"class_name": optimizer.get("class_name"),
                     "config": optimizer.get("config", {})}
    config["optimizer_config"] = optimizer
    return config


def save_legacy_model(model, filepath):
    """Writes ``model`` (config, weights, compile arguments, optimizer state) as legacy HDF5.

    Args:
        model: a kbackend Model.
        filepath: destination ending in ``.h5`` or ``.hdf5``.

    Example:
    >>> import os, tempfile
    >>> import kbackend
    >>> x = kbackend.layers.Input((2,))
    >>> m = kbackend.Model(x, kbackend.layers.Dense(1)(x))
    >>> save_legacy_model(m, os.path.join(tempfile.mkdtemp(), "m.h5"))
    """
    logger.warning(_LEGACY_WARNING)
    model_config = json.loads(json.dumps(serialization_lib.serialize_keras_object(model)))
    model_config = {"class_name": model_config["class_name"], "config": model_config["config"]}
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as h5:
        h5.attrs["backend"] = _engine()
        h5.attrs["keras_version"] = KERAS_VERSION
        h5.attrs["model_config"] = json.dumps(model_config)
        training_config = _training_config(model)
        if training_config is not None:
            h5.attrs["training_config"] = json.dumps(training_config)
        weights = h5.create_group("model_weights")
        weights.attrs["layer_names"] = [layer.name.encode("utf-8") for layer in model.layers]
        weights.attrs["backend"] = _engine()
        weights.attrs["keras_version"] = KERAS_VERSION
        for layer in model.layers:
            group = weights.create_group(layer.name)
            paths = [_variable_path(w) for w in layer.weights]
            group.attrs["weight_names"] = [p.encode("utf-8") for p in paths]
            for path, variable in zip(paths, layer.weights):
                group.create_dataset(path, data=np.asarray(variable.numpy()))
        weights.create_group("top_level_model_weights").attrs["weight_names"] = np.array(
            [], dtype="S1")
        optimizer = getattr(model, "optimizer", None)
        if optimizer is not None and getattr(optimizer, "built", False):
            group = h5.create_group("optimizer_weights")
            names = [f"{optimizer.name}/{v.name}_{i}" for i, v in enumerate(optimizer.variables)]
            group.attrs["weight_names"] = [n.encode("utf-8") for n in names]
            for name, variable in zip(names, optimizer.variables):
                group.create_dataset(name, data=np.asarray(variable.numpy()))
    with atomic_write(filepath) as f:
        f.write(buffer.getvalue())


def _attr_json(h5, key, filepath):
    value = h5.attrs.get(key)
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    try:
        return json.loads(value)
    except json.JSONDecodeError as e:
        raise ValueError(f"{filepath}: the {key!r} attribute is not valid JSON ({e}).") from None


def _compile(model, training_config):
    config = dict(training_config)
    optimizer = config.pop("optimizer_config", None)
    if optimizer is None:
        return False
    config["optimizer"] = optimizer
    allowed = ("optimizer", "loss", "loss_weights", "metrics", "weighted_metrics",
               "run_eagerly", "steps_per_execution", "jit_compile")
    config = {k: v for k, v in config.items() if k in allowed}
    model.compile_from_config(config)
    return True


def _load_optimizer_weights(model, h5, filepath):
    optimizer = model.optimizer
    group = h5["optimizer_weights"]
    names = legacy_h5._decode(group.attrs.get("weight_names", []))
    if not getattr(optimizer, "built", False):
        optimizer.build(model.trainable_variables)
    values = []
    for name in names:
        check_dataset(group[name], f"{filepath}: optimizer_weights/{name}")
        values.append(np.asarray(group[name][()]))
    variables = optimizer.variables
    if len(values) != len(variables) or any(
            tuple(v.shape) != x.shape for v, x in zip(variables, values)):
        warnings.warn(
            f"{filepath}: the optimizer state ({len(values)} values) does not match the "
            f"optimizer's {len(variables)} variables; the optimizer starts fresh.",
            stacklevel=3,
        )
        return
    for variable, value in zip(variables, values):
        variable.assign(value)


def load_legacy_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Reads a whole model saved in the legacy HDF5 format (by Keras 2/3 or kbackend).

    Args:
        filepath: the ``.h5`` / ``.hdf5`` file.
        custom_objects: dict of user classes/functions named in the config.
        compile: whether to compile with the saved training config (and restore the
            optimizer state).
        safe_mode: refuse Lambda bytecode.

    Returns:
        The model.

    Example:
    >>> import os, tempfile
    >>> import kbackend
    >>> x = kbackend.layers.Input((2,))
    >>> m = kbackend.Model(x, kbackend.layers.Dense(1)(x))
    >>> path = os.path.join(tempfile.mkdtemp(), "m.h5")
    >>> save_legacy_model(m, path)
    >>> load_legacy_model(path).output_shape
    (None, 1)
    """
    with open(filepath, "rb") as f:
        data = f.read()
    with open_h5(data, str(filepath)) as h5:
        model_config = _attr_json(h5, "model_config", filepath)
        if not isinstance(model_config, dict) or "class_name" not in model_config:
            raise ValueError(
                f"No model config found in the file at {filepath}: it holds only weights. "
                "Build the model in code and call model.load_weights(filepath)."
            )
        model = serialization_lib.deserialize_keras_object(
            model_config, custom_objects=custom_objects, safe_mode=safe_mode)
        legacy_h5.load_legacy_weights(model, filepath)
        training_config = _attr_json(h5, "training_config", filepath)
        if compile and training_config:
            from kbackend.saving.object_registration import custom_object_scope

            with custom_object_scope(custom_objects or {}), \
                    serialization_lib.SafeModeScope(safe_mode):
                compiled = _compile(model, training_config)
            if compiled and "optimizer_weights" in h5:
                _load_optimizer_weights(model, h5, filepath)
    return model
