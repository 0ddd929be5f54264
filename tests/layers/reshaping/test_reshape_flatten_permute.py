import numpy as np
import pytest

import kbackend
from kbackend import layers
from kbackend.testing.layer_test import run_layer_test

X = np.arange(24, dtype="float32").reshape(2, 3, 4)


@pytest.mark.parametrize("target,expected", [((12,), (2, 12)), ((4, 3), (2, 4, 3)),
                                             ((-1, 2), (2, 6, 2)), ((2, -1, 3), (2, 2, 2, 3))])
def test_reshape(target, expected):
    run_layer_test(layers.Reshape, {"target_shape": target}, input_data=X,
                   expected_output_shape=expected, expected_output=X.reshape(expected))


def test_reshape_symbolic_and_errors():
    assert layers.Reshape((-1, 2))(kbackend.Input((3, 4))).shape == (None, 6, 2)
    assert layers.Reshape((-1, 2))(kbackend.Input((None, 4))).shape == (None, None, 2)
    assert layers.Reshape((12,))(kbackend.Input((3, 4), dtype="int32")).dtype == "int32"
    with pytest.raises(ValueError, match="cannot reshape"):
        layers.Reshape((5,))(X)
    with pytest.raises(ValueError, match="at most one"):
        layers.Reshape((-1, -1))


def test_flatten():
    run_layer_test(layers.Flatten, {}, input_data=X, expected_output=X.reshape(2, 12))
    out = layers.Flatten(data_format="channels_first")(X)
    np.testing.assert_allclose(np.asarray(out), X.transpose(0, 2, 1).reshape(2, 12))
    assert layers.Flatten()(kbackend.Input((None, 4))).shape == (None, None)
    assert layers.Flatten()(kbackend.Input((3, 4))).shape == (None, 12)


def test_permute():
    run_layer_test(layers.Permute, {"dims": (2, 1)}, input_data=X,
                   expected_output=X.transpose(0, 2, 1))
    with pytest.raises(ValueError, match="permutation"):
        layers.Permute((0, 1))
    with pytest.raises(ValueError):
        layers.Permute((2, 1))(np.ones((2, 3), "float32"))


def test_repeat_vector():
    x = np.arange(6, dtype="float32").reshape(2, 3)
    run_layer_test(layers.RepeatVector, {"n": 4}, input_data=x,
                   expected_output=np.repeat(x[:, None, :], 4, axis=1))
    with pytest.raises(ValueError):
        layers.RepeatVector(2)(X)
