"""CategoryEncoding: integer categories to one-hot, multi-hot or count vectors."""

from kbackend import ops
from kbackend.layers.preprocessing.numeric import _utils
from kbackend.layers.preprocessing.tf_graph import TFDataLayer


class CategoryEncoding(TFDataLayer):
    """Encodes integer features in ``[0, num_tokens)``.

    Args:
        num_tokens: number of categories.
        output_mode: "one_hot" (inputs ``(B,)`` or ``(B, 1)``), "multi_hot" or "count"
            (inputs ``(B, T)`` or ``(T,)``).
        sparse: must be False.
        **kwargs: base `Layer` arguments.

    Call arguments: ``inputs``; ``count_weights`` (same shape, "count" mode only).

    Returns:
        Float ``(B, num_tokens)`` (``(num_tokens,)`` for rank-1 multi_hot/count inputs).

    Example:
    >>> import numpy as np
    >>> CategoryEncoding(3, output_mode="one_hot")(np.array([0, 2])).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        _utils.check_output_mode(output_mode, ("one_hot", "multi_hot", "count"), self)
        if num_tokens is None or num_tokens < 1:
            raise ValueError(
                f"CategoryEncoding {self.name}: num_tokens must be a positive integer, got "
                f"{num_tokens!r}."
            )
        if sparse:
            raise ValueError(f"CategoryEncoding {self.name}: sparse=True is not supported.")
        self.num_tokens = num_tokens
        self.output_mode = output_mode
        self.sparse = sparse
        self.built = True

    def call(self, inputs, count_weights=None):
        inputs = ops.convert_to_tensor(inputs)
        if len(inputs.shape) > 2:
            raise ValueError(
                f"CategoryEncoding {self.name}: inputs must have rank 1 or 2, got shape "
                f"{tuple(inputs.shape)}."
            )
        if self.output_mode == "one_hot" and len(inputs.shape) == 2 and inputs.shape[-1] != 1:
            raise ValueError(
                f"CategoryEncoding {self.name}: one_hot needs inputs (batch,) or (batch, 1), got "
                f"shape {tuple(inputs.shape)}; use output_mode='multi_hot' for several values."
            )
        inputs = ops.cast(inputs, "int32")
        return _utils.encode(inputs, self.output_mode, self.num_tokens,
                             dtype=self.compute_dtype, count_weights=count_weights)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if len(input_shape) <= 1 and self.output_mode != "one_hot":
            return (self.num_tokens,)
        return input_shape[:1] + (self.num_tokens,)

    def get_config(self):
        return {**super().get_config(), "num_tokens": self.num_tokens,
                "output_mode": self.output_mode, "sparse": self.sparse}
