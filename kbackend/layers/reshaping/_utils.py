"""Argument parsing shared by the reshaping layers."""

from kbackend.backends.common import config

DATA_FORMATS = ("channels_last", "channels_first")


def standardize_data_format(data_format, layer_name):
    """``None`` -> the global ``image_data_format()``; otherwise checked and lower-cased."""
    if data_format is None:
        return config.image_data_format()
    value = str(data_format).lower()
    if value not in DATA_FORMATS:
        raise ValueError(
            f"{layer_name}: data_format must be one of {DATA_FORMATS}, got {data_format!r}."
        )
    return value


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def standardize_pairs(value, rank, name, layer_name):
    """Parses a padding/cropping spec into ``rank`` ``(before, after)`` pairs.

    Accepts an int (same everywhere), ``rank`` ints (symmetric per axis), or ``rank``
    pairs; for ``rank == 1`` a single pair ``(before, after)`` too.
    """
    error = ValueError(
        f"{layer_name}: `{name}` must be an int, a tuple of {rank} ints, or a tuple of "
        f"{rank} tuples of 2 non-negative ints, got {value!r}."
    )
    if _is_int(value):
        pairs = ((value, value),) * rank
    else:
        try:
            items = tuple(value)
        except TypeError:
            raise error from None
        if rank == 1 and len(items) == 2 and all(_is_int(v) for v in items):
            pairs = (items,)
        elif len(items) != rank:
            raise error
        else:
            pairs = []
            for item in items:
                if _is_int(item):
                    pairs.append((item, item))
                else:
                    try:
                        pair = tuple(item)
                    except TypeError:
                        raise error from None
                    if len(pair) != 2 or not all(_is_int(v) for v in pair):
                        raise error
                    pairs.append(pair)
            pairs = tuple(pairs)
    if any(v < 0 for pair in pairs for v in pair):
        raise error
    return tuple(tuple(pair) for pair in pairs)


def standardize_size(value, rank, name, layer_name):
    """An int or ``rank`` positive ints -> a tuple of ``rank`` ints."""
    values = (value,) * rank if _is_int(value) else tuple(value)
    if len(values) != rank or not all(_is_int(v) and v > 0 for v in values):
        raise ValueError(
            f"{layer_name}: `{name}` must be a positive int or a tuple of {rank} positive "
            f"ints, got {value!r}."
        )
    return values


def spatial_axes(rank, data_format):
    """The spatial axes of a ``rank``-D spatial input (batch and channels excluded)."""
    start = 2 if data_format == "channels_first" else 1
    return tuple(range(start, start + rank))
