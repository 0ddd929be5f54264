"""The `linalg` ops (``kbackend.ops.linalg``)."""
