"""Discretization: buckets continuous values by boundaries given or adapted."""

import numpy as np

from kbackend import ops
from kbackend.layers.preprocessing.numeric import _utils
from kbackend.layers.preprocessing.tf_graph import TFDataLayer


class Discretization(TFDataLayer):
    """Maps each value to the index of its bin: bin ``i`` holds
    ``bin_boundaries[i-1] <= x < bin_boundaries[i]``.

    Args:
        bin_boundaries: sorted list of boundaries (``len + 1`` bins).
        num_bins: number of bins to learn with `adapt` (exact quantiles of the data).
        epsilon: accepted for Keras compatibility (quantiles here are exact).
        output_mode: "int", "one_hot", "multi_hot" or "count".
        sparse: must be False (sparse outputs are not supported).
        **kwargs: base `Layer` arguments.

    Returns:
        Calling it returns int64 bin indices, or float encodings of size ``num_bins``.

    Example:
    >>> import numpy as np
    >>> layer = Discretization(bin_boundaries=[0.0, 1.0])
    >>> np.asarray(layer(np.array([-1.0, 0.5, 2.0]))).tolist()
    [0, 1, 2]
    """

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int",
                 sparse=False, dtype=None, name=None, **kwargs):
        if dtype is None:
            dtype = "int64" if output_mode == "int" else "float32"
        super().__init__(name=name, dtype=dtype, **kwargs)
        _utils.check_output_mode(output_mode, _utils.OUTPUT_MODES, self)
        if sparse:
            raise ValueError(f"Discretization {self.name}: sparse=True is not supported.")
        if bin_boundaries is not None and num_bins is not None:
            raise ValueError(
                f"Discretization {self.name}: pass either bin_boundaries or num_bins, not "
                f"both (got {bin_boundaries!r} and {num_bins!r})."
            )
        self.bin_boundaries = list(bin_boundaries) if bin_boundaries is not None else None
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = sparse
        self.built = True

    @property
    def autocast(self):
        return False

    @autocast.setter
    def autocast(self, value):
        pass

    def adapt(self, data, steps=None):
        """Learns ``num_bins - 1`` boundaries as quantiles of ``data`` (array or batches)."""
        if self.num_bins is None:
            raise ValueError(
                f"Discretization {self.name}: adapt() needs num_bins; it was constructed "
                f"with bin_boundaries={self.bin_boundaries!r}."
            )
        values = np.concatenate([np.ravel(b) for b in _utils.iterate_batches(data)])
        quantiles = np.linspace(0, 1, self.num_bins + 1)[1:-1]
        self.bin_boundaries = np.quantile(values.astype("float64"), quantiles).tolist()

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError(
                f"Discretization {self.name}: no bin boundaries yet; call adapt(data) or pass "
                "bin_boundaries."
            )
        indices = ops.digitize(inputs, self.bin_boundaries)
        if self.output_mode == "int":
            return ops.cast(indices, self.compute_dtype)
        return _utils.encode(indices, self.output_mode, len(self.bin_boundaries) + 1,
                             dtype=self.compute_dtype)

    def get_config(self):
        return {**super().get_config(), "bin_boundaries": self.bin_boundaries,
                "num_bins": self.num_bins, "epsilon": self.epsilon,
                "output_mode": self.output_mode, "sparse": self.sparse}
