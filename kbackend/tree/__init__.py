"""Utilities for nested structures (lists, tuples, dicts, namedtuples) of leaves.

Backed by optree, a C++ pytree library: it is fast (the trainers flatten state on every
step), engine-neutral (no jax or torch needed) and treats ``None`` as a leaf here, as
``keras.tree`` does.
"""

from kbackend.tree.tree_api import (  # noqa: F401
    MAP_TO_NONE,
    assert_same_paths,
    assert_same_structure,
    flatten,
    flatten_with_path,
    is_nested,
    lists_to_tuples,
    map_shape_structure,
    map_structure,
    map_structure_up_to,
    pack_sequence_as,
    traverse,
    unflatten_as,
)
