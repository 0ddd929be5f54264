"""Merge: the base of the layers that combine a list of tensors element-wise.

Note [merge broadcasting]: inputs must share the batch size; the other axes broadcast
like NumPy, aligned from the right (a size-1 or unknown axis matches anything). Inputs of
lower rank get size-1 axes inserted after the batch axis. Masks are combined with a
logical AND (a step is kept only where every masked input keeps it).
"""

from kbackend import ops
from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.layers.core._spec_utils import input_dtype_after_autocast
from kbackend.layers.layer import Layer


def _shape_tuple(shape):
    return None if shape is None else tuple(shape)


class Merge(Layer):
    """Base class of element-wise merge layers (`Add`, `Multiply`, ...).

    Subclasses implement ``_merge_function(inputs)`` on a list of same-rank tensors.

    Args:
        **kwargs: base `Layer` arguments.

    Example:
    >>> from kbackend import ops
    >>> class Sum(Merge):
    ...     def _merge_function(self, inputs):
    ...         return ops.add(inputs[0], inputs[1])
    >>> tuple(Sum()([ops.ones((1, 2)), ops.ones((1, 2))]).shape)
    (1, 2)
    """

    min_inputs = 1

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def _merge_function(self, inputs):
        raise NotImplementedError

    def _label(self):
        return f"{type(self).__name__} layer {self.name!r}"

    def _check_inputs(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or not all(
            isinstance(s, (list, tuple)) for s in input_shape
        ):
            raise ValueError(
                f"A merge layer should be called on a list of inputs. {self._label()} "
                f"received input shape {input_shape}."
            )
        if len(input_shape) < self.min_inputs:
            raise ValueError(
                f"{self._label()} should be called on a list of at least {self.min_inputs} "
                f"input(s). Received {len(input_shape)} inputs with shapes "
                f"{[_shape_tuple(s) for s in input_shape]}."
            )
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(
                f"{self._label()} cannot merge tensors with different batch sizes. Received "
                f"inputs with shapes {[_shape_tuple(s) for s in input_shape]}."
            )

    def _broadcast_shapes(self, shape1, shape2):
        if len(shape1) < len(shape2):
            shape1, shape2 = shape2, shape1
        if not shape2:
            return tuple(shape1)
        output = list(shape1[: len(shape1) - len(shape2)])
        for i, j in zip(shape1[len(shape1) - len(shape2):], shape2):
            if i is None or j is None:
                output.append(None)
            elif i == 1:
                output.append(j)
            elif j == 1 or i == j:
                output.append(i)
            else:
                raise ValueError(
                    f"{self._label()}: inputs have incompatible shapes. Received shapes "
                    f"{tuple(shape1)} and {tuple(shape2)} (batch axis excluded); "
                    "non-batch axes must be equal or 1."
                )
        return tuple(output)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)

    def compute_output_shape(self, input_shape):
        self._check_inputs(input_shape)
        shapes = [tuple(s) for s in input_shape]
        output = shapes[0][1:]
        for shape in shapes[1:]:
            output = self._broadcast_shapes(output, shape[1:])
        batch_sizes = {s[0] for s in shapes if s} - {None}
        batch = batch_sizes.pop() if batch_sizes else None
        return (batch,) + tuple(output)

    def compute_output_spec(self, inputs, **kwargs):
        shape = self.compute_output_shape([x.shape for x in inputs])
        dtype = dtypes.result_type(*[input_dtype_after_autocast(self, x) for x in inputs])
        return KerasTensor(shape, dtype=dtype,
                           sparse=all(getattr(x, "sparse", False) for x in inputs))

    def call(self, inputs):
        self.compute_output_shape([tuple(x.shape) for x in inputs])
        ranks = [len(x.shape) for x in inputs]
        if len(set(ranks)) > 1:
            target = max(ranks)
            expanded = []
            for x in inputs:
                for _ in range(target - len(x.shape)):
                    x = ops.expand_dims(x, axis=1)
                expanded.append(x)
            inputs = expanded
        return self._merge_function(list(inputs))

    def compute_mask(self, inputs, previous_mask=None):
        if previous_mask is None:
            return None
        if not isinstance(previous_mask, (list, tuple)):
            raise ValueError(f"{self._label()}: `mask` should be a list, got {previous_mask!r}.")
        if len(previous_mask) != len(inputs):
            raise ValueError(
                f"{self._label()}: got {len(inputs)} inputs but {len(previous_mask)} masks; "
                "the lists `inputs` and `mask` should have the same length."
            )
        masks = [ops.expand_dims(m, axis=0) for m in previous_mask if m is not None]
        if not masks:
            return None
        return ops.all(ops.concatenate(masks, axis=0), axis=0, keepdims=False)
