"""Public saving functions: save_model, load_model, save_weights, load_weights.

Paths are checked before anything is written: ``.keras`` for models, ``.weights.h5`` for
weights (legacy ``.h5`` weight files can still be loaded), with the Keras 3 error messages.
"""

import os

from kbackend.saving import legacy_h5, legacy_h5_model, saving_lib


def _ask_to_overwrite(filepath):
    try:
        answer = input(f"[WARNING] {filepath} already exists - overwrite? [y/n] ")
    except EOFError:
        return False
    return answer.strip().lower().startswith("y")


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """Saves a model as a ``.keras`` zip archive (config, metadata, weights).

    A path ending in ``.h5``/``.hdf5`` writes the legacy HDF5 format instead (with a
    logged warning, as Keras 3 does); see `legacy_h5_model`.

    Args:
        model: the model.
        filepath: path ending in ``.keras`` (or ``.h5`` for the legacy format).
        overwrite: if False and the file exists, ask before replacing it.
        zipped: must be None or True (unzipped saving is not supported).

    Example:
    >>> import os, tempfile
    >>> import kbackend
    >>> x = kbackend.layers.Input((2,))
    >>> m = kbackend.Model(x, kbackend.layers.Dense(1)(x))
    >>> save_model(m, os.path.join(tempfile.mkdtemp(), "m.keras"))
    """
    if kwargs:
        raise ValueError(
            f"save_model got unexpected keyword arguments {sorted(kwargs)}; it takes "
            "filepath, overwrite and zipped."
        )
    filepath_str = os.fspath(filepath)
    if str(filepath_str).endswith((".h5", ".hdf5")):
        # As Keras 3: the legacy whole-model HDF5 format, with a warning logged.
        if not overwrite and os.path.exists(filepath_str) and not _ask_to_overwrite(
                filepath_str):
            return
        legacy_h5_model.save_legacy_model(model, filepath_str)
        return
    if not str(filepath_str).endswith(".keras"):
        raise ValueError(
            "Invalid filepath extension for saving. Please add a `.keras` extension for "
            "the native Keras format (recommended). Use `model.export(filepath)` if you "
            f"want to export a SavedModel. Received: filepath={filepath_str}"
        )
    if zipped is False:
        raise ValueError("zipped=False is not supported: .keras files are zip archives.")
    if not overwrite and os.path.exists(filepath_str) and not _ask_to_overwrite(filepath_str):
        return
    saving_lib.save_model(model, filepath_str)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a model saved with `save_model` (or by Keras 3) from a ``.keras`` file.

    Legacy whole-model ``.h5``/``.hdf5`` files (Keras 2/3 ``model.save("m.h5")``) load too.

    Args:
        filepath: path of the ``.keras`` (or legacy ``.h5``) file.
        custom_objects: dict of user classes/functions the config names.
        compile: whether to compile the model with the saved compile config.
        safe_mode: refuse Lambda bytecode and other unsafe content (default True).

    Returns:
        The model, with its weights and (if compiled) optimizer state.

    Example:
    >>> import os, tempfile
    >>> import kbackend
    >>> x = kbackend.layers.Input((2,))
    >>> m = kbackend.Model(x, kbackend.layers.Dense(1)(x))
    >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
    >>> m.save(path)
    >>> load_model(path).output_shape
    (None, 1)
    """
    filepath_str = os.fspath(filepath)
    if str(filepath_str).endswith((".h5", ".hdf5")):
        if not os.path.exists(filepath_str):
            raise ValueError(f"File not found: filepath={filepath_str}.")
        return legacy_h5_model.load_legacy_model(
            filepath_str, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode)
    if not str(filepath_str).endswith(".keras"):
        raise ValueError(
            f"File format not supported: filepath={filepath_str}. kbackend loads Keras 3 "
            "`.keras` files and legacy whole-model `.h5` files. Weight files "
            "(`.weights.h5`) are loaded with model.load_weights(filepath) on a model built "
            "in code."
        )
    if not os.path.exists(filepath_str):
        raise ValueError(f"File not found: filepath={filepath_str}. Please ensure the file "
                         "is an accessible `.keras` zip file.")
    return saving_lib.load_model(filepath_str, custom_objects=custom_objects,
                                 compile=compile, safe_mode=safe_mode)


def save_weights(model, filepath, overwrite=True, max_shard_size=None):
    """Saves the model's variables to a ``.weights.h5`` file.

    Args:
        model: the model.
        filepath: path ending in ``.weights.h5``.
        overwrite: if False and the file exists, ask before replacing it.
        max_shard_size: sharding is not supported; must be None.

    Example:
    >>> import os, tempfile
    >>> import kbackend
    >>> x = kbackend.layers.Input((2,))
    >>> m = kbackend.Model(x, kbackend.layers.Dense(1)(x))
    >>> save_weights(m, os.path.join(tempfile.mkdtemp(), "m.weights.h5"))
    """
    filepath_str = os.fspath(filepath)
    if not str(filepath_str).endswith(".weights.h5"):
        raise ValueError(
            f"The filename must end in `.weights.h5`. Received: filepath={filepath_str}"
        )
    if max_shard_size is not None:
        raise ValueError("max_shard_size is not supported by kbackend; pass None.")
    if not overwrite and os.path.exists(filepath_str) and not _ask_to_overwrite(filepath_str):
        return
    saving_lib.save_weights_only(model, filepath_str)


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    """Loads weights from ``.weights.h5``, ``.keras`` or a legacy ``.h5`` file.

    Args:
        model: a built model.
        filepath: the weights file.
        skip_mismatch: skip (with a warning) variables whose shapes do not match.
        **kwargs: ``by_name=True`` for legacy ``.h5`` files only.

    Example:
    >>> import os, tempfile
    >>> import kbackend
    >>> x = kbackend.layers.Input((2,))
    >>> m = kbackend.Model(x, kbackend.layers.Dense(1)(x))
    >>> path = os.path.join(tempfile.mkdtemp(), "m.weights.h5")
    >>> m.save_weights(path)
    >>> load_weights(m, path)
    """
    filepath_str = str(os.fspath(filepath))
    by_name = kwargs.pop("by_name", False)
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {sorted(kwargs)}. load_weights takes "
                         "filepath, skip_mismatch and (legacy .h5 only) by_name.")
    if filepath_str.endswith((".keras", ".weights.h5")):
        if by_name:
            raise ValueError(
                "Invalid keyword arguments: by_name=True is only supported for legacy "
                f".h5 weight files. Received: filepath={filepath_str}"
            )
        if not os.path.exists(filepath_str):
            raise FileNotFoundError(f"No such weights file: {filepath_str}")
        saving_lib.load_weights_only(model, filepath_str, skip_mismatch=skip_mismatch)
    elif filepath_str.endswith((".h5", ".hdf5")):
        legacy_h5.load_legacy_weights(model, filepath_str, by_name=by_name,
                                      skip_mismatch=skip_mismatch)
    else:
        raise ValueError(
            f"File format not supported: filepath={filepath_str}. Keras 3 only supports "
            "V3 `.keras` and `.weights.h5` files, or legacy V1/V2 `.h5` files."
        )
