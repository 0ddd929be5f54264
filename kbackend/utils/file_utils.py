"""get_file: download a file once into the kbackend cache, check its hash, extract it safely.

Note [cache writes]: a download goes to a temporary file in the cache folder and is renamed
into place only after its hash matches, so the cache never holds a half-written or corrupt
file. Archives are extracted into a temporary folder, every member is checked first (no
absolute paths, no ``..``, no links leading out), and the result is renamed into place.
"""

import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile

from kbackend.backends.common.config import kbackend_home
from kbackend.utils.progbar import Progbar

# NOTE: short, so that a machine without network fails within seconds instead of hanging;
# it bounds each blocking socket operation, not the whole download.
DOWNLOAD_TIMEOUT_S = 10
_CHUNK_SIZE = 1 << 16
_ARCHIVE_SUFFIXES = (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".zip")
_ARCHIVE_FORMATS = ("tar", "zip")


def resolve_hasher(algorithm, file_hash=None):
    """Returns a new hashlib object: ``"sha256"``, ``"md5"`` or ``"auto"`` (by hash length).

    Example:
    >>> resolve_hasher("auto", "0" * 32).name
    'md5'
    """
    if algorithm == "auto":
        algorithm = "sha256" if file_hash is None or len(file_hash) == 64 else "md5"
    if algorithm not in ("sha256", "md5"):
        raise ValueError(
            f"hash_algorithm must be 'auto', 'sha256' or 'md5'; received {algorithm!r}."
        )
    return hashlib.new(algorithm)


def hash_file(fpath, algorithm="sha256", chunk_size=_CHUNK_SIZE):
    """Returns the hex digest of a file.

    Args:
        fpath: path of the file.
        algorithm: ``"sha256"``, ``"md5"`` or ``"auto"`` (sha256).
        chunk_size: bytes read at a time.

    Returns:
        The hex digest, a string.

    Example:
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(delete=False) as f:
    ...     _ = f.write(b"abc")
    >>> hash_file(f.name)[:8]
    'ba7816bf'
    """
    hasher = resolve_hasher(algorithm) if isinstance(algorithm, str) else algorithm
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=_CHUNK_SIZE):
    """Whether the file's sha256 (64 hex digits) or md5 (32) equals ``file_hash``.

    Example:
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(delete=False) as f:
    ...     _ = f.write(b"abc")
    >>> validate_file(f.name, "900150983cd24fb0d6963f7d28e17f72")
    True
    """
    hasher = resolve_hasher(algorithm, file_hash)
    return hash_file(fpath, hasher, chunk_size) == str(file_hash).lower()


def _cache_folder(cache_dir, cache_subdir):
    base = os.path.expanduser(cache_dir) if cache_dir else kbackend_home()
    datadir = os.path.join(base, cache_subdir)
    try:
        os.makedirs(datadir, exist_ok=True)
    except OSError:
        if cache_dir:
            raise
        # NOTE: as Keras does, fall back to the temporary folder when home is read-only.
        datadir = os.path.join(tempfile.gettempdir(), ".kbackend", cache_subdir)
        os.makedirs(datadir, exist_ok=True)
    if not os.access(datadir, os.W_OK) and not cache_dir:
        datadir = os.path.join(tempfile.gettempdir(), ".kbackend", cache_subdir)
        os.makedirs(datadir, exist_ok=True)
    return datadir


