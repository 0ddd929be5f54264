"""HashedCrossing: hashes the cross of several categorical features into bins."""

import numpy as np

from kbackend import ops
from kbackend.layers.layer import Layer
from kbackend.layers.preprocessing.numeric import _utils
from kbackend.layers.preprocessing.numeric._farmhash import (
    CROSS_HASH_KEY,
    fingerprint64_array,
    fingerprint_cat64,
)


def _feature_hash(array, layer):
    # tf.sparse.cross_hashed: an integer feature is its own (two's complement) hash, a string
    # feature its FarmHash Fingerprint64.
    if array.dtype.kind in "iu":
        return array.astype(np.int64).ravel().astype(np.uint64)
    if array.dtype.kind in "USO":
        text = [v if isinstance(v, bytes) else str(v).encode("utf-8")
                for v in array.ravel().tolist()]
        return fingerprint64_array(text)
    raise ValueError(
        f"HashedCrossing {layer.name}: features must be integers or strings, got dtype "
        f"{array.dtype}. Cast float features to int (or bin them with Discretization) first."
    )


class HashedCrossing(Layer):
    """Crosses categorical features and hashes each cross into ``[0, num_bins)``.

    The same bins as Keras 3's ``tf.sparse.cross_hashed`` (see Note [hashing] in
    ``_farmhash.py``): starting from the key ``0xDECAFCAFFE``, each feature's hash (an
    integer's own value, a string's FarmHash ``Fingerprint64``) is folded in with
    ``FingerprintCat64``; the result is taken mod ``num_bins``. Runs on the host (NumPy).

    Args:
        num_bins: number of bins.
        output_mode: "int" or "one_hot".
        sparse: must be False.
        **kwargs: base `Layer` arguments.

    Call arguments: ``inputs``, a tuple/list of features of the same shape
    (``(B,)`` or ``(B, 1)``).

    Returns:
        int64 bin indices of the features' shape, or one-hot ``(B, num_bins)``.

    Example:
    >>> import numpy as np
    >>> layer = HashedCrossing(num_bins=5)
    >>> layer((np.array([1, 2]), np.array(["a", "b"]))).shape
    (2,)
    """

    def __init__(self, num_bins, output_mode="int", sparse=False, name=None, dtype=None,
                 **kwargs):
        if dtype is None:
            dtype = "int64" if output_mode == "int" else "float32"
        super().__init__(name=name, dtype=dtype, **kwargs)
        _utils.check_output_mode(output_mode, ("int", "one_hot"), self)
        if sparse:
            raise ValueError(f"HashedCrossing {self.name}: sparse=True is not supported.")
        self.num_bins = num_bins
        self.output_mode = output_mode
        self.sparse = sparse
        self.autocast = False
        self.built = True

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) < 2:
            raise ValueError(
                f"HashedCrossing {self.name}: expected a tuple of at least 2 features, got "
                f"{type(inputs).__name__}."
            )
        arrays = [_utils.to_numpy(x) for x in inputs]
        shapes = {a.shape for a in arrays}
        if len(shapes) != 1:
            raise ValueError(
                f"HashedCrossing {self.name}: all features must have the same shape, got "
                f"{[a.shape for a in arrays]}."
            )
        if len(arrays[0].shape) > 2 or (len(arrays[0].shape) == 2 and arrays[0].shape[-1] != 1):
            raise ValueError(
                f"HashedCrossing {self.name}: features must have shape (), (B,) or (B, 1), got "
                f"{arrays[0].shape}."
            )
        hashed = np.full(arrays[0].size, np.uint64(CROSS_HASH_KEY), dtype=np.uint64)
        for array in arrays:
            hashed = fingerprint_cat64(hashed, _feature_hash(array, self))
        bins = (hashed % np.uint64(self.num_bins)).astype("int64").reshape(arrays[0].shape)
        if self.output_mode == "int":
            return ops.convert_to_tensor(bins, dtype=self.compute_dtype)
        return _utils.encode(ops.convert_to_tensor(bins, "int32"), "one_hot", self.num_bins,
                             dtype=self.compute_dtype)

    def compute_output_spec(self, inputs, **kwargs):
        from kbackend.backends.common.keras_tensor import KerasTensor

        shape = tuple(inputs[0].shape)
        if self.output_mode == "one_hot":
            shape = (shape[:-1] if len(shape) > 1 and shape[-1] == 1 else shape) + (
                self.num_bins,)
        return KerasTensor(shape, dtype=self.compute_dtype)

    def get_config(self):
        return {**super().get_config(), "num_bins": self.num_bins,
                "output_mode": self.output_mode, "sparse": self.sparse}
