"""The `math` ops (``kbackend.ops.math``)."""
