"""Reads the pickles inside dataset files without running code taken from them.

The CIFAR batches are pickled dicts and the IMDB/Reuters ``.npz`` members are NumPy object
arrays of lists (pickled too). Plain `pickle` would call whatever the file names; this
unpickler resolves only the NumPy array constructors, so a tampered file fails to load
instead of running code (defence in depth behind the hash check).
"""

import io
import pickle
import zipfile

import numpy as np

# NOTE: NumPy 2 moved numpy.core to numpy._core; old pickles name the old place, and
# importing it now warns, so both names resolve to the new module here.
_ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
}


def _numpy_multiarray():
    try:
        from numpy._core import multiarray
    except ImportError:  # pragma: no cover - NumPy 1
        from numpy.core import multiarray
    return multiarray


class _ArrayOnlyUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(
                f"Refusing to load {module}.{name} from a dataset file: only NumPy arrays, "
                "lists, dicts, numbers and strings are allowed. The file may be tampered "
                "with; delete it from the cache to download it again."
            )
        if module.endswith("multiarray"):
            return getattr(_numpy_multiarray(), name)
        return getattr(np, name)


def load_pickle(file, encoding="bytes"):
    """Unpickles ``file`` (a binary file object), allowing only data and NumPy arrays.

    Example:
    >>> import io, pickle
    >>> load_pickle(io.BytesIO(pickle.dumps({b"a": [1, 2]})))
    {b'a': [1, 2]}
    """
    return _ArrayOnlyUnpickler(file, encoding=encoding).load()


def _read_npy(file):
    version = np.lib.format.read_magic(file)
    if version == (1, 0):
        shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(file)
    else:
        shape, fortran_order, dtype = np.lib.format.read_array_header_2_0(file)
    if dtype.hasobject:
        return np.asarray(load_pickle(file, encoding="latin1"))
    count = int(np.prod(shape, dtype=np.int64))
    data = np.frombuffer(file.read(count * dtype.itemsize), dtype=dtype, count=count)
    order = "F" if fortran_order else "C"
    return data.reshape(shape, order=order).copy()


def load_npz(path):
    """Returns a dict of the arrays in an ``.npz`` file; object arrays via `load_pickle`.

    Example:
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "a.npz"); np.savez(p, x=np.arange(3))
    >>> load_npz(p)["x"].tolist()
    [0, 1, 2]
    """
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.endswith(".npy"):
                continue
            with archive.open(name) as member:
                arrays[name[: -len(".npy")]] = _read_npy(io.BytesIO(member.read()))
    return arrays
