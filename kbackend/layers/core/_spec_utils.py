"""Helpers shared by layers whose output dtype follows their input's dtype."""

from kbackend import tree
from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor


def input_dtype_after_autocast(layer, x):
    """The dtype ``x`` has inside ``call``: floats are autocast to the compute dtype."""
    dtype = dtypes.standardize_dtype(getattr(x, "dtype", None) or layer.compute_dtype)
    if layer.autocast and dtypes.is_float_dtype(dtype) and dtypes.is_float_dtype(
        layer.compute_dtype
    ):
        return layer.compute_dtype
    return dtype


def spec_like_input(layer, inputs, output_shape):
    """A KerasTensor of ``output_shape`` with the (autocast) dtype of ``inputs``.

    NOTE: `Layer.compute_output_spec` gives every output the compute dtype, which is wrong
    for shape-only layers fed integers (token ids through Reshape, ...).
    """
    first = tree.flatten(inputs)[0]
    return KerasTensor(output_shape, dtype=input_dtype_after_autocast(layer, first),
                       sparse=getattr(first, "sparse", False))
