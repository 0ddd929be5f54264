"""IndexLookup: the shared base of StringLookup and IntegerLookup.

Note [lookup layout]: the index space is ``[mask] + [oov] * num_oov_indices + vocabulary``;
the mask slot exists only when ``mask_token`` is set and ``output_mode == "int"`` (in the
other modes the mask token is dropped from inputs and absent from the vocabulary). Adapted
vocabularies are ordered by decreasing frequency, ties broken by decreasing token value,
as in the Keras documentation examples. The vocabulary lives in Python/NumPy, not in
weights, so the layers have no variables and work on every engine without tensorflow;
``get_config`` carries the vocabulary (and IDF weights) so a config round trip restores it.
"""

import os

import numpy as np

from kbackend import ops
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.layers.preprocessing import tf_graph
from kbackend.layers.preprocessing.text import encoding


class IndexLookup(tf_graph.TFDataLayer):
    """Maps tokens to indices (or back, with ``invert=True``) from a vocabulary.

    Not used directly: see `StringLookup` and `IntegerLookup` for the arguments.
    """

    _computes_in_numpy = True  # Note [string layers in tf graphs]

    def __init__(self, max_tokens, num_oov_indices, mask_token, oov_token,
                 vocabulary_dtype, vocabulary=None, idf_weights=None, invert=False,
                 output_mode="int", sparse=False, pad_to_max_tokens=False, name=None,
                 **kwargs):
        kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, **kwargs)
        cls_name = type(self).__name__
        output_mode = "multi_hot" if output_mode == "binary" else output_mode
        encoding.check_option(cls_name, "output_mode", output_mode, encoding.OUTPUT_MODES)
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(
                f"{cls_name}: max_tokens must be None or greater than 1, got {max_tokens}."
            )
        if num_oov_indices is None or num_oov_indices < 0:
            raise ValueError(
                f"{cls_name}: num_oov_indices must be >= 0, got {num_oov_indices}."
            )
        if invert and output_mode != "int":
            raise ValueError(
                f"{cls_name}: invert=True only works with output_mode='int', got "
                f"output_mode={output_mode!r}."
            )
        if sparse:
            raise ValueError(
                f"{cls_name}: sparse=True is not supported (outputs are dense arrays on every "
                "engine). Use sparse=False."
            )
        if pad_to_max_tokens and max_tokens is None and output_mode != "int":
            raise ValueError(
                f"{cls_name}: pad_to_max_tokens=True needs max_tokens to be set."
            )
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(
                f"{cls_name}: idf_weights are only used with output_mode='tf_idf', got "
                f"output_mode={output_mode!r}."
            )
        self.max_tokens = max_tokens
        self.num_oov_indices = int(num_oov_indices)
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.vocabulary_dtype = vocabulary_dtype
        self.invert = bool(invert)
        self.output_mode = output_mode
        self.sparse = bool(sparse)
        self.pad_to_max_tokens = bool(pad_to_max_tokens)
        self.supports_masking = False
        # NOTE: inputs are tokens, never floats to cast (and NumPy str arrays must pass).
        self.autocast = False
        # NOTE: NumPy string work cannot run inside jax.jit/tf.function: trainers should
        # run models holding this layer eagerly (Keras's `supports_jit`).
        self.supports_jit = False
        self._vocabulary = None
        self._index = None
        self._idf_weights = None
        self._reset_counts()
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        elif output_mode == "tf_idf" and idf_weights is not None:
            raise ValueError(f"{cls_name}: idf_weights were given without a vocabulary.")
        self.built = True

    # --- index layout (Note [lookup layout]) -------------------------------------------
    @property
    def _has_mask_slot(self):
        return self.mask_token is not None and self.output_mode == "int"

    @property
    def _oov_start_index(self):
        return 1 if self._has_mask_slot else 0

    @property
    def _token_start_index(self):
        return self._oov_start_index + self.num_oov_indices

    def _special_tokens(self):
        specials = [self.mask_token] if self._has_mask_slot else []
        return specials + [self.oov_token] * self.num_oov_indices

    # --- vocabulary --------------------------------------------------------------------
    def _standardize_token(self, token):
        return token

    def get_vocabulary(self, include_special_tokens=True):
        """Returns the vocabulary as a list, index order.

        Args:
            include_special_tokens: include the mask and OOV tokens at the front.

        Returns:
            A list of tokens.
        """
        vocabulary = list(self._vocabulary or [])
        if include_special_tokens:
            return self._special_tokens() + vocabulary
        return vocabulary

    def vocabulary_size(self):
        """Returns the number of indices the layer maps to (special tokens included)."""
        return len(self._vocabulary or []) + self._token_start_index

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (and, for ``tf_idf``, the IDF weights).

        Args:
            vocabulary: a list/array of unique tokens, or the path of a text file with one
                token per line. Leading special tokens (mask, OOV) are accepted and dropped.
            idf_weights: for output_mode "tf_idf", one float per vocabulary token.
        """
        name = type(self).__name__
        if isinstance(vocabulary, str) and os.path.isfile(vocabulary):
            with open(vocabulary, encoding="utf-8") as f:
                vocabulary = [line.rstrip("\n") for line in f]
        if isinstance(vocabulary, str):
            raise ValueError(
                f"{name}: vocabulary {vocabulary!r} is a string but not an existing file. "
                "Pass a list of tokens or the path of a one-token-per-line file."
            )
        tokens = [self._standardize_token(t) for t in
                  encoding.to_numpy(vocabulary, name).reshape(-1).tolist()]
        specials = self._special_tokens()
        if tokens[:len(specials)] == specials and specials:
            tokens = tokens[len(specials):]
        elif self.mask_token is not None and tokens[:1] == [self.mask_token]:
            tokens = tokens[1:]
        for special, what in ((self.mask_token, "mask_token"), (self.oov_token, "oov_token")):
            if special is not None and special in tokens and (
                what == "mask_token" or self.num_oov_indices > 0
            ):
                raise ValueError(
                    f"{name}: the vocabulary contains the {what} {special!r} at index "
                    f"{tokens.index(special)}; special tokens may only appear at the front "
                    f"in the order {specials}."
                )
        seen, duplicates = set(), []
        for t in tokens:
            if t in seen:
                duplicates.append(t)
            seen.add(t)
        if duplicates:
            raise ValueError(
                f"{name}: the vocabulary must contain unique tokens, but {duplicates[:5]} "
                "appear more than once."
            )
        if self.max_tokens is not None and len(tokens) + self._token_start_index > self.max_tokens:
            raise ValueError(
                f"{name}: the vocabulary has {len(tokens) + self._token_start_index} entries "
                f"with special tokens, more than max_tokens={self.max_tokens}."
            )
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError(
                    f"{name}: output_mode='tf_idf' needs idf_weights with the vocabulary "
                    "(one weight per token), or call adapt() instead."
                )
            weights = np.asarray(ops.convert_to_numpy(idf_weights)
                                 if not isinstance(idf_weights, (list, tuple, np.ndarray))
                                 else idf_weights, dtype="float64").reshape(-1)
            if weights.shape[0] == len(tokens) + self._token_start_index:
                weights = weights[self._token_start_index:]
            if weights.shape[0] != len(tokens):
                raise ValueError(
                    f"{name}: idf_weights has {weights.shape[0]} entries but the vocabulary "
                    f"has {len(tokens)} tokens; they must match."
                )
            self._set_idf(weights)
        elif idf_weights is not None:
            raise ValueError(f"{name}: idf_weights only apply to output_mode='tf_idf'.")
        self._vocabulary = tokens
        self._index = {t: i + self._token_start_index for i, t in enumerate(tokens)}

    def _set_idf(self, weights):
        mean = float(weights.mean()) if weights.size else 0.0
        # OOV slots get the mean IDF: their real frequency is unknown.
        full = np.concatenate([np.full(self._token_start_index, mean), weights])
        depth = self._output_depth(len(full))
        if depth > len(full):
            full = np.concatenate([full, np.zeros(depth - len(full))])
        self._idf_weights = full

    @property
    def idf_weights(self):
        """The IDF weight of every output index (tf_idf mode), as a NumPy array."""
        return self._idf_weights

    def _output_depth(self, size=None):
        if self.pad_to_max_tokens and self.max_tokens is not None:
            return self.max_tokens
        return self.vocabulary_size() if size is None else size

    def _require_vocabulary(self):
        if self._vocabulary is None:
            raise ValueError(
                f"{type(self).__name__} ({self.name}) has no vocabulary yet. Pass "
                "vocabulary=... to the constructor, call set_vocabulary(), or call "
                "adapt(data) before using the layer."
            )

    # --- adapt -------------------------------------------------------------------------
    def _reset_counts(self):
        self._token_counts = {}
        self._first_seen = {}
        self._document_counts = {}
        self._num_documents = 0

    def _update_counts(self, rows):
        """Counts tokens of each document (a row: an iterable of tokens)."""
        for row in rows:
            self._num_documents += 1
            unique = set()
            for token in row:
                token = self._standardize_token(token)
                if token == self.mask_token or token == self.oov_token:
                    continue
                self._token_counts[token] = self._token_counts.get(token, 0) + 1
                unique.add(token)
            for token in unique:
                self._document_counts[token] = self._document_counts.get(token, 0) + 1

    def _finalize_counts(self):
        tokens = list(self._token_counts)
        if not tokens and self._num_documents == 0:
            raise ValueError(
                f"{type(self).__name__}: adapt() received no data; pass a non-empty array, "
                "list or iterable of batches."
            )
        counts = np.array([self._token_counts[t] for t in tokens], dtype="int64")
        keys = np.array(tokens, dtype=object)
        # Decreasing frequency, ties by decreasing token (as lexsort()[::-1] orders them).
        order = np.lexsort((_sort_keys(keys), counts))[::-1]
        vocabulary = [tokens[i] for i in order]
        if self.max_tokens is not None:
            vocabulary = vocabulary[:max(self.max_tokens - self._token_start_index, 0)]
        idf = None
        if self.output_mode == "tf_idf":
            document_counts = np.array([self._document_counts[t] for t in vocabulary],
                                       dtype="float64")
            idf = np.log(1.0 + self._num_documents / (1.0 + document_counts))
        self._reset_counts()
        self.set_vocabulary(vocabulary, idf)

    def adapt(self, data, batch_size=None, steps=None):
        """Computes the vocabulary from data (replacing any previous vocabulary).

        Args:
            data: a NumPy array, list or tensor (one batch), or an iterable of batches
                (generator, ``tf.data.Dataset``, `PyDataset`).
            batch_size: unused (accepted for Keras compatibility).
            steps: the number of batches to read from an iterable (default: all).
        """
        del batch_size
        self._reset_counts()
        for batch in _batches(data, steps):
            array = self._to_input_array(batch)
            if array.ndim == 0:
                rows = [[array.item()]]
            elif array.ndim == 1:
                rows = [[x] for x in array.tolist()]
            else:
                rows = array.reshape(array.shape[0], -1).tolist()
            self._update_counts(rows)
        self._finalize_counts()

    # --- calling -----------------------------------------------------------------------
    def _to_input_array(self, inputs):
        return encoding.to_numpy(inputs, type(self).__name__)

    def _lookup_token(self, token):
        index = self._index.get(token)
        if index is not None:
            return index
        if self.mask_token is not None and token == self.mask_token:
            return 0 if self._has_mask_slot else -1
        if self.num_oov_indices == 0:
            raise ValueError(
                f"{type(self).__name__} ({self.name}): token {token!r} is not in the "
                "vocabulary and num_oov_indices=0, so out-of-vocabulary tokens are errors. "
                "Set num_oov_indices >= 1 to map them to OOV indices."
            )
        if self.num_oov_indices == 1:
            return self._oov_start_index
        return self._oov_start_index + self._oov_bucket(token)

    def _oov_bucket(self, token):
        return encoding.string_fingerprint(token, self.num_oov_indices)

    def lookup_indices(self, array):
        """Maps a NumPy array of tokens to an int64 array of indices (-1: dropped mask)."""
        self._require_vocabulary()
        flat = [self._lookup_token(self._standardize_token(t)) for t in array.reshape(-1).tolist()]
        return np.asarray(flat, dtype="int64").reshape(array.shape)

    def encode_indices(self, indices):
        """Turns int64 indices (an array or a list of rows) into the output_mode's array."""
        depth = self._output_depth()
        if self.output_mode == "int":
            return indices
        if self.output_mode == "one_hot":
            return encoding.one_hot(indices, depth)
        return encoding.encode_rows(indices, depth, self.output_mode, self._idf_weights,
                                    type(self).__name__)

    def _invert_indices(self, array):
        self._require_vocabulary()
        vocabulary = self.get_vocabulary()
        indices = np.asarray(array, dtype="int64")
        out = np.empty(indices.shape, dtype=object)
        flat_in, flat_out = indices.reshape(-1), out.reshape(-1)
        for i, index in enumerate(flat_in.tolist()):
            if self._has_mask_slot and index == 0:
                flat_out[i] = self.mask_token
            elif 0 <= index < len(vocabulary):
                flat_out[i] = vocabulary[index]
            else:
                flat_out[i] = self.oov_token
        return self._inverted_output(out)

    def _inverted_output(self, tokens):
        return tokens

    def call(self, inputs):
        array = self._to_input_array(inputs)
        if self.invert:
            return self._invert_indices(array)
        indices = self.lookup_indices(array)
        if self.output_mode == "int":
            return ops.convert_to_tensor(indices, dtype="int64")
        return ops.convert_to_tensor(self.encode_indices(indices), dtype=self.compute_dtype)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        return encoding.encoded_shape(input_shape, self._output_depth(), self.output_mode)

    def _output_dtype(self):
        if self.invert:
            return self._inverted_dtype()
        return "int64" if self.output_mode == "int" else self.compute_dtype

    def compute_output_spec(self, inputs, *args, **kwargs):
        # NOTE: never traced through an engine: string tensors exist only in NumPy.
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=self._output_dtype())

    def get_config(self):
        config = super().get_config()
        idf = None
        if self._idf_weights is not None and self._vocabulary is not None:
            start = self._token_start_index
            idf = [float(w) for w in self._idf_weights[start:start + len(self._vocabulary)]]
        config.update({
            "max_tokens": self.max_tokens,
            "num_oov_indices": self.num_oov_indices,
            "mask_token": self.mask_token,
            "oov_token": self.oov_token,
            "vocabulary": _jsonable(self._vocabulary),
            "idf_weights": idf,
            "invert": self.invert,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "pad_to_max_tokens": self.pad_to_max_tokens,
        })
        return config


