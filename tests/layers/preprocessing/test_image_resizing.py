"""Resizing, CenterCrop and RandomCrop against NumPy references."""

import numpy as np
import pytest

from kbackend import KerasTensor, layers, ops
from kbackend.testing.layer_test import run_layer_test


def n(x):
    return np.asarray(ops.convert_to_numpy(x))


rng = np.random.default_rng(0)
X = rng.random((2, 6, 8, 3)).astype("float32")


def bilinear_reference(image, height, width):
    """Half-pixel-centre bilinear resize of one HWC image, written independently."""
    in_h, in_w = image.shape[:2]
    ys = np.clip((np.arange(height) + 0.5) * in_h / height - 0.5, 0, in_h - 1)
    xs = np.clip((np.arange(width) + 0.5) * in_w / width - 0.5, 0, in_w - 1)
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    y1, x1 = np.minimum(y0 + 1, in_h - 1), np.minimum(x0 + 1, in_w - 1)
    wy, wx = (ys - y0)[:, None, None], (xs - x0)[None, :, None]
    top = image[y0][:, x0] * (1 - wx) + image[y0][:, x1] * wx
    bottom = image[y1][:, x0] * (1 - wx) + image[y1][:, x1] * wx
    return top * (1 - wy) + bottom * wy


@pytest.mark.parametrize("size", [(12, 16), (3, 5), (6, 11)])
def test_resizing_bilinear_matches_reference(size):
    out = n(layers.Resizing(*size)(X))
    expected = np.stack([bilinear_reference(img, *size) for img in X])
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_resizing_layer_contract_and_channels_first():
    run_layer_test(layers.Resizing, {"height": 3, "width": 4}, input_data=X,
                   expected_output_shape=(2, 3, 4, 3), expected_output_dtype="float32",
                   expected_num_trainable_weights=0)
    first = layers.Resizing(3, 4, data_format="channels_first")(X.transpose(0, 3, 1, 2))
    np.testing.assert_allclose(n(first).transpose(0, 2, 3, 1), n(layers.Resizing(3, 4)(X)),
                               rtol=1e-6, atol=1e-6)
    assert layers.Resizing(3, 4)(KerasTensor((None, 6, 8, 3))).shape == (None, 3, 4, 3)


def test_resizing_integers_unbatched_crop_and_pad():
    ints = (X * 255).astype("uint8")
    out = layers.Resizing(3, 4)(ints[0])
    assert ops.dtype(out) == "float32" and tuple(ops.shape(out)) == (3, 4, 3)
    # 6x8 -> 6x6 crops columns 1..6 (the centred square); no interpolation needed.
    cropped = layers.Resizing(6, 6, crop_to_aspect_ratio=True)(X)
    np.testing.assert_allclose(n(cropped), X[:, :, 1:7], atol=1e-6)
    padded = n(layers.Resizing(8, 8, pad_to_aspect_ratio=True, fill_value=0.5)(X))
    np.testing.assert_allclose(padded[:, 1:7], X, atol=1e-6)
    np.testing.assert_allclose(padded[:, [0, 7]], 0.5)
    with pytest.raises(ValueError, match="only one of"):
        layers.Resizing(2, 2, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)
    with pytest.raises(ValueError, match="interpolation"):
        layers.Resizing(2, 2, interpolation="cubic")


def test_center_crop_slices_and_resizes_up():
    out = n(layers.CenterCrop(3, 5)(X))
    np.testing.assert_allclose(out, X[:, 1:4, 1:6])  # odd differences start at floor(d / 2)
    first = layers.CenterCrop(3, 5, data_format="channels_first")(X.transpose(0, 3, 1, 2))
    np.testing.assert_allclose(n(first), out.transpose(0, 3, 1, 2))
    np.testing.assert_allclose(n(layers.CenterCrop(4, 4)(X[0])), X[0, 1:5, 2:6])
    bigger = layers.CenterCrop(9, 9)(X)
    expected = ops.image.resize(X, (9, 9), crop_to_aspect_ratio=True)
    np.testing.assert_allclose(n(bigger), n(expected), atol=1e-6)
    run_layer_test(layers.CenterCrop, {"height": 4, "width": 4}, input_data=X,
                   expected_output_shape=(2, 4, 4, 3))
    with pytest.raises(ValueError, match="positive int"):
        layers.CenterCrop(0, 4)


def test_random_crop_training_is_a_window_and_inference_resizes():
    layer = layers.RandomCrop(4, 5, seed=3)
    seen = set()
    for _ in range(6):
        out = n(layer(X, training=True))
        matches = [(top, left) for top in range(3) for left in range(4)
                   if np.array_equal(out, X[:, top:top + 4, left:left + 5])]
        assert len(matches) == 1
        seen.add(matches[0])
    assert len(seen) > 1  # the window moves between calls
    inference = layer(X, training=False)
    np.testing.assert_allclose(
        n(inference), n(ops.image.resize(X, (4, 5), crop_to_aspect_ratio=True)), atol=1e-6)
    # Smaller than the target: resized even in training.
    small = layers.RandomCrop(10, 10, seed=1)(X, training=True)
    assert tuple(ops.shape(small)) == (2, 10, 10, 3)
    again = n(layers.RandomCrop(4, 5, seed=3)(X, training=True))
    first = n(layers.RandomCrop(4, 5, seed=3)(X, training=True))
    np.testing.assert_array_equal(again, first)  # same seed, same crop
    cf = layers.RandomCrop(4, 5, seed=3, data_format="channels_first")(
        X.transpose(0, 3, 1, 2), training=True)
    np.testing.assert_array_equal(n(cf).transpose(0, 2, 3, 1), first)
    run_layer_test(layers.RandomCrop, {"height": 4, "width": 5, "seed": 1}, input_data=X,
                   expected_output_shape=(2, 4, 5, 3), call_kwargs={"training": False})
