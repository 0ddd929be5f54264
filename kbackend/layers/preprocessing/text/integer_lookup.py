"""IntegerLookup: maps integer tokens to contiguous indices (or back)."""

import numpy as np

from kbackend import ops
from kbackend.backends.common import dtypes
from kbackend.layers.preprocessing.text.index_lookup import IndexLookup


class IntegerLookup(IndexLookup):
    """Maps integer tokens to contiguous integer indices from a vocabulary.

    Index layout (``output_mode="int"``): the mask token (if any) is 0, then
    ``num_oov_indices`` OOV indices, then the vocabulary. Adapted vocabularies are sorted
    by decreasing frequency (ties: decreasing value). With several OOV indices, an OOV
    token ``t`` goes to OOV index ``t % num_oov_indices``.

    Args:
        max_tokens: maximum vocabulary size, special tokens included (None: no limit).
        num_oov_indices: number of out-of-vocabulary indices (0: OOV tokens are errors).
        mask_token: integer mapped to index 0 in "int" mode and dropped in other modes;
            None for no mask.
        oov_token: integer returned for OOV indices when ``invert=True`` (default -1).
        vocabulary: optional list of integers or path of a one-token-per-line text file.
        vocabulary_dtype: "int64" or "int32", the dtype of inverted outputs.
        idf_weights: with ``output_mode="tf_idf"`` and a vocabulary, one weight per token.
        invert: map indices back to tokens (only with ``output_mode="int"``).
        output_mode: "int" (int64 indices), "one_hot", "multi_hot", "count" or "tf_idf".
        sparse: must be False (sparse outputs are not supported).
        pad_to_max_tokens: in non-int modes, make the output ``max_tokens`` wide.
        name: layer name.

    Returns (on call):
        int64 indices with the input's shape ("int"), tokens of ``vocabulary_dtype``
        (``invert=True``), or float encodings of width ``vocabulary_size()``.

    Example:
    >>> layer = IntegerLookup(vocabulary=[12, 36, 1138, 42])
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(layer([[12, 1138, 42], [42, 1000, 36]])).tolist()
    [[1, 3, 4], [4, 0, 2]]
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1,
                 output_mode="int", sparse=False, vocabulary=None, vocabulary_dtype="int64",
                 idf_weights=None, invert=False, pad_to_max_tokens=False, name=None, **kwargs):
        vocabulary_dtype = dtypes.standardize_dtype(vocabulary_dtype)
        if vocabulary_dtype not in ("int32", "int64"):
            raise ValueError(
                f"IntegerLookup: vocabulary_dtype must be 'int32' or 'int64', got "
                f"{vocabulary_dtype!r}."
            )
        for what, value in (("mask_token", mask_token), ("oov_token", oov_token)):
            if value is not None and not isinstance(value, (int, np.integer)):
                raise ValueError(
                    f"IntegerLookup: {what} must be an integer or None, got {value!r}."
                )
        super().__init__(
            max_tokens=max_tokens, num_oov_indices=num_oov_indices,
            mask_token=None if mask_token is None else int(mask_token),
            oov_token=None if oov_token is None else int(oov_token),
            vocabulary_dtype=vocabulary_dtype, vocabulary=vocabulary,
            idf_weights=idf_weights, invert=invert, output_mode=output_mode, sparse=sparse,
            pad_to_max_tokens=pad_to_max_tokens, name=name, **kwargs)

    def _standardize_token(self, token):
        if isinstance(token, str):
            try:
                return int(token)
            except ValueError:
                raise ValueError(
                    f"IntegerLookup: vocabulary entry {token!r} is not an integer."
                ) from None
        if isinstance(token, (float, np.floating)):
            if float(token) != int(token):
                raise ValueError(f"IntegerLookup: token {token!r} is not an integer.")
        return int(token)

    def _to_input_array(self, inputs):
        array = super()._to_input_array(inputs)
        if array.dtype.kind in "USO" and array.size and isinstance(
                array.reshape(-1)[0], str):
            raise TypeError(
                f"IntegerLookup ({self.name}) expects integer inputs, got strings. Use "
                "StringLookup for string tokens."
            )
        return array

    def _oov_bucket(self, token):
        return int(token) % self.num_oov_indices

    def _inverted_output(self, tokens):
        fill = -1 if self.oov_token is None else self.oov_token
        values = np.array([fill if t is None else t for t in tokens.reshape(-1).tolist()],
                          dtype=self.vocabulary_dtype).reshape(tokens.shape)
        return ops.convert_to_tensor(values, dtype=self.vocabulary_dtype)

    def _inverted_dtype(self):
        return self.vocabulary_dtype

    def get_config(self):
        config = super().get_config()
        config["vocabulary_dtype"] = self.vocabulary_dtype
        return config
