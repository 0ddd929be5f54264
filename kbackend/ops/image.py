"""The `image` ops (``kbackend.ops.image``)."""
