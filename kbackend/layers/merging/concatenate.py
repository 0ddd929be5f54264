"""Concatenate layer."""

from kbackend import ops
from kbackend.layers.merging.base_merge import Merge


class Concatenate(Merge):
    """Concatenates a list of inputs along ``axis``.

    All inputs must have the same rank and the same size on every other axis (unknown
    sizes match anything).

    Args:
        axis: the concatenation axis (default -1).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(Concatenate()([ops.ones((2, 3)), ops.ones((2, 4))]).shape)
    (2, 7)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def _shape_error(self, input_shape):
        return ValueError(
            f"A `Concatenate` layer ({self.name!r}) requires inputs with matching shapes "
            f"except for the concatenation axis {self.axis}. Received input shapes "
            f"{[tuple(s) for s in input_shape]}."
        )

    def compute_output_shape(self, input_shape):
        self._check_inputs(input_shape)
        shapes = [tuple(s) for s in input_shape]
        rank = len(shapes[0])
        if any(len(s) != rank for s in shapes):
            raise self._shape_error(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Concatenate {self.name!r}: axis {self.axis} is out of range for inputs of "
                f"rank {rank} (shapes {shapes})."
            )
        axis = self.axis % rank
        output = list(shapes[0])
        for shape in shapes[1:]:
            for i, size in enumerate(shape):
                if i == axis:
                    output[i] = None if output[i] is None or size is None else output[i] + size
                elif output[i] is None:
                    output[i] = size
                elif size is not None and size != output[i]:
                    raise self._shape_error(input_shape)
        return tuple(output)

    def _merge_function(self, inputs):
        return ops.concatenate(inputs, axis=self.axis)

    def compute_mask(self, inputs, previous_mask=None):
        if previous_mask is None:
            return None
        if not isinstance(previous_mask, (list, tuple)) or len(previous_mask) != len(inputs):
            raise ValueError(
                f"Concatenate {self.name!r}: `mask` should be a list with one entry per input "
                f"({len(inputs)}), got {previous_mask!r}."
            )
        if all(m is None for m in previous_mask):
            return None
        masks = []
        for x, mask in zip(inputs, previous_mask):
            x = ops.convert_to_tensor(x)
            if mask is None:
                masks.append(ops.ones_like(x, dtype="bool"))
            elif len(mask.shape) < len(x.shape):
                masks.append(ops.broadcast_to(ops.expand_dims(mask, axis=-1), ops.shape(x)))
            else:
                masks.append(mask)
        concatenated = ops.concatenate(masks, axis=self.axis)
        return ops.any(concatenated, axis=-1, keepdims=False)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
