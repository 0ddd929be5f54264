"""The tree functions of `kbackend.tree` (see its docstring)."""

import collections.abc

import optree

_NAMESPACE = "kbackend"


class _MapToNone:
    """Returned by a `traverse` function to replace a subtree with None."""

    def __repr__(self):
        return "kbackend.tree.MAP_TO_NONE"


MAP_TO_NONE = _MapToNone()


def _leafspec(structure):
    return optree.tree_flatten(structure, none_is_leaf=True, namespace=_NAMESPACE)


def is_nested(structure):
    """True if ``structure`` is a list, tuple, dict or namedtuple (not a leaf).

    Example:
    >>> is_nested([1]), is_nested(1)
    (True, False)
    """
    return not optree.tree_is_leaf(structure, none_is_leaf=True, namespace=_NAMESPACE)


def flatten(structure):
    """Returns the leaves of ``structure`` in order (dicts by sorted key).

    Example:
    >>> flatten({"b": 2, "a": [1, None]})
    [1, None, 2]
    """
    if not is_nested(structure):
        return [structure]
    leaves, _ = _leafspec(structure)
    return leaves


def flatten_with_path(structure):
    """Returns ``[(path, leaf), ...]``; a path is a tuple of keys/indices.

    Example:
    >>> flatten_with_path({"a": [5]})
    [(('a', 0), 5)]
    """
    paths, leaves, _ = optree.tree_flatten_with_path(
        structure, none_is_leaf=True, namespace=_NAMESPACE
    )
    return list(zip(paths, leaves))


def unflatten_as(structure, flat_sequence):
    """Packs ``flat_sequence`` into the shape of ``structure``.

    Example:
    >>> unflatten_as([0, (0, 0)], [1, 2, 3])
    [1, (2, 3)]
    """
    leaves, spec = _leafspec(structure)
    flat_sequence = list(flat_sequence)
    if len(leaves) != len(flat_sequence):
        raise ValueError(
            f"The structure has {len(leaves)} leaves but the flat sequence has "
            f"{len(flat_sequence)} elements. Structure: {structure!r}."
        )
    return optree.tree_unflatten(spec, flat_sequence)


pack_sequence_as = unflatten_as


def map_structure(func, *structures, none_is_leaf=True):
    """Applies ``func`` to the matching leaves of one or more same-shaped structures.

    Example:
    >>> map_structure(lambda a, b: a + b, [1, (2,)], [10, (20,)])
    [11, (22,)]
    """
    if not structures:
        raise ValueError("map_structure needs at least one structure.")
    assert_same_structure(*structures) if len(structures) > 1 else None
    return optree.tree_map(
        func, *structures, none_is_leaf=none_is_leaf, namespace=_NAMESPACE
    )


def map_structure_up_to(shallow_structure, func, *structures):
    """Like `map_structure`, but only descends as deep as ``shallow_structure``.

    Example:
    >>> map_structure_up_to([0, 0], len, [[1, 2], [3]])
    [2, 1]
    """
    _, spec = _leafspec(shallow_structure)
    subtrees = [spec.flatten_up_to(s) for s in structures]
    return optree.tree_unflatten(spec, [func(*parts) for parts in zip(*subtrees)])


def assert_same_structure(*structures, check_types=True):
    """Raises ValueError if the structures do not have the same nesting.

    Example:
    >>> assert_same_structure([1, (2,)], [3, (4,)])
    """
    if len(structures) < 2:
        return
    first = _leafspec(structures[0])[1]
    for other in structures[1:]:
        spec = _leafspec(other)[1]
        same = first == spec if check_types else first.num_leaves == spec.num_leaves and (
            _type_free(structures[0]) == _type_free(other)
        )
        if not same:
            raise ValueError(
                "The structures don't have the same nested structure.\n"
                f"First: {structures[0]!r}\nSecond: {other!r}"
            )


def _type_free(structure):
    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [strip(v) for v in x]
        return 0

    return strip(structure)


def assert_same_paths(a, b):
    """Raises ValueError unless ``a`` and ``b`` have the same set of leaf paths.

    Example:
    >>> assert_same_paths({"x": 1}, {"x": 2})
    """
    paths_a = {p for p, _ in flatten_with_path(a)}
    paths_b = {p for p, _ in flatten_with_path(b)}
    if paths_a != paths_b:
        raise ValueError(
            f"The structures have different paths: only in the first {sorted(paths_a - paths_b)}, "
            f"only in the second {sorted(paths_b - paths_a)}."
        )


def traverse(func, structure, top_down=True):
    """Visits every subtree. ``func`` may return a replacement, None (keep), or MAP_TO_NONE.

    Top-down: a non-None return replaces the subtree and stops descending.
    Bottom-up: children first, then ``func`` on the rebuilt node.

    Example:
    >>> traverse(lambda x: x * 2 if isinstance(x, int) else None, [1, (2,)])
    [2, (4,)]
    """

    def resolve(value):
        return None if value is MAP_TO_NONE else value

    def rebuild(node, children):
        if isinstance(node, dict):
            return type(node)(zip(node.keys(), children)) if not isinstance(
                node, collections.defaultdict
            ) else collections.defaultdict(node.default_factory, zip(node.keys(), children))
        if isinstance(node, tuple) and hasattr(node, "_fields"):
            return type(node)(*children)
        return type(node)(children)

    def children_of(node):
        if isinstance(node, dict):
            return list(node.values())
        return list(node)

    def visit_top_down(node):
        result = func(node)
        if result is not None:
            return resolve(result)
        if is_nested(node):
            return rebuild(node, [visit_top_down(c) for c in children_of(node)])
        return node

    def visit_bottom_up(node):
        if is_nested(node):
            node = rebuild(node, [visit_bottom_up(c) for c in children_of(node)])
        result = func(node)
        return node if result is None else resolve(result)

    return visit_top_down(structure) if top_down else visit_bottom_up(structure)


def lists_to_tuples(structure):
    """Returns ``structure`` with every list turned into a tuple.

    Example:
    >>> lists_to_tuples([1, [2]])
    (1, (2,))
    """

    def convert(node):
        return tuple(node) if isinstance(node, list) else None

    return traverse(convert, structure, top_down=False)


def _is_shape_tuple(x):
    return isinstance(x, (list, tuple)) and all(
        d is None or isinstance(d, int) for d in x
    )


def map_shape_structure(func, structure):
    """Applies ``func`` to every shape (a tuple/list of ints or None) in ``structure``.

    Example:
    >>> map_shape_structure(len, {"a": (None, 2), "b": [(3,)]})
    {'a': 2, 'b': [1]}
    """
    if _is_shape_tuple(structure):
        return func(tuple(structure))
    if isinstance(structure, dict):
        return type(structure)((k, map_shape_structure(func, v)) for k, v in structure.items())
    if isinstance(structure, (list, tuple)):
        mapped = [map_shape_structure(func, v) for v in structure]
        if hasattr(structure, "_fields"):
            return type(structure)(*mapped)
        return type(structure)(mapped)
    return func(structure)
