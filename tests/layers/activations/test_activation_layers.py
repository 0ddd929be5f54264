import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.testing.layer_test import run_layer_test

X = np.array([[-3.0, -0.5, 0.0, 0.5, 2.0, 8.0]], "float32")


def _relu_reference(x, max_value=None, negative_slope=0.0, threshold=0.0):
    out = np.where(x >= threshold, x, negative_slope * (x - threshold))
    return out if max_value is None else np.minimum(out, max_value)


def test_elu():
    expected = np.where(X > 0, X, 0.5 * (np.exp(X) - 1))
    run_layer_test(layers.ELU, {"alpha": 0.5}, input_data=X, expected_output=expected)


def test_leaky_relu():
    layer, _ = run_layer_test(layers.LeakyReLU, {}, input_data=X,
                              expected_output=np.where(X >= 0, X, 0.3 * X))
    assert layer.negative_slope == 0.3
    assert layers.LeakyReLU(alpha=0.1).negative_slope == 0.1
    with pytest.raises(ValueError, match="negative_slope"):
        layers.LeakyReLU(-1.0)


@pytest.mark.parametrize("kwargs", [{}, {"max_value": 6.0},
                                    {"negative_slope": 0.1, "threshold": 0.5},
                                    {"max_value": 1.0, "negative_slope": 0.2}])
def test_relu(kwargs):
    run_layer_test(layers.ReLU, kwargs, input_data=X,
                   expected_output=_relu_reference(X, **kwargs))


def test_relu_errors():
    for kwargs in ({"max_value": -1.0}, {"negative_slope": -0.1}, {"threshold": None}):
        with pytest.raises(ValueError, match="ReLU"):
            layers.ReLU(**kwargs)


def test_prelu():
    # Zero alpha gets no gradient from a mean-square loss; start from ones.
    layer, _ = run_layer_test(layers.PReLU, {"shared_axes": [1], "alpha_initializer": "ones"},
                              input_shape=(2, 3, 4),
                              expected_output_shape=(2, 3, 4),
                              expected_num_trainable_weights=1)
    assert [w.name for w in layer.weights] == ["alpha"]
    assert layer.weights[0].shape == (1, 4)
    alpha = np.array([[0.1, 0.2, 0.3, 0.4]], "float32")
    layer.set_weights([alpha])
    x = np.random.default_rng(0).standard_normal((2, 3, 4)).astype("float32")
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)),
                               np.where(x >= 0, x, alpha * x), rtol=1e-6)
    full = layers.PReLU()
    full.build((None, 3, 4))
    assert full.weights[0].shape == (3, 4)
    np.testing.assert_allclose(full.get_weights()[0], 0.0)
    with pytest.raises(ValueError, match="shared axis"):
        layers.PReLU(shared_axes=[3]).build((None, 3, 4))


def test_softmax():
    x = np.random.default_rng(0).standard_normal((2, 3, 4)).astype("float32")

    def reference(z, axis):
        e = np.exp(z - z.max(axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)

    run_layer_test(layers.Softmax, {}, input_data=x, expected_output=reference(x, -1))
    run_layer_test(layers.Softmax, {"axis": 1}, input_data=x,
                   expected_output=reference(x, 1))
    run_layer_test(layers.Softmax, {"axis": (1, 2)}, input_data=x,
                   expected_output=reference(x, (1, 2)))


def test_softmax_mask():
    x = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], "float32")
    mask = np.array([[True, True, False], [True, False, True]])
    out = ops.convert_to_numpy(layers.Softmax()(x, mask=mask))
    masked = np.where(mask, x, -np.inf)
    expected = np.exp(masked - masked.max(-1, keepdims=True))
    expected /= expected.sum(-1, keepdims=True)
    np.testing.assert_allclose(out, expected, atol=1e-6)
