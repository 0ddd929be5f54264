"""Shared LoRA (low-rank adaptation) pieces of Dense, EinsumDense and Embedding.

Note [LoRA]: ``layer.enable_lora(rank)`` freezes the base matrix (``kernel`` /
``embeddings``) and adds two trainable factors ``a`` (base shape[:-1] + (rank,)) and ``b``
((rank, base shape[-1])); the layer then computes with
``base + (lora_alpha / rank) * (a @ b)``. ``b`` starts at zeros, so enabling LoRA does not
change the outputs. As in Keras 3, the layer's ``save_own_variables`` writes the MERGED
matrix (and the bias) but not the factors, and ``load_own_variables`` reads the matrix back
into the frozen base and resets both factors to zeros.
"""

from kbackend import initializers, ops


def check_enable_lora(layer, rank, constraint):
    """Raises the Keras 3 errors for an `enable_lora` call that cannot proceed."""
    if constraint is not None:
        raise ValueError(
            f"{type(layer).__name__} {layer.name}: LoRA is incompatible with kernel "
            "constraints (got a constraint on the matrix LoRA adapts). Remove the "
            "constraint to enable LoRA."
        )
    if not layer.built:
        raise ValueError(
            f"{type(layer).__name__} {layer.name}: cannot enable LoRA on a layer that is not "
            "built yet. Call the layer on an input (or build it) first, or pass lora_rank= "
            "to the constructor."
        )
    if getattr(layer, "lora_enabled", False):
        raise ValueError(
            f"{type(layer).__name__} {layer.name}: LoRA is already enabled (rank "
            f"{layer.lora_rank}). This can only be done once per layer."
        )
    if not isinstance(rank, int) or isinstance(rank, bool) or rank <= 0:
        raise ValueError(
            f"{type(layer).__name__} {layer.name}: rank must be a positive integer, got "
            f"{rank!r}."
        )


def add_lora_factors(layer, base, rank, names, a_initializer, b_initializer, regularizer):
    """Creates the two LoRA factors for ``base`` (a Variable) and freezes ``base``."""
    shape = tuple(base.shape)
    a = layer.add_weight(name=names[0], shape=shape[:-1] + (rank,),
                         initializer=initializers.get(a_initializer), regularizer=regularizer)
    b = layer.add_weight(name=names[1], shape=(rank, shape[-1]),
                         initializer=initializers.get(b_initializer), regularizer=regularizer)
    base.trainable = False
    return a, b


def merged(base, a, b, lora_alpha, rank):
    """``base + (lora_alpha / rank) * (a @ b)``."""
    return ops.add(base, ops.multiply(ops.matmul(a, b), lora_alpha / rank))


def store_values(store, values):
    """Writes ``values`` under the keys "0", "1", ... of a ``save_own_variables`` store."""
    for i, value in enumerate(values):
        store[str(i)] = value


def load_values(layer, store, targets):
    """Assigns ``store["0"], store["1"], ...`` to ``targets``; counts must agree."""
    if len(store.keys()) != len(targets):
        raise ValueError(
            f"{type(layer).__name__} {layer.name}: expected {len(targets)} variables "
            f"({[v.name for v in targets]}) in the file but it holds {len(store.keys())}. "
            "Make sure the layer is built the same way as the one that was saved."
        )
    values = [store[str(i)] for i in range(len(targets))]
    for variable, value in zip(targets, values):
        if tuple(variable.shape) != tuple(value.shape):
            raise ValueError(
                f"shape mismatch for variable {getattr(variable, 'path', variable.name)!r} "
                f"of {type(layer).__name__} {layer.name!r}: the model has "
                f"{tuple(variable.shape)}, the file has {tuple(value.shape)}."
            )
    for variable, value in zip(targets, values):
        variable.assign(value)


def reset_factors(*factors):
    for factor in factors:
        factor.assign(ops.zeros(tuple(factor.shape), dtype=factor.dtype))
