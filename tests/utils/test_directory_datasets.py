"""image_dataset_from_directory / text_dataset_from_directory on tiny hand-made folders.

Checked against the files written here (known pixels, texts, labels). On the tensorflow
engine the result is a tf.data.Dataset, elsewhere a kbackend BatchDataset (Note [datasets
without tensorflow]); `batches()` reads both as NumPy.
"""

import numpy as np
import pytest

import kbackend as keras
from kbackend import backends, utils

PIL_Image = pytest.importorskip("PIL.Image")

CLASSES = ["ant", "bee", "cat"]


def _to_numpy(x):
    return x.numpy() if hasattr(x, "numpy") else np.asarray(x)


def batches(dataset):
    out = []
    for batch in dataset:
        out.append(tuple(_to_numpy(x) for x in batch) if isinstance(batch, tuple)
                   else _to_numpy(batch))
    return out


def _color(class_index, file_index):
    return (10 * class_index + file_index, 100 + class_index, 200 + file_index)


@pytest.fixture
def image_dir(tmp_path):
    for c, name in enumerate(CLASSES):
        (tmp_path / name).mkdir()
        for i in range(2):
            PIL_Image.new("RGB", (8, 8), _color(c, i)).save(tmp_path / name / f"{i}.png")
    (tmp_path / "cat" / "notes.txt").write_text("not an image")
    return tmp_path


@pytest.fixture
def text_dir(tmp_path):
    for name in CLASSES:
        (tmp_path / name).mkdir()
        for i in range(2):
            (tmp_path / name / f"{i}.txt").write_text(f"{name} text {i}", encoding="utf-8")
    return tmp_path


def test_images_labels_and_class_names(image_dir):
    ds = utils.image_dataset_from_directory(image_dir, image_size=(8, 8), batch_size=4,
                                            shuffle=False, verbose=False)
    assert ds.class_names == CLASSES
    assert len(ds) == 2
    assert [p.split("/")[-2:] for p in ds.file_paths] == [
        [c, f"{i}.png"] for c in CLASSES for i in range(2)]
    (x0, y0), (x1, y1) = batches(ds)
    assert x0.dtype == np.float32 and x0.shape == (4, 8, 8, 3)
    assert y0.dtype == np.int32 and y0.tolist() == [0, 0, 1, 1] and y1.tolist() == [2, 2]
    expected = [_color(c, i) for c in range(3) for i in range(2)]
    pixels = np.concatenate([x0, x1])[:, 3, 5].tolist()
    assert pixels == [list(map(float, e)) for e in expected]


def test_label_modes_color_modes_and_data_format(image_dir):
    common = dict(image_size=(8, 8), batch_size=8, shuffle=False, verbose=False)
    (_, y), = batches(utils.image_dataset_from_directory(
        image_dir, label_mode="categorical", **common))
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, np.eye(3)[[0, 0, 1, 1, 2, 2]])
    (x,), = [(b,) for b in batches(utils.image_dataset_from_directory(
        image_dir, label_mode=None, color_mode="grayscale", **common))]
    assert x.shape == (6, 8, 8, 1)
    (x, _), = batches(utils.image_dataset_from_directory(
        image_dir, color_mode="rgba", data_format="channels_first", **common))
    assert x.shape == (6, 4, 8, 8) and np.all(x[:, 3] == 255)
    (x, _), = batches(utils.image_dataset_from_directory(
        image_dir, image_size=(4, 2), batch_size=8, shuffle=False, verbose=False))
    assert x.shape == (6, 4, 2, 3)
    np.testing.assert_allclose(x[2, 1, 1], _color(1, 0))  # constant images stay constant
    with pytest.raises(ValueError, match="exactly 2 classes"):
        utils.image_dataset_from_directory(image_dir, label_mode="binary", **common)
    ds = utils.image_dataset_from_directory(image_dir, class_names=["cat", "ant", "bee"],
                                            **common)
    assert batches(ds)[0][1].tolist() == [0, 0, 1, 1, 2, 2]
    assert ds.file_paths[0].split("/")[-2] == "cat"


def test_binary_labels_and_unbatched(image_dir):
    import shutil

    shutil.rmtree(image_dir / "cat")
    (_, y), = batches(utils.image_dataset_from_directory(
        image_dir, label_mode="binary", image_size=(8, 8), shuffle=False, verbose=False))
    assert y.dtype == np.float32 and y.tolist() == [[0], [0], [1], [1]]
    single = batches(utils.image_dataset_from_directory(
        image_dir, image_size=(8, 8), batch_size=None, shuffle=False, verbose=False))
    assert len(single) == 4 and single[0][0].shape == (8, 8, 3) and single[0][1].shape == ()


