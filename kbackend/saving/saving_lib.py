"""The Keras 3 ``.keras`` format and ``.weights.h5`` files: writing and reading.

A ``.keras`` file is a zip archive with three members:

- ``config.json``: `serialize_keras_object(model)`, including ``build_config`` and
  ``compile_config`` (so a loaded model is compiled the same way);
- ``metadata.json``: ``{"keras_version", "date_saved", "kbackend_version"}``;
- ``model.weights.h5``: the variables in the layout documented in ``weights_tree``
  (``layers/<key>/vars/<i>``, ``optimizer/vars/<i>``, ``vars``).

Every write goes through `atomic_file.atomic_path` (temporary
file + ``os.replace``; Note [fsync before rename]), and
every read through `safe_zip.read_archive` / `h5_safety.open_h5` (Note [safe loading]).
"""

import contextlib
import datetime
import json
import mmap
import os
import time
import warnings
import zipfile

import h5py

from kbackend.backends.common.variables import SkipInitializerDraws
from kbackend.saving import safe_zip, serialization_lib, weights_tree
from kbackend.saving.atomic_file import atomic_path
from kbackend.saving.h5_safety import open_h5

# The Keras format version these files follow (Keras 3 reads any 3.x metadata).
KERAS_FORMAT_VERSION = "3.0.0"


def _metadata():
    import kbackend

    return {
        "keras_version": KERAS_FORMAT_VERSION,
        "kbackend_version": kbackend.__version__,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
    }


class _FileMember(str):
    """An archive member given as the path of a file to copy in (not as bytes)."""


def _write_archive(fileobj, members):
    """Writes ``{name: bytes or _FileMember}`` as a zip archive (a separate function so
    tests can interrupt a save in the middle)."""
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            # NOTE: float weights barely compress, and deflating them made saving a 10M
            # parameter model ~15x slower than Keras 3 (benchmarks/save_load.py).
            stored = name == safe_zip.WEIGHTS
            compress_type = zipfile.ZIP_STORED if stored else archive.compression
            if not isinstance(data, _FileMember):
                archive.writestr(name, data, compress_type=compress_type)
                continue
            # The same entry writestr would make (time, mode), streamed from the file.
            info = zipfile.ZipInfo(name, time.localtime(time.time())[:6])
            info.compress_type = compress_type
            info.external_attr = 0o600 << 16
            info.file_size = os.path.getsize(data)
            with open(data, "rb") as source, archive.open(info, "w") as target:
                if info.file_size:
                    # One checksum and one write straight from the page cache (a mapped
                    # view), instead of reading the file into Python buffers first.
                    with mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ) as view:
                        target.write(view)


def _write_h5(path, model):
    """Writes ``model``'s variables as an HDF5 file at ``path`` (separate so tests can
    interrupt it)."""
    # Note [native weight writes]: h5py given a path writes through HDF5's own file driver.
    # Building the file in a BytesIO first (then copying it out) ran every byte through
    # Python file callbacks and two extra copies: saving 36 MiB of weights took 1.9x as
    # long as Keras 3 on torch (benchmarks/save_load.py).
    with h5py.File(path, "w") as h5:
        weights_tree.save_tree(model, h5, is_root=True)


def save_model(model, filepath):
    """Writes ``model`` to ``filepath`` in the ``.keras`` format (atomically).

    Args:
        model: a kbackend Model.
        filepath: destination path ending in ``.keras``.

    Example:
    >>> import os, tempfile
    >>> import kbackend
    >>> x = kbackend.layers.Input((2,))
    >>> m = kbackend.Model(x, kbackend.layers.Dense(1)(x))
    >>> save_model(m, os.path.join(tempfile.mkdtemp(), "m.keras"))
    """
    config = serialization_lib.serialize_keras_object(model)
    members = {
        safe_zip.METADATA: json.dumps(_metadata()).encode("utf-8"),
        safe_zip.CONFIG: json.dumps(config).encode("utf-8"),
    }
    # Note [native weight writes], for .keras files: HDF5 writes the weights into a
    # temporary file next to the target, which is then mapped and written into the
    # archive in one call. Building them in a BytesIO first ran every byte through Python
    # callbacks and buffer regrowth (about half of saving a 9.4M-parameter model on jax,
    # cProfile). A failure at
    # any point leaves the previous file untouched and removes both temporary files.
    with atomic_path(filepath) as tmp:
        weights_path = _FileMember(tmp + ".weights.h5")
        try:
            _write_h5(weights_path, model)
            members[safe_zip.WEIGHTS] = weights_path
            with open(tmp, "wb") as f:
                _write_archive(f, members)
        finally:
            with contextlib.suppress(OSError):
                os.remove(weights_path)


