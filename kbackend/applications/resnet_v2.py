"""ResNet50V2, ResNet101V2 and ResNet152V2 (pre-activation ResNets, He et al., 2016)."""

from kbackend import layers
from kbackend.applications import _docs
from kbackend.applications.resnet import _EPSILON, build_resnet


def residual_block_v2(x, filters, kernel_size=3, stride=1, conv_shortcut=False,
                      name=None):
    """A pre-activation bottleneck block; the stride sits on the last block of a stage."""
    preact = layers.BatchNormalization(axis=-1, epsilon=_EPSILON,
                                       name=name + "_preact_bn")(x)
    preact = layers.Activation("relu", name=name + "_preact_relu")(preact)
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride,
                                 name=name + "_0_conv")(preact)
    else:
        shortcut = layers.MaxPooling2D(1, strides=stride)(x) if stride > 1 else x
    x = layers.Conv2D(filters, 1, strides=1, use_bias=False, name=name + "_1_conv")(preact)
    x = layers.BatchNormalization(axis=-1, epsilon=_EPSILON, name=name + "_1_bn")(x)
    x = layers.Activation("relu", name=name + "_1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=name + "_2_pad")(x)
    x = layers.Conv2D(filters, kernel_size, strides=stride, use_bias=False,
                      name=name + "_2_conv")(x)
    x = layers.BatchNormalization(axis=-1, epsilon=_EPSILON, name=name + "_2_bn")(x)
    x = layers.Activation("relu", name=name + "_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=name + "_3_conv")(x)
    return layers.Add(name=name + "_out")([shortcut, x])


def stack_residual_blocks_v2(x, filters, blocks, stride1=2, name=None):
    """``blocks`` v2 blocks; the last one carries the stage's stride."""
    x = residual_block_v2(x, filters, conv_shortcut=True, name=name + "_block1")
    for i in range(2, blocks):
        x = residual_block_v2(x, filters, name=f"{name}_block{i}")
    return residual_block_v2(x, filters, stride=stride1, name=f"{name}_block{blocks}")


def _v2_stacks(counts):
    def stack_fn(x):
        x = stack_residual_blocks_v2(x, 64, counts[0], name="conv2")
        x = stack_residual_blocks_v2(x, 128, counts[1], name="conv3")
        x = stack_residual_blocks_v2(x, 256, counts[2], name="conv4")
        return stack_residual_blocks_v2(x, 512, counts[3], stride1=1, name="conv5")
    return stack_fn


def ResNet50V2(include_top=True, weights="imagenet", input_tensor=None,  # noqa: N802
               input_shape=None, pooling=None, classes=1000,
               classifier_activation="softmax", name="resnet50v2"):
    return build_resnet(_v2_stacks((3, 4, 6, 3)), True, True, "resnet50v2", include_top,
                        weights, input_tensor, input_shape, pooling, classes,
                        classifier_activation, name)


def ResNet101V2(include_top=True, weights="imagenet", input_tensor=None,  # noqa: N802
                input_shape=None, pooling=None, classes=1000,
                classifier_activation="softmax", name="resnet101v2"):
    return build_resnet(_v2_stacks((3, 4, 23, 3)), True, True, "resnet101v2",
                        include_top, weights, input_tensor, input_shape, pooling, classes,
                        classifier_activation, name)


def ResNet152V2(include_top=True, weights="imagenet", input_tensor=None,  # noqa: N802
                input_shape=None, pooling=None, classes=1000,
                classifier_activation="softmax", name="resnet152v2"):
    return build_resnet(_v2_stacks((3, 8, 36, 3)), True, True, "resnet152v2",
                        include_top, weights, input_tensor, input_shape, pooling, classes,
                        classifier_activation, name)


for _fn, _params in ((ResNet50V2, "25,613,800"), (ResNet101V2, "44,675,560"),
                     (ResNet152V2, "60,380,648")):
    _fn.__doc__ = _docs.CONSTRUCTOR_DOC.format(
        title=_fn.__name__, default=" (224, 224, 3)", min_size=32, extra="",
        params=_params, example=32, features=2048)

preprocess_input, decode_predictions = _docs.preprocessing_pair("ResNetV2", "tf")
