"""Running the architectures: pooling, feature extraction, input tensors, validation.

Forward passes use VGG16 (few distinct ops, cheap to run eagerly); the deeper families
are checked symbolically, with their variables left uninitialized.
"""

import numpy as np
import pytest

import kbackend as keras
from kbackend import applications, ops
from tests.applications.conftest import deferred_variables


def _images(shape, seed=0):
    return np.random.default_rng(seed).uniform(0, 1, shape).astype("float32")


@pytest.fixture(scope="module")
def vgg16_base():
    return applications.VGG16(include_top=False, weights=None, input_shape=(64, 64, 3))


def test_feature_extraction_from_intermediate_layer(vgg16_base):
    # Note 001's pattern: a model ending at an inner layer of VGG.
    extractor = keras.Model(inputs=vgg16_base.input,
                            outputs=vgg16_base.get_layer("block4_pool").output)
    assert extractor.output.shape == (None, 4, 4, 512)
    assert extractor.count_params() == 7_635_264  # the convolutions of blocks 1-4
    features = extractor(_images((1, 64, 64, 3)))
    assert tuple(features.shape) == (1, 4, 4, 512)


def test_pooling_avg_and_max_match_numpy(vgg16_base):
    assert vgg16_base.output.shape == (None, 2, 2, 512)
    images = _images((2, 64, 64, 3))
    features = ops.convert_to_numpy(vgg16_base(images))
    for pooling, reduce in (("avg", np.mean), ("max", np.max)):
        pooled = applications.VGG16(include_top=False, weights=None,
                                    input_shape=(64, 64, 3), pooling=pooling)
        assert pooled.output.shape == (None, 512)
        pooled.set_weights(vgg16_base.get_weights())
        np.testing.assert_allclose(ops.convert_to_numpy(pooled(images)),
                                   reduce(features, axis=(1, 2)), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("constructor, size, features", [
    ("ResNet50V2", 32, 2048), ("MobileNet", 32, 1024), ("MobileNetV2", 32, 1280),
    ("Xception", 71, 2048),
])
def test_small_inputs_with_pooling(constructor, size, features):
    with deferred_variables():
        model = getattr(applications, constructor)(
            include_top=False, weights=None, input_shape=(size, size, 3), pooling="max")
    assert model.output.shape == (None, features)


def test_input_tensor_and_custom_classes():
    inputs = keras.Input((32, 32, 3))
    with deferred_variables():
        model = applications.MobileNet(input_tensor=inputs, weights=None, alpha=0.25,
                                       classes=7, classifier_activation=None)
    assert model.inputs[0] is inputs
    assert model.name == "mobilenet_0.25_32"
    assert model.output.shape == (None, 7)
    assert model.get_layer("predictions").get_config()["activation"] in (None, "linear")


def test_imagenet_with_other_classes_is_rejected():
    with pytest.raises(ValueError, match="classes.*1000"):
        applications.VGG16(weights="imagenet", classes=10)


def test_too_small_input_names_the_minimum():
    with pytest.raises(ValueError, match="at least 32x32"):
        applications.VGG19(include_top=False, weights=None, input_shape=(16, 16, 3))
    with pytest.raises(ValueError, match="at least 71x71"):
        applications.Xception(include_top=False, weights=None, input_shape=(64, 64, 3))
    with pytest.raises(ValueError, match="at least 75x75"):
        applications.InceptionV3(include_top=False, weights=None, input_shape=(74, 80, 3))


def test_other_validation_errors():
    with pytest.raises(ValueError, match="`weights` argument"):
        applications.ResNet50(weights="no/such/file.h5")
    with pytest.raises(ValueError, match="should be \\(224, 224, 3\\)"):
        applications.ResNet50(weights="imagenet", input_shape=(64, 64, 3))
    with pytest.raises(ValueError, match="classifier_activation"):
        applications.DenseNet121(weights="imagenet", classifier_activation="sigmoid")
    with pytest.raises(ValueError, match="static `input_shape`"):
        applications.VGG16(weights=None, input_shape=(None, None, 3))
    with pytest.raises(ValueError, match="pooling"):
        applications.VGG16(include_top=False, weights=None, input_shape=(32, 32, 3),
                           pooling="mean")
    with pytest.raises(ValueError, match="alpha"):
        applications.MobileNetV2(weights="imagenet", alpha=0.9)
