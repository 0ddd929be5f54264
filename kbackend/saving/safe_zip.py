"""Reading a ``.keras`` archive into memory with checks (Note [safe loading]).

Note [safe loading]: a ``.keras`` file may come from anyone. Loading it must not run code
or touch other files, so:

- members are read into memory, never extracted; only the expected names are accepted
  (``config.json``, ``metadata.json``, ``model.weights.h5``, and ``assets/...`` entries,
  which are ignored); absolute names, ``..`` parts, backslashes and duplicate names are
  refused;
- each member has a size cap, and bytes are counted while decompressing, so a header that
  lies about sizes or a decompression bomb stops at the cap;
- configs are JSON (never pickle) and only name kbackend's own or registered objects
  (Note [safe deserialization] in ``serialization_lib``);
- HDF5 links out of the file and virtual datasets are refused (``h5_safety``);
- a truncated or corrupt file is a ValueError saying so.
"""

import posixpath
import zipfile
import zlib

CONFIG = "config.json"
METADATA = "metadata.json"
WEIGHTS = "model.weights.h5"

# Caps per member; module attributes so an application can raise them deliberately.
MAX_SIZES = {
    CONFIG: 64 * 2**20,
    METADATA: 2**20,
    WEIGHTS: 16 * 2**30,
}
# A deflate stream expands at most ~1032x; a higher declared ratio on a large member is a
# bomb signature.
MAX_RATIO = 1100


def _check_name(name, filepath):
    if (name.startswith("/") or "\\" in name or posixpath.isabs(name)
            or ".." in name.split("/") or (len(name) > 1 and name[1] == ":")):
        raise ValueError(
            f"{filepath}: refusing archive member {name!r}: absolute or parent-folder "
            "('..') names are not allowed in a .keras file."
        )


def read_archive(filepath):
    """Returns ``{member name: bytes}`` for the expected members of a ``.keras`` file.

    Args:
        filepath: path of the ``.keras`` file (or a binary file object).

    Returns:
        A dict with ``config.json``, ``metadata.json`` (if present) and
        ``model.weights.h5`` (if present).

    Example:
    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("config.json", "{}")
    >>> read_archive(buf)
    {'config.json': b'{}'}
    """
    try:
        archive = zipfile.ZipFile(filepath, "r")
    except zipfile.BadZipFile as e:
        raise ValueError(
            f"{filepath} is not a valid .keras file: it is not a zip archive, or it is "
            f"truncated or corrupt ({e})."
        ) from None
    with archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        seen = set()
        for name in names:
            _check_name(name, filepath)
            if name in seen:
                raise ValueError(
                    f"{filepath}: archive member {name!r} appears twice; refusing an "
                    "ambiguous .keras file."
                )
            seen.add(name)
        result = {}
        for info in infos:
            name = info.filename
            if name.startswith("assets/"):
                continue  # assets are not used by kbackend models; never extracted
            if name not in MAX_SIZES:
                raise ValueError(
                    f"{filepath}: unexpected archive member {name!r}. A .keras file holds "
                    f"only {sorted(MAX_SIZES)} (and assets/); refusing to load it."
                )
            result[name] = _read_member(archive, info, filepath)
    if CONFIG not in result:
        raise ValueError(f"{filepath}: the archive has no {CONFIG}; it is not a .keras file.")
    return result


def _read_member(archive, info, filepath):
    cap = MAX_SIZES[info.filename]
    bomb = ValueError(
        f"{filepath}: member {info.filename!r} would expand past the size limit "
        f"({cap} bytes) or expands suspiciously (possible decompression bomb); refusing it. "
        "If the file is trusted, raise kbackend.saving.safe_zip.MAX_SIZES."
    )
    if info.file_size > cap:
        raise bomb
    if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise bomb
    try:
        with archive.open(info) as member:
            # Note [one bounded read]: one read of the declared size (checked against the
            # cap above) instead of a loop of 1 MiB chunks and a join, which copied a
            # 36 MiB weights member a second time. Still bounded: zipfile decompresses at
            # most the requested length per step and trims its output to the declared
            # ``file_size`` (then checks the CRC), so a header that lies cannot make it
            # expand further; the length check below guards the cap anyway.
            data = member.read(info.file_size + 1)
        if len(data) > cap:
            raise bomb
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        raise ValueError(
            f"{filepath}: member {info.filename!r} is corrupt or truncated ({e})."
        ) from None
    return data
