"""Hashing: hashes strings or integers into a fixed number of bins."""

import numpy as np

from kbackend import ops
from kbackend.layers.preprocessing.numeric import _utils
from kbackend.layers.preprocessing.numeric._farmhash import fingerprint64_array
from kbackend.layers.preprocessing.numeric._hash_inputs import array_to_bytes, to_bytes
from kbackend.layers.preprocessing.numeric._siphash import siphash_array
from kbackend.layers.preprocessing.tf_graph import TFDataLayer

_SALT_ERROR = (
    "Hashing {name}: salt must be None, an int or a list/tuple of 2 ints, got {salt!r}. "
    "Pass for example salt=1337 or salt=[1, 2]."
)


def _standardize_salt(salt, name):
    # Keras 3 expands an int salt into the SipHash key [salt, salt].
    if salt is None:
        return None
    if isinstance(salt, (int, np.integer)) and not isinstance(salt, bool):
        return [int(salt), int(salt)]
    if (isinstance(salt, (list, tuple)) and len(salt) == 2
            and all(isinstance(s, (int, np.integer)) for s in salt)):
        return [int(s) for s in salt]
    raise ValueError(_SALT_ERROR.format(name=name, salt=salt))


class Hashing(TFDataLayer):
    """Hashes each value (string, bytes or integer) into ``[0, num_bins)``.

    The same bins as Keras 3 (see Note [hashing] in ``_farmhash.py``): unsalted, the bin is
    FarmHash ``Fingerprint64`` of the value's string form mod ``num_bins`` (TensorFlow's
    ``tf.strings.to_hash_bucket_fast``); salted, it is SipHash-2-4 keyed with the two salt
    words (``tf.strings.to_hash_bucket_strong``). Strings hash their UTF-8 bytes, integers
    their decimal text, floats the decimal text of their int64 truncation, booleans
    ``"true"``/``"false"``. Runs on the host (NumPy, no TensorFlow), outside compiled code.

    Args:
        num_bins: number of bins (including the mask bin when ``mask_value`` is set).
        mask_value: a value that maps to bin 0; the others go to
            ``hash % (num_bins - 1) + 1``.
        salt: None (FarmHash64), an int ``s`` (SipHash key ``[s, s]``) or a list/tuple of
            two ints (the SipHash key).
        output_mode: "int", "one_hot", "multi_hot" or "count".
        sparse: must be False.
        **kwargs: base `Layer` arguments.

    Returns:
        int64 bin indices of the input's shape, or float encodings of size ``num_bins``.

    Example:
    >>> import numpy as np
    >>> out = Hashing(num_bins=3)(np.array([["A"], ["B"], ["C"], ["D"], ["E"]]))
    >>> np.asarray(out).ravel().tolist()
    [1, 0, 1, 1, 2]
    """

    _computes_in_numpy = True  # Note [string layers in tf graphs]

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
        self.salt = _standardize_salt(salt, self.name)
        self.output_mode = output_mode
        self.sparse = sparse
        self.autocast = False
        self.built = True

    def _bins(self, values):
        values = _utils.to_numpy(values)
        text = array_to_bytes(values)
        if self.salt is None:
            hashed = fingerprint64_array(text)
        else:
            hashed = siphash_array(text, self.salt)
        hashed = hashed.reshape(values.shape)
        if self.mask_value is None:
            return (hashed % np.uint64(self.num_bins)).astype("int64")
        bins = (hashed % np.uint64(self.num_bins - 1)).astype("int64") + 1
        if values.dtype.kind in "biuf":
            mask = values == self.mask_value
        else:
            mask_text = to_bytes(self.mask_value)
            mask = np.asarray([t == mask_text for t in text]).reshape(values.shape)
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
