"""TextVectorization: standardize, split, n-gram and index raw text, all in NumPy."""

import re

import numpy as np

from kbackend import ops
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.layers.preprocessing import tf_graph
from kbackend.layers.preprocessing.text import encoding as text_encoding
from kbackend.layers.preprocessing.text.index_lookup import _batches
from kbackend.layers.preprocessing.text.string_lookup import StringLookup

# The punctuation Keras strips ("lower_and_strip_punctuation", "strip_punctuation").
DEFAULT_STRIP_REGEX = r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']'
_STRIP = re.compile(DEFAULT_STRIP_REGEX)
STANDARDIZE_OPTIONS = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
SPLIT_OPTIONS = ("whitespace", "character")


class TextVectorization(tf_graph.TFDataLayer):
    """Turns raw strings into token indices or bag-of-words encodings.

    Each string is standardized, split into tokens, optionally expanded with n-grams, and
    looked up in a vocabulary (index 0 is the padding/mask token ``""``, index 1 is
    ``"[UNK]"`` in "int" mode). Everything runs in NumPy, so no tensorflow is needed on
    any engine; the result is an engine tensor.

    Args:
        max_tokens: maximum vocabulary size, padding and OOV tokens included.
        standardize: "lower_and_strip_punctuation", "lower", "strip_punctuation", None, or
            a callable taking a 1-D NumPy ``str`` array and returning the standardized
            strings (same length).
        split: "whitespace", "character", None (each string is one token), or a callable
            taking a 1-D NumPy ``str`` array and returning one list of tokens per string.
        ngrams: None, an int ``n`` (all n-grams from 1 to n), or a tuple of sizes.
        output_mode: "int", "multi_hot", "count" or "tf_idf".
        output_sequence_length: in "int" mode, pad/truncate to this length (otherwise pad
            to the longest sequence in the batch).
        pad_to_max_tokens: in non-int modes, make the output ``max_tokens`` wide.
        vocabulary: optional list of tokens or path of a one-token-per-line file.
        idf_weights: with ``output_mode="tf_idf"`` and a vocabulary, one weight per token.
        sparse: must be False.
        ragged: must be False (ragged outputs need tensorflow).
        encoding: text encoding of bytes inputs (only "utf-8").
        name: layer name.

    Returns (on call):
        int64 ``(batch, sequence_length)`` in "int" mode, else float
        ``(batch, vocabulary_size())``.

    Example:
    >>> layer = TextVectorization(output_sequence_length=4)
    >>> layer.adapt(["The cat sat.", "the dog"])
    >>> layer.get_vocabulary()
    ['', '[UNK]', 'the', 'sat', 'dog', 'cat']
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(layer(["the cat ran"])).tolist()
    [[2, 5, 1, 0]]
    """

    _computes_in_numpy = True  # Note [string layers in tf graphs]

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation",
                 split="whitespace", ngrams=None, output_mode="int",
                 output_sequence_length=None, pad_to_max_tokens=False, vocabulary=None,
                 idf_weights=None, sparse=False, ragged=False, encoding="utf-8", name=None,
                 **kwargs):
        kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, **kwargs)
        output_mode = "multi_hot" if output_mode == "binary" else output_mode
        _check = text_encoding.check_option
        _check("TextVectorization", "output_mode", output_mode,
               ("int", "multi_hot", "count", "tf_idf"))
        if isinstance(standardize, dict):
            standardize = _deserialize_callable(standardize)
        if isinstance(split, dict):
            split = _deserialize_callable(split)
        if standardize is not None and not callable(standardize):
            _check("TextVectorization", "standardize", standardize, STANDARDIZE_OPTIONS)
        if split is not None and not callable(split):
            _check("TextVectorization", "split", split, SPLIT_OPTIONS)
        if isinstance(ngrams, int) and not isinstance(ngrams, bool):
            if ngrams < 1:
                raise ValueError(f"TextVectorization: ngrams must be >= 1, got {ngrams}.")
        elif ngrams is not None and not (
                isinstance(ngrams, (list, tuple)) and all(isinstance(n, int) for n in ngrams)):
            raise ValueError(
                f"TextVectorization: ngrams must be None, an int or a tuple of ints, got "
                f"{ngrams!r}."
            )
        if output_sequence_length is not None and output_mode != "int":
            raise ValueError(
                "TextVectorization: output_sequence_length is only used with "
                f"output_mode='int', got output_mode={output_mode!r}."
            )
        if ragged:
            raise ValueError(
                "TextVectorization: ragged=True needs tensorflow ragged tensors and is not "
                "supported; use output_sequence_length or padding to the batch maximum."
            )
        self.max_tokens = max_tokens
        self.standardize = standardize
        self.split = split
        self.ngrams = tuple(ngrams) if isinstance(ngrams, list) else ngrams
        self.output_mode = output_mode
        self.output_sequence_length = output_sequence_length
        self.pad_to_max_tokens = bool(pad_to_max_tokens)
        self.sparse = bool(sparse)
        self.ragged = False
        self.encoding = encoding
        self.supports_masking = False
        # NOTE: inputs are tokens, never floats to cast (and NumPy str arrays must pass).
        self.autocast = False
        # NOTE: NumPy string work cannot run inside jax.jit/tf.function: trainers should
        # run models holding this layer eagerly (Keras's `supports_jit`).
        self.supports_jit = False
        # NOTE: a plain helper object (not tracked as a sub-layer): it holds no weights.
        object.__setattr__(self, "_lookup_layer", StringLookup(
            max_tokens=max_tokens, num_oov_indices=1, mask_token="", oov_token="[UNK]",
            vocabulary=vocabulary, idf_weights=idf_weights, output_mode=output_mode,
            pad_to_max_tokens=pad_to_max_tokens, sparse=sparse, encoding=encoding,
            name=f"{self.name}_lookup"))
        self.built = True

    # --- vocabulary ---------------------------------------------------------------------
    def get_vocabulary(self, include_special_tokens=True):
        """Returns the vocabulary, index order (see `StringLookup.get_vocabulary`)."""
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self):
        """Returns the number of output indices, padding and OOV tokens included."""
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (and IDF weights for "tf_idf")."""
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights)

    # --- text processing ----------------------------------------------------------------
    def _strings(self, inputs):
        array = text_encoding.to_numpy(inputs, "TextVectorization")
        if array.dtype.kind not in "USO":
            raise TypeError(
                f"TextVectorization ({self.name}) expects string inputs, got dtype "
                f"{array.dtype}."
            )
        scalar = array.ndim == 0
        if array.ndim == 2 and array.shape[-1] == 1:
            array = array[:, 0]
        if array.ndim > 1:
            raise ValueError(
                f"TextVectorization ({self.name}) expects inputs of shape (batch,) or "
                f"(batch, 1), got {array.shape}."
            )
        return np.array(array.reshape(-1).tolist(), dtype=str), scalar

    def _standardize(self, strings):
        if self.standardize is None:
            return strings
        if callable(self.standardize):
            return np.array(list(self.standardize(strings)), dtype=str).reshape(-1)
        out = [s.lower() if "lower" in self.standardize else s for s in strings.tolist()]
        if "strip_punctuation" in self.standardize:
            out = [_STRIP.sub("", s) for s in out]
        return np.array(out, dtype=str)

    def _split(self, strings):
        if self.split is None:
            return [[s] for s in strings.tolist()]
        if callable(self.split):
            return [list(np.asarray(row, dtype=object).reshape(-1).tolist())
                    for row in self.split(strings)]
        if self.split == "whitespace":
            return [s.split() for s in strings.tolist()]
        return [list(s) for s in strings.tolist()]

    def _ngrams(self, rows):
        if self.ngrams is None:
            return rows
        sizes = range(1, self.ngrams + 1) if isinstance(self.ngrams, int) else self.ngrams
        out = []
        for row in rows:
            grams = []
            for n in sizes:
                grams.extend(" ".join(row[i:i + n]) for i in range(len(row) - n + 1))
            out.append(grams)
        return out

    def _tokenize(self, inputs):
        strings, scalar = self._strings(inputs)
        rows = self._ngrams(self._split(self._standardize(strings)))
        return [[str(t) for t in row] for row in rows], scalar

    # --- adapt and call -----------------------------------------------------------------
    def adapt(self, data, batch_size=None, steps=None):
        """Computes the vocabulary (and IDF weights) from text data.

        Args:
            data: strings as a NumPy array or list (one batch), or an iterable of batches.
            batch_size: unused (Keras compatibility).
            steps: the number of batches to read from an iterable (default: all).
        """
        del batch_size
        lookup = self._lookup_layer
        lookup._reset_counts()
        for batch in _batches(data, steps):
            rows, _ = self._tokenize(batch)
            lookup._update_counts(rows)
        lookup._finalize_counts()

    def call(self, inputs):
        rows, scalar = self._tokenize(inputs)
        lookup = self._lookup_layer
        lookup._require_vocabulary()
        indices = [[lookup._lookup_token(t) for t in row] for row in rows]
        if self.output_mode == "int":
            length = self.output_sequence_length
            if length is None:
                length = max((len(r) for r in indices), default=0)
            out = np.zeros((len(indices), length), dtype="int64")
            for i, row in enumerate(indices):
                row = row[:length]
                out[i, :len(row)] = row
            out = out[0] if scalar else out
            return ops.convert_to_tensor(out, dtype="int64")
        out = lookup.encode_indices(indices)
        out = out[0] if scalar else out
        return ops.convert_to_tensor(out, dtype=self.compute_dtype)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        batch = input_shape[:1] if input_shape else ()
        if self.output_mode == "int":
            return batch + (self.output_sequence_length,)
        return batch + (self._lookup_layer._output_depth(),)

    def compute_output_spec(self, inputs, *args, **kwargs):
        # NOTE: never traced through an engine: string tensors exist only in NumPy.
        dtype = "int64" if self.output_mode == "int" else self.compute_dtype
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=dtype)

    def get_config(self):
        config = super().get_config()
        lookup_config = self._lookup_layer.get_config()
        config.update({
            "max_tokens": self.max_tokens,
            "standardize": _serialize_callable(self.standardize),
            "split": _serialize_callable(self.split),
            "ngrams": list(self.ngrams) if isinstance(self.ngrams, tuple) else self.ngrams,
            "output_mode": self.output_mode,
            "output_sequence_length": self.output_sequence_length,
            "pad_to_max_tokens": self.pad_to_max_tokens,
            "sparse": self.sparse,
            "ragged": self.ragged,
            "vocabulary": lookup_config["vocabulary"],
            "idf_weights": lookup_config["idf_weights"],
            "encoding": self.encoding,
        })
        return config


def _serialize_callable(value):
    if callable(value):
        from kbackend.saving import serialization_lib

        return serialization_lib.serialize_keras_object(value)
    return value


def _deserialize_callable(config):
    from kbackend.saving import serialization_lib

    return serialization_lib.deserialize_keras_object(config)