def _jsonable(tokens):
    if tokens is None:
        return None
    return [t.item() if isinstance(t, np.generic) else t for t in tokens]


def _sort_keys(keys):
    # NOTE: lexsort needs one comparable dtype; tokens are all str or all int.
    if all(isinstance(k, str) for k in keys):
        return np.array(keys.tolist(), dtype=str) if len(keys) else np.array([], dtype=str)
    return np.array(keys.tolist(), dtype="int64")


def _batches(data, steps):
    """Yields batches: an array/list/tensor is one batch; other iterables give batches."""
    if isinstance(data, dict):
        raise ValueError(
            "adapt() received a dict; lookup layers adapt on one feature (an array, list or "
            "iterable of batches)."
        )
    if isinstance(data, (np.ndarray, list, tuple, str, bytes, int)) or hasattr(data, "shape") \
            and not hasattr(data, "element_spec"):
        yield data
        return
    if not hasattr(data, "__iter__"):
        raise TypeError(
            f"adapt() expects an array, list, tensor or iterable of batches; got "
            f"{type(data).__name__}."
        )
    for i, batch in enumerate(data):
        if steps is not None and i >= steps:
            break
        if isinstance(batch, tuple) and len(batch) in (1, 2, 3):
            batch = batch[0]  # (x, y[, sample_weight]) batches: adapt on x.
        yield batch
