"""MobileNet (Howard et al., 2017): depthwise separable convolutions with a width factor."""

from kbackend import layers
from kbackend.applications import _builder, _docs, imagenet_utils
from kbackend.applications._mobile_input import mobile_input_shape

_SIZES = (128, 160, 192, 224)
_ALPHA_TEXT = {1.0: "1_0", 0.75: "7_5", 0.50: "5_0", 0.25: "2_5"}


def _conv_block(inputs, filters, alpha, kernel=(3, 3), strides=(1, 1)):
    filters = int(filters * alpha)
    x = layers.Conv2D(filters, kernel, padding="same", use_bias=False, strides=strides,
                      name="conv1")(inputs)
    x = layers.BatchNormalization(axis=-1, name="conv1_bn")(x)
    return layers.ReLU(6.0, name="conv1_relu")(x)


def _depthwise_conv_block(inputs, pointwise_filters, alpha, depth_multiplier=1,
                          strides=(1, 1), block_id=1):
    pointwise_filters = int(pointwise_filters * alpha)
    x = inputs
    if strides != (1, 1):
        x = layers.ZeroPadding2D(((0, 1), (0, 1)), name=f"conv_pad_{block_id}")(x)
    x = layers.DepthwiseConv2D((3, 3), padding="same" if strides == (1, 1) else "valid",
                               depth_multiplier=depth_multiplier, strides=strides,
                               use_bias=False, name=f"conv_dw_{block_id}")(x)
    x = layers.BatchNormalization(axis=-1, name=f"conv_dw_{block_id}_bn")(x)
    x = layers.ReLU(6.0, name=f"conv_dw_{block_id}_relu")(x)
    x = layers.Conv2D(pointwise_filters, (1, 1), padding="same", use_bias=False,
                      strides=(1, 1), name=f"conv_pw_{block_id}")(x)
    x = layers.BatchNormalization(axis=-1, name=f"conv_pw_{block_id}_bn")(x)
    return layers.ReLU(6.0, name=f"conv_pw_{block_id}_relu")(x)


def MobileNet(input_shape=None, alpha=1.0, depth_multiplier=1,  # noqa: N802
              dropout=1e-3, include_top=True, weights="imagenet", input_tensor=None,
              pooling=None, classes=1000, classifier_activation="softmax", name=None):
    _builder.check_arguments(weights, include_top, classes)
    if include_top:
        imagenet_utils.validate_activation(classifier_activation, weights)
    input_shape, rows = mobile_input_shape(input_shape, input_tensor, weights,
                                           include_top, _SIZES)
    if weights == "imagenet":
        if depth_multiplier != 1:
            raise ValueError("If imagenet weights are being loaded, depth multiplier must "
                             f"be 1. Received depth_multiplier={depth_multiplier}")
        if alpha not in _ALPHA_TEXT:
            raise ValueError("If imagenet weights are being loaded, alpha can be one of "
                             f"`0.25`, `0.50`, `0.75` or `1.0` only. Received alpha={alpha}")
    img_input = _builder.make_input(input_tensor, input_shape)
    x = _conv_block(img_input, 32, alpha, strides=(2, 2))
    plan = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)]
    plan += [(512, 1)] * 5 + [(1024, 2), (1024, 1)]
    for block_id, (filters, stride) in enumerate(plan, start=1):
        x = _depthwise_conv_block(x, filters, alpha, depth_multiplier,
                                  strides=(stride, stride), block_id=block_id)
    if include_top:
        x = layers.GlobalAveragePooling2D(keepdims=True)(x)
        x = layers.Dropout(dropout, name="dropout")(x)
        x = layers.Conv2D(classes, (1, 1), padding="same", name="conv_preds")(x)
        x = layers.Reshape((classes,), name="reshape_2")(x)
        x = layers.Activation(activation=classifier_activation, name="predictions")(x)
    else:
        x = _builder.pool(x, pooling)
    if name is None:
        name = f"mobilenet_{alpha:0.2f}_{rows}"
    model = _builder.build_model(input_tensor, img_input, x, name)
    if weights == "imagenet":
        alpha_text = _ALPHA_TEXT[alpha]
        tail = "tf.h5" if include_top else "tf_no_top.h5"
        file_name = f"mobilenet_{alpha_text}_{rows}_{tail}"
    else:
        file_name = None
    # NOTE: Keras publishes no hash for the MobileNet files, so none is checked.
    _builder.load_weights(model, weights, file_name, None, subdir="mobilenet/")
    return model


MobileNet.__doc__ = _docs.CONSTRUCTOR_DOC.format(
    title="MobileNet", default=" (224, 224, 3)", min_size=32, params="4,253,864",
    example=32, features=1024,
    extra="""
        alpha: width multiplier of every layer (0.25, 0.5, 0.75 or 1.0 with weights).
        depth_multiplier: depth multiplier of the depthwise convolutions.
        dropout: dropout rate before the classifier.""")

preprocess_input, decode_predictions = _docs.preprocessing_pair("MobileNet", "tf")
