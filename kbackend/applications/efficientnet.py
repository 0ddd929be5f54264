"""EfficientNetB0 to B7 (Tan & Le, 2019): compound-scaled MBConv networks.

The models take images with values in [0, 255]: rescaling and normalization are layers of
the model, so ``preprocess_input`` is the identity.
"""

import copy
import math

from kbackend import backend, layers
from kbackend.applications import _builder, _docs, imagenet_utils

# (width, depth, default size, dropout) per variant.
_VARIANTS = {
    "b0": (1.0, 1.0, 224, 0.2), "b1": (1.0, 1.1, 240, 0.2), "b2": (1.1, 1.2, 260, 0.3),
    "b3": (1.2, 1.4, 300, 0.3), "b4": (1.4, 1.8, 380, 0.4), "b5": (1.6, 2.2, 456, 0.4),
    "b6": (1.8, 2.6, 528, 0.5), "b7": (2.0, 3.1, 600, 0.5),
}
# NOTE: md5 hashes of Keras's published files (with top, without top), as recalled from
# Keras's sources; unverified here (no network).
_HASHES = {
    "b0": ("902e53a9f72be733fc0bcb005b3ebbac", "50bc09e76180e00e4465e1a485ddc09d"),
    "b1": ("1d254153d4ab51201f1646940f018540", "74c4e6b3e1f6a1eea24c589628592432"),
    "b2": ("b15cce36ff4dcbd00b6dd88e7857a6ad", "111f8e2ac8aa800a7a99e3239f7bfb39"),
    "b3": ("ffd1fdc53d0ce67064dc6a9c7960ede0", "af6d107764bb5b1abb91932881670226"),
    "b4": ("18c95ad55216b8f92d7e70b3a046e2fc", "ebc24e6d6c33eaebbd558eafbeedf1ba"),
    "b5": ("ace28f2a6363774853a83a0b21b9421a", "38879255a25d3c92d5e44e04ae6cec6f"),
    "b6": ("165f6e37dce68623721b423839de8be5", "9ecce42647a20130c1f39a5d4cb75743"),
    "b7": ("8c03f828fec3ef71311cd463b6759d99", "cbcfe4450ddf6f3ad90b1b398090fe4a"),
}
_WEIGHTS_BASE = "https://storage.googleapis.com/keras-applications/"
_IMAGENET_STDDEV_RGB = (0.229, 0.224, 0.225)

DEFAULT_BLOCKS_ARGS = [
    {"kernel_size": 3, "repeats": 1, "filters_in": 32, "filters_out": 16,
     "expand_ratio": 1, "id_skip": True, "strides": 1, "se_ratio": 0.25},
    {"kernel_size": 3, "repeats": 2, "filters_in": 16, "filters_out": 24,
     "expand_ratio": 6, "id_skip": True, "strides": 2, "se_ratio": 0.25},
    {"kernel_size": 5, "repeats": 2, "filters_in": 24, "filters_out": 40,
     "expand_ratio": 6, "id_skip": True, "strides": 2, "se_ratio": 0.25},
    {"kernel_size": 3, "repeats": 3, "filters_in": 40, "filters_out": 80,
     "expand_ratio": 6, "id_skip": True, "strides": 2, "se_ratio": 0.25},
    {"kernel_size": 5, "repeats": 3, "filters_in": 80, "filters_out": 112,
     "expand_ratio": 6, "id_skip": True, "strides": 1, "se_ratio": 0.25},
    {"kernel_size": 5, "repeats": 4, "filters_in": 112, "filters_out": 192,
     "expand_ratio": 6, "id_skip": True, "strides": 2, "se_ratio": 0.25},
    {"kernel_size": 3, "repeats": 1, "filters_in": 192, "filters_out": 320,
     "expand_ratio": 6, "id_skip": True, "strides": 1, "se_ratio": 0.25},
]
CONV_KERNEL_INITIALIZER = {"class_name": "VarianceScaling", "config": {
    "scale": 2.0, "mode": "fan_out", "distribution": "truncated_normal"}}
DENSE_KERNEL_INITIALIZER = {"class_name": "VarianceScaling", "config": {
    "scale": 1.0 / 3.0, "mode": "fan_out", "distribution": "uniform"}}


