"""Opening HDF5 weight files safely (Note [safe loading]).

An HDF5 file can point outside itself: external links (another file), external raw
storage (``dset.external``) and virtual datasets (data mapped from other files). A weights
file from an untrusted source must not make us read arbitrary local files, so all three are
refused, as are non-numeric datasets (object, string, reference dtypes).
"""

import io

import h5py
import numpy as np


def open_h5(source, where):
    """Opens ``source`` (a path or bytes) read-only as an h5py File, after checking it.

    Args:
        source: a file path or the file's bytes.
        where: a description of the file for error messages.

    Returns:
        An open ``h5py.File`` (close it when done).

    Example:
    >>> import h5py, io
    >>> buf = io.BytesIO()
    >>> with h5py.File(buf, "w") as f:
    ...     _ = f.create_dataset("x", data=[1.0])
    >>> open_h5(buf.getvalue(), "demo")["x"][()].tolist()
    [1.0]
    """
    fileobj = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        h5 = h5py.File(fileobj, "r")
    except (OSError, ValueError) as e:
        raise ValueError(
            f"{where} is not a valid HDF5 weights file (it may be truncated or corrupt): {e}"
        ) from None
    try:
        check_tree(h5, where)
    except Exception:
        h5.close()
        raise
    return h5


def check_tree(group, where):
    """Raises ValueError if ``group`` holds links out of the file or unsafe datasets."""

    def visit(parent, prefix):
        for name in parent.keys():
            link = parent.get(name, getlink=True)
            path = f"{prefix}/{name}"
            if isinstance(link, h5py.ExternalLink):
                raise ValueError(
                    f"{where}: {path!r} is an HDF5 external link to "
                    f"{link.filename!r}; links out of the weights file are refused."
                )
            if isinstance(link, h5py.SoftLink):
                raise ValueError(
                    f"{where}: {path!r} is an HDF5 soft link; weight files hold no links."
                )
            item = parent[name]
            if isinstance(item, h5py.Group):
                visit(item, path)
            else:
                check_dataset(item, f"{where}: {path}")

    visit(group, "")


def check_dataset(dataset, where):
    """Raises ValueError for virtual, externally stored or non-numeric datasets."""
    if dataset.is_virtual:
        raise ValueError(f"{where} is an HDF5 virtual dataset; these are refused.")
    if dataset.external:
        raise ValueError(f"{where} stores its data in external files; this is refused.")
    kind = dataset.dtype.kind
    if kind not in "biufc" and not (kind == "V" and dataset.dtype.names is None
                                    and dataset.dtype.itemsize == 2):
        # kind "V" with itemsize 2: bfloat16 written by ml_dtypes-aware writers.
        raise ValueError(
            f"{where} has dtype {dataset.dtype}; weight datasets must be numeric."
        )
    return np.dtype(dataset.dtype)
