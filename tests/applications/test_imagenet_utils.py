"""preprocess_input and decode_predictions against NumPy references."""

import json

import numpy as np
import pytest

from kbackend import applications, ops
from kbackend.applications import imagenet_utils


def _reference(x, mode):
    x = x.astype("float32")
    if mode == "tf":
        return x / 127.5 - 1
    if mode == "torch":
        return (x / 255 - np.array([0.485, 0.456, 0.406])) / np.array([0.229, 0.224, 0.225])
    return x[..., ::-1] - np.array([103.939, 116.779, 123.68])


@pytest.mark.parametrize("module, mode", [
    ("vgg16", "caffe"), ("resnet", "caffe"), ("resnet_v2", "tf"), ("mobilenet", "tf"),
    ("densenet", "torch"), ("inception_v3", "tf"),
])
def test_preprocess_input_numpy_and_tensor(module, mode):
    images = np.random.default_rng(1).integers(0, 256, (2, 3, 4, 3)).astype("uint8")
    preprocess = getattr(applications, module).preprocess_input
    expected = _reference(images, mode)
    result = preprocess(images)
    assert isinstance(result, np.ndarray) and result.dtype == np.float32
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-4)
    tensor_result = preprocess(ops.convert_to_tensor(images.astype("float32")))
    np.testing.assert_allclose(ops.convert_to_numpy(tensor_result), expected,
                               rtol=1e-5, atol=1e-4)


def test_preprocess_input_channels_first_and_no_mutation():
    images = np.random.default_rng(2).uniform(0, 255, (1, 3, 2, 2)).astype("float32")
    copy = images.copy()
    result = imagenet_utils.preprocess_input(images, data_format="channels_first")
    expected = np.moveaxis(_reference(np.moveaxis(copy, 1, -1), "caffe"), -1, 1)
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-4)
    np.testing.assert_array_equal(images, copy)
    with pytest.raises(ValueError, match="mode"):
        imagenet_utils.preprocess_input(images, mode="caffee")


def test_decode_predictions(offline_get_file, tmp_path):
    _, served = offline_get_file
    index = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
    path = tmp_path / "imagenet_class_index.json"
    path.write_text(json.dumps(index))
    served["imagenet_class_index.json"] = str(path)
    monkey_cache = imagenet_utils._CLASS_INDEX
    imagenet_utils._CLASS_INDEX = None
    try:
        preds = np.zeros((2, 1000), dtype="float32")
        preds[0, [5, 7]] = [0.7, 0.2]
        preds[1, 999] = 1.0
        decoded = applications.vgg19.decode_predictions(preds, top=2)
    finally:
        imagenet_utils._CLASS_INDEX = monkey_cache
    assert decoded[0] == [("n00000005", "class_5", pytest.approx(0.7)),
                          ("n00000007", "class_7", pytest.approx(0.2))]
    assert decoded[1][0][:2] == ("n00000999", "class_999")
    with pytest.raises(ValueError, match="shape \\(samples, 1000\\)"):
        applications.resnet.decode_predictions(np.zeros((3, 10)))
