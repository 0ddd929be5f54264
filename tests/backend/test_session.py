"""clear_session and get_uid."""

import numpy as np

import kbackend
from kbackend import backend, utils
from kbackend.ops.operation import unique_name


def test_get_uid_counts_per_prefix_and_resets():
    backend.clear_session(free_memory=False)
    assert [backend.get_uid("x"), backend.get_uid("x"), backend.get_uid("y")] == [1, 2, 1]
    utils.clear_session(free_memory=False)
    assert backend.get_uid("x") == 1


def test_clear_session_resets_names_and_global_seed():
    backend.clear_session()
    first = unique_name("session_op")
    assert unique_name("session_op") == first + "_1"
    backend.clear_session(free_memory=False)
    assert unique_name("session_op") == first

    kbackend.utils.set_random_seed(5)
    a = kbackend.ops.convert_to_numpy(kbackend.random.normal((3,)))
    kbackend.utils.set_random_seed(5)
    backend.clear_session()
    b = kbackend.ops.convert_to_numpy(kbackend.random.normal((3,)))
    np.testing.assert_array_equal(a, b)


def test_layer_names_restart():
    backend.clear_session(free_memory=False)
    name = kbackend.layers.Dense(2).name
    backend.clear_session(free_memory=False)
    assert kbackend.layers.Dense(2).name == name
