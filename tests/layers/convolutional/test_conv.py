"""Conv1D/2D/3D against a NumPy loop reference, plus weights, config, masks-free API and errors."""

import numpy as np
import pytest

import kbackend as keras
from kbackend import layers, ops
from kbackend.backends.common.keras_tensor import KerasTensor
from kbackend.testing import run_layer_test
from tests.layers.convolutional import numpy_reference as ref

CLASSES = {1: layers.Conv1D, 2: layers.Conv2D, 3: layers.Conv3D}
KERNELS = {1: (3,), 2: (3, 2), 3: (2, 3, 2)}
SPATIAL = {1: (7,), 2: (6, 5), 3: (4, 5, 4)}
# (strides, dilation_rate): Keras rejects strides > 1 together with dilation > 1.
STEPS = [(1, 1), (2, 1), (1, 2)]


def _cases():
    for rank in (1, 2, 3):
        paddings = ("valid", "same", "causal") if rank == 1 else ("valid", "same")
        for padding in paddings:
            for strides, dilation in STEPS:
                for data_format in ("channels_last", "channels_first"):
                    groups = 2 if (rank + strides + dilation) % 2 else 1
                    yield rank, padding, strides, dilation, data_format, groups


def _tuple(value, rank):
    return (value,) * rank


def _fixed_weights(layer, rng):
    return [rng.standard_normal(tuple(w.shape)).astype("float32") for w in layer.weights]


@pytest.mark.parametrize("rank,padding,strides,dilation,data_format,groups", list(_cases()))
def test_values_against_numpy(rank, padding, strides, dilation, data_format, groups):
    rng = np.random.default_rng(rank * 100 + strides * 10 + dilation)
    x = rng.standard_normal((2, *SPATIAL[rank], 4)).astype("float32")
    layer = CLASSES[rank](4, KERNELS[rank], strides=strides, padding=padding,
                          data_format=data_format, dilation_rate=dilation, groups=groups)
    x_in = x if data_format == "channels_last" else ref.to_first(x)
    layer.build(x_in.shape)
    kernel, bias = _fixed_weights(layer, rng)
    layer.set_weights([kernel, bias])
    expected = ref.conv(x, kernel, bias, _tuple(strides, rank), padding,
                        _tuple(dilation, rank), groups)
    if data_format == "channels_first":
        expected = ref.to_first(expected)
    output = ops.convert_to_numpy(layer(x_in))
    np.testing.assert_allclose(output, expected, rtol=1e-4, atol=1e-4)
    assert tuple(layer.compute_output_shape(x_in.shape)) == expected.shape
    symbolic = layer(KerasTensor((None,) + x_in.shape[1:]))
    assert tuple(symbolic.shape) == (None,) + expected.shape[1:]


def test_mixed_strides_and_activation():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 7, 6, 2)).astype("float32")
    layer = layers.Conv2D(3, (2, 3), strides=(2, 1), padding="same", activation="relu")
    layer.build(x.shape)
    kernel, bias = _fixed_weights(layer, rng)
    layer.set_weights([kernel, bias])
    expected = np.maximum(ref.conv(x, kernel, bias, (2, 1), "same", (1, 1)), 0)
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), expected, rtol=1e-4, atol=1e-4)


def test_causal_only_sees_the_past():
    x = np.zeros((1, 6, 1), "float32")
    x[0, 3, 0] = 1.0
    layer = layers.Conv1D(1, 3, padding="causal", dilation_rate=2, use_bias=False,
                          kernel_initializer="ones")
    output = ops.convert_to_numpy(layer(x))[0, :, 0]
    np.testing.assert_allclose(output, [0, 0, 0, 1, 0, 1])


@pytest.mark.parametrize("cls,kwargs,input_shape,output_shape", [
    (layers.Conv1D, {"filters": 3, "kernel_size": 2, "padding": "causal"}, (2, 5, 2), (2, 5, 3)),
    (layers.Conv2D, {"filters": 4, "kernel_size": 3, "groups": 2}, (2, 5, 5, 2), (2, 3, 3, 4)),
    (layers.Conv3D, {"filters": 2, "kernel_size": 2, "strides": 2,
                     "data_format": "channels_first"}, (1, 2, 4, 4, 4), (1, 2, 2, 2, 2)),
])
def test_layer_harness(cls, kwargs, input_shape, output_shape):
    run_layer_test(cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape,
                   expected_num_trainable_weights=2, expected_num_non_trainable_weights=0,
                   rtol=1e-4, atol=1e-4)


def test_weight_names_shapes_and_order():
    layer = layers.Conv2D(6, (3, 2), groups=3)
    layer.build((None, 5, 5, 9))
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [
        ("kernel", (3, 2, 3, 6)), ("bias", (6,))
    ]
    layer = layers.Conv1D(2, 3, use_bias=False, data_format="channels_first")
    layer.build((None, 5, 7))
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [("kernel", (3, 5, 2))]


def test_defaults_and_config():
    layer = layers.Conv2D(8, 3)
    config = layer.get_config()
    assert config["kernel_size"] == (3, 3)
    assert config["strides"] == (1, 1)
    assert config["dilation_rate"] == (1, 1)
    assert config["padding"] == "valid"
    assert config["groups"] == 1
    assert config["data_format"] == keras.config.image_data_format()
    assert config["activation"] == "linear"
    assert config["use_bias"] is True
    expected_keys = {
        "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
        "groups", "activation", "use_bias", "kernel_initializer", "bias_initializer",
        "kernel_regularizer", "bias_regularizer", "activity_regularizer",
        "kernel_constraint", "bias_constraint", "name", "trainable", "dtype",
    }
    assert expected_keys <= set(config)
    clone = layers.Conv2D.from_config(config)
    assert clone.kernel_size == (3, 3) and clone.filters == 8


def test_aliases():
    assert layers.Convolution1D is layers.Conv1D
    assert layers.Convolution2D is layers.Conv2D
    assert layers.Convolution3D is layers.Conv3D
    assert layers.Conv2D.__module__ == "kbackend.layers"


def test_conv_encoder_parameter_count():
    model = keras.Sequential([
        layers.Input((28, 28, 1)),
        layers.Conv2D(16, 3, activation="relu"),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(3),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(16, 3, activation="relu"),
        layers.GlobalMaxPooling2D(),
    ])
    assert model.count_params() == 18672
    output = model(np.zeros((2, 28, 28, 1), "float32"))
    assert tuple(ops.shape(output)) == (2, 16)


@pytest.mark.skipif(not (hasattr(layers, "Reshape") and hasattr(layers, "UpSampling2D")),
                    reason="kbackend.layers has no Reshape/UpSampling2D yet")
def test_conv_autoencoder_parameter_count():
    model = keras.Sequential([
        layers.Input((28, 28, 1)),
        layers.Conv2D(16, 3, activation="relu"),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(3),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(16, 3, activation="relu"),
        layers.GlobalMaxPooling2D(),
        layers.Reshape((4, 4, 1)),
        layers.Conv2DTranspose(16, 3, activation="relu"),
        layers.Conv2DTranspose(32, 3, activation="relu"),
        layers.UpSampling2D(3),
        layers.Conv2DTranspose(16, 3, activation="relu"),
        layers.Conv2DTranspose(1, 3, activation="relu"),
    ])
    assert model.count_params() == 28241
    assert tuple(model.output.shape) == (None, 28, 28, 1)


@pytest.mark.parametrize("make,match", [
    (lambda: layers.Conv2D(4, 3, padding="causal"), "padding"),
    (lambda: layers.Conv1D(4, 3, padding="vaild"), "valid"),
    (lambda: layers.Conv2D(5, 3, groups=2), "divisible by groups"),
    (lambda: layers.Conv2D(4, 3, strides=2, dilation_rate=2), "dilation_rate"),
    (lambda: layers.Conv2D(0, 3), "filters"),
    (lambda: layers.Conv2D(4, (3, 3, 3)), "kernel_size"),
    (lambda: layers.Conv2D(4, 3, data_format="NHWC"), "data_format"),
])
def test_constructor_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_call_errors():
    layer = layers.Conv2D(4, 3, groups=2)
    with pytest.raises(ValueError, match="divisible by groups"):
        layer(np.zeros((1, 5, 5, 3), "float32"))
    layer = layers.Conv2D(4, 3)
    layer(np.zeros((1, 5, 5, 3), "float32"))
    with pytest.raises(ValueError, match=layer.name):
        layer(np.zeros((1, 5, 5, 2), "float32"))
    with pytest.raises(ValueError, match="ndim|rank"):
        layers.Conv2D(4, 3)(np.zeros((1, 5, 3), "float32"))
