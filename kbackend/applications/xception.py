"""Xception (Chollet, 2017): depthwise separable convolutions with residual links."""

from kbackend import backend, layers
from kbackend.applications import _builder, _docs, imagenet_utils

_HASHES = ("0a58e3b7378bc2990ea3b43d5981f1f6", "b0042744bf5b25fce3cb969f33bebb97")


def _shortcut(x, filters):
    # NOTE: left unnamed, as in Keras; the weights then load in layer order.
    residual = layers.Conv2D(filters, (1, 1), strides=(2, 2), padding="same",
                             use_bias=False)(x)
    return layers.BatchNormalization(axis=-1)(residual)


def _sepconv(x, filters, name, activate_first=True):
    if activate_first:
        x = layers.Activation("relu", name=name + "_act")(x)
    x = layers.SeparableConv2D(filters, (3, 3), padding="same", use_bias=False,
                               name=name)(x)
    return layers.BatchNormalization(axis=-1, name=name + "_bn")(x)


def _entry_block(x, filters, block, first=False):
    residual = _shortcut(x, filters)
    prefix = f"block{block}_sepconv"
    x = _sepconv(x, filters, prefix + "1", activate_first=not first)
    if first:
        x = layers.Activation("relu", name=prefix + "2_act")(x)
        x = _sepconv(x, filters, prefix + "2", activate_first=False)
    else:
        x = _sepconv(x, filters, prefix + "2")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same",
                            name=f"block{block}_pool")(x)
    return layers.add([x, residual])


def Xception(include_top=True, weights="imagenet", input_tensor=None,  # noqa: N802
             input_shape=None, pooling=None, classes=1000,
             classifier_activation="softmax", name="xception"):
    _builder.check_arguments(weights, include_top, classes)
    if include_top:
        imagenet_utils.validate_activation(classifier_activation, weights)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=299, min_size=71,
        data_format=backend.image_data_format(), require_flatten=include_top,
        weights=weights)
    img_input = _builder.make_input(input_tensor, input_shape)
    x = layers.Conv2D(32, (3, 3), strides=(2, 2), use_bias=False,
                      name="block1_conv1")(img_input)
    x = layers.BatchNormalization(axis=-1, name="block1_conv1_bn")(x)
    x = layers.Activation("relu", name="block1_conv1_act")(x)
    x = layers.Conv2D(64, (3, 3), use_bias=False, name="block1_conv2")(x)
    x = layers.BatchNormalization(axis=-1, name="block1_conv2_bn")(x)
    x = layers.Activation("relu", name="block1_conv2_act")(x)
    x = _entry_block(x, 128, 2, first=True)
    x = _entry_block(x, 256, 3)
    x = _entry_block(x, 728, 4)
    for block in range(5, 13):
        residual = x
        for i in (1, 2, 3):
            x = _sepconv(x, 728, f"block{block}_sepconv{i}")
        x = layers.add([x, residual])
    residual = _shortcut(x, 1024)
    x = _sepconv(x, 728, "block13_sepconv1")
    x = _sepconv(x, 1024, "block13_sepconv2")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same", name="block13_pool")(x)
    x = layers.add([x, residual])
    for i, filters in ((1, 1536), (2, 2048)):
        x = _sepconv(x, filters, f"block14_sepconv{i}", activate_first=False)
        x = layers.Activation("relu", name=f"block14_sepconv{i}_act")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _builder.pool(x, pooling)
    model = _builder.build_model(input_tensor, img_input, x, name)
    suffix = ".h5" if include_top else "_notop.h5"
    _builder.load_weights(model, weights,
                          f"xception_weights_tf_dim_ordering_tf_kernels{suffix}",
                          _HASHES[0 if include_top else 1], subdir="xception/")
    return model


Xception.__doc__ = _docs.CONSTRUCTOR_DOC.format(
    title="Xception", default=" (299, 299, 3)", min_size=71, extra="",
    params="22,910,480", example=71, features=2048)

preprocess_input, decode_predictions = _docs.preprocessing_pair("Xception", "tf")
