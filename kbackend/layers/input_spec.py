"""InputSpec: what a layer accepts (rank, dtype, known axis sizes), checked on each call."""

from kbackend import tree
from kbackend.backends.common import dtypes


class InputSpec:
    """Describes the expected rank, dtype and axis sizes of a layer input.

    Args:
        dtype: expected dtype, or None.
        shape: expected shape (None for any size on an axis), or None.
        ndim: expected rank, or None.
        max_ndim: maximum rank, or None.
        min_ndim: minimum rank, or None.
        axes: dict mapping axis index to expected size.
        allow_last_axis_squeeze: accept a rank one lower when the last axis is 1.
        name: input name (for dict inputs).
        optional: whether the input may be None.

    Example:
    >>> spec = InputSpec(min_ndim=2, axes={-1: 8})
    >>> spec.min_ndim, spec.axes
    (2, {-1: 8})
    """

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None,
                 axes=None, allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype = dtypes.standardize_dtype(dtype) if dtype is not None else None
        self.shape = tuple(shape) if shape is not None else None
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.name = name
        self.optional = optional
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.axes = {int(k): v for k, v in (axes or {}).items()}

    def __repr__(self):
        parts = [f"{k}={v}" for k, v in vars(self).items() if v not in (None, {}, False)]
        return f"InputSpec({', '.join(parts)})"

    def get_config(self):
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim,
                "max_ndim": self.max_ndim, "min_ndim": self.min_ndim, "axes": self.axes}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Raises a ValueError naming the layer and both shapes if ``inputs`` break the spec."""
    if not input_spec:
        return
    if isinstance(input_spec, InputSpec) and hasattr(inputs, "shape"):
        # One spec, one tensor (the common eager call): no tree walks.
        specs, flat_inputs = (input_spec,), (inputs,)
    else:
        specs = tree.flatten(input_spec)
        flat_inputs = tree.flatten(inputs)
    if len(specs) != len(flat_inputs):
        raise ValueError(
            f'Layer "{layer_name}" expects {len(specs)} input(s), but it received '
            f"{len(flat_inputs)} input tensors."
        )
    for index, (spec, x) in enumerate(zip(specs, flat_inputs)):
        if spec is None:
            continue
        if x is None:
            if spec.optional:
                continue
            raise ValueError(f'Layer "{layer_name}": input {index} is None.')
        shape = getattr(x, "shape", None)
        if shape is None:
            continue
        # NOTE: symbolic dims (jax2tf's polymorphic batch) are not ints: treat as unknown.
        shape = tuple(None if d is None or not hasattr(d, "__index__") else int(d)
                      for d in shape)
        ndim = len(shape)
        where = f'Input {index} of layer "{layer_name}"'
        if spec.ndim is not None and not spec.allow_last_axis_squeeze and ndim != spec.ndim:
            raise ValueError(
                f"{where} is incompatible with the layer: expected ndim={spec.ndim}, "
                f"found ndim={ndim}. Full shape received: {shape}"
            )
        if spec.max_ndim is not None and ndim > spec.max_ndim:
            raise ValueError(
                f"{where} is incompatible with the layer: expected max_ndim={spec.max_ndim}, "
                f"found ndim={ndim}. Full shape received: {shape}"
            )
        if spec.min_ndim is not None and ndim < spec.min_ndim:
            raise ValueError(
                f"{where} is incompatible with the layer: expected min_ndim={spec.min_ndim}, "
                f"found ndim={ndim}. Full shape received: {shape}"
            )
        if spec.dtype is not None:
            dtype = dtypes.standardize_dtype(getattr(x, "dtype", None))
            if dtype != spec.dtype:
                raise ValueError(
                    f"{where} is incompatible with the layer: expected dtype={spec.dtype}, "
                    f"found dtype={dtype}."
                )
        for axis, size in spec.axes.items():
            if size is None or abs(axis) > ndim or (axis >= 0 and axis >= ndim):
                continue
            if shape[axis] not in (size, None):
                raise ValueError(
                    f"{where} is incompatible with the layer: expected axis {axis} of the "
                    f"input shape to have value {size}, but received input with shape "
                    f"{shape}."
                )
        if spec.shape is not None:
            for expected, actual in zip(spec.shape, shape):
                if expected is not None and actual is not None and expected != actual:
                    raise ValueError(
                        f"{where} is incompatible with the layer: expected shape="
                        f"{spec.shape}, found shape={shape}."
                    )
