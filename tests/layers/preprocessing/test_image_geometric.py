"""RandomFlip, RandomRotation, RandomZoom, RandomTranslation against NumPy/SciPy."""

import numpy as np
import pytest
from scipy import ndimage

from kbackend import KerasTensor, layers, ops
from kbackend.testing.layer_test import run_layer_test


def n(x):
    return np.asarray(ops.convert_to_numpy(x))


rng = np.random.default_rng(0)
X = rng.random((2, 6, 8, 3)).astype("float32")
SQUARE = rng.random((2, 5, 5, 2)).astype("float32")
SCIPY_MODES = {"reflect": "reflect", "constant": "grid-constant", "nearest": "nearest",
               "wrap": "grid-wrap", "mirror": "mirror"}


def scipy_affine(images, matrix, fill_mode, order=1, fill_value=0.0):
    """Output (row, col) samples the input at ``matrix @ (p - c) + c`` (c: the centre)."""
    height, width = images.shape[1:3]
    centre = np.array([(height - 1) / 2, (width - 1) / 2])
    offset = centre - matrix @ centre
    return np.stack([
        np.stack([ndimage.affine_transform(img[..., k], matrix, offset=offset, order=order,
                                           mode=SCIPY_MODES[fill_mode], cval=fill_value)
                  for k in range(img.shape[-1])], axis=-1)
        for img in images])


@pytest.mark.parametrize("mode,axes", [("horizontal", [(), (1,)]), ("vertical", [(), (0,)]),
                                       ("horizontal_and_vertical",
                                        [(), (0,), (1,), (0, 1)])])
def test_random_flip_outputs_are_flips(mode, axes):
    images = np.repeat(X[:1], 12, axis=0)
    out = n(layers.RandomFlip(mode, seed=5)(images, training=True))
    found = set()
    for sample in out:
        match = [a for a in axes if np.array_equal(sample, np.flip(images[0], a) if a
                                                   else images[0])]
        assert len(match) == 1
        found.add(match[0])
    assert found == set(axes)  # each flip happens in a batch of 12 (per-image draws)
    np.testing.assert_array_equal(n(layers.RandomFlip(mode)(images, training=False)), images)


def test_random_flip_contract_and_channels_first():
    run_layer_test(layers.RandomFlip, {"seed": 1}, input_data=X, expected_output_shape=X.shape,
                   expected_output_dtype="float32", call_kwargs={"training": False},
                   expected_output=X)
    last = n(layers.RandomFlip(seed=2)(X, training=True))
    first = layers.RandomFlip(seed=2, data_format="channels_first")(
        X.transpose(0, 3, 1, 2), training=True)
    np.testing.assert_array_equal(n(first).transpose(0, 2, 3, 1), last)
    with pytest.raises(ValueError, match="horizontal_and_vertical"):
        layers.RandomFlip("diagonal")


def test_random_rotation_quarter_turn_is_rot90():
    out = n(layers.RandomRotation((0.25, 0.25), interpolation="nearest")(SQUARE,
                                                                        training=True))
    np.testing.assert_array_equal(out, np.rot90(SQUARE, 1, axes=(1, 2)))


@pytest.mark.parametrize("fill_mode", ["reflect", "constant", "wrap"])
def test_random_rotation_matches_scipy(fill_mode):
    turn = 0.07
    layer = layers.RandomRotation((turn, turn), fill_mode=fill_mode, fill_value=0.5)
    angle = turn * 2 * np.pi
    c, s = np.cos(angle), np.sin(angle)
    # (row, col) form of x' = c x - s y, y' = s x + c y.
    expected = scipy_affine(X, np.array([[c, s], [-s, c]]), fill_mode, fill_value=0.5)
    np.testing.assert_allclose(n(layer(X, training=True)), expected, atol=1e-5)


def test_random_rotation_random_range_unbatched_and_config():
    layer = layers.RandomRotation(0.1, seed=4)
    a, b = n(layer(X, training=True)), n(layer(X, training=True))
    assert not np.allclose(a, b)  # new angles every call
    assert tuple(ops.shape(layer(X[0], training=True))) == X.shape[1:]
    run_layer_test(layers.RandomRotation, {"factor": 0.2, "seed": 1, "fill_mode": "nearest"},
                   input_data=X, expected_output_shape=X.shape,
                   call_kwargs={"training": False}, expected_output=X)
    with pytest.raises(ValueError, match="fill_mode"):
        layers.RandomRotation(0.1, fill_mode="refelct")


@pytest.mark.parametrize("height_factor,width_factor", [(0.5, None), (-0.3, 0.2)])
def test_random_zoom_matches_scipy(height_factor, width_factor):
    layer = layers.RandomZoom((height_factor, height_factor),
                              None if width_factor is None else (width_factor, width_factor),
                              fill_mode="constant")
    zoom_h = 1 + height_factor
    zoom_w = zoom_h if width_factor is None else 1 + width_factor
    expected = scipy_affine(X, np.diag([zoom_h, zoom_w]), "constant")
    np.testing.assert_allclose(n(layer(X, training=True)), expected, atol=1e-5)


def test_random_zoom_contract():
    run_layer_test(layers.RandomZoom, {"height_factor": 0.2, "width_factor": (-0.1, 0.3),
                                       "seed": 1},
                   input_data=X, expected_output_shape=X.shape,
                   call_kwargs={"training": False}, expected_output=X)
    with pytest.raises(ValueError, match="height_factor"):
        layers.RandomZoom((-1.5, 0.0))


@pytest.mark.parametrize("fill_mode", ["constant", "reflect"])
def test_random_translation_shifts_by_whole_pixels(fill_mode):
    layer = layers.RandomTranslation((0.5, 0.5), (-0.25, -0.25), fill_mode=fill_mode,
                                     interpolation="nearest")
    out = n(layer(X, training=True))  # 3 rows down, 2 columns left
    if fill_mode == "constant":
        expected = np.zeros_like(X)
        expected[:, 3:, :-2] = X[:, :-3, 2:]
    else:
        padded = np.pad(X, ((0, 0), (3, 0), (0, 2), (0, 0)), mode="symmetric")
        expected = padded[:, :6, 2:]
    np.testing.assert_array_equal(out, expected)


def test_random_translation_contract_and_channels_first():
    last = n(layers.RandomTranslation(0.2, 0.3, seed=9)(X, training=True))
    first = layers.RandomTranslation(0.2, 0.3, seed=9, data_format="channels_first")(
        X.transpose(0, 3, 1, 2), training=True)
    np.testing.assert_allclose(n(first).transpose(0, 2, 3, 1), last, atol=1e-5)
    assert layers.RandomTranslation(0.2, 0.2)(KerasTensor((None, 6, 8, 3))).shape == (
        None, 6, 8, 3)
    run_layer_test(layers.RandomTranslation, {"height_factor": 0.2, "width_factor": 0.1},
                   input_data=X, expected_output_shape=X.shape,
                   call_kwargs={"training": False}, expected_output=X)
    with pytest.raises(ValueError, match="width_factor"):
        layers.RandomTranslation(0.1, 1.5)