def _download(origin, fpath, file_hash, hash_algorithm):
    """Streams ``origin`` into a temporary file next to ``fpath``; renames it once verified."""
    folder = os.path.dirname(fpath) or "."
    fd, tmp_path = tempfile.mkstemp(prefix="." + os.path.basename(fpath) + ".",
                                    suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                response = urllib.request.urlopen(origin, timeout=DOWNLOAD_TIMEOUT_S)  # noqa: S310
            except (urllib.error.URLError, OSError, ValueError) as e:
                reason = getattr(e, "reason", e)
                raise ConnectionError(
                    f"Could not download {os.path.basename(fpath)!r} from {origin} "
                    f"({reason}). Check the network, or download the file yourself and "
                    f"place it at {fpath}."
                ) from None
            with response:
                total = response.headers.get("Content-Length")
                bar = Progbar(int(total) if total and total.isdigit() else None,
                              unit_name="byte")
                done = 0
                for chunk in iter(lambda: response.read(_CHUNK_SIZE), b""):
                    out.write(chunk)
                    done += len(chunk)
                    bar.update(done)
                if bar.target is None:
                    bar.update(done, finalize=True)
        if file_hash is not None and not validate_file(tmp_path, file_hash, hash_algorithm):
            raise ValueError(
                f"The file downloaded from {origin} is incomplete or corrupted: its "
                f"{resolve_hasher(hash_algorithm, file_hash).name} hash does not match "
                f"the expected {file_hash}. Nothing was written to {fpath}; try again, or "
                "place a correct copy there yourself."
            )
        os.replace(tmp_path, fpath)
    finally:
        if os.path.exists(tmp_path):
            os.remove(tmp_path)


def _strip_archive_suffix(name):
    for suffix in _ARCHIVE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None,
             cache_subdir="datasets", hash_algorithm="auto", extract=False,
             archive_format="auto", cache_dir=None, force_download=False):
    """Downloads a file from a URL unless it is already in the cache, and returns its path.

    The cache is ``cache_dir/cache_subdir`` (default ``<kbackend home>/datasets``, where the
    kbackend home is ``$KBACKEND_HOME`` or ``~/.kbackend``). A cached file whose hash does
    not match ``file_hash`` is downloaded again. See Note [cache writes].

    Args:
        fname: the file's name in the cache; an absolute path is used as is. Default: the
            last part of ``origin``'s path.
        origin: the URL of the file.
        untar: deprecated; like ``extract=True`` for a ``.tar.gz`` archive: the archive is
            saved as ``fname + ".tar.gz"``, extracted into the cache folder, and
            ``<cache folder>/fname`` is returned.
        md5_hash: deprecated; use ``file_hash``.
        file_hash: the expected sha256 (64 hex digits) or md5 (32) of the file.
        cache_subdir: the sub-folder of ``cache_dir`` (ignored for absolute ``fname``).
        hash_algorithm: ``"auto"``, ``"sha256"`` or ``"md5"``.
        extract: extract the archive into ``<archive name without suffix>_extracted`` next to
            it and return that folder.
        archive_format: ``"auto"`` (tar then zip), ``"tar"``, ``"zip"``, or a list of them.
        cache_dir: the cache root; default the kbackend home.
        force_download: download even if the file is cached.

    Returns:
        The path of the file (or of the extracted folder).

    Example:
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> with open(os.path.join(folder, "data.txt"), "w") as f:
    ...     _ = f.write("abc")
    >>> os.path.basename(get_file("data.txt", "http://127.0.0.1:9/data.txt",
    ...                           cache_dir=folder, cache_subdir=""))
    'data.txt'
    """
    if origin is None:
        raise ValueError('get_file needs an `origin` URL, e.g. origin="https://.../file.npz".')
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    if fname is None:
        fname = os.path.basename(urllib.parse.urlsplit(origin).path)
        if not fname:
            raise ValueError(
                f"Cannot derive a file name from origin={origin!r}; pass `fname`."
            )
    fname = os.fspath(fname)
    datadir = (os.path.dirname(fname) if os.path.isabs(fname)
               else _cache_folder(cache_dir, cache_subdir))
    os.makedirs(datadir, exist_ok=True)
    if untar:
        target = os.path.join(datadir, _strip_archive_suffix(os.path.basename(fname)))
        fpath = target + ".tar.gz"
    else:
        fpath = os.path.join(datadir, fname)

    needs_download = force_download or not os.path.exists(fpath)
    if not needs_download and file_hash is not None:
        needs_download = not validate_file(fpath, file_hash, hash_algorithm)
    if needs_download:
        _download(origin, fpath, file_hash, hash_algorithm)
        if untar or extract:
            # A fresh archive replaces what was extracted from an older one.
            stale = target if untar else _extracted_folder(fpath)
            if os.path.isdir(stale) and stale != datadir:
                shutil.rmtree(stale)

    if untar:
        if not os.path.exists(target):
            extract_archive(fpath, datadir, archive_format="tar")
        return target
    if extract:
        folder = _extracted_folder(fpath)
        if not os.path.exists(folder):
            extract_archive(fpath, folder, archive_format)
        return folder
    return fpath


