"""Published Keras parameter counts (include_top=True, 1000 classes) and layer names."""

import pytest

from kbackend import applications
from tests.applications.conftest import deferred_variables

# The figures of the Keras applications table.
PUBLISHED = {
    "VGG16": 138_357_544,
    "VGG19": 143_667_240,
    "ResNet50": 25_636_712,
    "ResNet101": 44_707_176,
    "ResNet50V2": 25_613_800,
    "MobileNet": 4_253_864,
    "MobileNetV2": 3_538_984,
    "DenseNet121": 8_062_504,
    "Xception": 22_910_480,
    "InceptionV3": 23_851_784,
}
NAMES = {
    "VGG16": "vgg16", "VGG19": "vgg19", "ResNet50": "resnet50", "ResNet101": "resnet101",
    "ResNet50V2": "resnet50v2", "MobileNet": "mobilenet_1.00_224",
    "MobileNetV2": "mobilenetv2_1.00_224", "DenseNet121": "densenet121",
    "Xception": "xception", "InceptionV3": "inception_v3",
}

LAYER_NAMES = {
    "ResNet50": ("conv1_pad", "conv1_conv", "conv1_bn", "pool1_pool", "conv2_block1_0_conv",
                 "conv4_block6_out", "conv5_block3_add", "avg_pool"),
    "MobileNetV2": ("Conv1", "bn_Conv1", "expanded_conv_depthwise", "block_16_project_BN",
                    "block_1_pad", "Conv_1", "out_relu"),
    "InceptionV3": ("mixed0", "mixed9_1", "mixed10", "avg_pool"),
    "DenseNet121": ("conv1_conv", "pool1", "conv2_block6_concat", "pool4_pool", "bn"),
    "Xception": ("block1_conv1", "block2_sepconv2_act", "block14_sepconv2_act"),
    "MobileNet": ("conv1", "conv_pad_2", "conv_dw_13_bn", "conv_preds", "reshape_2"),
}


@pytest.mark.parametrize("constructor", sorted(PUBLISHED))
def test_published_parameter_count(constructor):
    with deferred_variables():
        model = getattr(applications, constructor)(weights=None)
    assert model.count_params() == PUBLISHED[constructor]
    assert model.name == NAMES[constructor]
    assert model.layers[-1].name == "predictions"
    for name in LAYER_NAMES.get(constructor, ()):
        model.get_layer(name)
    size = 299 if constructor in ("Xception", "InceptionV3") else 224
    assert model.input.shape == (None, size, size, 3)
    assert model.output.shape == (None, 1000)


def test_notop_counts_add_up_with_the_top():
    # VGG16 without its top: the 13 convolutions; the top is 3 Dense layers.
    with deferred_variables():
        base = applications.VGG16(include_top=False, weights=None)
    top = (7 * 7 * 512 + 1) * 4096 + (4096 + 1) * 4096 + (4096 + 1) * 1000
    assert base.count_params() + top == PUBLISHED["VGG16"]
    assert base.output.shape == (None, None, None, 512)


def test_public_module_paths():
    assert applications.VGG16.__module__ == "kbackend.applications"
    assert applications.vgg19.VGG19 is applications.VGG19
    assert applications.resnet50.ResNet50 is applications.ResNet50
    for module in (applications.resnet, applications.resnet_v2, applications.mobilenet,
                   applications.mobilenet_v2, applications.densenet, applications.xception,
                   applications.inception_v3, applications.vgg16):
        assert callable(module.preprocess_input) and callable(module.decode_predictions)
