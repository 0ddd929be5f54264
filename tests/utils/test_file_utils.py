"""get_file: download, hash check, cache reuse, safe extraction, offline errors."""

import contextlib
import functools
import hashlib
import http.server
import io
import os
import pathlib
import socket
import tarfile
import threading
import time
import zipfile

import pytest

from kbackend.utils import file_utils, get_file


@contextlib.contextmanager
def serve(folder):
    """Serves ``folder`` on 127.0.0.1 from a daemon thread; yields the base URL."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    with serve(folder) as url:
        yield folder, url


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def test_download_checks_hash_and_reuses_cache(site, tmp_path):
    folder, url = site
    payload = b"kbackend" * 1000
    (folder / "data.bin").write_bytes(payload)
    cache = tmp_path / "cache"
    path = get_file("data.bin", url + "data.bin", file_hash=sha256(payload), cache_dir=cache)
    assert path == os.path.join(cache, "datasets", "data.bin")
    assert pathlib.Path(path).read_bytes() == payload
    # Cached: the server no longer has it, the call still succeeds.
    (folder / "data.bin").unlink()
    assert get_file("data.bin", url + "data.bin", file_hash=sha256(payload),
                    cache_dir=cache) == path
    # md5 (32 hex digits) is recognised too, also through the deprecated md5_hash.
    md5 = hashlib.md5(payload).hexdigest()  # noqa: S324
    assert get_file("data.bin", url + "data.bin", file_hash=md5, cache_dir=cache) == path
    assert get_file("data.bin", url + "data.bin", md5_hash=md5, cache_dir=cache) == path


def test_fname_defaults_to_url_basename(site, tmp_path):
    folder, url = site
    (folder / "x.txt").write_bytes(b"x")
    path = get_file(origin=url + "x.txt", cache_dir=tmp_path, cache_subdir="sub")
    assert path == os.path.join(tmp_path, "sub", "x.txt")


def test_default_cache_is_kbackend_home(site, tmp_path, monkeypatch):
    folder, url = site
    (folder / "x.txt").write_bytes(b"x")
    monkeypatch.setenv("KBACKEND_HOME", str(tmp_path / "home"))
    path = get_file("x.txt", url + "x.txt")
    assert path == os.path.join(tmp_path, "home", "datasets", "x.txt")


def test_hash_mismatch_leaves_nothing_in_cache(site, tmp_path):
    folder, url = site
    (folder / "data.bin").write_bytes(b"tampered")
    cache = tmp_path / "cache"
    with pytest.raises(ValueError, match="does not match"):
        get_file("data.bin", url + "data.bin", file_hash=sha256(b"original"), cache_dir=cache)
    assert os.listdir(cache / "datasets") == []


def test_corrupt_cached_file_is_downloaded_again(site, tmp_path):
    folder, url = site
    (folder / "data.bin").write_bytes(b"good")
    target = tmp_path / "datasets" / "data.bin"
    target.parent.mkdir()
    target.write_bytes(b"half-writ")
    path = get_file("data.bin", url + "data.bin", file_hash=sha256(b"good"), cache_dir=tmp_path)
    assert pathlib.Path(path).read_bytes() == b"good"
    target.write_bytes(b"old")
    get_file("data.bin", url + "data.bin", cache_dir=tmp_path, force_download=True)
    assert target.read_bytes() == b"good"


def test_offline_error_names_file_url_and_cache_path(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens there
    origin = f"http://127.0.0.1:{port}/mnist.npz"
    start = time.monotonic()
    with pytest.raises(ConnectionError) as info:
        get_file("mnist.npz", origin, cache_dir=tmp_path)
    assert time.monotonic() - start < 5
    message = str(info.value)
    assert "mnist.npz" in message and origin in message
    assert os.path.join(tmp_path, "datasets", "mnist.npz") in message
    assert os.listdir(tmp_path / "datasets") == []


def test_silent_server_times_out(tmp_path, monkeypatch):
    monkeypatch.setattr(file_utils, "DOWNLOAD_TIMEOUT_S", 0.3)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # accepts, never answers
        origin = f"http://127.0.0.1:{listener.getsockname()[1]}/a.bin"
        start = time.monotonic()
        with pytest.raises(ConnectionError, match="a.bin"):
            get_file("a.bin", origin, cache_dir=tmp_path)
        assert time.monotonic() - start < 5
    assert os.listdir(tmp_path / "datasets") == []


def _tar_bytes(members):
    """members: list of (TarInfo-like kwargs, data or None)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data, kind, link in members:
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = link
            info.size = len(data or b"")
            archive.addfile(info, io.BytesIO(data) if data else None)
    return buffer.getvalue()