def _extracted_folder(fpath):
    return _strip_archive_suffix(fpath) + "_extracted"


def _check_inside(member_name, target, where):
    """Raises unless ``member_name`` lands inside ``target`` (its resolved real path)."""
    if os.path.isabs(member_name) or member_name.startswith(("/", "\\")) or (
            len(member_name) > 1 and member_name[1] == ":"):
        raise ValueError(
            f"Refusing to extract {where}: member {member_name!r} has an absolute path. "
            "The archive may be malicious; nothing was extracted."
        )
    resolved = os.path.realpath(os.path.join(target, member_name))
    if os.path.commonpath([resolved, target]) != target:
        raise ValueError(
            f"Refusing to extract {where}: member {member_name!r} would land outside "
            f"{target}. The archive may be malicious; nothing was extracted."
        )


def _check_tar_members(archive, target, where):
    for member in archive.getmembers():
        _check_inside(member.name, target, where)
        if member.issym() or member.islnk():
            base = (os.path.dirname(member.name) if member.issym() else "")
            link = os.path.join(base, member.linkname)
            if os.path.isabs(member.linkname):
                link = member.linkname
            try:
                _check_inside(link, target, where)
            except ValueError:
                raise ValueError(
                    f"Refusing to extract {where}: link member {member.name!r} points to "
                    f"{member.linkname!r}, outside the target folder. The archive may be "
                    "malicious; nothing was extracted."
                ) from None
        elif not (member.isfile() or member.isdir()):
            raise ValueError(
                f"Refusing to extract {where}: member {member.name!r} is a device or pipe."
            )


def _extract_tar(file_path, target):
    with tarfile.open(file_path) as archive:
        _check_tar_members(archive, target, file_path)
        if hasattr(tarfile, "data_filter"):
            archive.extractall(target, filter="data")
        else:  # pragma: no cover - Python without extraction filters
            archive.extractall(target)  # noqa: S202 - members checked above


def _extract_zip(file_path, target):
    with zipfile.ZipFile(file_path) as archive:
        for name in archive.namelist():
            _check_inside(name, target, file_path)
        archive.extractall(target)  # noqa: S202 - members checked above


def extract_archive(file_path, path=".", archive_format="auto"):
    """Extracts a tar or zip archive into ``path``, refusing members that would land outside.

    Extraction happens in a temporary folder next to ``path`` whose content is then moved
    into place, so a refused or failed archive leaves nothing behind.

    Args:
        file_path: the archive.
        path: the folder to extract into.
        archive_format: ``"auto"``, ``"tar"``, ``"zip"``, a list of them, or None (no-op).

    Returns:
        True if the archive was extracted, False if it is not of the given formats.

    Example:
    >>> import os, tempfile, zipfile
    >>> folder = tempfile.mkdtemp(); archive = os.path.join(folder, "a.zip")
    >>> with zipfile.ZipFile(archive, "w") as z:
    ...     z.writestr("x.txt", "hi")
    >>> extract_archive(archive, os.path.join(folder, "out"))
    True
    """
    if archive_format is None:
        return False
    formats = list(_ARCHIVE_FORMATS) if archive_format == "auto" else (
        [archive_format] if isinstance(archive_format, str) else list(archive_format))
    for fmt in formats:
        if fmt not in _ARCHIVE_FORMATS:
            raise ValueError(
                f"archive_format must be 'auto', 'tar', 'zip' or a list of them; "
                f"received {archive_format!r}."
            )
    file_path = os.fspath(file_path)
    for fmt in formats:
        is_format = tarfile.is_tarfile if fmt == "tar" else zipfile.is_zipfile
        if not is_format(file_path):
            continue
        path = os.path.abspath(os.fspath(path))
        parent = os.path.dirname(path)
        os.makedirs(parent, exist_ok=True)
        staging = os.path.realpath(tempfile.mkdtemp(prefix=".extracting-", dir=parent))
        try:
            (_extract_tar if fmt == "tar" else _extract_zip)(file_path, staging)
            os.makedirs(path, exist_ok=True)
            for entry in os.listdir(staging):
                destination = os.path.join(path, entry)
                if not os.path.exists(destination):
                    os.replace(os.path.join(staging, entry), destination)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return True
    return False
