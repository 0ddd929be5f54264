"""Reshape layer."""

import math

from kbackend import ops
from kbackend.layers.core._spec_utils import spec_like_input
from kbackend.layers.layer import Layer


class Reshape(Layer):
    """Reshapes inputs to ``(batch,) + target_shape``.

    Args:
        target_shape: the new shape without the batch axis; one entry may be -1 (inferred
            from the input size).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(Reshape((3, -1))(ops.ones((2, 12))).shape)
    (2, 3, 4)
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        target_shape = (target_shape,) if isinstance(target_shape, int) else tuple(
            target_shape)
        if sum(1 for d in target_shape if d == -1) > 1 or any(
            d is not None and d != -1 and d <= 0 for d in target_shape
        ):
            raise ValueError(
                f"Reshape {self.name}: target_shape must hold positive ints and at most one "
                f"-1, got {target_shape}."
            )
        self.target_shape = tuple(-1 if d is None else d for d in target_shape)
        self.built = True

    def _resolve(self, input_shape):
        """The target shape with -1 resolved (None when the input size is unknown)."""
        sizes = input_shape[1:]
        if -1 not in self.target_shape:
            total = None if None in sizes else math.prod(sizes)
            if total is not None and total != math.prod(self.target_shape):
                raise self._size_error(input_shape)
            return self.target_shape
        if None in sizes:
            return tuple(None if d == -1 else d for d in self.target_shape)
        known = math.prod(d for d in self.target_shape if d != -1)
        total = math.prod(sizes)
        if known == 0 or total % known:
            raise self._size_error(input_shape)
        return tuple(total // known if d == -1 else d for d in self.target_shape)

    def _size_error(self, input_shape):
        return ValueError(
            f"Reshape {self.name}: cannot reshape an input of shape {tuple(input_shape)} "
            f"to target_shape {self.target_shape}: the number of elements per sample "
            "differs. Check target_shape (use -1 for one inferred dim)."
        )

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._resolve(tuple(input_shape))

    def compute_output_spec(self, inputs, **kwargs):
        return spec_like_input(self, inputs, self.compute_output_shape(inputs.shape))

    def call(self, inputs):
        shape = tuple(ops.shape(inputs))
        target = self._resolve(shape)
        return ops.reshape(inputs, (shape[0],) + target)

    def get_config(self):
        return {**super().get_config(), "target_shape": list(self.target_shape)}
