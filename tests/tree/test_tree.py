import collections

import pytest

from kbackend import tree

Point = collections.namedtuple("Point", ["x", "y"])


def test_flatten_and_pack():
    structure = {"b": [1, (2, None)], "a": Point(3, 4)}
    leaves = tree.flatten(structure)
    assert leaves == [3, 4, 1, 2, None]
    rebuilt = tree.pack_sequence_as(structure, [10, 20, 30, 40, 50])
    assert rebuilt == {"b": [30, (40, 50)], "a": Point(10, 20)}
    assert tree.flatten(5) == [5]
    with pytest.raises(ValueError, match="leaves"):
        tree.unflatten_as([0, 0], [1])


def test_map_structure_and_up_to():
    assert tree.map_structure(lambda a, b: a * b, [1, {"k": 2}], [3, {"k": 4}]) == [3, {"k": 8}]
    with pytest.raises(ValueError, match="same nested structure"):
        tree.map_structure(lambda a, b: a, [1, 2], [1, (2,)])
    assert tree.map_structure_up_to((0, 0), sum, ([1, 2], [3])) == (3, 3)


def test_is_nested_traverse_lists_to_tuples():
    assert tree.is_nested([]) and tree.is_nested({}) and not tree.is_nested("ab")
    assert tree.lists_to_tuples([1, [2, {"a": [3]}]]) == (1, (2, {"a": (3,)}))
    result = tree.traverse(lambda x: tree.MAP_TO_NONE if x == 2 else None, [1, 2])
    assert result == [1, None]
    seen = []
    tree.traverse(lambda x: seen.append(x), [1, (2,)], top_down=False)
    assert seen == [1, 2, (2,), [1, (2,)]]


def test_paths_and_shapes():
    assert tree.flatten_with_path({"a": [5, 6]}) == [(("a", 0), 5), (("a", 1), 6)]
    tree.assert_same_paths({"a": 1}, {"a": 2})
    with pytest.raises(ValueError, match="different paths"):
        tree.assert_same_paths({"a": 1}, {"b": 1})
    assert tree.map_shape_structure(len, {"s": (None, 3), "t": [(1,)]}) == {"s": 2, "t": [1]}
