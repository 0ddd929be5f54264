"""NumPy helpers shared by the text/lookup layers: token arrays in, encoded arrays out.

String handling stays in NumPy on every engine (no tensorflow needed); only the final
integer/float result is converted to an engine tensor by the layers.
"""

import hashlib

import numpy as np

from kbackend.backends.common.keras_tensor import KerasTensor

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def check_option(layer_name, argument, value, allowed):
    """Raises a ValueError naming the allowed values (and a close match) for `value`."""
    if value in allowed:
        return value
    import difflib

    close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ValueError(
        f"{layer_name}: unknown {argument}={value!r}. Expected one of {list(allowed)}.{hint}"
    )


def to_numpy(data, layer_name):
    """Converts strings, lists, NumPy arrays or engine tensors to a NumPy array.

    Bytes are decoded as UTF-8 so that string tokens are always Python ``str``.
    """
    if isinstance(data, KerasTensor):
        raise ValueError(
            f"{layer_name}: got a symbolic KerasTensor where real data is needed (adapt and "
            "eager calls need NumPy arrays, lists or tensors)."
        )
    if isinstance(data, np.ndarray):
        array = data
    elif isinstance(data, (str, bytes, int, float, list, tuple)):
        array = np.asarray(data, dtype=object if _has_text(data) else None)
    else:
        try:
            from kbackend import ops

            array = ops.convert_to_numpy(data)
        except Exception:  # noqa: BLE001 - foreign tensors (e.g. tf strings) expose __array__
            array = np.asarray(data)
    if array.dtype.kind in "SO":
        array = _decode(array)
    return array


def _has_text(data):
    if isinstance(data, (str, bytes)):
        return True
    if isinstance(data, (list, tuple)):
        return any(_has_text(x) for x in data[:1]) if data else False
    return False


def _decode(array):
    def decode(x):
        return x.decode("utf-8") if isinstance(x, bytes) else x

    out = np.empty(array.shape, dtype=object)
    flat_in, flat_out = array.reshape(-1), out.reshape(-1)
    for i, x in enumerate(flat_in):
        flat_out[i] = decode(x)
    return out


def is_text_array(array):
    return array.dtype.kind in "USO"


def string_fingerprint(token, num_bins):
    """A stable bucket for a string token (the same in every process and engine).

    NOTE: Keras/TF use FarmHash fingerprint64; we use the first 8 bytes of MD5, so
    OOV buckets of multi-OOV string lookups differ from TF's (documented deviation).
    """
    digest = hashlib.md5(str(token).encode("utf-8")).digest()  # noqa: S324 - not security
    return int.from_bytes(digest[:8], "little") % num_bins


def encode_rows(rows, depth, output_mode, idf_weights, layer_name):
    """Encodes rows of indices (lists or a 1-D/2-D array) as multi_hot/count/tf_idf.

    Indices ``< 0`` stand for dropped tokens (the mask token in non-int modes).
    ``rows`` may be a 2-D array (one row per sample) or a 1-D array (one sample).
    """
    single = False
    if isinstance(rows, np.ndarray):
        if rows.ndim == 0:
            rows = rows.reshape(1)
        if rows.ndim == 1:
            rows, single = [rows], True
        elif rows.ndim > 2:
            raise ValueError(
                f"{layer_name}: output_mode={output_mode!r} accepts inputs of rank at most 2 "
                f"(batch, tokens), got shape {rows.shape}. Reshape the input first."
            )
    out = np.zeros((len(rows), depth), dtype="float64")
    for i, row in enumerate(rows):
        row = np.asarray(row, dtype="int64").reshape(-1)
        row = row[row >= 0]
        if row.size and row.max() >= depth:
            raise ValueError(
                f"{layer_name}: token index {int(row.max())} does not fit the output depth "
                f"{depth}. With pad_to_max_tokens=True, max_tokens must cover the vocabulary."
            )
        counts = np.bincount(row, minlength=depth)[:depth]
        out[i] = (counts > 0) if output_mode == "multi_hot" else counts
    if output_mode == "tf_idf":
        out = out * np.asarray(idf_weights, dtype="float64")[:depth]
    return out[0] if single else out


def one_hot(indices, depth):
    """One-hot along a new last axis, or along the last axis when its size is 1."""
    indices = np.asarray(indices, dtype="int64")
    if indices.ndim > 0 and indices.shape[-1] == 1:
        indices = indices[..., 0]
    out = np.zeros(indices.shape + (depth,), dtype="float64")
    valid = (indices >= 0) & (indices < depth)
    np.put_along_axis(out, np.where(valid, indices, 0)[..., None], valid[..., None], axis=-1)
    return out


def encoded_shape(input_shape, depth, output_mode):
    """The output shape of an encoding of an input of shape `input_shape`."""
    input_shape = tuple(input_shape)
    if output_mode == "int":
        return input_shape
    if output_mode == "one_hot":
        if input_shape and input_shape[-1] == 1:
            return input_shape[:-1] + (depth,)
        return input_shape + (depth,)
    if len(input_shape) <= 1:
        return (depth,)
    return input_shape[:-1] + (depth,)
