"""Loading legacy (tf.keras / Keras 2) HDF5 weight files (``.h5``).

Layout read: the root (or a ``model_weights`` group, in full-model ``.h5`` files) has a
``layer_names`` attribute; each ``<layer name>`` group has a ``weight_names`` attribute
listing dataset paths inside that group (e.g. ``dense/kernel:0``), in the order of the
layer's ``weights`` (trainable first, then non-trainable).

- ``by_name=False``: layers that have weights are matched in order; counts must agree.
- ``by_name=True``: each stored layer is matched to the model layer with the same name;
  layers missing on either side are ignored.
- ``skip_mismatch=True`` (with ``by_name=True``): a layer whose weight count or shapes
  differ is skipped with a warning instead of raising.
"""

import warnings

import numpy as np

from kbackend.saving.h5_safety import check_dataset, open_h5


def _decode(values):
    return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in values]


def _flat_model_layers(model):
    return list(model.layers)


def load_legacy_weights(model, filepath, by_name=False, skip_mismatch=False):
    """Loads a legacy ``.h5`` weights file into ``model``.

    Args:
        model: a built kbackend Model.
        filepath: the ``.h5`` file.
        by_name: match layers by name instead of by order.
        skip_mismatch: with ``by_name``, skip (and warn about) layers whose weights do not
            match instead of raising.

    Example:
    >>> import os, tempfile, h5py, numpy as np
    >>> import kbackend
    >>> x = kbackend.layers.Input((2,))
    >>> m = kbackend.Model(x, kbackend.layers.Dense(1, name="d")(x))
    >>> path = os.path.join(tempfile.mkdtemp(), "w.h5")
    >>> with h5py.File(path, "w") as f:
    ...     f.attrs["layer_names"] = [b"d"]
    ...     g = f.create_group("d"); g.attrs["weight_names"] = [b"d/kernel:0", b"d/bias:0"]
    ...     _ = g.create_dataset("d/kernel:0", data=np.ones((2, 1)))
    ...     _ = g.create_dataset("d/bias:0", data=np.zeros((1,)))
    >>> load_legacy_weights(m, path)
    >>> m.get_layer("d").kernel.numpy().tolist()
    [[1.0], [1.0]]
    """
    if skip_mismatch and not by_name:
        raise ValueError(
            "skip_mismatch=True only works with by_name=True for legacy .h5 files."
        )
    with open(filepath, "rb") as f:
        data = f.read()
    with open_h5(data, str(filepath)) as h5:
        root = h5["model_weights"] if "model_weights" in h5 else h5
        if "layer_names" not in root.attrs:
            raise ValueError(
                f"{filepath} is not a legacy Keras weights file (no 'layer_names' "
                "attribute). Keras 3 weight files end in .weights.h5."
            )
        stored = {}
        order = []
        for name in _decode(root.attrs["layer_names"]):
            group = root[name]
            names = _decode(group.attrs.get("weight_names", []))
            values = []
            for weight_name in names:
                check_dataset(group[weight_name], f"{filepath}: {name}/{weight_name}")
                values.append(np.asarray(group[weight_name][()]))
            stored[name] = values
            if values:
                order.append(name)
        layers = _flat_model_layers(model)
        if by_name:
            pairs = [(layer, layer.name) for layer in layers if layer.name in stored]
        else:
            with_weights = [layer for layer in layers if layer.weights]
            if len(with_weights) != len(order):
                raise ValueError(
                    f"{filepath}: the file holds weights for {len(order)} layers "
                    f"({order}) but the model has {len(with_weights)} layers with weights "
                    f"({[layer.name for layer in with_weights]}). Pass by_name=True to "
                    "match layers by name."
                )
            pairs = list(zip(with_weights, order))
        for layer, name in pairs:
            _assign(layer, stored[name], name, filepath, skip_mismatch)


def _assign(layer, values, name, filepath, skip_mismatch):
    weights = layer.weights
    problem = None
    if len(weights) != len(values):
        problem = (f"layer {layer.name!r} has {len(weights)} weights but the file holds "
                   f"{len(values)} for {name!r}")
    else:
        for w, v in zip(weights, values):
            if tuple(w.shape) != v.shape:
                problem = (f"shape mismatch for weight {w.name!r} of layer {layer.name!r}: "
                           f"the model has {tuple(w.shape)}, the file has {v.shape}")
                break
    if problem:
        if skip_mismatch:
            warnings.warn(f"{filepath}: skipping layer {layer.name!r}: {problem}.",
                          stacklevel=4)
            return
        raise ValueError(f"{filepath}: {problem}. Pass skip_mismatch=True (with "
                         "by_name=True) to skip it.")
    for w, v in zip(weights, values):
        w.assign(v)
