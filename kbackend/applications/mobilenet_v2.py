"""MobileNetV2 (Sandler et al., 2018): inverted residual blocks with linear bottlenecks."""

from kbackend import layers
from kbackend.applications import _builder, _docs, imagenet_utils
from kbackend.applications._mobile_input import mobile_input_shape

_SIZES = (96, 128, 160, 192, 224)
_ALPHAS = (0.35, 0.50, 0.75, 1.0, 1.3, 1.4)


def _make_divisible(value, divisor, min_value=None):
    # Round to the nearest multiple of `divisor`, never dropping more than 10%.
    min_value = divisor if min_value is None else min_value
    new_value = max(min_value, int(value + divisor / 2) // divisor * divisor)
    if new_value < 0.9 * value:
        new_value += divisor
    return new_value


def _bn(name):
    return layers.BatchNormalization(axis=-1, epsilon=1e-3, momentum=0.999, name=name)


def _inverted_res_block(inputs, expansion, stride, alpha, filters, block_id):
    in_channels = inputs.shape[-1]
    pointwise_filters = _make_divisible(int(filters * alpha), 8)
    x = inputs
    prefix = f"block_{block_id}_"
    if block_id:
        x = layers.Conv2D(expansion * in_channels, kernel_size=1, padding="same",
                          use_bias=False, activation=None, name=prefix + "expand")(x)
        x = _bn(prefix + "expand_BN")(x)
        x = layers.ReLU(6.0, name=prefix + "expand_relu")(x)
    else:
        prefix = "expanded_conv_"
    if stride == 2:
        x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, 3),
                                 name=prefix + "pad")(x)
    x = layers.DepthwiseConv2D(kernel_size=3, strides=stride, activation=None,
                               use_bias=False, padding="same" if stride == 1 else "valid",
                               name=prefix + "depthwise")(x)
    x = _bn(prefix + "depthwise_BN")(x)
    x = layers.ReLU(6.0, name=prefix + "depthwise_relu")(x)
    x = layers.Conv2D(pointwise_filters, kernel_size=1, padding="same", use_bias=False,
                      activation=None, name=prefix + "project")(x)
    x = _bn(prefix + "project_BN")(x)
    if in_channels == pointwise_filters and stride == 1:
        return layers.Add(name=prefix + "add")([inputs, x])
    return x


# (filters, stride, expansion) of blocks 0..16.
_PLAN = ([(16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6),
          (64, 2, 6)] + [(64, 1, 6)] * 3 + [(96, 1, 6)] * 3 + [(160, 2, 6)]
         + [(160, 1, 6)] * 2 + [(320, 1, 6)])


def MobileNetV2(input_shape=None, alpha=1.0, include_top=True,  # noqa: N802
                weights="imagenet", input_tensor=None, pooling=None, classes=1000,
                classifier_activation="softmax", name=None):
    _builder.check_arguments(weights, include_top, classes)
    if include_top:
        imagenet_utils.validate_activation(classifier_activation, weights)
    input_shape, rows = mobile_input_shape(input_shape, input_tensor, weights,
                                           include_top, _SIZES)
    if weights == "imagenet" and alpha not in _ALPHAS:
        raise ValueError("If imagenet weights are being loaded, alpha must be one of "
                         f"`0.35`, `0.50`, `0.75`, `1.0`, `1.3` or `1.4` only; Received "
                         f"alpha={alpha}")
    img_input = _builder.make_input(input_tensor, input_shape)
    x = layers.Conv2D(_make_divisible(32 * alpha, 8), kernel_size=3, strides=(2, 2),
                      padding="same", use_bias=False, name="Conv1")(img_input)
    x = _bn("bn_Conv1")(x)
    x = layers.ReLU(6.0, name="Conv1_relu")(x)
    for block_id, (filters, stride, expansion) in enumerate(_PLAN):
        x = _inverted_res_block(x, filters=filters, alpha=alpha, stride=stride,
                                expansion=expansion, block_id=block_id)
    last_filters = _make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = layers.Conv2D(last_filters, kernel_size=1, use_bias=False, name="Conv_1")(x)
    x = _bn("Conv_1_bn")(x)
    x = layers.ReLU(6.0, name="out_relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _builder.pool(x, pooling)
    if name is None:
        name = f"mobilenetv2_{alpha:0.2f}_{rows}"
    model = _builder.build_model(input_tensor, img_input, x, name)
    tail = ".h5" if include_top else "_no_top.h5"
    file_name = ("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_"
                 f"{float(alpha)}_{rows}{tail}")
    # NOTE: Keras publishes no hash for the MobileNetV2 files, so none is checked.
    _builder.load_weights(model, weights, file_name, None, subdir="mobilenet_v2/")
    return model


MobileNetV2.__doc__ = _docs.CONSTRUCTOR_DOC.format(
    title="MobileNetV2", default=" (224, 224, 3)", min_size=32, params="3,538,984",
    example=32, features=1280,
    extra="""
        alpha: width multiplier (0.35, 0.5, 0.75, 1.0, 1.3 or 1.4 with weights).""")

preprocess_input, decode_predictions = _docs.preprocessing_pair("MobileNetV2", "tf")
