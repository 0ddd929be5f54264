"""Constraints (``kbackend.constraints``)."""


def get(identifier):
    """Returns a constraint from an identifier (callables pass through)."""
    if identifier is None or callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret constraint identifier: {identifier!r}.")
