"""Pieces every application shares: argument checks, the input, pooling, weights loading.

Note [application weights]: ``weights="imagenet"`` downloads Keras's published legacy
``.h5`` file (root ``layer_names`` attribute, one group per layer) through
``kbackend.utils.get_file`` into ``<kbackend home>/models`` and checks it against the
published hash where one is known. Layers are matched by name when every weighted layer
of the model has a namesake in the file; otherwise (auto-named layers, e.g. Xception's
shortcut convolutions) they are matched in order, which is what Keras itself does.
"""

import os

from kbackend import layers
from kbackend.backends.common.keras_tensor import is_keras_tensor
from kbackend.models import Functional
from kbackend.utils.source_inputs import get_source_inputs

WEIGHTS_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/"


def check_arguments(weights, include_top, classes):
    """Raises the ValueErrors Keras raises for ``weights`` and ``classes``."""
    if not (weights in ("imagenet", None) or (isinstance(weights, (str, os.PathLike))
                                              and os.path.exists(weights))):
        raise ValueError(
            "The `weights` argument should be either `None` (random initialization), "
            "'imagenet' (pre-training on ImageNet), or the path to the weights file to "
            f"be loaded. Received: weights={weights}"
        )
    if weights == "imagenet" and include_top and classes != 1000:
        raise ValueError(
            'If using `weights="imagenet"` with `include_top=True`, `classes` should be '
            f"1000. Received classes={classes}"
        )


def make_input(input_tensor, input_shape):
    """The model's image input: a fresh Input, or ``input_tensor`` (wrapped if needed)."""
    if input_tensor is None:
        return layers.Input(shape=input_shape)
    if not is_keras_tensor(input_tensor):
        return layers.Input(tensor=input_tensor, shape=input_shape)
    return input_tensor


def build_model(input_tensor, img_input, outputs, name):
    """A Functional model from the source inputs of ``input_tensor`` (or ``img_input``)."""
    inputs = get_source_inputs(input_tensor) if input_tensor is not None else img_input
    return Functional(inputs, outputs, name=name)


def pool(x, pooling, avg_name=None, max_name=None):
    """Applies the optional global pooling of an ``include_top=False`` model."""
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name=avg_name)(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name=max_name)(x)
    if pooling is not None:
        raise ValueError(
            f"Unknown pooling: {pooling!r}. Expected None, 'avg' or 'max'."
        )
    return x


def _stored_layer_names(filepath):
    from kbackend.saving.h5_safety import open_h5

    with open(filepath, "rb") as f:
        data = f.read()
    with open_h5(data, str(filepath)) as h5:
        root = h5["model_weights"] if "model_weights" in h5 else h5
        names = root.attrs.get("layer_names", [])
        return {n.decode("utf-8") if isinstance(n, bytes) else str(n) for n in names}


def load_legacy_h5(model, filepath):
    """Loads a legacy ``.h5`` weights file by name, or in order (Note [application weights])."""
    from kbackend.saving.legacy_h5 import load_legacy_weights

    stored = _stored_layer_names(filepath)
    weighted = [layer.name for layer in model.layers if layer.weights]
    by_name = bool(stored) and all(name in stored for name in weighted)
    load_legacy_weights(model, filepath, by_name=by_name)


def load_weights(model, weights, file_name=None, file_hash=None, subdir=""):
    """Loads ``weights`` ("imagenet", None or a path) into ``model``.

    Args:
        model: the application model.
        weights: "imagenet" (download ``WEIGHTS_BASE + subdir + file_name``), None (keep
            the random initialization) or a path to a weights file.
        file_name: the published file name.
        file_hash: its published md5/sha256, or None where none is known.
        subdir: the folder of ``file_name`` under ``WEIGHTS_BASE``.

    Returns:
        None.
    """
    if weights is None:
        return
    if weights == "imagenet":
        from kbackend.utils import get_file

        path = get_file(file_name, WEIGHTS_BASE + subdir + file_name,
                        cache_subdir="models", file_hash=file_hash)
        load_legacy_h5(model, path)
        return
    path = os.fspath(weights)
    if path.endswith((".weights.h5", ".keras")):
        model.load_weights(path)
    else:
        load_legacy_h5(model, path)