def test_extract_tar_and_untar(site, tmp_path):
    folder, url = site
    data = _tar_bytes([("pkg/a.txt", b"A", tarfile.REGTYPE, ""),
                       ("pkg/link", None, tarfile.SYMTYPE, "a.txt")])
    (folder / "pkg.tar.gz").write_bytes(data)
    out = get_file("pkg.tar.gz", url + "pkg.tar.gz", extract=True, cache_dir=tmp_path,
                   file_hash=sha256(data))
    assert out == os.path.join(tmp_path, "datasets", "pkg_extracted")
    assert pathlib.Path(out, "pkg", "a.txt").read_text() == "A"
    assert os.path.islink(os.path.join(out, "pkg", "link"))
    out = get_file("pkg", url + "pkg.tar.gz", untar=True, cache_dir=tmp_path / "u")
    assert out == os.path.join(tmp_path, "u", "datasets", "pkg")
    assert pathlib.Path(out, "a.txt").read_text() == "A"
    assert not [n for n in os.listdir(tmp_path / "datasets") if n.startswith(".")]


@pytest.mark.parametrize(
    "member, message",
    [
        (("../evil.txt", b"x", tarfile.REGTYPE, ""), "../evil.txt"),
        (("/tmp/kbackend-evil.txt", b"x", tarfile.REGTYPE, ""), "/tmp/kbackend-evil.txt"),
        (("ok/../../evil.txt", b"x", tarfile.REGTYPE, ""), "ok/../../evil.txt"),
        (("escape", None, tarfile.SYMTYPE, "../../outside"), "escape"),
        (("hard", None, tarfile.LNKTYPE, "/etc/passwd"), "hard"),
    ],
)
def test_hostile_tar_is_refused(site, tmp_path, member, message):
    folder, url = site
    data = _tar_bytes([("fine.txt", b"ok", tarfile.REGTYPE, ""), member])
    (folder / "bad.tar.gz").write_bytes(data)
    cache = tmp_path / "cache"
    with pytest.raises(ValueError, match="Refusing") as info:
        get_file("bad.tar.gz", url + "bad.tar.gz", extract=True, cache_dir=cache)
    assert message in str(info.value)
    assert sorted(os.listdir(cache / "datasets")) == ["bad.tar.gz"]
    assert not (tmp_path / "evil.txt").exists() and not (cache / "evil.txt").exists()


def test_hostile_zip_is_refused(tmp_path):
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("fine.txt", "ok")
        z.writestr("../evil.txt", "x")
    with pytest.raises(ValueError, match=r"\.\./evil\.txt"):
        file_utils.extract_archive(archive, tmp_path / "out")
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "out").exists()
    assert os.listdir(tmp_path) == ["bad.zip"]


def test_zip_extraction_and_format_choice(tmp_path):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("d/x.txt", "hi")
    assert file_utils.extract_archive(archive, tmp_path / "t", archive_format="tar") is False
    assert file_utils.extract_archive(archive, tmp_path / "z", archive_format="zip") is True
    assert (tmp_path / "z" / "d" / "x.txt").read_text() == "hi"
    with pytest.raises(ValueError, match="archive_format"):
        file_utils.extract_archive(archive, tmp_path / "q", archive_format="rar")


def test_argument_errors():
    with pytest.raises(ValueError, match="origin"):
        get_file("x")
    with pytest.raises(ValueError, match="hash_algorithm"):
        file_utils.resolve_hasher("sha1")
