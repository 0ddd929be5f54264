"""`text_dataset_from_directory`: a dataset of strings (and labels) from ``.txt`` files."""

import numpy as np

from kbackend.utils import directory_index


def text_dataset_from_directory(directory, labels="inferred", label_mode="int",
                                class_names=None, batch_size=32, max_length=None,
                                shuffle=True, seed=None, validation_split=None, subset=None,
                                follow_links=False, verbose=True):
    """Generates a dataset of texts from the ``.txt`` files in a directory.

    With ``labels="inferred"`` the directory holds one sub-folder per class (sorted
    alphabetically to give label indices); files directly in ``directory`` are ignored.

    Args:
        directory: the folder.
        labels: "inferred" (from sub-folder names), None (no labels), or a list of integer
            labels, one per ``.txt`` file in sorted file-path order.
        label_mode: "int" (int32 ``(batch,)``), "categorical" (float32 one-hot), "binary"
            (float32 ``(batch, 1)``, exactly 2 classes) or None (texts only).
        class_names: with labels="inferred", the sub-folder names in the order wanted.
        batch_size: texts per batch (default 32), or None for single texts.
        max_length: keep at most this many characters of each text (Keras counts bytes).
        shuffle: shuffle the files (default True); the training data is reshuffled each
            epoch.
        seed: random seed for shuffling (required with validation_split and shuffle).
        validation_split: fraction of files held out for validation.
        subset: "training", "validation" or "both" (with validation_split).
        follow_links: follow symbolic links to sub-folders.
        verbose: print how many files were found.

    Returns:
        On the tensorflow engine a ``tf.data.Dataset`` of ``(texts, labels)`` (tf.string);
        on other engines a `kbackend.utils.BatchDataset` of NumPy ``str`` arrays (Note
        [datasets without tensorflow]). Both have ``class_names`` and ``file_paths``. With
        subset="both", a list ``[training, validation]``.

    Example:
    >>> import os, tempfile
    >>> root = tempfile.mkdtemp()
    >>> for name in ("neg", "pos"):
    ...     os.mkdir(os.path.join(root, name))
    ...     with open(os.path.join(root, name, "a.txt"), "w") as f:
    ...         _ = f.write(f"a {name} review")
    >>> ds = text_dataset_from_directory(root, shuffle=False, verbose=False)
    >>> ds.class_names
    ['neg', 'pos']
    """
    name = "text_dataset_from_directory"
    directory_index.check_arguments(name, labels, label_mode, class_names,
                                    validation_split, subset, shuffle, seed)
    if labels is None:
        label_mode = None  # NOTE: as in Keras, no labels means a dataset of texts only.
    if max_length is not None and int(max_length) < 1:
        raise ValueError(f"{name}: max_length must be a positive int or None; got "
                         f"{max_length!r}.")
    paths, label_array, class_names = directory_index.index_directory(
        directory, labels, (".txt",), class_names=class_names, shuffle=shuffle, seed=seed,
        follow_links=follow_links)
    if not paths:
        raise ValueError(f"No text files found in directory {str(directory)!r}. Allowed "
                         "format: .txt")
    if label_mode is not None:
        directory_index.check_label_mode_classes(label_mode, len(class_names), name)

    def load_files(file_paths):
        texts = []
        for path in file_paths:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            texts.append(text if max_length is None else text[:int(max_length)])
        return np.array(texts, dtype=str)

    return directory_index.build_datasets(
        load_files, paths, label_array, class_names, label_mode, batch_size, shuffle, seed,
        validation_split, subset, verbose)
