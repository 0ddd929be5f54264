"""The `nn` ops (``kbackend.ops.nn``)."""