def _conv(filters, kernel_size, name, **kwargs):
    return layers.Conv2D(filters, kernel_size, kernel_initializer=CONV_KERNEL_INITIALIZER,
                         name=name, **kwargs)


def block(inputs, activation="swish", drop_rate=0.0, name="", filters_in=32, filters_out=16,
          kernel_size=3, strides=1, expand_ratio=1, se_ratio=0.0, id_skip=True):
    """One MBConv block: expand, depthwise conv, squeeze-excite, project (+ skip).

    Args:
        inputs: the input tensor.
        activation: the activation of the block.
        drop_rate: the stochastic-depth dropout rate of the skip branch.
        name: the prefix of the layer names.
        filters_in: input channels.
        filters_out: output channels.
        kernel_size: the depthwise kernel size.
        strides: the depthwise stride.
        expand_ratio: the expansion factor of the first 1x1 convolution.
        se_ratio: the squeeze-excite ratio (0 for none).
        id_skip: whether to add the identity skip when shapes allow.

    Returns:
        The output tensor.

    Example:
    >>> import kbackend
    >>> block(kbackend.Input((8, 8, 16)), filters_in=16, filters_out=16).shape
    (None, 8, 8, 16)
    """
    filters = filters_in * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = _conv(filters, 1, name + "expand_conv", padding="same", use_bias=False)(x)
        x = layers.BatchNormalization(axis=-1, name=name + "expand_bn")(x)
        x = layers.Activation(activation, name=name + "expand_activation")(x)
    padding = "same"
    if strides == 2:
        x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, kernel_size),
                                 name=name + "dwconv_pad")(x)
        padding = "valid"
    x = layers.DepthwiseConv2D(kernel_size, strides=strides, padding=padding,
                               use_bias=False, depthwise_initializer=CONV_KERNEL_INITIALIZER,
                               name=name + "dwconv")(x)
    x = layers.BatchNormalization(axis=-1, name=name + "bn")(x)
    x = layers.Activation(activation, name=name + "activation")(x)
    if 0 < se_ratio <= 1:
        filters_se = max(1, int(filters_in * se_ratio))
        se = layers.GlobalAveragePooling2D(name=name + "se_squeeze")(x)
        se = layers.Reshape((1, 1, filters), name=name + "se_reshape")(se)
        se = _conv(filters_se, 1, name + "se_reduce", padding="same",
                   activation=activation)(se)
        se = _conv(filters, 1, name + "se_expand", padding="same", activation="sigmoid")(se)
        x = layers.multiply([x, se], name=name + "se_excite")
    x = _conv(filters_out, 1, name + "project_conv", padding="same", use_bias=False)(x)
    x = layers.BatchNormalization(axis=-1, name=name + "project_bn")(x)
    if id_skip and strides == 1 and filters_in == filters_out:
        if drop_rate > 0:
            x = layers.Dropout(drop_rate, noise_shape=(None, 1, 1, 1), name=name + "drop")(x)
        x = layers.add([x, inputs], name=name + "add")
    return x


