"""Classic ImageNet architectures, as Functional models (``keras.applications``).

Each family has its module (``vgg16``, ``resnet``, ``mobilenet_v2``, ...) with the
constructors, ``preprocess_input`` and ``decode_predictions``. Pretrained weights come from
Keras's published files (Note [application weights] in ``_builder.py``).

Example:
>>> import kbackend
>>> model = kbackend.applications.MobileNetV2(include_top=False, weights=None,
...                                           input_shape=(32, 32, 3), pooling="avg")
>>> model.output.shape
(None, 1280)
"""

from kbackend.applications import (  # noqa: F401
    convnext,
    densenet,
    efficientnet,
    imagenet_utils,
    inception_v3,
    mobilenet,
    mobilenet_v2,
    resnet,
    resnet50,
    resnet_v2,
    vgg16,
    vgg19,
    xception,
)
from kbackend.applications.convnext import (  # noqa: F401
    ConvNeXtBase,
    ConvNeXtLarge,
    ConvNeXtSmall,
    ConvNeXtTiny,
    ConvNeXtXLarge,
)
from kbackend.applications.densenet import (  # noqa: F401
    DenseNet121,
    DenseNet169,
    DenseNet201,
)
from kbackend.applications.efficientnet import (  # noqa: F401
    EfficientNetB0,
    EfficientNetB1,
    EfficientNetB2,
    EfficientNetB3,
    EfficientNetB4,
    EfficientNetB5,
    EfficientNetB6,
    EfficientNetB7,
)
from kbackend.applications.inception_v3 import InceptionV3  # noqa: F401
from kbackend.applications.mobilenet import MobileNet  # noqa: F401
from kbackend.applications.mobilenet_v2 import MobileNetV2  # noqa: F401
from kbackend.applications.resnet import ResNet50, ResNet101, ResNet152  # noqa: F401
from kbackend.applications.resnet_v2 import (  # noqa: F401
    ResNet50V2,
    ResNet101V2,
    ResNet152V2,
)
from kbackend.applications.vgg import VGG16, VGG19  # noqa: F401
from kbackend.applications.xception import Xception  # noqa: F401

for _fn in (ConvNeXtBase, ConvNeXtLarge, ConvNeXtSmall, ConvNeXtTiny, ConvNeXtXLarge,
            DenseNet121, DenseNet169, DenseNet201, EfficientNetB0, EfficientNetB1,
            EfficientNetB2, EfficientNetB3, EfficientNetB4, EfficientNetB5, EfficientNetB6,
            EfficientNetB7, InceptionV3, MobileNet, MobileNetV2,
            ResNet50, ResNet101, ResNet152, ResNet50V2, ResNet101V2, ResNet152V2, VGG16,
            VGG19, Xception):
    _fn.__module__ = "kbackend.applications"
del _fn
