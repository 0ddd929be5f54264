"""Dot layer: batched dot product of two inputs."""

import string

from kbackend import ops
from kbackend.layers.merging.base_merge import Merge


class Dot(Merge):
    """Computes the dot product of two inputs along ``axes``, sample by sample.

    For inputs of shapes ``(batch, n)`` and ``(batch, n)`` with ``axes=1`` the output is
    ``(batch, 1)``. In general the output holds the first input's remaining axes followed
    by the second's (batch axis once).

    Args:
        axes: an int or a pair of ints: the axis of each input to contract (not 0).
        normalize: if True, L2-normalize both inputs along ``axes`` first (cosine
            similarity).
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> tuple(Dot(axes=1)([ops.ones((2, 3)), ops.ones((2, 3))]).shape)
    (2, 1)
    """

    min_inputs = 2

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axes, int):
            self.axes = axes
        else:
            axes = list(axes)
            if len(axes) != 2 or not all(isinstance(a, int) for a in axes):
                raise ValueError(
                    f"Dot {self.name!r}: `axes` must be an int or a list of 2 ints, got "
                    f"{axes!r}."
                )
            self.axes = axes
        self.normalize = normalize
        self.supports_masking = True

    def _resolve_axes(self, shape1, shape2):
        pair = [self.axes, self.axes] if isinstance(self.axes, int) else list(self.axes)
        resolved = [a % len(s) if a < 0 else a for a, s in zip(pair, (shape1, shape2))]
        for axis, shape in zip(resolved, (shape1, shape2)):
            if not 1 <= axis < len(shape):
                raise ValueError(
                    f"Dot {self.name!r}: axes {self.axes} are invalid for input shapes "
                    f"{tuple(shape1)} and {tuple(shape2)} (the batch axis 0 cannot be "
                    "contracted)."
                )
        return resolved

    def compute_output_shape(self, input_shape):
        self._check_inputs(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                f"A `Dot` layer ({self.name!r}) should be called on exactly 2 inputs. "
                f"Received {len(input_shape)} inputs with shapes "
                f"{[tuple(s) for s in input_shape]}."
            )
        shape1, shape2 = list(input_shape[0]), list(input_shape[1])
        axis1, axis2 = self._resolve_axes(shape1, shape2)
        if shape1[axis1] is not None and shape2[axis2] is not None and (
            shape1[axis1] != shape2[axis2]
        ):
            raise ValueError(
                f"Dot {self.name!r}: incompatible input shapes: axis values {shape1[axis1]} "
                f"(at axis {axis1}) != {shape2[axis2]} (at axis {axis2}). Full input shapes: "
                f"{tuple(shape1)}, {tuple(shape2)}."
            )
        shape1.pop(axis1)
        shape2.pop(axis2)
        shape2.pop(0)
        output = shape1 + shape2
        if len(output) == 1:
            output.append(1)
        return tuple(output)

    def call(self, inputs):
        self.compute_output_shape([tuple(x.shape) for x in inputs])
        x, y = inputs
        axis1, axis2 = self._resolve_axes(x.shape, y.shape)
        if self.normalize:
            x = ops.normalize(x, axis=axis1)
            y = ops.normalize(y, axis=axis2)
        letters = iter(string.ascii_letters)
        batch, contracted = next(letters), next(letters)
        x_spec = [batch] + [contracted if i == axis1 else next(letters)
                            for i in range(1, len(x.shape))]
        y_spec = [batch] + [contracted if i == axis2 else next(letters)
                            for i in range(1, len(y.shape))]
        out_spec = [c for c in x_spec if c != contracted] + [
            c for c in y_spec[1:] if c != contracted]
        equation = f"{''.join(x_spec)},{''.join(y_spec)}->{''.join(out_spec)}"
        output = ops.einsum(equation, x, y)
        if len(out_spec) == 1:
            output = ops.expand_dims(output, axis=-1)
        return output

    def compute_mask(self, inputs, previous_mask=None):
        return None

    def get_config(self):
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}