def test_validation_split_is_disjoint_and_seeded(image_dir):
    common = dict(image_size=(8, 8), validation_split=0.5, seed=3, verbose=False)
    train, val = utils.image_dataset_from_directory(image_dir, subset="both", **common)
    assert len(train.file_paths) == 3 and len(val.file_paths) == 3
    assert set(train.file_paths).isdisjoint(val.file_paths)
    assert len(set(train.file_paths) | set(val.file_paths)) == 6
    again = utils.image_dataset_from_directory(image_dir, subset="training", **common)
    assert again.file_paths == train.file_paths
    val_again = utils.image_dataset_from_directory(image_dir, subset="validation", **common)
    assert val_again.file_paths == val.file_paths
    # Labels follow their files through the shuffle.
    x, y = batches(again)[0]
    for image, label in zip(x, y):
        assert image[0, 0, 1] == 100 + label
    with pytest.raises(ValueError, match="seed"):
        utils.image_dataset_from_directory(image_dir, validation_split=0.5,
                                           subset="training", verbose=False)
    with pytest.raises(ValueError, match="subset"):
        utils.image_dataset_from_directory(image_dir, validation_split=0.5, seed=1,
                                           verbose=False)
    with pytest.raises(ValueError, match="label_mode"):
        utils.image_dataset_from_directory(image_dir, label_mode="one_hot", verbose=False)


def test_no_images_is_a_clear_error(tmp_path):
    (tmp_path / "a").mkdir()
    with pytest.raises(ValueError, match="No images found"):
        utils.image_dataset_from_directory(tmp_path, verbose=False)


def test_texts_labels_and_max_length(text_dir):
    ds = utils.text_dataset_from_directory(text_dir, batch_size=4, shuffle=False,
                                           verbose=False)
    assert ds.class_names == CLASSES and len(ds) == 2
    (t0, y0), (t1, y1) = batches(ds)
    texts = [t.decode() if isinstance(t, bytes) else str(t) for t in [*t0, *t1]]
    assert texts == [f"{c} text {i}" for c in CLASSES for i in range(2)]
    assert y0.dtype == np.int32 and [*y0, *y1] == [0, 0, 1, 1, 2, 2]
    (t,), = [(b,) for b in batches(utils.text_dataset_from_directory(
        text_dir, labels=None, max_length=3, shuffle=False, verbose=False))]
    assert [s.decode() if isinstance(s, bytes) else str(s) for s in t] == [
        c for c in CLASSES for _ in range(2)]
    shuffled = utils.text_dataset_from_directory(text_dir, seed=5, verbose=False)
    assert sorted(shuffled.file_paths) == sorted(ds.file_paths)


def test_explicit_labels_follow_sorted_paths(text_dir):
    ds = utils.text_dataset_from_directory(text_dir, labels=[5, 4, 3, 2, 1, 0],
                                           shuffle=False, verbose=False)
    (_, y), = batches(ds)
    assert y.tolist() == [5, 4, 3, 2, 1, 0]


def test_dataset_methods(image_dir):
    ds = utils.image_dataset_from_directory(image_dir, image_size=(8, 8), batch_size=2,
                                            shuffle=False, verbose=False)
    mapped = ds.map(lambda x, y: (x / 255.0, y)).prefetch(2).take(2)
    out = batches(mapped)
    assert len(out) == 2
    np.testing.assert_allclose(out[0][0][0, 0, 0], np.array(_color(0, 0)) / 255.0,
                               rtol=1e-6)
    if backends.ENGINE != "tensorflow":
        assert isinstance(ds, utils.BatchDataset) and isinstance(ds, utils.PyDataset)


@pytest.mark.requires_trainable_backend
def test_fit_on_an_image_dataset(image_dir):
    ds = utils.image_dataset_from_directory(image_dir, image_size=(8, 8), batch_size=4,
                                            seed=1, verbose=False)
    model = keras.Sequential([
        keras.Input((8, 8, 3)), keras.layers.Rescaling(1 / 255.0), keras.layers.Flatten(),
        keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    history = model.fit(ds, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2 and np.isfinite(history.history["loss"]).all()
    assert model.predict(ds, verbose=0).shape == (6, 3)
