"""Identity: returns its input unchanged."""

from kbackend import tree
from kbackend.layers.core._spec_utils import input_dtype_after_autocast
from kbackend.layers.layer import Layer


class Identity(Layer):
    """A placeholder layer that returns its inputs (any structure) unchanged.

    Masks pass through.

    Args:
        **kwargs: base `Layer` arguments (name, dtype, ...).

    Example:
    >>> from kbackend import ops
    >>> ops.convert_to_numpy(Identity()(ops.ones((1, 2)))).tolist()
    [[1.0, 1.0]]
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def compute_output_spec(self, inputs, **kwargs):
        from kbackend.backends.common.keras_tensor import KerasTensor

        return tree.map_structure(
            lambda x: KerasTensor(x.shape, dtype=input_dtype_after_autocast(self, x),
                                  sparse=getattr(x, "sparse", False)),
            inputs,
        )
