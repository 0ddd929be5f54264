"""DenseNet121, DenseNet169 and DenseNet201 (Huang et al., 2016).

NOTE: Keras 2 named these layers ``conv1/conv``, ``conv2_block1_0_bn``...; layer names
cannot contain "/", so the stem is ``conv1_conv``/``conv1_bn``/``conv1_relu`` (as in Keras 3)
and the published weights load in layer order (Note [application weights]).
"""

from kbackend import backend, layers
from kbackend.applications import _builder, _docs, imagenet_utils

_HASHES = {  # (with top, without top), md5 of Keras's published files
    "densenet121": ("9d60b8095a5708f2dcce2bca79d332c7", "4912a53fbd2a69346e7f2c0b5ec8c6d3"),
    "densenet169": ("d699b8f76981ab1b30698df4c175e90b", "50662582284e4cf834ce40ab4dfa58c6"),
    "densenet201": ("1ceb130c1ea1b78c3bf6114dbdfd8807", "1c2de60ee40562448dbac34a0737e798"),
}
_EPSILON = 1.001e-5


def _conv_block(x, growth_rate, name):
    x1 = layers.BatchNormalization(axis=-1, epsilon=_EPSILON, name=name + "_0_bn")(x)
    x1 = layers.Activation("relu", name=name + "_0_relu")(x1)
    x1 = layers.Conv2D(4 * growth_rate, 1, use_bias=False, name=name + "_1_conv")(x1)
    x1 = layers.BatchNormalization(axis=-1, epsilon=_EPSILON, name=name + "_1_bn")(x1)
    x1 = layers.Activation("relu", name=name + "_1_relu")(x1)
    x1 = layers.Conv2D(growth_rate, 3, padding="same", use_bias=False,
                       name=name + "_2_conv")(x1)
    return layers.Concatenate(axis=-1, name=name + "_concat")([x, x1])


def _dense_block(x, blocks, name):
    for i in range(blocks):
        x = _conv_block(x, 32, name=f"{name}_block{i + 1}")
    return x


def _transition_block(x, reduction, name):
    x = layers.BatchNormalization(axis=-1, epsilon=_EPSILON, name=name + "_bn")(x)
    x = layers.Activation("relu", name=name + "_relu")(x)
    x = layers.Conv2D(int(x.shape[-1] * reduction), 1, use_bias=False,
                      name=name + "_conv")(x)
    return layers.AveragePooling2D(2, strides=2, name=name + "_pool")(x)


def build_densenet(blocks, include_top=True, weights="imagenet", input_tensor=None,
                   input_shape=None, pooling=None, classes=1000,
                   classifier_activation="softmax", name="densenet"):
    """A DenseNet with the given number of conv blocks in each of its 4 dense blocks."""
    _builder.check_arguments(weights, include_top, classes)
    if include_top:
        imagenet_utils.validate_activation(classifier_activation, weights)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=224, min_size=32,
        data_format=backend.image_data_format(), require_flatten=include_top,
        weights=weights)
    img_input = _builder.make_input(input_tensor, input_shape)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)))(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False, name="conv1_conv")(x)
    x = layers.BatchNormalization(axis=-1, epsilon=_EPSILON, name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    for stage, count in enumerate(blocks, start=2):
        x = _dense_block(x, count, name=f"conv{stage}")
        if stage < 5:
            x = _transition_block(x, 0.5, name=f"pool{stage}")
    x = layers.BatchNormalization(axis=-1, epsilon=_EPSILON, name="bn")(x)
    x = layers.Activation("relu", name="relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _builder.pool(x, pooling, avg_name="avg_pool", max_name="max_pool")
    model = _builder.build_model(input_tensor, img_input, x, name)
    key = {(6, 12, 24, 16): "densenet121", (6, 12, 32, 32): "densenet169",
           (6, 12, 48, 32): "densenet201"}.get(tuple(blocks))
    if weights == "imagenet" and key is None:
        raise ValueError(f"No imagenet weights are published for DenseNet blocks={blocks}; "
                         "use weights=None.")
    file_name = file_hash = None
    if key is not None:
        suffix = ".h5" if include_top else "_notop.h5"
        file_name = f"{key}_weights_tf_dim_ordering_tf_kernels{suffix}"
        file_hash = _HASHES[key][0 if include_top else 1]
    _builder.load_weights(model, weights, file_name, file_hash, subdir="densenet/")
    return model


def DenseNet121(include_top=True, weights="imagenet", input_tensor=None,  # noqa: N802
                input_shape=None, pooling=None, classes=1000,
                classifier_activation="softmax", name="densenet121"):
    return build_densenet((6, 12, 24, 16), include_top, weights, input_tensor,
                          input_shape, pooling, classes, classifier_activation, name)


def DenseNet169(include_top=True, weights="imagenet", input_tensor=None,  # noqa: N802
                input_shape=None, pooling=None, classes=1000,
                classifier_activation="softmax", name="densenet169"):
    return build_densenet((6, 12, 32, 32), include_top, weights, input_tensor,
                          input_shape, pooling, classes, classifier_activation, name)


def DenseNet201(include_top=True, weights="imagenet", input_tensor=None,  # noqa: N802
                input_shape=None, pooling=None, classes=1000,
                classifier_activation="softmax", name="densenet201"):
    return build_densenet((6, 12, 48, 32), include_top, weights, input_tensor,
                          input_shape, pooling, classes, classifier_activation, name)


for _fn, _params, _features in ((DenseNet121, "8,062,504", 1024),
                                (DenseNet169, "14,307,880", 1664),
                                (DenseNet201, "20,242,984", 1920)):
    _fn.__doc__ = _docs.CONSTRUCTOR_DOC.format(
        title=_fn.__name__, default=" (224, 224, 3)", min_size=32, extra="",
        params=_params, example=32, features=_features)

preprocess_input, decode_predictions = _docs.preprocessing_pair("DenseNet", "torch")