def build_efficientnet(width_coefficient, depth_coefficient, default_size,
                       dropout_rate=0.2, drop_connect_rate=0.2, depth_divisor=8,
                       activation="swish", blocks_args="default", name="efficientnet",
                       include_top=True, weights="imagenet", input_tensor=None,
                       input_shape=None, pooling=None, classes=1000,
                       classifier_activation="softmax", weights_name=None):
    """The EfficientNet family's builder; the B0..B7 constructors fix its coefficients."""
    if blocks_args == "default":
        blocks_args = DEFAULT_BLOCKS_ARGS
    _builder.check_arguments(weights, include_top, classes)
    if include_top:
        imagenet_utils.validate_activation(classifier_activation, weights)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=backend.image_data_format(), require_flatten=include_top,
        weights=weights)
    img_input = _builder.make_input(input_tensor, input_shape)

    def round_filters(filters):
        filters *= width_coefficient
        new_filters = max(depth_divisor,
                          int(filters + depth_divisor / 2) // depth_divisor * depth_divisor)
        if new_filters < 0.9 * filters:
            new_filters += depth_divisor
        return int(new_filters)

    def round_repeats(repeats):
        return int(math.ceil(depth_coefficient * repeats))

    x = layers.Rescaling(1.0 / 255.0)(img_input)
    x = layers.Normalization(axis=-1)(x)
    if weights == "imagenet":
        # The stored variance is the std, so divide by sqrt(std) once more.
        x = layers.Rescaling([1.0 / math.sqrt(s) for s in _IMAGENET_STDDEV_RGB])(x)
    x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, 3),
                             name="stem_conv_pad")(x)
    x = _conv(round_filters(32), 3, "stem_conv", strides=2, padding="valid",
              use_bias=False)(x)
    x = layers.BatchNormalization(axis=-1, name="stem_bn")(x)
    x = layers.Activation(activation, name="stem_activation")(x)
    blocks_args = copy.deepcopy(blocks_args)
    done = 0
    total = float(sum(round_repeats(args["repeats"]) for args in blocks_args))
    for i, args in enumerate(blocks_args):
        args["filters_in"] = round_filters(args["filters_in"])
        args["filters_out"] = round_filters(args["filters_out"])
        for j in range(round_repeats(args.pop("repeats"))):
            if j > 0:
                args["strides"] = 1
                args["filters_in"] = args["filters_out"]
            x = block(x, activation, drop_connect_rate * done / total,
                      name=f"block{i + 1}{chr(j + 97)}_", **args)
            done += 1
    x = _conv(round_filters(1280), 1, "top_conv", padding="same", use_bias=False)(x)
    x = layers.BatchNormalization(axis=-1, name="top_bn")(x)
    x = layers.Activation(activation, name="top_activation")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        if dropout_rate > 0:
            x = layers.Dropout(dropout_rate, name="top_dropout")(x)
        x = layers.Dense(classes, activation=classifier_activation,
                         kernel_initializer=DENSE_KERNEL_INITIALIZER, name="predictions")(x)
    else:
        x = _builder.pool(x, pooling, avg_name="avg_pool", max_name="max_pool")
    model = _builder.build_model(input_tensor, img_input, x, name)
    if weights == "imagenet":
        if weights_name not in _HASHES:
            raise ValueError(f"No imagenet weights are published for {name!r}; use "
                             "weights=None.")
        suffix = "" if include_top else "_notop"
        file_name = f"efficientnet{weights_name}{suffix}.h5"
        from kbackend.utils import get_file

        path = get_file(file_name, _WEIGHTS_BASE + file_name, cache_subdir="models",
                        file_hash=_HASHES[weights_name][0 if include_top else 1])
        _builder.load_legacy_h5(model, path)
    else:
        _builder.load_weights(model, weights)
    return model


def _make(variant, params):
    width, depth, size, dropout = _VARIANTS[variant]

    def constructor(include_top=True, weights="imagenet", input_tensor=None,
                    input_shape=None, pooling=None, classes=1000,
                    classifier_activation="softmax", name=f"efficientnet{variant}",
                    **kwargs):
        return build_efficientnet(
            width, depth, size, dropout, name=name, include_top=include_top,
            weights=weights, input_tensor=input_tensor, input_shape=input_shape,
            pooling=pooling, classes=classes, classifier_activation=classifier_activation,
            weights_name=variant)

    constructor.__name__ = constructor.__qualname__ = f"EfficientNet{variant.upper()}"
    constructor.__doc__ = _docs.CONSTRUCTOR_DOC.format(
        title=constructor.__name__, default=f" ({size}, {size}, 3)", min_size=32,
        params=params, example=32, features=round(1280 * width / 8) * 8 if width > 1
        else 1280,
        extra="\n        **kwargs: accepted and ignored, as in Keras.")
    return constructor


EfficientNetB0 = _make("b0", "5,330,571")
EfficientNetB1 = _make("b1", "7,856,239")
EfficientNetB2 = _make("b2", "9,177,569")
EfficientNetB3 = _make("b3", "12,320,535")
EfficientNetB4 = _make("b4", "19,466,823")
EfficientNetB5 = _make("b5", "30,562,527")
EfficientNetB6 = _make("b6", "43,265,143")
EfficientNetB7 = _make("b7", "66,658,687")


def preprocess_input(x, data_format=None):
    """The identity: EfficientNet models rescale and normalize inside the model.

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
