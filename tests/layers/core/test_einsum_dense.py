import numpy as np
import pytest

from kbackend import layers, ops
from kbackend.testing.layer_test import run_layer_test


@pytest.mark.parametrize(
    "equation,output_shape,bias_axes,input_shape,kernel_shape,bias_shape,expected",
    [
        ("ab,bc->ac", 4, "c", (2, 3), (3, 4), (4,), (2, 4)),
        ("abc,cd->abd", (None, 4), "d", (2, 5, 3), (3, 4), (4,), (2, 5, 4)),
        ("abc,cde->abde", (5, 2, 4), "de", (2, 5, 3), (3, 2, 4), (2, 4), (2, 5, 2, 4)),
        ("...b,bc->...c", 4, None, (2, 5, 3), (3, 4), None, (2, 5, 4)),
        ("abc...,cd->abd...", (5, 4), "d", (2, 5, 3, 6), (3, 4), (4, 1), (2, 5, 4, 6)),
        # Note [EinsumDense as matmul]: several contracted axes, and a contraction that
        # is not a matmul (kernel axes in the other order), through the einsum path.
        ("abcd,cde->abe", (3, 5), "e", (2, 3, 4, 6), (4, 6, 5), (5,), (2, 3, 5)),
        ("abc,bcd->ad", 4, "d", (2, 3, 5), (3, 5, 4), (4,), (2, 4)),
        ("abc,dc->abd", (5, 4), "d", (2, 5, 3), (4, 3), (4,), (2, 5, 4)),
    ],
)
def test_shapes_and_values(equation, output_shape, bias_axes, input_shape, kernel_shape,
                           bias_shape, expected):
    layer, output = run_layer_test(
        layers.EinsumDense,
        {"equation": equation, "output_shape": output_shape, "bias_axes": bias_axes},
        input_shape=input_shape, expected_output_shape=expected,
        expected_num_trainable_weights=1 if bias_axes is None else 2)
    names = [w.name for w in layer.weights]
    assert names == (["kernel"] if bias_axes is None else ["kernel", "bias"])
    assert layer.weights[0].shape == kernel_shape
    if bias_shape:
        assert layer.weights[1].shape == bias_shape
    rng = np.random.default_rng(1)
    kernel = rng.standard_normal(kernel_shape).astype("float32")
    weights = [kernel]
    if bias_shape:
        weights.append(rng.standard_normal(bias_shape).astype("float32"))
    layer.set_weights(weights)
    x = rng.standard_normal(input_shape).astype("float32")
    reference = np.einsum(equation, x, kernel)
    if bias_shape:
        reference = reference + weights[1]
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), reference, rtol=1e-5,
                               atol=1e-5)


def test_activation_applied():
    layer = layers.EinsumDense("ab,bc->ac", 2, activation="relu",
                               kernel_initializer="ones")
    out = ops.convert_to_numpy(layer(np.array([[-1.0, -2.0]], "float32")))
    np.testing.assert_allclose(out, [[0.0, 0.0]])


def test_errors():
    with pytest.raises(ValueError, match="invalid equation"):
        layers.EinsumDense("ab->c", 2)(np.ones((1, 2), "float32"))
    with pytest.raises(ValueError, match="bias axis 'z'"):
        layers.EinsumDense("ab,bc->ac", 2, bias_axes="z")(np.ones((1, 2), "float32"))
    with pytest.raises(ValueError, match="rank"):
        layers.EinsumDense("ab,bc->ac", 2)(np.ones((1, 2, 3), "float32"))


@pytest.mark.parametrize("equation,kernel_shape,expected", [
    ("abc,cde->abde", (3, 2, 4), (2, 3, (2, 4))),
    ("abcd,cde->abe", (4, 6, 5), (2, 24, (5,))),
    ("ab,bc->ac", (3, 4), (1, 3, (4,))),
    ("abc,dc->abd", (4, 3), None),
    ("abc,cd->adb", (3, 4), None),
    ("...b,bc->...c", (3, 4), None),
])
def test_matmul_plan(equation, kernel_shape, expected):
    from kbackend.layers.core.einsum_dense import _matmul_plan

    assert _matmul_plan(equation, kernel_shape) == expected
