"""StringLookup: maps strings to integer indices (or back)."""

import numpy as np

from kbackend.layers.preprocessing.text.index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """Maps string tokens to integer indices from a fixed or adapted vocabulary.

    Index layout (``output_mode="int"``): the mask token (if any) is 0, then
    ``num_oov_indices`` OOV indices, then the vocabulary. Adapted vocabularies are sorted
    by decreasing frequency (ties: decreasing token). Inputs are NumPy arrays or lists
    of ``str``/``bytes``; no tensorflow is needed on any engine.

    Args:
        max_tokens: maximum vocabulary size, special tokens included (None: no limit).
        num_oov_indices: number of out-of-vocabulary indices (0: OOV tokens are errors;
            more than 1: OOV tokens are hashed among them).
        mask_token: token mapped to index 0 in "int" mode and dropped in other modes;
            None for no mask.
        oov_token: token returned for OOV indices when ``invert=True``.
        vocabulary: optional list of tokens or path of a one-token-per-line text file.
        idf_weights: with ``output_mode="tf_idf"`` and a vocabulary, one weight per token.
        invert: map indices back to tokens (only with ``output_mode="int"``).
        output_mode: "int" (int64 indices), "one_hot", "multi_hot", "count" or "tf_idf".
        pad_to_max_tokens: in non-int modes, make the output ``max_tokens`` wide.
        sparse: must be False (sparse outputs are not supported).
        encoding: text encoding of bytes inputs (only "utf-8").
        name: layer name.

    Returns (on call):
        int64 indices with the input's shape ("int"), string tokens as a NumPy array
        (``invert=True``), or float encodings of width ``vocabulary_size()``.

    Example:
    >>> layer = StringLookup(vocabulary=["a", "b", "c"])
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(layer([["a", "c"], ["d", "b"]])).tolist()
    [[1, 3], [0, 2]]
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 pad_to_max_tokens=False, sparse=False, encoding="utf-8", name=None, **kwargs):
        kwargs.pop("vocabulary_dtype", None)
        if encoding not in ("utf-8", "utf8", "UTF-8"):
            raise ValueError(
                f"StringLookup: only encoding='utf-8' is supported, got {encoding!r}."
            )
        self.encoding = encoding
        super().__init__(
            max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
            oov_token=oov_token, vocabulary_dtype="string", vocabulary=vocabulary,
            idf_weights=idf_weights, invert=invert, output_mode=output_mode, sparse=sparse,
            pad_to_max_tokens=pad_to_max_tokens, name=name, **kwargs)

    def _standardize_token(self, token):
        if isinstance(token, bytes):
            return token.decode("utf-8")
        if isinstance(token, np.str_):
            return str(token)
        return token

    def _to_input_array(self, inputs):
        array = super()._to_input_array(inputs)
        if not self.invert and array.dtype.kind not in "USO":
            raise TypeError(
                f"StringLookup ({self.name}) expects string inputs, got an array of dtype "
                f"{array.dtype}. Use IntegerLookup for integer tokens."
            )
        return array

    def _inverted_output(self, tokens):
        # NOTE: strings stay NumPy on every engine (engines have no string tensors).
        return tokens.astype(str)

    def _inverted_dtype(self):
        return "string"

    def get_config(self):
        config = super().get_config()
        config["encoding"] = self.encoding
        return config
