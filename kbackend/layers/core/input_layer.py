"""InputLayer and Input(): the entry points of a Functional graph."""

from kbackend.backends.common import dtypes
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.layers.layer import Layer
from kbackend.ops.node import Node


class InputLayer(Layer):
    """The layer that owns an input KerasTensor of a Functional model.

    Args:
        shape: shape without the batch axis.
        batch_size: optional fixed batch size.
        dtype: input dtype (default ``floatx()``); "string" for text inputs.
        sparse: whether the input is sparse.
        batch_shape: full shape including the batch axis (instead of shape/batch_size).
        input_tensor: an existing KerasTensor to wrap.
        optional: whether the input may be None.
        name: layer name.

    Example:
    >>> layer = InputLayer(shape=(3,))
    >>> layer.output.shape
    (None, 3)
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None,
                 batch_shape=None, input_tensor=None, optional=False, name=None, **kwargs):
        kwargs.pop("ragged", None)
        super().__init__(name=name, **kwargs)
        if input_tensor is not None:
            if not isinstance(input_tensor, KerasTensor):
                raise ValueError(
                    f"InputLayer {self.name}: input_tensor must be a KerasTensor, got "
                    f"{type(input_tensor).__name__}."
                )
            batch_shape, dtype, sparse = (
                input_tensor.shape, input_tensor.dtype, input_tensor.sparse)
        if shape is not None and batch_shape is not None:
            raise ValueError(
                f"InputLayer {self.name}: pass either shape or batch_shape, not both."
            )
        if batch_shape is None:
            if shape is None:
                raise ValueError(
                    f"InputLayer {self.name}: a shape is needed, e.g. Input(shape=(32,))."
                )
            if isinstance(shape, int):
                shape = (shape,)
            batch_shape = (batch_size,) + tuple(shape)
        self._batch_shape = tuple(None if d is None else int(d) for d in batch_shape)
        self._input_dtype = dtypes.standardize_dtype(dtype)
        self.sparse = bool(sparse)
        self.optional = optional
        self.built = True
        if input_tensor is None:
            input_tensor = KerasTensor(self._batch_shape, dtype=self._input_dtype,
                                       sparse=self.sparse, name=self.name)
        Node(self, outputs=input_tensor)

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def dtype(self):
        return self._input_dtype

    def call(self):
        return None

    def get_config(self):
        return {"batch_shape": list(self._batch_shape), "dtype": self._input_dtype,
                "sparse": self.sparse, "optional": self.optional, "name": self.name}


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,  # noqa: N802
          name=None, tensor=None, optional=False):
    """Returns a symbolic input tensor to start a Functional model.

    Args:
        shape: shape without the batch axis, e.g. ``(784,)``; None dims are variable.
        batch_size: optional fixed batch size.
        dtype: dtype of the input (default ``floatx()``; "string" for raw text).
        sparse: whether the input is sparse.
        batch_shape: the full shape, batch axis included.
        name: optional name (used to match dict inputs in fit/predict).
        tensor: an existing KerasTensor to wrap.
        optional: whether None may be passed for this input.

    Returns:
        A KerasTensor.

    Example:
    >>> x = Input(shape=(28, 28), name="image")
    >>> x.shape
    (None, 28, 28)
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                       batch_shape=batch_shape, name=name, input_tensor=tensor,
                       optional=optional)
    return layer.output
