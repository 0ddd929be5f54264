"""Writing a file so that a crash never leaves a half-written file at the target path.

Every save writes a temporary file in the target's folder (same filesystem, so the final
`os.replace` is atomic), then replaces the target. If the process dies mid-write, the
previous file is untouched; only a ``.<name>.*.tmp`` file is left.

Note [fsync before rename]: the rename is atomic for a crash of the *process* (Ctrl-C, an
OOM kill, a preempted job), the common case. For a crash of the *machine* (power loss,
kernel panic) a filesystem may commit the rename before the new file's data; ext4 (with its
default ``auto_da_alloc``) and btrfs flush the data of a file renamed over an existing one
before committing the rename, other filesystems may not. An fsync of the temporary file
before the rename closes that hole everywhere, but it waits for the disk: measured on the
benchmark machine (ext4), it was ~45% of ``save_weights`` of a 36 MiB model and made
kbackend 1.2x slower than Keras 3, which (like ``torch.save`` and ``np.save``) neither
renames nor fsyncs. So kbackend does not fsync by default; set ``KBACKEND_FSYNC=1`` in the
environment (or this module's ``FSYNC = True``) where power-loss durability matters more than
save time.
"""

import contextlib
import os
import tempfile

# Note [fsync before rename]: flush each saved file to disk before renaming it into place.
FSYNC = os.environ.get("KBACKEND_FSYNC", "0") not in ("", "0", "false", "False")


def _check_folder(filepath):
    folder = os.path.dirname(os.path.abspath(filepath))
    if not os.path.isdir(folder):
        raise FileNotFoundError(
            f"Cannot save to {filepath!r}: the folder {folder!r} does not exist. Create it "
            "first (os.makedirs)."
        )
    return folder


def _fsync_path(path):
    # NOTE: the file was written (and closed) by a library that owns its descriptor (h5py),
    # so the data is flushed through a fresh one: fsync applies to the file, not the fd.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(filepath):
    """Yields a temporary path to write; on success it atomically replaces ``filepath``.

    For writers that open files by name (h5py writes natively, without a Python file
    object in between). The temporary file exists (empty) when the path is yielded.

    Args:
        filepath: the final path.

    Example:
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "a.bin")
    >>> with atomic_path(path) as tmp:
    ...     _ = open(tmp, "wb").write(b"ok")
    >>> open(path, "rb").read()
    b'ok'
    """
    filepath = os.fspath(filepath)
    folder = _check_folder(filepath)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(filepath)}.",
                               suffix=".tmp")
    os.close(fd)
    try:
        yield tmp
        if FSYNC:  # Note [fsync before rename]
            _fsync_path(tmp)
        os.replace(tmp, filepath)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise


@contextlib.contextmanager
def atomic_write(filepath):
    """Yields a binary file object; on success it atomically replaces ``filepath``.

    Args:
        filepath: the final path.

    Example:
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "a.bin")
    >>> with atomic_write(path) as f:
    ...     _ = f.write(b"ok")
    >>> open(path, "rb").read()
    b'ok'
    """
    with atomic_path(filepath) as tmp, open(tmp, "wb") as f:
        yield f
