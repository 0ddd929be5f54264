"""The Orthogonal initializer."""

import math

from kbackend import ops, random
from kbackend.initializers.random_initializers import RandomInitializer, _float_dtype


class Orthogonal(RandomInitializer):
    """Initializes with a (semi-)orthogonal matrix, reshaped to ``shape``.

    The shape is flattened to ``(prod(shape[:-1]), shape[-1])``; a normal matrix of the
    taller orientation is QR-decomposed, the signs of ``R``'s diagonal fix the signs of
    ``Q`` (so the result is unique), and the result is multiplied by ``gain``.

    Args:
        gain: multiplier of the orthogonal matrix (default 1.0).
        seed: None, an int or a SeedGenerator (Note [initializer seeds]).

    Returns:
        Calling it with ``(shape, dtype=None)`` (rank >= 2) returns a tensor of that shape.

    Example:
    >>> import numpy as np
    >>> from kbackend import ops
    >>> q = ops.convert_to_numpy(Orthogonal(seed=1)((3, 3)))
    >>> bool(np.allclose(q @ q.T, np.eye(3), atol=1e-5))
    True
    """

    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = gain

    def __call__(self, shape, dtype=None):
        dtype = _float_dtype(dtype, "Orthogonal")
        shape = tuple(shape)
        if len(shape) < 2:
            raise ValueError(
                f"Orthogonal needs a shape of rank >= 2, but received shape {shape}."
            )
        num_rows = math.prod(shape[:-1])
        num_cols = shape[-1]
        flat_shape = (max(num_rows, num_cols), min(num_rows, num_cols))
        # NOTE: QR runs in float32 at least: float16 decompositions are not supported
        # everywhere.
        work_dtype = "float64" if dtype == "float64" else "float32"
        a = random.normal(flat_shape, 0.0, 1.0, work_dtype, self._next_seed())
        q, r = ops.qr(a, mode="reduced")
        signs = ops.sign(ops.diagonal(r))
        # sign(0) would zero a column; a zero diagonal has probability zero but guard it.
        signs = ops.where(ops.equal(signs, 0), ops.ones_like(signs), signs)
        q = ops.multiply(q, signs[None, :])
        if num_rows < num_cols:
            q = ops.transpose(q)
        q = ops.multiply(ops.reshape(q, shape), self.gain)
        return ops.cast(q, dtype)

    def get_config(self):
        return {"gain": self.gain, **super().get_config()}
