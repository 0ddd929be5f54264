"""Core layers: Dense, EinsumDense, Embedding, Identity, Masking, Activation, Lambda,
Wrapper, TimeDistributed, InputLayer."""

from kbackend.layers.core.activation import Activation
from kbackend.layers.core.einsum_dense import EinsumDense
from kbackend.layers.core.embedding import Embedding
from kbackend.layers.core.identity import Identity
from kbackend.layers.core.lambda_layer import Lambda
from kbackend.layers.core.masking import Masking
from kbackend.layers.core.time_distributed import TimeDistributed
from kbackend.layers.core.wrapper import Wrapper

# Classes added by this package (Dense and InputLayer are exported on their own).
PUBLIC_CLASSES = (Activation, EinsumDense, Embedding, Identity, Lambda, Masking,
                  TimeDistributed, Wrapper)

__all__ = [cls.__name__ for cls in PUBLIC_CLASSES] + ["PUBLIC_CLASSES"]
