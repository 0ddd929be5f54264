"""Writing a file so that a crash never leaves a half-written file at the target path.

Every save writes a temporary file in the target's folder (same filesystem, so the final
`os.replace` is atomic), flushes and fsyncs it, then replaces the target. If the process
dies mid-write, the previous file is untouched; only a ``.<name>.*.tmp`` file is left.
"""

import contextlib
import os
import tempfile


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
    filepath = os.fspath(filepath)
    folder = os.path.dirname(os.path.abspath(filepath))
    if not os.path.isdir(folder):
        raise FileNotFoundError(
            f"Cannot save to {filepath!r}: the folder {folder!r} does not exist. Create it "
            "first (os.makedirs)."
        )
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(filepath)}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, filepath)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise
