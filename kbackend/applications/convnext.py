"""ConvNeXt Tiny/Small/Base/Large/XLarge (Liu et al., 2022).

The models take images with values in [0, 255]; with ``include_preprocessing`` the
ImageNet normalization is a layer of the model, so ``preprocess_input`` is the identity.
NOTE: no hash is checked for the ConvNeXt weight files (none known here).
"""

import numpy as np

from kbackend import backend, layers
from kbackend.applications import _builder, _docs, imagenet_utils
from kbackend.applications.convnext_layers import LayerScale, StochasticDepth
from kbackend.models import Sequential

MODEL_CONFIGS = {  # depths, projection dims
    "tiny": ((3, 3, 9, 3), (96, 192, 384, 768)),
    "small": ((3, 3, 27, 3), (96, 192, 384, 768)),
    "base": ((3, 3, 27, 3), (128, 256, 512, 1024)),
    "large": ((3, 3, 27, 3), (192, 384, 768, 1536)),
    "xlarge": ((3, 3, 27, 3), (256, 512, 1024, 2048)),
}


def _convnext_block(x, projection_dim, drop_path_rate, layer_scale_init_value, name):
    inputs = x
    x = layers.Conv2D(projection_dim, kernel_size=7, padding="same", groups=projection_dim,
                      name=name + "_depthwise_conv")(x)
    x = layers.LayerNormalization(epsilon=1e-6, name=name + "_layernorm")(x)
    x = layers.Dense(4 * projection_dim, name=name + "_pointwise_conv_1")(x)
    x = layers.Activation("gelu", name=name + "_gelu")(x)
    x = layers.Dense(projection_dim, name=name + "_pointwise_conv_2")(x)
    if layer_scale_init_value is not None:
        x = LayerScale(layer_scale_init_value, projection_dim,
                       name=name + "_layer_scale")(x)
    if drop_path_rate:
        branch = StochasticDepth(drop_path_rate, name=name + "_stochastic_depth")
    else:
        branch = layers.Activation("linear", name=name + "_identity")
    return inputs + branch(x)


def build_convnext(depths, projection_dims, drop_path_rate=0.0,
                   layer_scale_init_value=1e-6, default_size=224, name="convnext",
                   include_preprocessing=True, include_top=True, weights=None,
                   input_tensor=None, input_shape=None, pooling=None, classes=1000,
                   classifier_activation="softmax", weights_name=None):
    """The ConvNeXt builder; the Tiny..XLarge constructors fix depths and widths."""
    _builder.check_arguments(weights, include_top, classes)
    if include_top:
        imagenet_utils.validate_activation(classifier_activation, weights)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=backend.image_data_format(), require_flatten=include_top,
        weights=weights)
    img_input = _builder.make_input(input_tensor, input_shape)
    x = img_input
    if include_preprocessing:
        x = layers.Normalization(
            mean=[0.485 * 255, 0.456 * 255, 0.406 * 255],
            variance=[(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2],
            name=name + "_prestem_normalization")(x)
    downsample = [Sequential([
        layers.Conv2D(projection_dims[0], kernel_size=4, strides=4,
                      name=name + "_stem_conv"),
        layers.LayerNormalization(epsilon=1e-6, name=name + "_stem_layernorm"),
    ], name=name + "_stem")]
    for i in range(3):
        downsample.append(Sequential([
            layers.LayerNormalization(epsilon=1e-6,
                                      name=f"{name}_downsampling_layernorm_{i}"),
            layers.Conv2D(projection_dims[i + 1], kernel_size=2, strides=2,
                          name=f"{name}_downsampling_conv_{i}"),
        ], name=f"{name}_downsampling_block_{i}"))
    rates = [float(r) for r in np.linspace(0.0, drop_path_rate, sum(depths))]
    done = 0
    for i in range(4):
        x = downsample[i](x)
        for j in range(depths[i]):
            x = _convnext_block(x, projection_dims[i], rates[done + j],
                                layer_scale_init_value, name=f"{name}_stage_{i}_block_{j}")
        done += depths[i]
    if include_top:
        x = layers.GlobalAveragePooling2D(name=name + "_head_gap")(x)
        x = layers.LayerNormalization(epsilon=1e-6, name=name + "_head_layernorm")(x)
        x = layers.Dense(classes, activation=classifier_activation,
                         name=name + "_head_dense")(x)
    else:
        x = _builder.pool(x, pooling)
        x = layers.LayerNormalization(epsilon=1e-6)(x)
    model = _builder.build_model(input_tensor, img_input, x, name)
    if weights == "imagenet":
        if weights_name not in MODEL_CONFIGS:
            raise ValueError(f"No imagenet weights are published for {name!r}; use "
                             "weights=None.")
        file_name = f"convnext_{weights_name}{'.h5' if include_top else '_notop.h5'}"
        _builder.load_weights(model, "imagenet", file_name, None, subdir="convnext/")
    else:
        _builder.load_weights(model, weights)
    return model


def _make(variant, params):
    depths, dims = MODEL_CONFIGS[variant]

    def constructor(include_top=True, include_preprocessing=True, weights="imagenet",
                    input_tensor=None, input_shape=None, pooling=None, classes=1000,
                    classifier_activation="softmax", name=f"convnext_{variant}"):
        return build_convnext(
            depths, dims, name=name, include_preprocessing=include_preprocessing,
            include_top=include_top, weights=weights, input_tensor=input_tensor,
            input_shape=input_shape, pooling=pooling, classes=classes,
            classifier_activation=classifier_activation, weights_name=variant)

    constructor.__name__ = constructor.__qualname__ = "ConvNeXt" + (
        "XLarge" if variant == "xlarge" else variant.capitalize())
    constructor.__doc__ = _docs.CONSTRUCTOR_DOC.format(
        title=constructor.__name__, default=" (224, 224, 3)", min_size=32, params=params,
        example=32, features=dims[-1], extra="""
        include_preprocessing: whether the model normalizes [0, 255] images itself.""")
    return constructor


ConvNeXtTiny = _make("tiny", "28,589,128")
ConvNeXtSmall = _make("small", "50,223,688")
ConvNeXtBase = _make("base", "88,591,464")
ConvNeXtLarge = _make("large", "197,767,336")
ConvNeXtXLarge = _make("xlarge", "350,196,968")


def preprocess_input(x, data_format=None):
    """The identity: ConvNeXt models normalize their [0, 255] inputs themselves.

    Args:
        x: images with values in [0, 255].
        data_format: unused, kept for API compatibility.

    Returns:
        ``x``, unchanged.

    Example:
    >>> preprocess_input(3.0)
    3.0
    """
    return x


def decode_predictions(preds, top=5):
    return imagenet_utils.decode_predictions(preds, top=top)


decode_predictions.__doc__ = _docs.DECODE_DOC