def _parse_json(data, name, filepath):
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(
            f"{filepath}: {name} is not valid JSON ({e}); the file is corrupt or was not "
            "written by Keras/kbackend. kbackend never unpickles file contents."
        ) from None


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Reads a ``.keras`` file: architecture, weights, compile config, optimizer state.

    Args:
        filepath: path of the ``.keras`` file.
        custom_objects: dict of user classes/functions named in the config.
        compile: whether to recompile with the saved compile config.
        safe_mode: refuse Lambda bytecode (see Note [safe loading]).

    Returns:
        The model.

    Example:
    >>> import os, tempfile
    >>> import kbackend
    >>> x = kbackend.layers.Input((2,))
    >>> m = kbackend.Model(x, kbackend.layers.Dense(1)(x))
    >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
    >>> save_model(m, path)
    >>> load_model(path).output_shape
    (None, 1)
    """
    members = safe_zip.read_archive(filepath)
    config = _parse_json(members[safe_zip.CONFIG], safe_zip.CONFIG, filepath)
    if safe_zip.METADATA in members:
        _parse_json(members[safe_zip.METADATA], safe_zip.METADATA, filepath)
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"{filepath}: config.json does not describe a model (expected a dict with "
            f"'class_name' and 'config', got {type(config).__name__})."
        )
    config = dict(config)
    compile_config = config.pop("compile_config", None)
    # Note [skipped initializer draws] (backends/common/variables.py): the saved weights
    # overwrite the initial values, so the rebuild records its random draws instead of
    # making them; whatever the file does not assign is replayed exactly on exit.
    draws = SkipInitializerDraws() if safe_zip.WEIGHTS in members else contextlib.nullcontext()
    with draws:
        model = serialization_lib.deserialize_keras_object(
            config, custom_objects=custom_objects, safe_mode=safe_mode
        )
        if compile and compile_config is not None:
            from kbackend.saving.object_registration import custom_object_scope

            with custom_object_scope(custom_objects or {}), \
                    serialization_lib.SafeModeScope(safe_mode):
                model.compile_from_config(compile_config)
        if safe_zip.WEIGHTS in members:
            load_weights_from_bytes(model, members[safe_zip.WEIGHTS],
                                    f"{filepath}/model.weights.h5")
    return model


def _build_optimizer_if_needed(model, h5):
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or getattr(optimizer, "built", True):
        return
    saved = h5.get("optimizer/vars")
    if saved is not None and len(saved.keys()) > len(optimizer.variables):
        optimizer.build(model.trainable_variables)


def load_weights_from_bytes(model, source, where, skip_mismatch=False):
    """Assigns the variables stored in a ``.weights.h5`` file (path or bytes) to ``model``."""
    h5 = open_h5(source, where)
    with h5:
        _build_optimizer_if_needed(model, h5)
        weights_tree.load_tree(model, h5, is_root=True, skip_mismatch=skip_mismatch,
                               warn=lambda m: warnings.warn(m, stacklevel=4))


def save_weights_only(model, filepath):
    """Writes ``model``'s variables to a ``.weights.h5`` file (atomically)."""
    with atomic_path(filepath) as tmp:
        _write_h5(tmp, model)


def load_weights_only(model, filepath, skip_mismatch=False):
    """Reads a ``.weights.h5`` file, or the weights inside a ``.keras`` file."""
    filepath = str(filepath)
    if filepath.endswith(".keras"):
        members = safe_zip.read_archive(filepath)
        if safe_zip.WEIGHTS not in members:
            raise ValueError(f"{filepath}: the archive holds no {safe_zip.WEIGHTS}.")
        source = members[safe_zip.WEIGHTS]
    else:
        # Note [native weight writes], for reading: HDF5 reads the file itself, only the
        # datasets it is asked for, with no copy of the whole file in memory first.
        source = filepath
    load_weights_from_bytes(model, source, filepath, skip_mismatch=skip_mismatch)
