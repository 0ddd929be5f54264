"""weights="imagenet" and weight files, without the network (get_file is replaced)."""

import os

import numpy as np
import pytest

from kbackend import applications
from tests.applications.conftest import deferred_variables, write_legacy_weights

TINY_FILE = "mobilenet_2_5_128_tf_no_top.h5"


def _tiny(weights=None):
    return applications.MobileNet(include_top=False, alpha=0.25, input_shape=(128, 128, 3),
                                  weights=weights)


@pytest.fixture(scope="module")
def source():
    return _tiny()


def _assert_same_weights(first, second):
    first, second = first.get_weights(), second.get_weights()
    assert len(first) == len(second)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_imagenet_downloads_the_published_file(offline_get_file, tmp_path, source):
    calls, served = offline_get_file
    path = str(tmp_path / "published.h5")
    write_legacy_weights(source, path)
    served[TINY_FILE] = path
    _assert_same_weights(source, _tiny(weights="imagenet"))
    assert calls[0]["origin"] == ("https://storage.googleapis.com/tensorflow/"
                                  "keras-applications/mobilenet/" + TINY_FILE)
    assert calls[0]["cache_subdir"] == "models"


def test_imagenet_asks_for_the_published_hash(offline_get_file):
    calls, _ = offline_get_file
    with pytest.raises(ValueError, match="offline test"), deferred_variables():
        applications.VGG16(include_top=False, input_shape=(32, 32, 3))
    assert calls[0]["fname"] == "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"
    assert calls[0]["file_hash"] == "6d6bbae143d832006294945121d1f1fc"


def test_file_with_other_layer_names_loads_in_order(tmp_path, source):
    path = str(tmp_path / "renamed.h5")
    # As DenseNet's published file ("conv1/conv"): names differ, the order is the same.
    write_legacy_weights(source, path, rename={"conv1": "conv1/conv", "conv1_bn": "bn/x"})
    _assert_same_weights(source, _tiny(weights=path))


def test_keras3_weights_file_path(tmp_path, source):
    path = os.path.join(tmp_path, "tiny.weights.h5")
    source.save_weights(path)
    _assert_same_weights(source, _tiny(weights=path))
