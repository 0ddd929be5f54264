"""`image_dataset_from_directory`: a dataset of images (and labels) from image files."""

import numpy as np

from kbackend.utils import directory_index

ALLOWED_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_COLOR_MODES = {"grayscale": ("L", 1), "rgb": ("RGB", 3), "rgba": ("RGBA", 4)}
_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5",
                   "gaussian", "mitchellcubic")


def _pil_image():
    try:
        from PIL import Image
    except ImportError as e:
        raise ImportError(
            "image_dataset_from_directory decodes images with Pillow, which is not "
            "installed. Install it with `pip install pillow`."
        ) from e
    return Image


def load_image(path, color_mode="rgb", image_size=None, interpolation="bilinear",
               crop_to_aspect_ratio=False, pad_to_aspect_ratio=False):
    """Reads one image file as a float32 ``(height, width, channels)`` array in 0..255.

    Args:
        path: the file (bmp, gif (first frame), jpeg or png).
        color_mode: "grayscale", "rgb" or "rgba".
        image_size: ``(height, width)`` to resize to, or None to keep the file's size.
        interpolation, crop_to_aspect_ratio, pad_to_aspect_ratio: as in
            `kbackend.ops.image.resize`.

    Returns:
        A float32 NumPy array.

    Example:
    >>> import os, tempfile
    >>> from PIL import Image
    >>> path = os.path.join(tempfile.mkdtemp(), "x.png")
    >>> Image.new("RGB", (4, 2), (255, 0, 0)).save(path)
    >>> load_image(path).shape
    (2, 4, 3)
    """
    image_module = _pil_image()
    mode, _ = _COLOR_MODES[color_mode]
    with image_module.open(path) as image:
        array = np.asarray(image.convert(mode), dtype="float32")
    if array.ndim == 2:
        array = array[..., None]
    if image_size is None or tuple(array.shape[:2]) == tuple(image_size):
        return array
    from kbackend import ops

    resized = ops.image.resize(
        array, tuple(image_size), interpolation=interpolation,
        crop_to_aspect_ratio=crop_to_aspect_ratio, pad_to_aspect_ratio=pad_to_aspect_ratio,
        data_format="channels_last")
    return np.asarray(ops.convert_to_numpy(resized), dtype="float32")


def image_dataset_from_directory(directory, labels="inferred", label_mode="int",
                                 class_names=None, color_mode="rgb", batch_size=32,
                                 image_size=(256, 256), shuffle=True, seed=None,
                                 validation_split=None, subset=None, interpolation="bilinear",
                                 follow_links=False, crop_to_aspect_ratio=False,
                                 pad_to_aspect_ratio=False, data_format=None, verbose=True):
    """Generates a dataset of images from the image files in a directory.

    With ``labels="inferred"`` the directory holds one sub-folder per class (sorted
    alphabetically to give label indices). Supported formats: bmp, gif (first frame),
    jpeg, png. Images are decoded with Pillow and resized with `kbackend.ops.image.resize`.

    Args:
        directory: the folder.
        labels: "inferred" (from sub-folder names), None (no labels), or a list of integer
            labels, one per image file in sorted file-path order.
        label_mode: "int" (int32 ``(batch,)``), "categorical" (float32 one-hot), "binary"
            (float32 ``(batch, 1)``, exactly 2 classes) or None (images only).
        class_names: with labels="inferred", the sub-folder names in the order wanted.
        color_mode: "grayscale" (1 channel), "rgb" (3) or "rgba" (4).
        batch_size: images per batch (default 32), or None for single images.
        image_size: ``(height, width)`` every image is resized to (default (256, 256)).
        shuffle: shuffle the files (default True); the training data is reshuffled each
            epoch.
        seed: random seed for shuffling (required with validation_split and shuffle).
        validation_split: fraction of files held out for validation.
        subset: "training", "validation" or "both" (with validation_split).
        interpolation: resize method: "bilinear", "nearest", "bicubic", "area",
            "lanczos3", "lanczos5", "gaussian" or "mitchellcubic".
        follow_links: follow symbolic links to sub-folders.
        crop_to_aspect_ratio: crop to ``image_size``'s aspect ratio before resizing.
        pad_to_aspect_ratio: pad to ``image_size``'s aspect ratio before resizing.
        data_format: "channels_last" or "channels_first" (default: the global
            ``image_data_format()``).
        verbose: print how many files were found.

    Returns:
        Batches ``(images, labels)``: images float32 ``(batch, height, width, channels)``
        (channels_last) with values in 0..255. On the tensorflow engine a
        ``tf.data.Dataset``; on other engines a `kbackend.utils.BatchDataset` of NumPy
        arrays (Note [datasets without tensorflow]). Both have ``class_names`` and
        ``file_paths``. With subset="both", a list ``[training, validation]``.

    Example:
    >>> import os, tempfile
    >>> from PIL import Image
    >>> root = tempfile.mkdtemp()
    >>> for name in ("cats", "dogs"):
    ...     os.mkdir(os.path.join(root, name))
    ...     Image.new("RGB", (8, 8)).save(os.path.join(root, name, "0.png"))
    >>> ds = image_dataset_from_directory(root, image_size=(4, 4), verbose=False)
    >>> ds.class_names
    ['cats', 'dogs']
    """
    name = "image_dataset_from_directory"
    directory_index.check_arguments(name, labels, label_mode, class_names,
                                    validation_split, subset, shuffle, seed)
    if labels is None:
        label_mode = None  # NOTE: as in Keras, no labels means a dataset of images only.
    if color_mode not in _COLOR_MODES:
        raise ValueError(f"{name}: color_mode must be one of {list(_COLOR_MODES)}; got "
                         f"{color_mode!r}.")
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(f"{name}: interpolation must be one of {list(_INTERPOLATIONS)}; "
                         f"got {interpolation!r}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(f"{name}: crop_to_aspect_ratio and pad_to_aspect_ratio cannot "
                         "both be True; pick one.")
    if len(tuple(image_size)) != 2:
        raise ValueError(f"{name}: image_size must be (height, width); got {image_size!r}.")
    from kbackend.backend import image_data_format

    data_format = data_format or image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"{name}: data_format must be 'channels_last' or "
                         f"'channels_first'; got {data_format!r}.")
    _pil_image()  # fail early, with the install hint, when Pillow is missing
    paths, label_array, class_names = directory_index.index_directory(
        directory, labels, ALLOWED_FORMATS, class_names=class_names, shuffle=shuffle,
        seed=seed, follow_links=follow_links)
    if not paths:
        raise ValueError(f"No images found in directory {str(directory)!r}. Allowed "
                         f"formats: {ALLOWED_FORMATS}")
    if label_mode is not None:
        directory_index.check_label_mode_classes(label_mode, len(class_names), name)
    image_size = tuple(int(s) for s in image_size)

    def load_files(file_paths):
        images = np.stack([
            load_image(path, color_mode, image_size, interpolation, crop_to_aspect_ratio,
                       pad_to_aspect_ratio) for path in file_paths])
        if data_format == "channels_first":
            images = np.transpose(images, (0, 3, 1, 2))
        return images

    return directory_index.build_datasets(
        load_files, paths, label_array, class_names, label_mode, batch_size, shuffle, seed,
        validation_split, subset, verbose)
