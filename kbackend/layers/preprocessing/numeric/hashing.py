"""Hashing: hashes strings or integers into a fixed number of bins."""

import numpy as np

from kbackend import ops
from kbackend.layers.layer import Layer
from kbackend.layers.preprocessing.numeric import _utils
from kbackend.layers.preprocessing.numeric._murmur import hash_array


def _salt_seed(salt):
    if salt is None:
        return 0
    if isinstance(salt, (list, tuple)):
        return (int(salt[0]) * 0x9E3779B1 + int(salt[1])) & 0xFFFFFFFF
    return int(salt) & 0xFFFFFFFF


class Hashing(Layer):
    """Hashes each value (string, bytes or integer) into ``[0, num_bins)``.

    Uses MurmurHash3_x86_32 of the value's UTF-8 text (integers as decimal text), seeded
    by ``salt`` — see Note [hashing] in ``_murmur.py``: stable everywhere, but different
    bins than Keras's FarmHash. Runs on the host (NumPy), outside compiled code.

    Args:
        num_bins: number of bins (including the mask bin when ``mask_value`` is set).
        mask_value: a value that maps to bin 0; the others go to ``[1, num_bins)``.
        salt: an int or a pair of ints that seeds the hash.
        output_mode: "int", "one_hot", "multi_hot" or "count".
        sparse: must be False.
        **kwargs: base `Layer` arguments.

    Returns:
        int64 bin indices of the input's shape, or float encodings of size ``num_bins``.

    Example:
    >>> import numpy as np
    >>> out = Hashing(num_bins=3)(np.array([["A"], ["B"], ["A"]]))
    >>> out.shape, bool(np.asarray(out)[0, 0] == np.asarray(out)[2, 0])
    ((3, 1), True)
    """

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False,
                 **kwargs):
        if "dtype" not in kwargs or kwargs["dtype"] is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else "float32"
        super().__init__(**kwargs)
        if not isinstance(num_bins, int) or num_bins < 1 or (
            mask_value is not None and num_bins < 2
        ):
            raise ValueError(
                f"Hashing {self.name}: num_bins must be an integer >= 1 (>= 2 with a "
                f"mask_value), got {num_bins!r}."
            )
        _utils.check_output_mode(output_mode, _utils.OUTPUT_MODES, self)
        if sparse:
            raise ValueError(f"Hashing {self.name}: sparse=True is not supported.")
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.salt = salt
        self.output_mode = output_mode
        self.sparse = sparse
        self.autocast = False
        self.built = True

    def _bins(self, values):
        values = _utils.to_numpy(values)
        hashed = hash_array(values, _salt_seed(self.salt))
        if self.mask_value is None:
            return hashed % self.num_bins
        bins = hashed % (self.num_bins - 1) + 1
        mask = np.asarray(values == np.asarray(self.mask_value, dtype=values.dtype))
        return np.where(mask, 0, bins)

    def call(self, inputs):
        bins = self._bins(inputs)
        if self.output_mode == "int":
            return ops.convert_to_tensor(bins, dtype=self.compute_dtype)
        return _utils.encode(ops.convert_to_tensor(bins, "int32"), self.output_mode,
                             self.num_bins, dtype=self.compute_dtype)

    def __call__(self, inputs, **kwargs):
        from kbackend.backends.common.keras_tensor import KerasTensor

        if not isinstance(inputs, KerasTensor) and not hasattr(inputs, "dtype"):
            inputs = np.asarray(inputs)
        return super().__call__(inputs, **kwargs)

    def compute_output_spec(self, inputs, **kwargs):
        from kbackend.backends.common.keras_tensor import KerasTensor

        shape = tuple(inputs.shape)
        if self.output_mode == "one_hot":
            shape = (shape[:-1] if shape and shape[-1] == 1 else shape) + (self.num_bins,)
        elif self.output_mode != "int":
            shape = shape[:1] + (self.num_bins,)
        return KerasTensor(shape, dtype=self.compute_dtype)

    def get_config(self):
        return {**super().get_config(), "num_bins": self.num_bins,
                "mask_value": self.mask_value, "salt": self.salt,
                "output_mode": self.output_mode, "sparse": self.sparse}
