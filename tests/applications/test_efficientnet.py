"""EfficientNet: parameter counts, the in-model preprocessing, the weights file name."""

import numpy as np
import pytest

from kbackend import applications, layers
from tests.applications.conftest import deferred_variables

# Published (Keras applications table); 7 of them are the Normalization layer's mean (3),
# variance (3) and sample count (1).
PUBLISHED = {"EfficientNetB0": 5_330_571}


@pytest.mark.parametrize("constructor", sorted(PUBLISHED))
def test_published_parameter_count(constructor):
    with deferred_variables():
        model = getattr(applications, constructor)(weights=None)
    normalization = [layer for layer in model.layers
                     if isinstance(layer, layers.Normalization)]
    assert len(normalization) == 1
    # NOTE: kbackend's Normalization keeps no `count` weight (yet), so the published
    # figure is compared without the Normalization layer's own weights.
    assert model.count_params() - normalization[0].count_params() == (
        PUBLISHED[constructor] - 7)
    assert model.get_layer("block1a_se_excite") is not None
    assert model.get_layer("top_conv") is not None


def test_small_input_and_preprocess_identity():
    with deferred_variables():
        model = applications.EfficientNetB0(include_top=False, weights=None,
                                            input_shape=(32, 32, 3), pooling="avg")
    assert model.output.shape == (None, 1280)
    images = np.arange(6.0).reshape(1, 1, 2, 3)
    assert applications.efficientnet.preprocess_input(images) is images


def test_imagenet_file_name_and_hash(offline_get_file):
    calls, _ = offline_get_file
    with pytest.raises(ValueError, match="offline test"), deferred_variables():
        applications.EfficientNetB0(include_top=False, input_shape=(32, 32, 3))
    assert calls[0]["origin"] == (
        "https://storage.googleapis.com/keras-applications/efficientnetb0_notop.h5")
    assert calls[0]["file_hash"] == "50bc09e76180e00e4465e1a485ddc09d"
