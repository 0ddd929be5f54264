"""pad_sequences: lists of variable-length sequences to one rectangular array."""

import numpy as np

_OPTIONS = ("pre", "post")


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre",
                  value=0.0):
    """Pads (and truncates) sequences to a common length.

    Args:
        sequences: a list of sequences; each item a list/array whose items all share one
            shape (scalars, or arrays of one shape).
        maxlen: the output length; default the longest sequence.
        dtype: the output dtype; use ``object`` (or a NumPy string dtype) for strings.
        padding: ``"pre"`` or ``"post"``: where padding goes.
        truncating: ``"pre"`` or ``"post"``: which end is cut from longer sequences.
        value: the padding value.

    Returns:
        A NumPy array of shape ``(len(sequences), maxlen) + item_shape``.

    Example:
    >>> pad_sequences([[1, 2, 3], [4]], maxlen=2).tolist()
    [[2, 3], [0, 4]]
    """
    for name, option in (("padding", padding), ("truncating", truncating)):
        if option not in _OPTIONS:
            raise ValueError(
                f"pad_sequences: `{name}` must be 'pre' or 'post'; received {option!r}."
            )
    if not hasattr(sequences, "__len__"):
        raise ValueError(
            f"pad_sequences: `sequences` must be a list of sequences; received "
            f"{type(sequences).__name__}."
        )
    lengths = []
    sample_shape = None
    for position, seq in enumerate(sequences):
        try:
            lengths.append(len(seq))
        except TypeError:
            raise ValueError(
                "pad_sequences: `sequences` must be a list of iterables; the item at "
                f"position {position} is {seq!r}."
            ) from None
        if sample_shape is None and len(seq):
            sample_shape = np.asarray(seq, dtype=object).shape[1:]
    sample_shape = sample_shape or ()
    if maxlen is None:
        maxlen = max(lengths) if lengths else 0
    maxlen = int(maxlen)
    is_text_dtype = dtype is object or np.dtype(dtype).kind in "OUS"
    if isinstance(value, str) and not is_text_dtype:
        raise ValueError(
            f"pad_sequences: `dtype` {dtype!r} cannot hold the string padding value "
            f"{value!r}. Use dtype=object for variable-length strings."
        )
    result = np.full((len(sequences), maxlen) + tuple(sample_shape), value, dtype=dtype)
    if maxlen == 0:
        return result
    for position, seq in enumerate(sequences):
        if not len(seq):
            continue
        kept = seq[-maxlen:] if truncating == "pre" else seq[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != tuple(sample_shape):
            raise ValueError(
                f"pad_sequences: the items of the sequence at position {position} have "
                f"shape {kept.shape[1:]}, expected {tuple(sample_shape)} like the first "
                "non-empty sequence."
            )
        if padding == "post":
            result[position, : len(kept)] = kept
        else:
            result[position, -len(kept):] = kept
    return result
