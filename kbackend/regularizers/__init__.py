"""Regularizers (``kbackend.regularizers``)."""


def get(identifier):
    """Returns a regularizer from an identifier (callables pass through)."""
    if identifier is None or callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret regularizer identifier: {identifier!r}.")
